"""Find the checklist's sections in a PRD and rate each present, weak or missing.

A section is found by its heading (recogniser regex, else meaning), by a
"Label: text" paragraph, or not at all. Its rating depends on which of the
section's elements its text states (figures required where the element says so):
a dedicated section stating most elements is *present*; a thin or incomplete one,
or a topic only touched on elsewhere, is *weak*; nothing at all is *missing*.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from coach.cleaning import Block
from coach.prd.checklist import Section, checklist

Status = Literal["present", "weak", "missing"]
Classifier = Callable[[Sequence[str]], list[str | None]]

PRESENT_RATIO = 0.6  # share of a section's elements it must state to be present
THIN_LETTERS = 12  # about a dozen words or Chinese characters

_NUMBERING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十\d]+[章节部分]\s*|[一二三四五六七八九十]+[、.．]\s*|"
    r"\(?\d+(?:\.\d+)*[.)、．]?\s+|[A-Za-z][.)]\s+|[IVX]+\.\s+)"
)
_LABEL = re.compile(r"^([^：:。.!?！？]{1,18})[：:]\s*(\S.*)$")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)(?=\s)")
_FIGURE = re.compile(
    r"[0-9０-９]|百分之|[一二两三四五六七八九十百千万]+\s*(?:名|人|周|月|天|万|千|条|张|倍|成)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Sentence:
    text: str
    block: int  # index of the block it came from


@dataclass
class Finding:
    key: str
    status: Status
    evidence: str = ""  # the sentence that states most of the section's elements ('' when missing)
    position: int = -1  # block index of the evidence
    ratio: float = 0.0  # share of elements stated (0..1)
    lacking: tuple[int, ...] = ()  # elements not stated in the section
    unnumbered: tuple[int, ...] = ()  # elements stated without figures
    how: Literal["heading", "label", "content", "scattered", "none"] = "none"
    thin: bool = False
    where: str = ""  # the heading the evidence stands under


@dataclass
class _Span:
    headings: list[tuple[int, str]] = field(default_factory=list)
    body: list[Sentence] = field(default_factory=list)
    labels_only: bool = True  # found through "Label: text" paragraphs, no real heading
    by_content: bool = False  # a heading named freely, recognised by what its text states
    sub_headings: set[int] = field(default_factory=set)  # unrecognised sub-headings inside


@dataclass
class _Part:
    """A heading none of the checklist's headings or meanings claimed, with its text."""

    index: int
    title: str
    body: list[Sentence] = field(default_factory=list)


def letters(text: str) -> int:
    return len(_CJK.findall(text)) + len(_LATIN.findall(text)) // 4


def has_figure(text: str) -> bool:
    return bool(_FIGURE.search(text))


def sentences(text: str, block: int) -> list[Sentence]:
    parts = (part.strip() for part in _SENTENCE_END.split(text))
    return [Sentence(part, block) for part in parts if part]


def heading_keys(title: str) -> set[str]:
    bare = _NUMBERING.sub("", title).strip()
    return {item.key for item in checklist() if item.heading.search(bare)}


@dataclass
class Outline:
    findings: dict[str, Finding]
    owners: dict[int, list[str]]  # block index -> sections whose text it is

    def owner(self, block: int) -> str | None:
        keys = self.owners.get(block)
        return keys[0] if keys else None


def find_sections(blocks: Sequence[Block], classify: Classifier | None) -> Outline:
    spans, parts, titles = _spans(blocks, classify)
    _recognise_by_content(spans, parts)
    every = [s for i, block in enumerate(blocks) for s in sentences(block.text, i)]
    findings: dict[str, Finding] = {}
    owners: dict[int, list[str]] = {}
    for item in checklist():
        span = spans.get(item.key)
        if span and span.headings:
            findings[item.key] = _rate_section(item, span, every)
            for block in {i for i, _ in span.headings} | {s.block for s in span.body}:
                owners.setdefault(block, []).append(item.key)
        else:
            findings[item.key] = _rate_scattered(item, every)
        found = findings[item.key]
        if found.position >= 0:
            found.where = titles.get(found.position, "")
    return Outline(findings, owners)


def _recognise_by_content(spans: dict[str, _Span], parts: Sequence[_Part]) -> None:
    """A freely named part ("What the bot does", "整体思路") counts as the checklist
    section whose elements its text states, when no heading already claims it."""
    for part in parts:
        best: tuple[float, str] | None = None
        for item in checklist():
            if item.key in spans:
                continue
            stated = sum(
                1 for element in item.elements if any(element.stated_in(s.text) for s in part.body)
            )
            ratio = stated / len(item.elements)
            if stated >= 2 and ratio >= PRESENT_RATIO and (best is None or ratio > best[0]):
                best = (ratio, item.key)
        if best is not None:
            spans[best[1]] = _Span([(part.index, part.title)], list(part.body), False, True)


