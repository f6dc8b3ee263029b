"""PRD critique cases: the real critique (checklist, heuristics, corpus citations and,
with a recorded model, the reviewer personas) on sample PRDs with expected flags."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.prd import critique, load_path, load_text
from coach.prd.citations import CorpusCiter
from coach.prd.reviewers import ModelReviewer, personas
from coach.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from evals.cases import Case
    from evals.runner import EvalContext

STATUSES = {"present", "weak", "missing"}
SEVERITIES = {"high", "medium", "low"}


def run_prd(case: Case, ctx: EvalContext) -> dict[str, Any]:
    if "file" in case.input:
        doc = load_path(PROJECT_ROOT / Path(case.input["file"]), ctx.settings)
    else:
        doc = load_text(case.input["text"], settings=ctx.settings)
    reviewers = (
        [ModelReviewer(p, ctx.settings, model=ctx.model) for p in personas()]
        if ctx.model is not None and case.input.get("reviewers", True)
        else []
    )
    result = critique(
        doc,
        lang=case.input.get("lang"),
        citer=CorpusCiter(ctx.retriever),
        reviewers=reviewers,
    ).as_dict()
    flags = {issue["kind"] for issue in result["issues"]}
    flags |= {f"{v['status']}:{k}" for k, v in result["sections"].items()}
    problems = [
        f"section {k} has status {v['status']!r}"
        for k, v in result["sections"].items()
        if v["status"] not in STATUSES
    ]
    problems += [
        f"issue with severity {i['severity']!r}"
        for i in result["issues"]
        if i["severity"] not in SEVERITIES
    ]
    order = [("high", "medium", "low").index(i["severity"]) for i in result["issues"]]
    if order != sorted(order):
        problems.append("issues are not ordered by severity")
    return {
        "text": "\n".join(i["message"] for i in result["issues"]),
        "score": result["score"],
        "flags": sorted(flags),
        "schema_errors": problems,
    }
