"""The retriever's view of the index, and a file that keeps it between processes.

Searching needs every chunk, its vector and what ranking derives from them (two
BM25 postings tables, each chunk's language, note sections, whole notes). Reading
all that from Chroma and deriving it cost most of a cold ``coach search`` and of a
free-question ``coach grade`` (issue #17): importing Chroma alone takes about a
second, counting tokens of the whole notes loads tiktoken's ranks. So the view is
pickled under ``COACH_HOME/cache`` and loaded by the next process instead, as long
as both of these still hold:

* the index's *generation* (``ChunkIndex.generation``) is the one read before the
  view was built: every write through ``ChunkIndex`` replaces it, in any process;
* the code that derives the view is byte for byte the code that wrote the file
  (``_code_key`` hashes the modules involved), so a change to ranking or tokens
  never meets an old view.

Anything else (no file, another key, a damaged or unreadable file) builds the view
from Chroma as before; a file that cannot be written is skipped. Behind a Chroma
server there is no generation to trust, so the view is always read from the server.
The file is the coach's own, in the learner's data directory, like the SQLite store.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from coach.index import ChunkIndex, StoredChunk
from coach.language import detect_language
from coach.lexical import BM25, bigrams
from coach.tokens import count_tokens

FORMAT = 1
# Anserini's BM25 defaults; bigram documents are long, so length matters less.
BIGRAM_K1, BIGRAM_B = 0.9, 0.4
WHOLE_NOTE_TOKENS = 1200  # a longer note is returned chunk by chunk like an article
# The modules whose code decides what the view holds.
_DERIVED_BY = (
    "coach.snapshot",
    "coach.index",
    "coach.lexical",
    "coach.language",
    "coach.tokens",
    "coach.asked",
)


@dataclass(frozen=True)
class IndexView:
    """Every chunk (in source order) and what ranking derives from it, by position."""

    chunks: list[StoredChunk]
    vectors: np.ndarray
    language: list[str]
    family: list[str]
    section: list[int]
    whole: dict[str, tuple[str, int, int]]  # note source -> text, start, end
    bm25: BM25
    bigram_bm25: BM25
    lowered: list[str]  # title, heading and text, lower-cased
    # The hand-written questions that point at chunks here (``coach.asked``): their
    # query vectors, and for each the positions of the chunks it points at.
    asked: np.ndarray
    asked_chunks: list[tuple[int, ...]]
    # The same pairs flattened, (question row, chunk position), for numpy.
    asked_rows: np.ndarray
    asked_cols: np.ndarray
    # Language-centred vectors for the dense ranking (see ``centre``): the passages'
    # with their language's mean taken out, and the mean of the written questions of
    # each language, to take out of a question's vector.
    centred: np.ndarray
    query_centre: dict[str, np.ndarray]


# Fewer library passages than this in a language: too few for a mean that stands for
# the language rather than for their topics, so they are left uncentred.
CENTRE_MIN = 20


def centre(vectors: np.ndarray, means: np.ndarray) -> np.ndarray:
    """``vectors`` minus ``means`` (one row each, or one for all), unit length again.

    e5 puts a passage in the question's own language 0.05-0.09 closer than an equally
    apt one in the other language: part of every vector says which language it is
    in. Taking each language's mean vector out removes most of that part (the
    "language-agnostic" centring of Libovicky et al., "On the Language Neutrality of
    Pre-trained Multilingual Representations", 2020), so that a Chinese question
    reaches an English upload that answers it ahead of a Chinese one on the topic.
    """
    moved = vectors - means
    norms = np.linalg.norm(moved, axis=-1, keepdims=True)
    out: np.ndarray = (moved / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    return out


def _centred(chunks: list[StoredChunk], vectors: np.ndarray, language: list[str]) -> np.ndarray:
    """Each passage's vector with its language's mean over the shared library (corpus
    and coach notes, never a learner's uploads, so one learner's articles do not move
    another's ranking) taken out."""
    if not len(chunks):
        return vectors
    means = np.zeros_like(vectors)
    for lang in set(language):
        rows = [i for i, c in enumerate(chunks) if language[i] == lang]
        library = [i for i in rows if not chunks[i].owner]
        if len(library) >= CENTRE_MIN:
            means[rows] = vectors[library].mean(axis=0)
    return centre(vectors, means)


def build_view(chunks: list[StoredChunk], vectors: np.ndarray) -> IndexView:
    families = [source_family(c.source, c.kind) for c in chunks]
    asked, asked_chunks, query_centre = _asked(chunks, families)
    language: list[str] = [detect_language(c.text) for c in chunks]
    return IndexView(
        chunks=chunks,
        vectors=vectors,
        language=language,
        family=families,
        section=_sections(chunks),
        whole=_whole_notes(chunks),
        bm25=BM25([c.lexical for c in chunks]),
        bigram_bm25=BM25([bigrams(c.text) for c in chunks], k1=BIGRAM_K1, b=BIGRAM_B),
        lowered=[f"{c.title}\n{c.heading}\n{c.text}".lower() for c in chunks],
        asked=asked,
        asked_chunks=asked_chunks,
        asked_rows=np.array(
            [row for row, where in enumerate(asked_chunks) for _ in where], dtype=np.int64
        ),
        asked_cols=np.array([i for where in asked_chunks for i in where], dtype=np.int64),
        centred=_centred(chunks, vectors, language),
        query_centre=query_centre,
    )


def _asked(
    chunks: list[StoredChunk], families: list[str]
) -> tuple[np.ndarray, list[tuple[int, ...]], dict[str, np.ndarray]]:
    """The hand-written questions whose note or section is in the index (a learner's
    uploads never have any), with the chunk positions each points at: every chunk of
    the note or section; and the mean vector of every written question of each
    language (questions are centred by it, see ``centre``). (Pointing a question at
    the closest chunk of its section alone lowered MRR on the labelled, holdout and
    dev sets: 0.758/0.680/0.854 to 0.753/0.641/0.807.)"""
    from coach import asked

    places: dict[tuple[str, str], list[int]] = {}
    by_family: dict[str, list[int]] = {}
    for i, (chunk, family) in enumerate(zip(chunks, families, strict=True)):
        if chunk.owner:
            continue
        places.setdefault((family, chunk.heading), []).append(i)
        by_family.setdefault(family, []).append(i)
    every = asked.load()
    vectors = asked.vectors([a.text for a in every])  # looked up once, for both uses
    kept: list[int] = []
    where: list[list[int]] = []
    for n, a in enumerate(every):
        found = by_family.get(a.family) if a.heading is None else places.get((a.family, a.heading))
        if found:
            kept.append(n)
            where.append(found)
    query_centre = {
        lang: vectors[rows].mean(axis=0)
        for lang in ("zh", "en")
        if len(rows := [n for n, a in enumerate(every) if a.language == lang]) >= CENTRE_MIN
    }
    return vectors[kept], [tuple(found) for found in where], query_centre


def read_view(index: ChunkIndex, generation: str | None) -> IndexView:
    """The view of the index at ``generation`` (``index.generation()``, read before
    this call, so a write made meanwhile makes the saved file stale, never wrong):
    from the snapshot file while it is current, else from Chroma (then saved)."""
    view = saved_view(index, generation)
    if view is not None:
        return view
    chunks = index.all_chunks()
    view = build_view(chunks, index.vectors([c.id for c in chunks]))
    if generation is not None:
        path, key = snapshot_path(index), (FORMAT, _code_key(), generation)
        _save(path, key, view)
        _last[:] = [(path, key, view)]
    return view


# The view last loaded or saved in this process: ensure_index and the Retriever
# then read the file once between them.
_last: list[tuple[Path, tuple[object, ...], IndexView]] = []


def saved_view(index: ChunkIndex, generation: str | None) -> IndexView | None:
    """The snapshot's view when it is current for ``generation``, else None."""
    if generation is None:
        return None
    path, key = snapshot_path(index), (FORMAT, _code_key(), generation)
    if _last and _last[0][:2] == (path, key):
        return _last[0][2]
    view = _load(path, key)
    if view is not None:
        _last[:] = [(path, key, view)]
    return view


def snapshot_path(index: ChunkIndex) -> Path:
    where = hashlib.sha256(
        f"{index.settings.index_dir.resolve()}\0{index.settings.collection}".encode()
    ).hexdigest()[:16]
    return index.settings.home / "cache" / f"retrieval-{where}.pickle"


def _load(path: Path, key: tuple[object, ...]) -> IndexView | None:
    try:
        with path.open("rb") as f:
            if pickle.load(f) != key:
                return None
            view = pickle.load(f)
    except Exception:  # noqa: BLE001 - any unreadable snapshot is rebuilt from the index
        return None
    return view if isinstance(view, IndexView) else None


def _save(path: Path, key: tuple[object, ...], view: IndexView) -> None:
    spare = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with spare.open("wb") as f:
            pickle.dump(key, f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(view, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(spare, path)  # readers see the old file or the new, never half
    except OSError:
        with contextlib.suppress(OSError):
            spare.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _code_key() -> str:
    digest = hashlib.sha256()
    from coach import asked

    for name in _DERIVED_BY:
        digest.update(Path(str(sys.modules[name].__file__)).read_bytes())
    digest.update(asked.data_key().encode())  # the questions themselves
    return digest.hexdigest()


def source_family(source: str, kind: str) -> str:
    """What one source is for ranking: a coach note's zh and en versions are one."""
    if kind == "coach-note":
        for suffix in (".zh.md", ".en.md"):
            if source.endswith(suffix):
                return "note:" + source[: -len(suffix)]
    return source


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
