"""Numbered passages in, checked citations out.

The model sees passages numbered [1]..[k] and is asked to cite them. Whatever it
writes, only markers that point at a passage it was actually given survive; the
rest are removed and reported, and the passages cited are listed with their source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coach.retrieval import Passage, passage_place, source_title

SNIPPET_CHARS = 160

# [1]  [1, 2]  [1-3]  [^1]  and the full-width 【1】 Chinese models like to write.
_NUMBER = r"\d{1,3}(?:\s*[-–~]\s*\d{1,3})?"
_MARKER = re.compile(rf"[ \t]*[\[【]\^?\s*({_NUMBER}(?:\s*[,，、]\s*{_NUMBER})*)\s*[\]】]")
_RANGE = re.compile(r"(\d{1,3})\s*[-–~]\s*(\d{1,3})")


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    chunk_id: str
    title: str
    heading: str
    snippet: str
    kind: str = "article"  # "article" | "coach-note" | "upload"
    role: str = "answer"  # "answer": states it; "related": related reading, not an answer

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "source": self.source,
            "chunk_id": self.chunk_id,
            "title": self.title,
            "heading": self.heading,
            "kind": self.kind,
            "role": self.role,
        }

    def place(self, language: str = "en") -> str:
        """ "Title · Section" as a reader knows it ("AIPM Coach note: …" for notes)."""
        title = source_title(self.title, self.kind, language)
        return f"{title} · {self.heading}" if self.heading else title


@dataclass(frozen=True)
class CheckedAnswer:
    text: str
    citations: list[Citation]
    removed: list[int] = field(default_factory=list)  # marker numbers with no passage


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "…"


def passage_label(passage: Passage) -> str:
    return passage_place(passage)


def number_passages(passages: Sequence[Passage]) -> str:
    """The passages as the model sees them: ``[n] title · heading`` then the text."""
    blocks = [f"[{n}] {passage_label(p)}\n{p.text.strip()}" for n, p in enumerate(passages, 1)]
    return "\n\n".join(blocks)


def citation_for(n: int, passage: Passage, role: str = "answer") -> Citation:
    return Citation(
        n=n,
        source=passage.source,
        chunk_id=passage.chunk_id,
        title=passage.title,
        heading=passage.heading,
        snippet=snippet(passage.text),
        kind=passage.kind,
        role=role,
    )


def _numbers(group: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*[,，、]\s*", group.strip()):
        span = _RANGE.fullmatch(part)
        if span:
            low, high = int(span.group(1)), int(span.group(2))
            # A "range" over more than a handful is not a citation (e.g. [1-100]).
            numbers.extend(range(low, high + 1) if 0 < high - low < 10 else (low, high))
        elif part:
            numbers.append(int(part))
    return numbers


def check_citations(answer: str, passages: Sequence[Passage]) -> CheckedAnswer:
    """Keep markers that name a given passage, drop the rest, list what is cited."""
    valid = range(1, len(passages) + 1)
    cited: set[int] = set()
    removed: list[int] = []

    def rewrite(match: re.Match[str]) -> str:
        numbers = _numbers(match.group(1))
        good = [n for n in dict.fromkeys(numbers) if n in valid]
        removed.extend(n for n in numbers if n not in valid)
        cited.update(good)
        if not good:
            return ""
        lead = match.group(0)[: len(match.group(0)) - len(match.group(0).lstrip(" \t"))]
        return lead + "".join(f"[{n}]" for n in good)

    text = _MARKER.sub(rewrite, answer)
    citations = [citation_for(n, passages[n - 1]) for n in sorted(cited)]
    return CheckedAnswer(text=text.strip(), citations=citations, removed=removed)


def sources_block(citations: Sequence[Citation], heading: str, language: str = "en") -> str:
    """The cited sources as lines to print under an answer: title and section (the
    file name stays in ``--json`` and exports)."""
    if not citations:
        return ""
    lines = [heading, *(f"[{c.n}] {c.place(language)}\n    {c.snippet}" for c in citations)]
    return "\n".join(lines)
