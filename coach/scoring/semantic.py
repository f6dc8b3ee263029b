"""Meaning-level similarity between answer segments and key points (e5 embeddings).

e5 cosine values are compressed: unrelated sentences still score about 0.75-0.8,
and a Chinese/English pair scores lower than a same-language pair for the same
meaning. So similarities are mapped to 0..1 between a per-language-pair floor and
ceiling measured on the calibration set (bench/scoring.py), rather than read raw.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from coach.embeddings import DIMENSIONS, embed_passages
from coach.language import Language

# (floor, ceiling) of cosine similarity per (answer, reference) language pair: below the
# floor the two are unrelated, above the ceiling they make the same claim. Chinese
# pairs sit highest (any two sentences on the topic score about 0.9), mixed pairs lowest.
BARS: dict[tuple[Language, Language], tuple[float, float]] = {
    ("zh", "zh"): (0.90, 0.955),
    ("en", "en"): (0.83, 0.92),
    ("en", "zh"): (0.78, 0.86),
    ("zh", "en"): (0.78, 0.86),
}

_CACHE: OrderedDict[str, np.ndarray] = OrderedDict()
_CACHE_SIZE = 20_000


def embed_many(texts: list[str]) -> np.ndarray:
    """Embeddings of ``texts`` (normalised rows), computing only the unseen ones.

    Both sides use the passage prefix: the comparison is symmetric (a claim against a
    claim), and key points are embedded once per process however many answers come.
    """
    missing = [t for t in dict.fromkeys(texts) if t not in _CACHE]
    if missing:
        for text, vector in zip(missing, embed_passages(missing), strict=True):
            _CACHE[text] = vector
            if len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.stack([_CACHE[t] for t in texts])


def similarity_matrix(rows: list[str], columns: list[str]) -> np.ndarray:
    if not rows or not columns:
        return np.zeros((len(rows), len(columns)), dtype=np.float32)
    vectors = embed_many([*rows, *columns])
    similarities: np.ndarray = vectors[: len(rows)] @ vectors[len(rows) :].T
    return similarities


def normalise(
    similarity: float,
    answer: Language,
    reference: Language,
    bars: dict[tuple[Language, Language], tuple[float, float]] | None = None,
) -> float:
    """Map a raw cosine to 0..1 on the bar for its language pair."""
    floor, ceiling = (bars or BARS)[(answer, reference)]
    return float(min(1.0, max(0.0, (similarity - floor) / (ceiling - floor))))
