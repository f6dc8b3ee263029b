"""Scorer calibration: pairwise ranking accuracy and the highest non-answer score.

Run with ``uv run python bench/scoring.py``. Bank questions use their own rubric;
free questions get one from the corpus index (built on first use, about a minute).
Targets: ranking accuracy >= 0.9, no non-answer above 20.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.questions import QuestionBank  # noqa: E402
from coach.scoring import Rubric, rubric_for_free_question  # noqa: E402
from coach.scoring.calibration import NON_ANSWERS, evaluate, load  # noqa: E402

CALIBRATION = ROOT / "tests" / "data" / "calibration_answers.jsonl"
TARGET_ACCURACY = 0.9
TARGET_NON_ANSWER = 20


def main() -> int:
    from coach.index import ChunkIndex
    from coach.retrieval import Retriever, ensure_index
    from coach.settings import get_settings

    settings = get_settings()
    bank = QuestionBank.load()
    retriever: Retriever | None = None

    def rubric_for(row: dict[str, Any]) -> Rubric:
        nonlocal retriever
        if row["question_id"]:
            return bank.get(row["question_id"]).rubric(row["lang"])
        if retriever is None:
            index = ChunkIndex(settings)
            ensure_index(settings, index, notify=lambda m: print(m, file=sys.stderr))
            retriever = Retriever(settings, index)
        return rubric_for_free_question(row["question"], retriever, row["lang"])

    started = time.perf_counter()
    result = evaluate(load(CALIBRATION), rubric_for)
    elapsed = time.perf_counter() - started
    print(f"{'id':34} {'label':9} {'score':>5}  verdict")
    for row, score in result.rows:
        print(
            f"{row['id']:34} {row['label']:9} {score.score:>5}  {score.verdict}"
            + (f" ({score.rejection})" if score.rejection else "")
        )
    non_answers = sum(1 for r, _ in result.rows if r["label"] in NON_ANSWERS)
    print()
    print(
        f"answers: {len(result.rows)} ({non_answers} non-answers), pairs: {result.pairs}, "
        f"time: {elapsed:.1f} s"
    )
    for hi, lo in result.misordered:
        print(f"misordered: {hi} <= {lo}")
    ok = result.accuracy >= TARGET_ACCURACY and result.max_non_answer <= TARGET_NON_ANSWER
    print(f"pairwise ranking accuracy: {result.accuracy:.3f} (target >= {TARGET_ACCURACY})")
    print(f"max non-answer score: {result.max_non_answer} (target <= {TARGET_NON_ANSWER})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
