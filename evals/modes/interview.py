"""Interview cases: choosing questions from the bank and the follow-up an answer
earns (worded by the recorded model when there is one)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.interview import QuestionBank, choose_followup, generate_followup, persona
from coach.scoring import score_answer

if TYPE_CHECKING:
    from evals.cases import Case
    from evals.runner import EvalContext


def run_interview(case: Case, ctx: EvalContext) -> dict[str, Any]:
    bank = ctx.cache.setdefault("bank", QuestionBank.load())
    lang = case.input.get("lang", "zh")
    if "select" in case.input:
        chosen = bank.select(**case.input["select"], seed=7)
        wanted = case.input["select"]
        problems = [
            f"{q.id} does not match {wanted}"
            for q in chosen
            if q.category != wanted.get("category", q.category)
            or q.difficulty != wanted.get("difficulty", q.difficulty)
        ]
        if len(chosen) != wanted.get("count", 5):
            problems.append(f"asked for {wanted.get('count', 5)}, got {len(chosen)}")
        return {"text": "\n".join(q.prompt(lang) for q in chosen), "schema_errors": problems}

    question = bank.get(case.input["question_id"])
    rubric = question.rubric(lang)
    score = score_answer(question.prompt(lang), case.input["answer"], rubric, lang)
    style = persona(case.input.get("persona", "friendly"), lang)
    planned = choose_followup(rubric, score, style, set())
    if planned is None:
        return {"text": "", "followup": None, "targets": [], "schema_errors": []}
    worded = planned
    if ctx.model is not None:
        worded = generate_followup(
            planned,
            question=question.prompt(lang),
            answer=case.input["answer"],
            rubric=rubric,
            persona=style,
            lang=lang,
            model=ctx.model,
            settings=ctx.settings,
        )
    wanted = case.expect.get("targets")
    problems = (
        []
        if not wanted or set(wanted) & set(planned.targets)
        else [f"follow-up targets {list(planned.targets)}, expected one of {wanted}"]
    )
    return {
        "text": worded.text,
        "followup": worded.text,
        "targets": list(planned.targets),
        "followup_source": worded.source,
        "schema_errors": problems,
    }
