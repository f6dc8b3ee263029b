"""Answer-grading cases: the real Grader (rubric scorer, plus the judge when a
recorded model is present) on answers labelled with the verdict they deserve."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.scoring.grading import Grader

if TYPE_CHECKING:
    from evals.cases import Case
    from evals.runner import EvalContext

VERDICTS = {"strong", "adequate", "weak", "rejected"}


def run_grading(case: Case, ctx: EvalContext) -> dict[str, Any]:
    grader = ctx.cache.get("grader")
    if grader is None:
        grader = Grader(ctx.settings, model=ctx.model)
        grader._retriever = ctx.retriever  # share the suite's index instead of reopening it
        ctx.cache["grader"] = grader
    score = grader.grade(case.input["question"], case.input["answer"])
    result = score.as_dict()
    problems = []
    if not isinstance(result.get("score"), int) or not 0 <= result["score"] <= 100:
        problems.append("score is not an integer in 0..100")
    if result.get("verdict") not in VERDICTS:
        problems.append(f"unknown verdict {result.get('verdict')!r}")
    if not isinstance(result.get("dimensions"), dict):
        problems.append("dimensions missing")
    return {
        "text": result.get("feedback", ""),
        "score": result.get("score"),
        "verdict": result.get("verdict"),
        "judge": result.get("judge"),
        "schema_errors": problems,
    }
