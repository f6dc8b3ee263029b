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
  Chinese article that answers them, and Chinese questions a Chinese upload before
  the English one that answers them. The dense ranking compares the question and
  the passages with their language's mean vector taken out (``coach.snapshot.centre``);
  the glossary expands the BM25 query both ways. Centring replaced scoring the
  other language's passages against the question with glossary terms appended:
  over the six sets with sources (289 questions) hit@5 / MRR went 0.882/0.743 ->
  0.907/0.765, Chinese questions on English uploads 0.500/0.326 -> 0.727/0.395
  (English on Chinese uploads 0.833/0.608 -> 0.792/0.569); keeping both did worse
  (0.889/0.761).
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

A fourth ranking compares the question with questions written by hand for each note
and article section (``coach.asked``, "doc2query" written instead of generated):
two questions that mean the same sit far closer in e5's space than a question and
the passage that answers it. Chunks whose written questions come within
``ASKED_REACH`` of the closest (and above ``ASKED_FLOOR``) are ranked by that
similarity. Measured against the three rankings alone (hit@5 / MRR): labelled
0.976/0.724 -> 0.976/0.758, holdout 0.833/0.597 -> 0.833/0.680, dev 0.909/0.794 ->
0.909/0.854; a reach of 0.01 or 0.05 did worse on the three.

Reciprocal rank fusion uses k = 10 (``Settings.rrf_k``; 60 is the usual default):
with four rankings, a passage first in one of them should beat one fifth in all, and
over the six sets with sources k = 10 raised MRR 0.783 -> 0.799 (hit@5 0.914 ->
0.917); 20, 30 and 40 fell between.

The candidates fusion puts forward are then ordered by a linear model over the RRF
share, the distance behind the best dense match, the written-question closeness,
whether a passage is a note and whether an article or upload is in the question's
language (``coach.ranker``, fitted by ``bench/fit_ranker.py``). Each seen set held
out in turn, hit@5 / MRR over the 366 seen questions went 0.910/0.792 (RRF) ->
0.943/0.817.

An article's or upload's chunk is shown with its neighbours in the same section
(``_windows``), a coach note whole.

The chunks, their vectors and what ranking derives from them (BM25 postings, note
sections, whole notes) are read through ``coach.snapshot``, which keeps them in a
file between processes so that a search need not open Chroma.

bench/retrieval.py has the figures per set. Measured and dropped: glossary terms
added to the chunks' index side, and rankings split per language or per kind (note
vs article) and fused: both lowered MRR on the labelled, holdout and dev sets.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from coach import dictionary, ranker
from coach.embeddings import embed_query
from coach.index import ChunkIndex, StoredChunk
from coach.language import detect_language
from coach.lexical import STOPWORDS, bigrams, expand_query, tokenize
from coach.settings import Settings
from coach.snapshot import IndexView, centre, read_view, saved_view, source_family

CANDIDATES = 30
OWN_REACH = 0.12  # a cross-language passage scores about 0.05-0.09 below a same-language one
FAMILY_CAP = 3  # passages of one source (a note in either language) in the top k
ASKED_REACH = 0.02  # hand-written questions this far below the closest still rank
ASKED_FLOOR = 0.85
# A dictionary translation used in more of the library than this is too general to
# bridge a question to an upload (coach.relevance.SPECIFIC_SHARE was the same until the
# relevance decision measured 0.10 better for itself).
BRIDGE_SHARE = 0.12
_ENGLISH_WORD = re.compile(r"[a-z0-9]+")
_ACRONYM = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]+(?![A-Za-z0-9])")


@dataclass(frozen=True)
class Passage:
    chunk_id: str
    source: str
    title: str
    heading: str
    text: str
    start: int
    end: int
    score: float  # the ranker's odds against the first passage (1.0 = first; coach.ranker)
    similarity: float  # cosine similarity of query and passage embeddings
    lexical: float  # BM25 score over jieba words (0 when no query word occurs)
    kind: str = "article"  # "article" | "coach-note" | "upload"
    owner: str = ""  # "" = shared library
    # Similarity of the question to the closest hand-written question this passage
    # answers (``coach.asked``); 0 when none points at it.
    asked: float = 0.0
    # Where the ranked chunk begins in ``text`` (a note is shown whole, an article's
    # chunk with its neighbours): what a quote that has no stating sentence starts at.
    lead: int = 0

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


