"""The final order of the retrieval candidates: a linear model over what fusion knows.

Reciprocal rank fusion (``coach.retrieval``) only sees ranks. Three things it cannot
see decided many of the misses on the seen question sets:

* how far a passage is behind the best one by meaning (a passage fifth by a hair and
  one fifth by a mile get the same RRF share);
* whether an article or upload is in the question's language: after centring
  (``coach.snapshot``) e5 still prefers it, so a Chinese question found the Chinese
  upload on the same subject before the English upload that answers it (a note is
  in both languages, and shown in the question's: ``retrieval._select``);
* whether it is a coach note: notes are written to be found (short, on one concept,
  with written questions), and took first place from the article or upload that
  states the asked fact.

So the candidates RRF puts forward are ordered by ``w · features`` (``FEATURES``), with
the weights fitted by pairwise logistic regression (RankNet's loss with a linear
scorer; Burges et al. 2005) on the question sets we have seen, by
``bench/fit_ranker.py``; ``coach/data/ranker.toml`` records the sets and the
leave-one-set-out figures. The first feature is the RRF share itself, so the model
corrects fusion rather than replacing it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from coach.snapshot import IndexView

# Where a passage has no written question pointing at it: below any real gap.
NO_ASKED = -0.3
FEATURES = ("rrf", "dense_gap", "bm25", "asked_gap", "note", "same_language")


@dataclass(frozen=True)
class Signals:
    """What the rankings measured for every chunk, for one question."""

    fused: dict[int, float]  # RRF share (1.0 = first in every ranking), candidates only
    dense: np.ndarray  # language-centred similarity
    lexical: np.ndarray  # BM25 over jieba words
    asked: np.ndarray  # closeness to a written question (0 = none points here)
    language: str  # the question's


def features(
    view: IndexView, signals: Signals, candidates: list[int], visible: list[int]
) -> np.ndarray:
    """One row of ``FEATURES`` per candidate."""
    seen = np.asarray(visible)
    dense_top = float(signals.dense[seen].max())
    lexical_top = max(float(signals.lexical[seen].max()), 1e-9)
    asked_top = float(signals.asked[seen].max())
    rows = np.empty((len(candidates), len(FEATURES)), dtype=np.float64)
    for row, i in enumerate(candidates):
        asked = float(signals.asked[i])
        note = view.chunks[i].kind == "coach-note"
        rows[row] = (
            signals.fused[i],
            float(signals.dense[i]) - dense_top,
            float(signals.lexical[i]) / lexical_top,
            asked - asked_top if asked > 0 else NO_ASKED,
            float(note),
            float(not note and view.language[i] == signals.language),
        )
    return rows


@lru_cache(maxsize=1)
def weights() -> np.ndarray:
    """The fitted weights, in ``FEATURES`` order (``coach/data/ranker.toml``)."""
    data = tomllib.loads(files("coach").joinpath("data", "ranker.toml").read_text("utf-8"))
    fitted = data["weights"]
    if set(fitted) != set(FEATURES):
        raise ValueError(f"ranker.toml weights {sorted(fitted)} are not {sorted(FEATURES)}")
    return np.array([float(fitted[name]) for name in FEATURES])


def order(
    view: IndexView,
    signals: Signals,
    candidates: list[int],
    visible: list[int],
    model: np.ndarray | None = None,
) -> list[tuple[int, float]]:
    """``candidates`` (in RRF order, which breaks ties) best first, each with its
    score relative to the first: exp(s - s_first), the model's odds that it is the
    better passage (1.0 for the first)."""
    if not candidates:
        return []
    scores = features(view, signals, candidates, visible) @ (weights() if model is None else model)
    ranked = sorted(range(len(candidates)), key=lambda row: -scores[row])
    top = float(scores[ranked[0]])
    return [(candidates[row], float(np.exp(scores[row] - top))) for row in ranked]
