"""LLM-judge metric: a binary pass/fail with a reason, from recorded judge calls.

The judge sees the question, the passages the answer was given and the answer, and
returns JSON ``{"pass": bool, "reason": str}``. Output that is not that JSON makes
the metric "not computable" for the case (said in the report), never a 0 or a 1.
Its agreement with human labels is measured by the ``judge`` mode cases
(evals/cases/judge.jsonl), which run the same prompt on labelled answers.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from coach.language import detect_language
from coach.prompts import load_prompt
from evals.metrics import Measure

if TYPE_CHECKING:
    from evals.cases import Case
    from evals.runner import EvalContext

_JSON = re.compile(r"\{.*\}", re.DOTALL)


def parse_verdict(text: str) -> tuple[bool, str] | None:
    match = _JSON.search(text)
    if not match:
        return None
    try:
        data = json.loads(match.group(0))
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("pass"), bool):
        return None
    return data["pass"], str(data.get("reason", ""))[:300]


def ask_judge(
    ctx: EvalContext, question: str, passages: list[str], answer: str
) -> tuple[bool, str] | None:
    lang = detect_language(question)
    prompt = load_prompt("eval_judge", lang, ctx.settings.prompts_dir)
    numbered = "\n\n".join(f"[{n}] {p}" for n, p in enumerate(passages, 1)) or "(none)"
    messages = [
        ("system", prompt.system),
        ("human", prompt.user.format(question=question, passages=numbered, answer=answer)),
    ]
    if ctx.model is None:
        return None
    reply = ctx.model.invoke(messages)
    return parse_verdict(str(reply.content))


def judge_metric(case: Case, output: dict[str, Any], ctx: EvalContext) -> Measure:
    if ctx.model is None:
        return Measure.na("no recorded model: judge not run")
    if case.mode != "chat" or output.get("mode") != "llm" or output.get("declined"):
        return Measure.na("judge applies to generated chat answers")
    verdict = ask_judge(ctx, case.input["question"], output["passage_texts"], output["text"])
    if verdict is None:
        return Measure.na("judge output was not the expected JSON")
    ok, reason = verdict
    return Measure.check(ok, reason)