class Retriever:
    def __init__(self, settings: Settings, index: ChunkIndex | None = None):
        self.settings = settings
        self.index = index or ChunkIndex(settings)
        self._view: IndexView | None = None
        self._stamp: tuple[object, ...] = ()
        # Ranker weights other than the shipped ones (bench/fit_ranker.py's trials).
        self.model: np.ndarray | None = None

    def _refresh(self) -> IndexView:
        """The index as it is now; re-read only after a write (the generation, or
        behind a Chroma server the count and this index object's own writes)."""
        generation = self.index.generation()
        if generation is not None:
            stamp: tuple[object, ...] = ("generation", generation)
        else:
            stamp = ("count", self.index.count(), self.index.revision)
        if self._view is None or stamp != self._stamp:
            self._view = read_view(self.index, generation)
            self._stamp = stamp
        return self._view

    def chunks(self) -> list[StoredChunk]:
        """Every chunk in the index, the shared library's and every learner's."""
        return self._refresh().chunks

    @property
    def size(self) -> int:
        return len(self._refresh().chunks)

    def visible(self, owner: str | None) -> list[int]:
        """Positions of the chunks ``owner`` may read: the shared library and their own."""
        return _visible(self._refresh(), owner)

    def texts(self, owner: str | None) -> list[str]:
        """The lower-cased title, heading and text of every chunk ``owner`` may read."""
        view = self._refresh()
        return [view.lowered[i] for i in _visible(view, owner)]

    def labels(self, owner: str | None) -> list[str]:
        """Every article/note title and section ``owner`` may read, for "we cover…"."""
        view = self._refresh()
        return [passage_place(view.chunks[i]) for i in _visible(view, owner)]

    def search(self, query: str, k: int | None = None, owner: str | None = None) -> list[Passage]:
        """The top ``k`` passages for ``query`` among the shared library and, when
        ``owner`` is given, that learner's own uploads (never another learner's)."""
        found = self.candidates(query, owner)
        if found is None:
            return []
        view, visible, signals, similarity = found
        scored = ranker.order(view, signals, list(signals.fused), visible, self.model)
        chosen = _select(view, scored, k or self.settings.top_k, signals.language)
        windows = _windows(view, [i for i, _ in chosen])
        return [_passage(view, i, score, similarity, signals, windows[i]) for i, score in chosen]

    def candidates(
        self, query: str, owner: str | None = None
    ) -> tuple[IndexView, list[int], ranker.Signals, np.ndarray] | None:
        """What the four rankings found for ``query`` (``signals.fused``: every
        candidate's RRF share, in RRF order), with the view, the chunks ``owner`` may
        read and the plain cosine similarities; None when there is nothing to rank.
        ``search`` orders them with ``coach.ranker``; ``bench/fit_ranker.py`` fits it."""
        query = query.strip()
        if not query:
            return None
        view = self._refresh()
        visible = _visible(view, owner)
        if not visible:
            return None
        language = detect_language(query)
        vector = embed_query(query)
        similarity = view.vectors @ vector
        dense = _centred_similarity(view, language, vector)
        bridged = [t for ts in _bridge(view, visible, owner, query).values() for t in ts]
        lexical_scores = view.bm25.scores(
            expand_query(query) + [w for t in bridged for w in tokenize(t)]
        )
        bigram_scores = view.bigram_bm25.scores(
            expand_query(query, bigrams) + [w for t in bridged for w in bigrams(t)]
        )
        asked = _asked_similarity(view, vector)
        rankings = _rankings(view, visible, dense, lexical_scores, bigram_scores, owner)
        rankings.append(_asked_ranking(visible, asked, similarity))

        rrf_k = self.settings.rrf_k
        fused: dict[int, float] = {}
        for ranking in rankings:
            for rank, i in enumerate(ranking):
                fused[i] = fused.get(i, 0.0) + 1.0 / (rrf_k + rank + 1)
        best = max(len(rankings), 1) / (rrf_k + 1)
        signals = ranker.Signals(
            fused={i: fused[i] / best for i in sorted(fused, key=lambda i: -fused[i])},
            dense=dense,
            lexical=np.asarray(lexical_scores, dtype=np.float64),
            asked=asked,
            language=language,
        )
        return view, visible, signals, similarity

    def english_shares(self, words: Iterable[str], owner: str | None) -> dict[str, float]:
        """For each English word, the share of the English articles and notes ``owner``
        may read that use it (whole words, as written)."""
        view = self._refresh()
        english = [i for i in _visible(view, owner) if view.language[i] == "en"]
        sources = {view.chunks[i].source for i in english}
        if not sources:
            return {}
        index, held = english_words(view), set(english)
        return {
            w: len({view.chunks[i].source for i in index.get(w, set()) & held}) / len(sources)
            for w in words
        }

    def bridge(self, query: str, owner: str | None) -> dict[str, tuple[str, ...]]:
        """The question's words that reach passages ``owner`` may read in the other
        language through the dictionary, each with the translations they use
        (``_bridge``)."""
        view = self._refresh()
        return _bridge(view, _visible(view, owner), owner, query)


