"""Hybrid retrieval: one dense (e5) and two lexical (BM25) rankings fused by RRF.

Dense search carries meaning across languages (an English question reaches a
Chinese passage); BM25 rewards exact terms such as "召回率" or "KANO", once over
jieba words and once over character bigrams (see ``coach.lexical``). Reciprocal rank
fusion combines the three without calibrating their scores; overlapping chunks (the
overlap between neighbours) are collapsed so the top-k are distinct passages.

With the coach's notes in the index (each in zh and en) and a learner's uploads,
three things keep the passage that answers on top:

* e5 scores a passage in the question's own language 0.05-0.09 higher than an
  equally apt one in the other, so English questions found English notes before the
  Chinese article that answers them. A passage in the other language is also scored
  against the question with its glossary terms in that language appended
  (``_bilingual_similarity``); the glossary likewise expands the BM25 query both ways.
* at most ``FAMILY_CAP`` passages of one source in the top k, a note's zh and en
  versions counting as one source (``family``), so one note cannot fill the list;
* a learner's own uploads get a ranking of their own (they would lose every ranking
  to the larger library), as before;
* a coach note is short (one concept, 500-900 tokens) and read as one piece, so it
  is ranked by its chunks but returned whole, once, in the question's language where
  that version is among the candidates (the "small to big" / parent-document pattern
  of LangChain's ParentDocumentRetriever). Its best-matching section stays the
  passage's heading. On the blind set the right note was found far more often than
  the chunk holding the answer (hit@5 0.558 -> 0.75, MRR 0.455 -> 0.66 counting the
  whole note; labelled and holdout MRR +0.05/+0.07).

bench/retrieval.py has the figures per set. Measured and dropped: glossary terms
added to the chunks' index side, and rankings split per language or per kind (note
vs article) and fused: both lowered MRR on the labelled, holdout and dev sets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from coach.embeddings import embed_query
from coach.index import ChunkIndex, StoredChunk
from coach.language import detect_language
from coach.lexical import BM25, bigrams, expand_query, other_language_terms
from coach.settings import Settings
from coach.tokens import count_tokens

CANDIDATES = 30
OWN_REACH = 0.12  # a cross-language passage scores about 0.05-0.09 below a same-language one
# Anserini's BM25 defaults; bigram documents are long, so length matters less.
BIGRAM_K1, BIGRAM_B = 0.9, 0.4
FAMILY_CAP = 3  # passages of one source (a note in either language) in the top k
WHOLE_NOTE_TOKENS = 1200  # a longer note is returned chunk by chunk like an article


@dataclass(frozen=True)
class Passage:
    chunk_id: str
    source: str
    title: str
    heading: str
    text: str
    start: int
    end: int
    score: float  # fused rank score, 1.0 = first in every ranking
    similarity: float  # cosine similarity of query and passage embeddings
    lexical: float  # BM25 score over jieba words (0 when no query word occurs)
    kind: str = "article"  # "article" | "coach-note" | "upload"
    owner: str = ""  # "" = shared library

    @property
    def is_note(self) -> bool:
        return self.kind == "coach-note"

    def as_hit(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "chunk_id": self.chunk_id,
            "title": self.title,
            "text": self.text,
            "score": round(self.score, 4),
        }

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def family(chunk: StoredChunk | Passage) -> str:
    """What one source is for ranking: a coach note's zh and en versions are one."""
    return source_family(chunk.source, chunk.kind)


def source_family(source: str, kind: str) -> str:
    """``family`` by a source's name and kind (for counts that have no chunk at hand)."""
    if kind == "coach-note":
        for suffix in (".zh.md", ".en.md"):
            if source.endswith(suffix):
                return "note:" + source[: -len(suffix)]
    return source


