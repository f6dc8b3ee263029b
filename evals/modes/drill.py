"""Drill cases: one stage answer through the real stage scorer and reviewer (the
recorded model writes the feedback and pushback when there is one)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.drills.feedback import ModelReviewer, OfflineReviewer, StageReviewer
from coach.drills.library import bundled_library
from coach.scoring import score_answer

if TYPE_CHECKING:
    from evals.cases import Case
    from evals.runner import EvalContext


def run_drill(case: Case, ctx: EvalContext) -> dict[str, Any]:
    lib = bundled_library()
    version = lib.find(case.input["drill"])
    stage = lib.stage(case.input["stage"])
    rubric = lib.rubric(version, stage.id)
    score = score_answer(rubric.question, case.input["answer"], rubric, version.lang)
    reviewer: StageReviewer = (
        ModelReviewer(ctx.settings, ctx.retriever, ctx.model)
        if ctx.model is not None
        else OfflineReviewer()
    )
    feedback = reviewer.review(version, stage, case.input["answer"], score).as_dict()
    text = "\n".join(str(feedback.get(k) or "") for k in ("text", "pushback"))
    problems = [f"feedback has no {k}" for k in ("text", "pushback") if not feedback.get(k)]
    return {
        "text": text,
        "score": score.score,
        "verdict": score.verdict,
        "feedback_mode": feedback.get("mode"),
        "citations": feedback.get("citations", []),
        "schema_errors": problems,
    }