def _bridge(
    view: IndexView, visible: list[int], owner: str | None, query: str
) -> dict[str, tuple[str, ...]]:
    """Dictionary-based query translation (``coach.dictionary``): each question word
    with its translations that the passages ``owner`` may read in the other language
    use, rarest there first, at most ``dictionary.MAX_TRANSLATIONS``, none used in
    more than ``BRIDGE_SHARE`` of them. The glossary bridges the library's subject
    ("recall" and 召回率); this bridges the rest of the words ("wake" and 唤醒 in a
    learner's upload on voice assistants, "reserved instances" and 预留实例 in an
    article). Over the tuning and seen blind sets (425 questions) it moved pooled
    hit@5/MRR from 0.953/0.837 to 0.958/0.846."""
    words = list(dict.fromkeys(w for w in tokenize(query) if not w.isdigit()))
    # An acronym ("MAPE", "AUC") is a name, not a dictionary word ("mape" would stem
    # to "map", 地图).
    acronyms = {w.lower() for w in _ACRONYM.findall(query)}
    english = [w for w in words if w.isascii() and len(w) > 2 and w not in acronyms]
    han = [w for w in words if not w.isascii() and len(w) >= 2]
    found: dict[str, tuple[str, ...]] = {}
    if english and any(view.language[i] == "zh" for i in visible):
        found.update(dictionary.chinese_for(english))
    if han and any(view.language[i] == "en" for i in visible):
        found.update(dictionary.english_for(han))
    if not found:
        return {}
    shown = set(visible)
    lowered_query = query.lower()
    texts = {
        language: [view.lowered[i] for i in visible if view.language[i] == language]
        for language in ("zh", "en")
    }
    out: dict[str, tuple[str, ...]] = {}
    for word, translations in found.items():
        target = "zh" if word.isascii() else "en"
        library = texts[target]
        shares: dict[str, float] = {}
        for t in translations:
            # Already in the question: a code-switched question that says both
            # "customer" and 客户 names one thing, not two.
            if t in STOPWORDS or t in lowered_query:
                continue
            if target == "en":  # whole words, looked up rather than searched for
                count = len(english_words(view).get(t, set()) & shown)
            else:
                count = sum(t in text for text in library)
            if count:
                shares[t] = count / len(library)
        kept = sorted((t for t in shares if shares[t] <= BRIDGE_SHARE), key=shares.__getitem__)
        if kept:
            out[word] = tuple(kept[: dictionary.MAX_TRANSLATIONS])
    return out


_ENGLISH_WORDS: dict[int, tuple[IndexView, dict[str, set[int]]]] = {}


def english_words(view: IndexView) -> dict[str, set[int]]:
    """Each English word of the view's English chunks, with their positions (built
    once per view: searching every text for a word took 9 ms a question)."""
    held = _ENGLISH_WORDS.get(id(view))
    if held is not None and held[0] is view:
        return held[1]
    index: dict[str, set[int]] = {}
    for i, text in enumerate(view.lowered):
        if view.language[i] == "en":
            for w in set(_ENGLISH_WORD.findall(text)):
                index.setdefault(w, set()).add(i)
    _ENGLISH_WORDS.clear()  # one view at a time: the newest
    _ENGLISH_WORDS[id(view)] = (view, index)
    return index