class Retriever:
    def __init__(self, settings: Settings, index: ChunkIndex | None = None):
        self.settings = settings
        self.index = index or ChunkIndex(settings)
        self._chunks: list[StoredChunk] = []
        self._by_id: dict[str, int] = {}
        self._bm25: BM25 | None = None
        self._bigram_bm25: BM25 | None = None
        self._loaded_count: tuple[int, int] = (-1, -1)
        self._lowered: list[str] = []
        self._vectors = np.zeros((0, 0), dtype=np.float32)
        self._language: list[str] = []
        self._family: list[str] = []
        self._section: list[int] = []
        self._whole: dict[str, tuple[str, int, int]] = {}  # note source -> text, start, end

    def _refresh(self) -> None:
        count = (self.index.count(), self.index.revision)
        if count == self._loaded_count and self._bm25 is not None:
            return
        self._chunks = self.index.all_chunks()
        self._by_id = {c.id: i for i, c in enumerate(self._chunks)}
        self._vectors = self.index.vectors([c.id for c in self._chunks])
        self._language = [detect_language(c.text) for c in self._chunks]
        self._family = [family(c) for c in self._chunks]
        self._section = _sections(self._chunks)
        self._whole = _whole_notes(self._chunks)
        self._bm25 = BM25([c.lexical for c in self._chunks])
        self._bigram_bm25 = BM25([bigrams(c.text) for c in self._chunks], k1=BIGRAM_K1, b=BIGRAM_B)
        self._lowered = [f"{c.title}\n{c.heading}\n{c.text}".lower() for c in self._chunks]
        self._loaded_count = count

    @property
    def size(self) -> int:
        self._refresh()
        return len(self._chunks)

    def visible(self, owner: str | None) -> list[int]:
        """Positions of the chunks ``owner`` may read: the shared library and their own."""
        self._refresh()
        return [i for i, c in enumerate(self._chunks) if not c.owner or c.owner == owner]

    def texts(self, owner: str | None) -> list[str]:
        """The lower-cased title, heading and text of every chunk ``owner`` may read."""
        return [self._lowered[i] for i in self.visible(owner)]

    def labels(self, owner: str | None) -> list[str]:
        """Every article/note title and section ``owner`` may read, for "we cover…"."""
        self._refresh()
        return [passage_place(self._chunks[i]) for i in self.visible(owner)]

    def search(self, query: str, k: int | None = None, owner: str | None = None) -> list[Passage]:
        """The top ``k`` passages for ``query`` among the shared library and, when
        ``owner`` is given, that learner's own uploads (never another learner's)."""
        k = k or self.settings.top_k
        query = query.strip()
        if not query:
            return []
        self._refresh()
        if not self._chunks or self._bm25 is None or self._bigram_bm25 is None:
            return []
        visible = self.visible(owner)
        if not visible:
            return []
        similarity = self._vectors @ embed_query(query)
        dense = self._bilingual_similarity(query, similarity)
        lexical_scores = self._bm25.scores(expand_query(query))
        bigram_scores = self._bigram_bm25.scores(expand_query(query, bigrams))
        rankings = self._rankings(visible, dense, lexical_scores, bigram_scores, owner)

        rrf_k = self.settings.rrf_k
        fused: dict[int, float] = {}
        for ranking in rankings:
            for rank, i in enumerate(ranking):
                fused[i] = fused.get(i, 0.0) + 1.0 / (rrf_k + rank + 1)
        best = max(len(rankings), 1) / (rrf_k + 1)

        ranked = sorted(fused, key=lambda i: -fused[i])
        scored = [(i, fused[i] / best) for i in ranked]
        chosen = self._select(scored, k, detect_language(query))
        return [self._passage(i, score, similarity, lexical_scores) for i, score in chosen]

    def _select(
        self, scored: list[tuple[int, float]], k: int, language: str
    ) -> list[tuple[int, float]]:
        """The top ``k`` of ``scored`` (best first): no overlapping passages, at most
        ``FAMILY_CAP`` of one source, and one section of a note in one language only,
        the question's where it is among them (the two versions say the same)."""
        out: list[tuple[int, float]] = []
        per_family: Counter[str] = Counter()
        sections: dict[tuple[str, int], int] = {}  # a note section -> its place in out
        held: list[tuple[int, float]] = []
        for i, score in scored:
            chunk = self._chunks[i]
            if any(_near_duplicate(chunk, self._chunks[j]) for j, _ in out):
                continue
            section = (self._family[i], self._section[i])
            if chunk.source in self._whole:
                section = (self._family[i], -1)  # returned whole: one place per note
            if chunk.kind == "coach-note" and section in sections:
                place = sections[section]
                kept = out[place][0]
                if self._language[i] == language != self._language[kept]:
                    out[place] = (i, out[place][1])
                continue
            if per_family[self._family[i]] >= FAMILY_CAP:
                held.append((i, score))
                continue
            per_family[self._family[i]] += 1
            sections[section] = len(out)
            out.append((i, score))
            if len(out) == k:
                return out
        # Fewer distinct sources than k: fill from what the cap held back, in order.
        for i, score in held:
            if len(out) == k:
                break
            if not any(_near_duplicate(self._chunks[i], self._chunks[j]) for j, _ in out):
                out.append((i, score))
        out.sort(key=lambda pair: -pair[1])
        return out

    def _bilingual_similarity(self, query: str, similarity: np.ndarray) -> np.ndarray:
        """Cosine similarity, where a passage in the other language than the question
        may instead score against the question with its glossary terms in that
        language appended ("salary of an AI PM" + "薪资 AI产品经理").

        e5 scores a passage in the question's own language 0.05-0.09 higher than an
        equally apt one in the other, so with the coach's notes in both languages an
        English question found English notes before the Chinese article that answers
        it; the bilingual query narrows that gap without a translation model.
        """
        language = detect_language(query)
        terms = other_language_terms(query)
        if not terms:
            return similarity
        bridged = self._vectors @ embed_query(query + " " + " ".join(terms))
        other = np.array([lang != language for lang in self._language])
        return np.where(other, np.maximum(similarity, bridged), similarity)

    def _rankings(
        self,
        visible: list[int],
        similarity: np.ndarray,
        lexical_scores: list[float],
        bigram_scores: list[float],
        owner: str | None,
    ) -> list[list[int]]:
        """The rankings fused by RRF, each a list of chunk positions, best first.

        ``similarity`` is the bilingual one (see ``_bilingual_similarity``).
        """
        rankings = [
            _top(visible, similarity),
            _top([i for i in visible if lexical_scores[i] > 0], lexical_scores),
            _top([i for i in visible if bigram_scores[i] > 0], bigram_scores),
        ]
        if owner:
            # Only own passages that share a term with the question (in either
            # language, through the glossary) and come within reach of the best dense
            # match: a learner's own articles get a ranking of their own, as a few
            # uploads would otherwise lose every ranking to the larger library (the
            # relevance decision still drops them when they are not about the question).
            floor = max(float(similarity[i]) for i in visible) - OWN_REACH
            own = [
                i
                for i in visible
                if self._chunks[i].owner == owner
                and lexical_scores[i] > 0
                and similarity[i] >= floor
            ]
            if own:
                rankings.append(_top(own, similarity))
        return rankings

    def _passage(
        self, i: int, score: float, similarity: np.ndarray, lexical_scores: list[float]
    ) -> Passage:
        chunk = self._chunks[i]
        text, start, end = self._whole.get(chunk.source, (chunk.text, chunk.start, chunk.end))
        return Passage(
            chunk_id=chunk.id,
            source=chunk.source,
            title=chunk.title,
            heading=chunk.heading,
            text=text,
            start=start,
            end=end,
            score=score,
            similarity=float(similarity[i]),
            lexical=lexical_scores[i],
            kind=chunk.kind,
            owner=chunk.owner,
        )


