"""Split a cleaned document into overlapping, sentence-aligned chunks.

Chunks are packed to a token budget (tiktoken) on Chinese and English sentence ends
and never straddle a heading, so each one reads as a passage and carries the heading
path it sits under. Ids are content hashes: the same text always gets the same id,
which is what lets re-ingest skip unchanged chunks.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from coach.cleaning import Document, iter_heading_paths
from coach.reading import UnreadableFile
from coach.settings import get_settings
from coach.tokens import count_tokens, truncate_to_tokens

_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』\"')）]*|\n|$)|[^\n]+")
_ENGLISH_STOP = re.compile(r"(?<=[a-z0-9)][.])\s+(?=[A-Z\"'(])")
# No cl100k token is longer than this many characters in ordinary text; a window
# that holds fewer tokens than the budget is simply taken whole.
_MAX_CHARS_PER_TOKEN = 16


@dataclass(frozen=True)
class Chunk:
    id: str
    source: str
    title: str
    heading_path: tuple[str, ...]
    text: str
    start: int
    end: int
    ordinal: int
    tokens: int

    @property
    def heading(self) -> str:
        return " › ".join(self.heading_path)

    def embedding_text(self) -> str:
        """What the embedding model reads: the passage itself. (Prefixing the title
        made every chunk of an article look alike and lowered hit@5 on our set.)"""
        return self.text

    def lexical_text(self) -> str:
        """What BM25 indexes: the passage with its title and headings."""
        return " ".join([self.title, *self.heading_path, self.text])


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    tokens: int


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences (Chinese and English ends, and line breaks)."""
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        piece = text[start:end]
        if not piece.strip():
            continue
        # English sentences inside one line: split on ". " followed by a capital.
        cursor = start
        for stop in _ENGLISH_STOP.finditer(piece):
            spans.append((cursor, start + stop.start()))
            cursor = start + stop.end()
        spans.append((cursor, end))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_long(text: str, start: int, end: int, budget: int) -> list[_Span]:
    """A sentence longer than the budget is cut into budget-sized pieces."""
    pieces: list[_Span] = []
    cursor = start
    # Only a window a little longer than one piece can be is tokenised each time
    # (tokenising the whole rest for every piece made a long line quadratic).
    window = budget * _MAX_CHARS_PER_TOKEN
    while cursor < end:
        part = truncate_to_tokens(text[cursor : min(end, cursor + window)], budget)
        if not part:
            part = text[cursor]
        stop = cursor + len(part)
        pieces.append(_Span(cursor, stop, count_tokens(part)))
        cursor = stop
    return pieces


def _sections(doc: Document) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, heading path) for the text before and under each heading."""
    bounds: list[tuple[int, tuple[str, ...]]] = [(0, ())]
    for start, path in iter_heading_paths(doc):
        if start == 0:
            bounds[0] = (0, path)
        else:
            bounds.append((start, path))
    sections = []
    for i, (start, path) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(doc.text)
        if doc.text[start:end].strip():
            sections.append((start, end, path))
    return sections


def chunk_document(
    doc: Document, *, budget: int, overlap: int, max_chunks: int | None = None
) -> list[Chunk]:
    """Chunks of ``doc``; a document that would make more than ``max_chunks`` (by
    default the ``max_chunks_per_file`` setting) is refused, since each chunk costs an
    embedding and one upload must not hold the index for an hour."""
    if budget < 16:
        raise ValueError("chunk budget must be at least 16 tokens")
    limit = get_settings().max_chunks_per_file if max_chunks is None else max_chunks
    overlap = max(0, min(overlap, budget // 2))
    groups: list[tuple[list[_Span], tuple[str, ...]]] = []
    for sec_start, sec_end, path in _sections(doc):
        spans: list[_Span] = []
        for s, e in sentences(doc.text[sec_start:sec_end]):
            s, e = s + sec_start, e + sec_start
            n = count_tokens(doc.text[s:e])
            spans.extend(_split_long(doc.text, s, e, budget) if n > budget else [_Span(s, e, n)])
        if not spans:
            continue
        # A tiny section (a heading with one line) joins the next one instead of
        # becoming a chunk of its own.
        if groups and sum(sp.tokens for sp in groups[-1][0]) < budget // 4:
            prev_spans, prev_path = groups[-1]
            groups[-1] = (prev_spans + spans, prev_path)
        else:
            groups.append((spans, path))

    windows = [(window, path) for spans, path in groups for window in _pack(spans, budget, overlap)]
    if len(windows) > limit:
        raise UnreadableFile(key="too_many_chunks", chunks=len(windows), limit=limit)
    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for window, path in windows:
        start, end = window[0].start, window[-1].end
        text = doc.text[start:end]
        digest = hashlib.sha256(f"{doc.source}\n{text}".encode()).hexdigest()[:16]
        # Repeated text in one file (a quote used twice) still needs unique ids.
        seen[digest] = seen.get(digest, 0) + 1
        chunk_id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
        chunks.append(
            Chunk(
                id=chunk_id,
                source=doc.source,
                title=doc.title,
                heading_path=path,
                text=text,
                start=start,
                end=end,
                ordinal=len(chunks),
                tokens=count_tokens(text),
            )
        )
    return chunks


def _pack(spans: list[_Span], budget: int, overlap: int) -> list[list[_Span]]:
    windows: list[list[_Span]] = []
    current: list[_Span] = []
    used = 0
    for span in spans:
        # +1 for the separator between sentences, which tiktoken may count.
        if current and used + span.tokens + 1 > budget:
            windows.append(current)
            carried: list[_Span] = []
            carried_tokens = 0
            for prev in reversed(current):
                if carried_tokens + prev.tokens + 1 > overlap:
                    break
                carried.insert(0, prev)
                carried_tokens += prev.tokens + 1
            if carried_tokens + span.tokens + 1 > budget:
                carried, carried_tokens = [], 0
            current, used = carried, carried_tokens
        current.append(span)
        used += span.tokens + 1
    if current and (not windows or current[-1] is not windows[-1][-1]):
        windows.append(current)
    return windows
