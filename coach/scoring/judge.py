"""The LLM judge: a second opinion as schema-validated JSON, never the only one.

The judge sees the question, the answer and the rubric's key points with their
corpus passages, and must reply with one JSON object. A valid verdict is averaged
with the deterministic score (so neither can swing the result alone); anything
else (prose, broken JSON, a score of 140) is discarded, the deterministic score
stands, and the score says so. Rejected answers never reach the judge: an
injection aimed at the grader must not get a model to read it as instructions.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, ValidationError

from coach.language import Language
from coach.scoring.rubric import Rubric
from coach.scoring.scorer import Score, verdict_for

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from coach.settings import Settings

PROMPT = "judge_answer"
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


class JudgeVerdict(BaseModel):
    score: int = Field(ge=0, le=100)
    verdict: Literal["strong", "adequate", "weak"]
    covered: list[str] = Field(default_factory=list)
    missed: list[str] = Field(default_factory=list)
    feedback: str = Field(min_length=1, max_length=4000)


def parse_verdict(text: str) -> JudgeVerdict:
    """The judge's reply as a verdict; raises ValueError when it is not one."""
    body = _FENCE.sub("", text.strip()).strip()
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("no JSON object in the reply")
    try:
        return JudgeVerdict.model_validate(json.loads(body[start : end + 1]))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise ValueError(str(exc).splitlines()[0]) from exc


def rubric_block(rubric: Rubric) -> str:
    lines = []
    for n, point in enumerate(rubric.key_points, 1):
        lines.append(f"[{n}] ({point.weight:g}) {point.text}\n    {point.source}: {point.quote}")
    return "\n".join(lines) or "(none)"


def judge_answer(
    question: str,
    answer: str,
    rubric: Rubric,
    base: Score,
    *,
    model: BaseChatModel,
    settings: Settings,
    lang: Language | None = None,
) -> Score:
    """``base`` combined with the judge's verdict, or ``base`` with a note if it failed."""
    from langchain_core.prompts import ChatPromptTemplate

    from coach.llm import model_errors
    from coach.prompts import load_prompt

    lang = lang or base.lang
    if base.rejection:
        return replace(
            base, judge={"status": "skipped", "detail": "rejected answers are not judged"}
        )
    prompt = load_prompt(PROMPT, lang)
    template = ChatPromptTemplate.from_messages([("system", prompt.system), ("human", prompt.user)])
    values = {"question": question, "answer": answer, "rubric": rubric_block(rubric)}
    with model_errors(settings):
        reply = model.invoke(template.invoke(values))
    text = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
    try:
        verdict = parse_verdict(text)
    except ValueError as exc:
        note = (
            "模型评审的输出格式不正确，已改用规则评分。"
            if lang == "zh"
            else "The model judge's output was malformed, so this is the rubric score alone."
        )
        judge: dict[str, Any] = {"status": "malformed", "detail": str(exc), "raw": text[:2000]}
        return replace(
            base, judge=judge, notes=[*base.notes, note], feedback=f"{note}\n{base.feedback}"
        )
    combined = round((base.score + verdict.score) / 2)
    heading = "模型评审意见：" if lang == "zh" else "Model judge:"
    return replace(
        base,
        score=combined,
        verdict=verdict_for(combined),
        judge={"status": "ok", "rubric_score": base.score, **verdict.model_dump()},
        feedback=f"{heading}\n{verdict.feedback}\n\n{base.feedback}",
    )
