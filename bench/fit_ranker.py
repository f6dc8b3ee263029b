"""Fit the ranker's weights (``coach.ranker``) on the question sets we have seen.

    uv run python bench/fit_ranker.py          # leave-one-set-out figures only
    uv run python bench/fit_ranker.py --write  # and write coach/data/ranker.toml

For every question with sources and evidence, each candidate the four rankings put
forward is labelled 1 when it is from a listed source and the passage shown for it
(a note whole, an article's chunk with its neighbours) holds the evidence. The
weights minimise the pairwise logistic loss (RankNet with a linear scorer) of the
labelled-1 candidates against the others of the same question, each question
weighing the same, with an L2 penalty; Newton's method finds the minimum.

Before the weights are trusted, each set is held out in turn: the weights are
fitted on the others and the held-out set is ranked by the real search
(``bench/retrieval.py``'s figures), against RRF alone. Sets nobody has run yet
(the newest blind set) must not be listed in ``SEEN``.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import retrieval as bench

from coach import ranker
from coach.ingest import ingest
from coach.retrieval import Retriever, _joined, _windows
from coach.settings import Settings
from coach.snapshot import IndexView

SEEN = {
    "labelled": bench.LABELLED,
    "holdout": bench.HOLDOUT,
    "dev": bench.DEV,
    "blind1": bench.BLIND,
    "blind2": bench.BLIND2,
    "blind3": bench.BLIND3,
    "blind4": bench.BLIND4,
    "uploads": bench.UPLOAD_QUESTIONS,
}
L2 = 1.0
WEIGHTS = Path(__file__).resolve().parent.parent / "coach" / "data" / "ranker.toml"
RRF_ONLY = np.array([1.0 if name == "rrf" else 0.0 for name in ranker.FEATURES])

Example = tuple[np.ndarray, np.ndarray]  # features of the candidates, their labels


def _shown(view: IndexView, i: int) -> str:
    """The text search shows for chunk ``i`` ranked alone (``retrieval._windows``)."""
    chunk = view.chunks[i]
    if chunk.source in view.whole:
        return view.whole[chunk.source][0]
    return _joined(view, _windows(view, [i])[i])[0]


def _holds(view: IndexView, i: int, evidence: list[str]) -> bool:
    """The text shown for chunk ``i`` holds one of the (flattened) evidence strings."""
    shown = bench._flat(_shown(view, i))
    return any(e in shown for e in evidence)


def examples(retriever: Retriever, questions: list[dict[str, Any]]) -> list[Example]:
    out = []
    for q in questions:
        if not q.get("sources"):
            continue
        found = retriever.candidates(q["query"], bench.LEARNER)
        if found is None:
            continue
        view, visible, signals, _ = found
        candidates = list(signals.fused)
        evidence = [bench._flat(e) for e in q["evidence"]]
        labels = np.array(
            [
                view.chunks[i].source in q["sources"] and _holds(view, i, evidence)
                for i in candidates
            ],
            dtype=np.float64,
        )
        out.append((ranker.features(view, signals, candidates, visible), labels))
    return out


def fit(data: list[Example], l2: float = L2) -> np.ndarray:
    """Pairwise logistic regression by Newton's method."""
    pairs, weights = [], []
    for x, y in data:
        good, bad = x[y == 1], x[y == 0]
        if not len(good) or not len(bad):
            continue
        diff = (good[:, None, :] - bad[None, :, :]).reshape(-1, x.shape[1])
        pairs.append(diff)
        weights.append(np.full(len(diff), 1.0 / len(diff)))  # each question weighs 1
    d, c = np.concatenate(pairs), np.concatenate(weights)
    w = np.zeros(d.shape[1])
    for _ in range(50):
        z = d @ w
        p = 1.0 / (1.0 + np.exp(z))  # sigma(-z)
        grad = -(d * (c * p)[:, None]).sum(axis=0) + l2 * w
        hess = (d * (c * p * (1 - p))[:, None]).T @ d + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _figures(retriever: Retriever, name: str, path: Path, model: np.ndarray) -> tuple[float, float]:
    questions = bench._load(path)
    if name == "uploads":
        questions = bench._as_sourced(questions)
    retriever.model = model
    try:
        figures = bench._figures(
            bench._ranks(retriever, [q for q in questions if q.get("sources")])
        )
    finally:
        retriever.model = None
    return figures["hit@5"], figures["mrr"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="write coach/data/ranker.toml")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home))
        ingest(None, settings)
        bench._ingest_uploads(settings)
        retriever = Retriever(settings)
        data = {name: examples(retriever, bench._load(path)) for name, path in SEEN.items()}
        data["uploads"] = examples(retriever, bench._as_sourced(bench._load(SEEN["uploads"])))
        rows = []
        totals = np.zeros(4)
        for held, path in SEEN.items():
            model = fit([e for name, ex in data.items() if name != held for e in ex])
            before = _figures(retriever, held, path, RRF_ONLY)
            after = _figures(retriever, held, path, model)
            n = len(data[held])
            rows.append((held, n, before, after))
            totals += n * np.array([*before, *after])
        pooled = totals / sum(n for _, n, _, _ in rows)
        for held, n, before, after in rows:
            print(
                f"{held:9s} n={n:3d}  RRF {before[0]:.3f}/{before[1]:.3f}"
                f"  ranker {after[0]:.3f}/{after[1]:.3f}"
            )
        print(
            f"pooled          RRF {pooled[0]:.3f}/{pooled[1]:.3f}"
            f"  ranker {pooled[2]:.3f}/{pooled[3]:.3f}"
        )
        model = fit([e for ex in data.values() for e in ex])
        print(dict(zip(ranker.FEATURES, np.round(model, 4).tolist(), strict=True)))
        if args.write:
            WEIGHTS.write_text(_toml(model, rows, pooled), "utf-8")
            print(f"wrote {WEIGHTS}")
    return 0


def _toml(model: np.ndarray, rows: list[tuple[str, int, Any, Any]], pooled: np.ndarray) -> str:
    lines = [
        "# Written by bench/fit_ranker.py --write: do not edit by hand.",
        f"# Fitted {datetime.date.today()} on {', '.join(SEEN)}"
        f" ({sum(n for _, n, _, _ in rows)} questions), L2 = {L2}.",
        "# Each set held out in turn (fitted on the others), hit@5 / MRR, RRF -> ranker:",
    ]
    for held, n, before, after in rows:
        lines.append(
            f"#   {held} (n={n}): {before[0]:.3f}/{before[1]:.3f} -> {after[0]:.3f}/{after[1]:.3f}"
        )
    lines.append(f"#   pooled: {pooled[0]:.3f}/{pooled[1]:.3f} -> {pooled[2]:.3f}/{pooled[3]:.3f}")
    lines += ["", "[weights]"]
    lines += [f"{name} = {value:.4f}" for name, value in zip(ranker.FEATURES, model, strict=True)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
