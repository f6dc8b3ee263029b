"""Judge calibration cases: the judge prompt on answers labelled pass/fail by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evals.judge import ask_judge

if TYPE_CHECKING:
    from evals.cases import Case
    from evals.runner import EvalContext


def run_judge(case: Case, ctx: EvalContext) -> dict[str, Any]:
    if ctx.model is None:
        raise RuntimeError("no recorded model: judge calibration cannot run")
    verdict = ask_judge(ctx, case.input["question"], case.input["passages"], case.input["answer"])
    if verdict is None:
        return {"verdict": None, "schema_errors": ["judge output was not the expected JSON"]}
    ok, reason = verdict
    return {"verdict": "pass" if ok else "fail", "reason": reason, "schema_errors": []}
