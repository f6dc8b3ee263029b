"""Apply the question's type framework to a rubric, once.

A bank or drill question keeps its own points and gains its type's talking points
(weighted so the question's own points still count most); a free question is graded
on its type's framework alone; a drill stage keeps its stage rubric, which is
that stage's framework. When the type is not recognised with enough
confidence no framework is applied and the rubric says what is and is not graded.
"""

from __future__ import annotations

from dataclasses import replace

from coach.scoring.classify import classify
from coach.scoring.frameworks import framework
from coach.scoring.rubric import Rubric

FRAMEWORK_SHARE = 0.4  # of the total weight when the question has points of its own


def apply_type(rubric: Rubric, type_id: str | None = None, confidence: float = 1.0) -> Rubric:
    """``rubric`` with its type framework added (idempotent)."""
    if rubric.typed:
        return rubric
    if rubric.question_id and "/" in rubric.question_id:
        # A drill stage ("plant-app.zh/users") is one step of a case: its shared stage
        # points are its framework, and a whole type's points (metrics in the users
        # stage) would push back on what the stage does not ask for.
        return replace(rubric, typed=True, type_confidence=confidence)
    if type_id is None:
        guess = classify(rubric.question)
        type_id, confidence = guess.type_id, guess.confidence
    own = [p for p in rubric.key_points if p.kind != "framework"]
    if type_id is None:
        return replace(
            rubric,
            typed=True,
            type_confidence=confidence,
            notes=(*rubric.notes, _unknown_note(rubric, bool(own))),
        )
    fw = framework(type_id)
    points = fw.key_points(rubric.lang)
    if own:
        own_weight = sum(p.weight for p in own)
        fw_weight = sum(p.weight for p in points)
        scale = own_weight * FRAMEWORK_SHARE / (1 - FRAMEWORK_SHARE) / fw_weight
        points = fw.key_points(rubric.lang, weight_scale=scale)
    return replace(
        rubric,
        key_points=(*own, *points),
        typed=True,
        type_id=type_id,
        type_confidence=confidence,
        ai=fw.ai if rubric.ai is None else rubric.ai,
    )


def _unknown_note(rubric: Rubric, has_points: bool) -> str:
    if rubric.lang == "zh":
        if has_points:
            return "未能可靠识别题型：只按本题自身的要点、结构和内容实质评分，没有套用题型框架。"
        return "未能可靠识别题型：只按结构和内容实质评分，没有按要点评分。"
    if has_points:
        return (
            "The question type was not recognised with confidence: graded on the question's "
            "own points, structure and substance, without a type framework."
        )
    return (
        "The question type was not recognised with confidence: graded on structure and "
        "substance only, not on key points."
    )
