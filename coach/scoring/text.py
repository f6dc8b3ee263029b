"""Text pieces the scorer works on: answer segments, keyword evidence, languages.

An answer is compared with key points segment by segment (sentences, long ones cut
at commas), because a key point is usually one claim and a whole answer's
embedding blurs many claims together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from coach.chunking import sentences
from coach.language import Language, detect_language

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_CLAUSE = re.compile(r"(?<=[，,：:])")
_WS = re.compile(r"\s+")

MAX_SEGMENTS = 24
LONG_SEGMENT = 90  # characters; longer sentences are cut at commas
SHORT_SEGMENT = 6  # shorter pieces are joined to their neighbour


def language_of(text: str, default: Language = "zh") -> Language:
    return detect_language(text, default=default)


def size(text: str) -> int:
    """Length in 'words': a Han character or a Latin word counts as one."""
    return len(_HAN.findall(text)) + len(_LATIN_WORD.findall(text))


def han_count(text: str) -> int:
    return len(_HAN.findall(text))


def latin_words(text: str) -> list[str]:
    return _LATIN_WORD.findall(text)


def squash(text: str) -> str:
    return _WS.sub(" ", text).strip()


def segments(text: str) -> list[str]:
    """Sentences of ``text``, long ones cut into clauses, at most ``MAX_SEGMENTS``."""
    pieces: list[str] = []
    for start, end in sentences(text):
        sentence = squash(text[start:end].lstrip("-*•·0123456789.)、 "))
        if not sentence:
            continue
        if size(sentence) > LONG_SEGMENT:
            pieces.extend(_clauses(sentence))
        else:
            pieces.append(sentence)
    merged: list[str] = []
    for piece in pieces:
        if merged and size(piece) < SHORT_SEGMENT:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    while len(merged) > MAX_SEGMENTS:
        # Join neighbours pairwise so a very long answer still gets a fair reading.
        merged = [" ".join(merged[i : i + 2]) for i in range(0, len(merged), 2)]
    return merged


def _clauses(sentence: str) -> list[str]:
    out: list[str] = []
    current = ""
    for part in _CLAUSE.split(sentence):
        current += part
        if size(current) >= LONG_SEGMENT // 3:
            out.append(current.strip())
            current = ""
    if current.strip():
        if out and size(current) < SHORT_SEGMENT * 2:
            out[-1] += current
        else:
            out.append(current.strip())
    return out


@lru_cache(maxsize=4096)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    lowered = keyword.lower()
    if _HAN.search(lowered):
        return re.compile(re.escape(lowered))
    # Latin keywords match at a word start, so "hallucinat" finds "hallucinations"
    # but "rag" does not fire inside "storage".
    return re.compile(r"(?<![a-z0-9])" + re.escape(lowered))


def keyword_hits(text: str, keywords: Iterable[str]) -> list[str]:
    """The keywords that occur in ``text`` (case-insensitive), each once."""
    lowered = text.lower()
    found: list[str] = []
    found.extend(
        k
        for k in dict.fromkeys(k for k in keywords if k.strip())
        if _keyword_pattern(k).search(lowered)
    )
    # "幻觉" inside "幻觉率" is one piece of evidence, not two.
    return [k for k in found if not any(k != o and k.lower() in o.lower() for o in found)]


def count_matches(text: str, patterns: Sequence[re.Pattern[str]]) -> int:
    lowered = text.lower()
    return sum(1 for p in patterns if p.search(lowered))


def compile_terms(terms: Iterable[str]) -> list[re.Pattern[str]]:
    return [_keyword_pattern(t) for t in terms]


def shorten(text: str, limit: int = 120) -> str:
    flat = squash(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