def _sections(chunks: list[StoredChunk]) -> list[int]:
    """Each chunk's section number within its source (chunks come in source order):
    a note's zh and en versions have the same sections in the same order."""
    out: list[int] = []
    for n, chunk in enumerate(chunks):
        previous = chunks[n - 1] if n else None
        if previous is None or previous.source != chunk.source:
            out.append(0)
        else:
            out.append(out[-1] + (chunk.heading != previous.heading))
    return out


def _whole_notes(chunks: list[StoredChunk]) -> dict[str, tuple[str, int, int]]:
    """Each coach note's whole text (its chunks joined where they overlap: a chunk is
    an exact slice of the cleaned note), for notes short enough to read as one piece."""
    parts: dict[str, list[StoredChunk]] = {}
    for chunk in chunks:
        if chunk.kind == "coach-note":
            parts.setdefault(chunk.source, []).append(chunk)
    out: dict[str, tuple[str, int, int]] = {}
    for source, pieces in parts.items():
        pieces.sort(key=lambda c: c.start)
        text, end = pieces[0].text, pieces[0].end
        for piece in pieces[1:]:
            if piece.end <= end:
                continue
            text += piece.text[end - piece.start :] if piece.start < end else "\n" + piece.text
            end = piece.end
        if count_tokens(text) <= WHOLE_NOTE_TOKENS:
            out[source] = (text, pieces[0].start, end)
    return out


def _top(positions: list[int], scores: np.ndarray | list[float]) -> list[int]:
    """The ``CANDIDATES`` best of ``positions`` by ``scores``."""
    return sorted(positions, key=lambda i: -float(scores[i]))[:CANDIDATES]


NOTE_PREFIX = {"zh": "AIPM Coach 笔记：", "en": "AIPM Coach note: "}


def source_title(title: str, kind: str, language: str = "en") -> str:
    """An article's title as shown; the coach's own notes say whose they are."""
    if kind == "coach-note":
        return NOTE_PREFIX["zh" if language == "zh" else "en"] + title
    return title


def passage_place(chunk: StoredChunk | Passage, language: str = "en") -> str:
    """ "Title · Section" (the file name is kept for tooltips and exports)."""
    title = source_title(chunk.title, chunk.kind, language)
    return f"{title} · {chunk.heading}" if chunk.heading else title


def _near_duplicate(chunk: StoredChunk, passage: StoredChunk | Passage) -> bool:
    if chunk.source == passage.source:
        overlap = min(chunk.end, passage.end) - max(chunk.start, passage.start)
        shorter = min(chunk.end - chunk.start, passage.end - passage.start) or 1
        if overlap / shorter > 0.5:
            return True
    a, b = set(chunk.text), set(passage.text)
    return len(a & b) / (len(a | b) or 1) > 0.9 and abs(len(chunk.text) - len(passage.text)) < 20


def ensure_index(
    settings: Settings, index: ChunkIndex, notify: Callable[[str], None] | None = None
) -> None:
    """Build the index from the bundled corpus the first time anything searches it."""
    if index.count() > 0:
        return
    from coach.ingest import ingest

    if notify:
        notify(
            f"The index is empty: building it from {settings.corpus_dir} first (about a minute)."
        )
    ingest(None, settings, index=index)
