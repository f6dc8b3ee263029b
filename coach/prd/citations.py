"""What the corpus says about each checklist item, attached to the issues about it.

The passage comes from the hybrid retriever; among the top passages the first that
names one of the item's terms wins, and the sentence around that term is quoted.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from coach.retrieval import Retriever

EXCERPT_CHARS = 160


@dataclass(frozen=True)
class Citation:
    source: str
    chunk_id: str
    title: str
    heading: str
    text: str  # the sentence(s) quoted from the passage

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Citer(Protocol):
    def cite(self, query: str, terms: re.Pattern[str]) -> Citation | None: ...


class CorpusCiter:
    def __init__(self, retriever: Retriever, k: int = 4):
        self.retriever = retriever
        self.k = k
        self._cache: dict[str, Citation | None] = {}

    def cite(self, query: str, terms: re.Pattern[str]) -> Citation | None:
        if query not in self._cache:
            self._cache[query] = self._find(query, terms)
        return self._cache[query]

    def _find(self, query: str, terms: re.Pattern[str]) -> Citation | None:
        passages = self.retriever.search(query, self.k)
        if not passages:
            return None
        chosen = next((p for p in passages if terms.search(p.text)), passages[0])
        return Citation(
            source=chosen.source,
            chunk_id=chosen.chunk_id,
            title=chosen.title,
            heading=chosen.heading,
            text=excerpt(chosen.text, terms),
        )


_SENTENCE = re.compile(r"[^。！？；!?\n]*[。！？；!?]?")


def excerpt(text: str, terms: re.Pattern[str], limit: int = EXCERPT_CHARS) -> str:
    """The sentence holding the first term (with its neighbours while they fit)."""
    text = " ".join(text.split())
    match = terms.search(text)
    if not match:
        return text if len(text) <= limit else text[: limit - 1] + "…"
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
    idx = next((i for i, (a, b) in enumerate(spans) if a <= match.start() < b), 0)
    start, end = spans[idx]
    for j in range(idx + 1, len(spans)):
        if spans[j][1] - start > limit:
            break
        end = spans[j][1]
    quote = text[start:end].strip()
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