def _spans(
    blocks: Sequence[Block], classify: Classifier | None
) -> tuple[dict[str, _Span], list[_Part], dict[int, str]]:
    headings = [i for i, b in enumerate(blocks) if b.is_heading]
    keys: dict[int, set[str] | None] = {i: heading_keys(blocks[i].text) or None for i in headings}
    unresolved = [i for i in headings if keys[i] is None]
    if unresolved and classify is not None:
        titles = [_NUMBERING.sub("", blocks[i].text).strip() for i in unresolved]
        for i, meaning in zip(unresolved, classify(titles), strict=True):
            if meaning is not None:
                keys[i] = {meaning} if meaning else set()  # '' = appendix and the like

    spans: dict[str, _Span] = {}
    parts: list[_Part] = []
    under: dict[int, str] = {}  # block -> the heading it stands under
    stack: list[tuple[int, set[str], _Part | None]] = []
    for i, block in enumerate(blocks):
        if block.is_heading:
            while stack and stack[-1][0] >= block.heading_level:
                stack.pop()
            own = keys[i]
            # An unrecognised sub-heading ("3.1 延迟") belongs to its parent's section.
            current = own if own is not None else (set(stack[-1][1]) if stack else set())
            part = None
            if own is None and not current:
                part = _Part(i, block.text)
                parts.append(part)
            elif not current and stack and stack[-1][2] is not None:
                part = stack[-1][2]
            stack.append((block.heading_level, current, part))
            under[i] = block.text
            if own is None:  # "Must Have", "P0 功能": a sub-heading's words are its section's text
                for key in current:
                    span = spans.setdefault(key, _Span())
                    span.body.extend(sentences(block.text, i))
                    span.sub_headings.add(i)
            for key in own or ():
                span = spans.setdefault(key, _Span())
                span.headings.append((i, block.text))
                span.labels_only = False
            continue
        current = stack[-1][1] if stack else set()
        under[i] = blocks[next(h for h in reversed(headings) if h < i)].text if stack else ""
        # "数据：…" paragraphs stand in for headings only outside a recognised section;
        # inside one ("隐私与授权：…" under 数据) they are that section's text.
        label = None if current else _LABEL.match(block.text)
        label_keys = heading_keys(label.group(1)) if label else set()
        if label and label_keys:
            for key in label_keys:
                span = spans.setdefault(key, _Span())
                span.headings.append((i, label.group(1).strip()))
                span.body.extend(sentences(label.group(2), i))
            continue
        for key in current:
            spans.setdefault(key, _Span()).body.extend(sentences(block.text, i))
        if not current and stack and stack[-1][2] is not None:
            stack[-1][2].body.extend(sentences(block.text, i))
    return spans, parts, under


def _best(item: Section, candidates: Sequence[Sentence]) -> Sentence | None:
    """The sentence stating the most of the section's elements (the earliest on a tie)."""
    best: tuple[int, Sentence] | None = None
    for sentence in candidates:
        stated = sum(1 for element in item.elements if element.stated_in(sentence.text))
        if stated and (best is None or stated > best[0]):
            best = (stated, sentence)
    return best[1] if best else None


def _credits(
    item: Section, own: Sequence[Sentence], rest: Sequence[Sentence]
) -> tuple[float, tuple[int, ...], tuple[int, ...]]:
    """(ratio, lacking, unnumbered)."""
    total = 0.0
    lacking: list[int] = []
    unnumbered: list[int] = []
    for n, element in enumerate(item.elements):
        hits = [s for s in own if element.stated_in(s.text)]
        if hits:
            if element.number and not any(has_figure(s.text) for s in hits):
                unnumbered.append(n)
                total += 0.5
            else:
                total += 1.0
            continue
        lacking.append(n)
        # Stated elsewhere in the document: half credit, still reported for this section.
        if any(element.stated_in(s.text) for s in rest):
            total += 0.5
    return total / len(item.elements), tuple(lacking), tuple(unnumbered)


def _rate_section(item: Section, span: _Span, every: Sequence[Sentence]) -> Finding:
    inside = {(s.block, s.text) for s in span.body}
    rest = [s for s in every if (s.block, s.text) not in inside]
    ratio, lacking, unnumbered = _credits(item, span.body, rest)
    position, heading = span.headings[0]
    body_text = " ".join(s.text for s in span.body)
    thin = letters(body_text) < THIN_LETTERS
    heads = {i for i, _ in span.headings}
    prose = [s for s in span.body if s.block not in heads and not _is_heading_text(s, span)]
    best = _best(item, span.body) or (prose[0] if prose else None)
    if best is not None:
        evidence, position = best.text, best.block
    else:
        evidence = heading
    # Present means the part itself states most elements; what other parts say earns
    # score (half credit) but does not make a thin part complete.
    own = (len(item.elements) - len(lacking) - 0.5 * len(unnumbered)) / len(item.elements)
    status: Status = "present" if own >= PRESENT_RATIO and not thin else "weak"
    how: Literal["heading", "label", "content"] = (
        "content" if span.by_content else "label" if span.labels_only else "heading"
    )
    return Finding(
        key=item.key,
        status=status,
        evidence=_clip(evidence),
        position=position,
        ratio=ratio,
        lacking=lacking,
        unnumbered=unnumbered,
        how=how,
        thin=thin,
    )


def _is_heading_text(sentence: Sentence, span: _Span) -> bool:
    return sentence.block in span.sub_headings


def _rate_scattered(item: Section, every: Sequence[Sentence]) -> Finding:
    ratio, lacking, unnumbered = _credits(item, every, ())
    first = _best(item, every)
    # Touched on elsewhere only when the section's core element is stated somewhere.
    if first is None or item.core in lacking:
        return Finding(key=item.key, status="missing", lacking=tuple(range(len(item.elements))))
    return Finding(
        key=item.key,
        status="weak",
        evidence=_clip(first.text),
        position=first.block,
        ratio=ratio,
        lacking=lacking,
        unnumbered=unnumbered,
        how="scattered",
    )


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
