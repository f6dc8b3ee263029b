"""Calibration cases: the scorer's agreement with the labelled calibration set
(tests/data/calibration/set.jsonl), so a scorer change shows up in ``evals run``
as an agreement change. The set is scored once per run; each case reads one
figure of it as its ``score`` (pairwise ranking accuracy x 100, the highest fluff
score, the median of real good answers, the highest non-answer score, type
classification accuracy x 100) and the case's expected range holds the target.
The holdout set is never read here: it is reported apart by bench/scoring.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.interview import QuestionBank
from coach.scoring import Rubric, rubric_for_free_question
from coach.scoring.calibration import CalibrationResult, evaluate, load

if TYPE_CHECKING:
    from evals.cases import Case
    from evals.runner import EvalContext

SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "calibration" / "set.jsonl"


def _result(ctx: EvalContext) -> CalibrationResult:
    cached = ctx.cache.get("calibration")
    if cached is None:
        bank = ctx.cache.setdefault("bank", QuestionBank.load())

        def rubric_for(row: dict[str, Any]) -> Rubric:
            if row.get("question_id"):
                rubric: Rubric = bank.get(row["question_id"]).rubric(row["lang"])
                return rubric
            return rubric_for_free_question(row["question"], ctx.retriever, row["lang"])

        cached = ctx.cache["calibration"] = evaluate(load(SET), rubric_for)
    return cached


def run_calibration(case: Case, ctx: EvalContext) -> dict[str, Any]:
    result = _result(ctx)
    figure = case.input["figure"]
    figures = {
        "pairwise": round(100 * result.accuracy),
        "max_fluff": result.max_fluff,
        "real_good_median": round(result.real_good_median),
        "max_non_answer": result.max_non_answer,
        "type_accuracy": round(100 * result.type_accuracy),
    }
    problems = []
    if figure == "max_fluff" and result.fluff_above_strong:
        problems.append(f"fluff at or above its strong answer: {result.fluff_above_strong}")
    if figure == "real_good_median" and result.real_good_rejected:
        problems.append(f"real good answers rejected: {result.real_good_rejected}")
    if figure == "pairwise" and result.wrongly_rejected:
        problems.append(f"substantive answers rejected: {result.wrongly_rejected}")
    summary = ", ".join(f"{k}={v}" for k, v in result.summary().items())
    return {"text": summary, "score": figures[figure], "schema_errors": problems}