def _visible(view: IndexView, owner: str | None) -> list[int]:
    return [i for i, c in enumerate(view.chunks) if not c.owner or c.owner == owner]


def _select(
    view: IndexView, scored: list[tuple[int, float]], k: int, language: str
) -> list[tuple[int, float]]:
    """The top ``k`` of ``scored`` (best first): no overlapping passages, at most
    ``FAMILY_CAP`` of one source, and one section of a note in one language only,
    the question's where it is among them (the two versions say the same)."""
    out: list[tuple[int, float]] = []
    per_family: Counter[str] = Counter()
    sections: dict[tuple[str, int], int] = {}  # a note section -> its place in out
    held: list[tuple[int, float]] = []
    for i, score in scored:
        chunk = view.chunks[i]
        if any(_near_duplicate(chunk, view.chunks[j]) or _beside(view, i, j) for j, _ in out):
            continue  # shown already, or within a better passage's window (``_windows``)
        section = (view.family[i], view.section[i])
        if chunk.source in view.whole:
            section = (view.family[i], -1)  # returned whole: one place per note
        if chunk.kind == "coach-note" and section in sections:
            place = sections[section]
            kept = out[place][0]
            if view.language[i] == language != view.language[kept]:
                out[place] = (i, out[place][1])
            continue
        if per_family[view.family[i]] >= FAMILY_CAP:
            held.append((i, score))
            continue
        per_family[view.family[i]] += 1
        sections[section] = len(out)
        out.append((i, score))
        if len(out) == k:
            return _in_language(view, out, language)
    # Fewer distinct sources than k: fill from what the cap held back, in order.
    for i, score in held:
        if len(out) == k:
            break
        if not any(_near_duplicate(view.chunks[i], view.chunks[j]) for j, _ in out):
            out.append((i, score))
    out.sort(key=lambda pair: -pair[1])
    return _in_language(view, out, language)


def _in_language(
    view: IndexView, chosen: list[tuple[int, float]], language: str
) -> list[tuple[int, float]]:
    """Each chosen note section in the question's language, where the note has that
    version (the two say the same): a Chinese learner reads the Chinese note. The
    ranker scores both versions alike, so the other one came first in about 1 note
    passage in 13 over the seen sets (84 of 1073; 189 of 1693 with RRF alone)."""
    if language not in ("zh", "en"):
        return chosen
    wrong = [
        i for i, _ in chosen if view.chunks[i].kind == "coach-note" and view.language[i] != language
    ]
    if not wrong:
        return chosen
    families = {view.family[i] for i in wrong}
    versions: dict[tuple[str, int], int] = {}  # (family, section) -> first chunk
    for j, chunk in enumerate(view.chunks):
        if (
            chunk.kind == "coach-note"
            and view.family[j] in families
            and view.language[j] == language
        ):
            versions.setdefault((view.family[j], view.section[j]), j)
    return [
        (versions.get((view.family[i], view.section[i]), i), score) if i in wrong else (i, score)
        for i, score in chosen
    ]


def _centred_similarity(view: IndexView, language: str, vector: np.ndarray) -> np.ndarray:
    """Cosine similarity of the language-centred question (in ``language``) and
    passages (see ``coach.snapshot.centre``): what the dense ranking orders by."""
    mean = view.query_centre.get(language)
    question = vector if mean is None else centre(vector, mean)
    scores: np.ndarray = view.centred @ question
    return scores


