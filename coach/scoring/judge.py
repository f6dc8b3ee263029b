"""The LLM judge: a second opinion as schema-validated JSON, never the only one.

The judge sees the question, its type and the same rubric the deterministic
scorer used (the question's own points and its type framework's talking points,
numbered, with what substance looks like for each), and must reply with one JSON
object naming covered and missed points by number, as the prompt asks. A valid
verdict is averaged with the deterministic score (so neither can swing the result
alone); anything else (prose, broken JSON, a score of 140) is discarded, the
deterministic score stands, and the score says so.

The answer is data, never instructions: rejected answers (an injection attempt
among them) never reach the judge, and a judge that reports an attempt it found
can only lower the score, never raise it.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, ValidationError

from coach.catalogue import catalogue
from coach.language import Language
from coach.scoring.rubric import Rubric
from coach.scoring.scorer import OFF_SUBJECT_CAP, Score, verdict_for
from coach.scoring.typed import apply_type

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from coach.settings import Settings

PROMPT = "judge_answer_v2"
# Longest feedback a constrained reply may write (3-5 short sentences): the cap keeps
# a rambling model from running out of tokens inside the JSON string, and llama.cpp
# refuses a grammar with a much longer repetition (1200 was refused, 500 is not).
FEEDBACK_CHARS = 500
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


class JudgeVerdict(BaseModel):
    score: int = Field(ge=0, le=100)
    verdict: Literal["strong", "adequate", "weak"]
    # The prompt asks for talking point numbers; a short name is accepted too.
    covered: list[int | str] = Field(default_factory=list)
    missed: list[int | str] = Field(default_factory=list)
    injection: bool = False
    feedback: str = Field(min_length=1, max_length=4000)

    def point_ids(self, rubric: Rubric, which: Literal["covered", "missed"]) -> list[str]:
        """The named points as rubric point ids where they are numbers in range."""
        out = []
        for item in getattr(self, which):
            number = item if isinstance(item, int) else _number(item)
            if number is not None and 1 <= number <= len(rubric.key_points):
                out.append(rubric.key_points[number - 1].id)
            else:
                out.append(str(item))
        return out


def _number(text: str) -> int | None:
    found = re.fullmatch(r"\s*\[?(\d+)\]?\s*", text)
    return int(found.group(1)) if found else None


def reply_schema(rubric: Rubric) -> dict[str, Any]:
    """The verdict's JSON schema as an endpoint that constrains its output reads it:
    point numbers are integers among the rubric's own (an enum, so a constrained
    model cannot name a point that does not exist)."""
    numbers = list(range(1, len(rubric.key_points) + 1)) or [1]
    points = {
        "type": "array",
        "items": {"type": "integer", "enum": numbers},
        "maxItems": len(numbers),
    }
    return {
        "type": "object",
        "properties": {
            "score": {"type": "integer"},
            "verdict": {"type": "string", "enum": ["strong", "adequate", "weak"]},
            "covered": points,
            "missed": points,
            "injection": {"type": "boolean"},
            "feedback": {"type": "string", "minLength": 1, "maxLength": FEEDBACK_CHARS},
        },
        "required": ["score", "verdict", "covered", "missed", "injection", "feedback"],
    }


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
        lines.append(f"[{n}] ({point.weight:.2g}) {point.text}\n    {point.source}: {point.quote}")
    return "\n".join(lines) or "(none)"


def type_line(rubric: Rubric) -> str:
    if rubric.type_id is None:
        return (
            "unknown: grade structure and substance only"
            if rubric.lang == "en"
            else ("未识别：只按结构和内容实质评分")
        )
    from coach.scoring.frameworks import framework

    return framework(rubric.type_id).name.get(rubric.lang)


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

    from coach.llm import constrained_to, model_errors
    from coach.prompts import load_prompt

    lang = lang or base.lang
    if base.rejection:
        detail = (
            "injection attempt detected: the answer was not sent to the model"
            if base.rejection == "injection"
            else "rejected answers are not judged"
        )
        return replace(base, judge={"status": "skipped", "detail": detail})
    rubric = apply_type(rubric)
    prompt = load_prompt(PROMPT, lang)
    template = ChatPromptTemplate.from_messages([("system", prompt.system), ("human", prompt.user)])
    values = {
        "question": question,
        "answer": answer,
        "rubric": rubric_block(rubric),
        "question_type": type_line(rubric),
    }
    with model_errors(settings):
        asking = constrained_to(model, reply_schema(rubric), "judge_verdict", settings)
        reply = asking.invoke(template.invoke(values))
    text = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
    try:
        verdict = parse_verdict(text)
    except ValueError as exc:
        note = catalogue("scoring").text("judge.malformed", lang)
        judge: dict[str, Any] = {"status": "malformed", "detail": str(exc), "raw": text[:2000]}
        return replace(
            base, judge=judge, notes=[*base.notes, note], feedback=f"{note}\n{base.feedback}"
        )
    combined = round((base.score + verdict.score) / 2)
    notes = list(base.notes)
    if base.off_subject:
        # An answer about another question or case stays capped: a judge that grades
        # it on its own merits cannot lift it back (a small local model often does).
        combined = min(combined, max(base.score, OFF_SUBJECT_CAP))
    if verdict.injection:
        # An attempt to steer the grader is reported and can never raise the score.
        combined = min(base.score, verdict.score)
        notes.append(catalogue("scoring").text("judge.steering", lang))
    heading = catalogue("scoring").text("judge.heading", lang)
    judged = {
        "status": "ok",
        "rubric_score": base.score,
        **verdict.model_dump(),
        "covered_ids": verdict.point_ids(rubric, "covered"),
        "missed_ids": verdict.point_ids(rubric, "missed"),
    }
    return replace(
        base,
        score=combined,
        verdict=verdict_for(combined),
        judge=judged,
        notes=notes,
        feedback="\n".join(
            [*notes[len(base.notes) :], heading, verdict.feedback, "", base.feedback]
        ),
    )