def _rankings(
    view: IndexView,
    visible: list[int],
    similarity: np.ndarray,
    lexical_scores: list[float],
    bigram_scores: list[float],
    owner: str | None,
) -> list[list[int]]:
    """The rankings fused by RRF, each a list of chunk positions, best first.

    ``similarity`` is the language-centred one (see ``_centred_similarity``).
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
            if view.chunks[i].owner == owner and lexical_scores[i] > 0 and similarity[i] >= floor
        ]
        if own:
            rankings.append(_top(own, similarity))
    return rankings


def _asked_similarity(view: IndexView, vector: np.ndarray) -> np.ndarray:
    """Per chunk, the question's similarity to the closest hand-written question that
    points at it (0 where none does)."""
    out = np.zeros(len(view.chunks), dtype=np.float32)
    if not len(view.asked_chunks):
        return out
    scores = (view.asked @ vector).astype(np.float32)
    np.maximum.at(out, view.asked_cols, scores[view.asked_rows])
    return out


def _asked_ranking(visible: list[int], asked: np.ndarray, similarity: np.ndarray) -> list[int]:
    """Chunks whose hand-written questions come within ``ASKED_REACH`` of the closest
    one, best first (within a note or section, the chunk closest to the question)."""
    top = max((float(asked[i]) for i in visible), default=0.0)
    near = [i for i in visible if asked[i] > 0 and asked[i] >= max(top - ASKED_REACH, ASKED_FLOOR)]
    return sorted(near, key=lambda i: (-round(float(asked[i]), 4), -float(similarity[i])))[
        :CANDIDATES
    ]


def _beside(view: IndexView, i: int, j: int) -> bool:
    """Chunks ``i`` and ``j`` are neighbours in one section of an article or upload
    (of one owner: a window never shows another learner's text)."""
    return (
        abs(i - j) == 1
        and view.chunks[i].source == view.chunks[j].source
        and view.chunks[i].owner == view.chunks[j].owner
        and view.section[i] == view.section[j]
        and view.chunks[i].source not in view.whole
    )


def _windows(view: IndexView, chosen: list[int]) -> dict[int, list[int]]:
    """For each chosen chunk, the chunks its passage shows: a coach note is shown
    whole (``IndexView.whole``); an article's or upload's chunk with its neighbours
    before and after in the same section, unless another chosen passage shows them
    already (better-ranked passages claim first).

    A chunk is about 220 tokens, and the sentence that answers is often in the next
    one ("sentence window" retrieval: rank small pieces, show the context around
    them; LlamaIndex's sentence-window and auto-merging retrievers). A neighbour
    ranked lower is not shown again (``_beside``). Over the six sets with sources
    (289 questions), with centring, hit@5 / MRR 0.907/0.765 -> 0.914/0.783
    (labelled MRR 0.741 -> 0.767, holdout 0.721 -> 0.743, blind3 0.786 -> 0.805)."""
    claimed = set(chosen)
    out: dict[int, list[int]] = {}
    for i in chosen:
        chunk = view.chunks[i]
        if chunk.source in view.whole:
            out[i] = [i]
            continue
        around = [
            j
            for j in (i - 1, i + 1)
            if 0 <= j < len(view.chunks) and j not in claimed and _beside(view, i, j)
        ]
        claimed.update(around)
        out[i] = sorted([i, *around])
    return out


def _joined(view: IndexView, positions: list[int]) -> tuple[str, int, int]:
    """The text of consecutive chunks of one source, their overlaps said once."""
    first = view.chunks[positions[0]]
    text, start, end = first.text, first.start, first.end
    for j in positions[1:]:
        chunk = view.chunks[j]
        if chunk.start < end:
            text += chunk.text[end - chunk.start :]
        else:
            text += "\n" + chunk.text
        end = max(end, chunk.end)
    return text, start, end


def _passage(
    view: IndexView,
    i: int,
    score: float,
    similarity: np.ndarray,
    signals: ranker.Signals,
    window: list[int],
) -> Passage:
    chunk = view.chunks[i]
    if chunk.source in view.whole:
        text, start, end = view.whole[chunk.source]
    else:
        text, start, end = _joined(view, window)
    lead = max(text.find(chunk.text[:40]), 0)
    return Passage(
        chunk_id=chunk.id,
        source=chunk.source,
        title=chunk.title,
        heading=chunk.heading,
        text=text,
        start=start,
        end=end,
        score=score,
        # The words the decision counts are those shown: a window shares as many with
        # the question as the best of its chunks. Its similarity stays the ranked
        # chunk's, the unit the decision's bars were measured on (the best of the
        # window let "What's a good plan to train for my first 10k run?" through).
        similarity=float(similarity[i]),
        lexical=max(float(signals.lexical[j]) for j in window),
        kind=chunk.kind,
        owner=chunk.owner,
        asked=max(float(signals.asked[j]) for j in window),
        lead=lead,
    )


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
    saved = saved_view(index, index.generation())
    if (saved is not None and saved.chunks) or index.count() > 0:
        return
    from coach.ingest import ingest

    if notify:
        notify(
            f"The index is empty: building it from {settings.corpus_dir} first (about a minute)."
        )
    ingest(None, settings, index=index)
