"""The subject check: an answer about another product, case or question scores low
and says what it is about, in the learner's language; an answer that takes an
unexpected angle on the right subject is not punished."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coach.drills import bundled_library
from coach.interview import QuestionBank
from coach.scoring import Rubric, analyse, score_answer
from coach.scoring.scorer import OFF_SUBJECT_CAP
from coach.scoring.subject import distinctive_terms, subject_fit

ROWS = {
    row["id"]: row
    for row in (
        json.loads(line)
        for line in (Path(__file__).parent / "data" / "calibration" / "off_topic.jsonl")
        .read_text("utf-8")
        .splitlines()
        if line.strip()
    )
}


def _rubric(row: dict[str, Any]) -> Rubric:
    if row.get("drill"):
        library = bundled_library()
        version, stage = row["drill"].split("/")
        return library.rubric(library.find(version), stage)
    if row.get("question_id"):
        rubric: Rubric = QuestionBank.load().get(row["question_id"]).rubric(row["lang"])
        return rubric
    return Rubric(row["question"], row["lang"], (), "retrieved")


def _score(row_id: str) -> Any:
    row = ROWS[row_id]
    rubric = _rubric(row)
    return score_answer(row.get("question") or rubric.question, row["answer"], rubric, row["lang"])


def test_a_plant_app_answer_to_a_question_on_going_overseas_is_capped_and_named() -> None:
    score = _score("plant-to-market08-zh")  # 41, two points covered, before the check
    assert score.score <= OFF_SUBJECT_CAP
    assert score.covered == []
    assert score.verdict == "weak"  # substantive: low, not rejected as a non-answer
    assert any("植物" in note and "不是本题" in note for note in score.notes), score.notes


def test_the_note_is_in_the_learners_language() -> None:
    score = _score("plant-to-market08-en")  # 53 before the check
    assert score.score <= OFF_SUBJECT_CAP
    note = next(n for n in score.notes if "not what the question asks" in n)
    assert "hikers" in note or "species" in note, note


@pytest.mark.parametrize(
    "row_id", ["plant-to-homework-users-zh", "plant-to-homework-users-en", "cs-to-plant-goal-zh"]
)
def test_a_drill_stage_answered_for_another_case_is_capped(row_id: str) -> None:
    score = _score(row_id)  # 38-51 before the check
    assert score.score <= OFF_SUBJECT_CAP
    assert score.covered == []
    assert any("另一个案例" in n or "another case" in n for n in score.notes), score.notes


def test_the_same_answer_in_its_own_drill_keeps_its_score() -> None:
    own = _score("plant-users-own-zh")
    assert own.score >= 60
    assert not any("另一个案例" in n for n in own.notes)
    assert {c["id"] for c in own.covered} >= {"students-tourists"}


@pytest.mark.parametrize(
    "row_id",
    [
        "angle-market08-story-zh",  # compliance through one market's story
        "angle-fav-kettle-en",  # a favourite product that is not software
        "angle-dau-story-en",  # a metric drop answered through a past case
        "angle-homework-users-parents-zh",  # the K12 users seen from who pays
    ],
)
def test_an_unexpected_angle_on_the_right_subject_is_not_punished(row_id: str) -> None:
    score = _score(row_id)
    assert score.score >= 50, (score.score, score.notes)
    assert not any("不是本题" in n or "not what the question asks" in n for n in score.notes)


def test_fit_is_full_for_an_on_subject_answer_and_none_for_another_case() -> None:
    on = ROWS["angle-dau-story-en"]
    fit = subject_fit(on["question"], analyse(on["answer"], "en"), _rubric(on))
    assert fit.fit == 1.0
    assert not fit.off
    off = ROWS["plant-to-homework-solution-zh"]
    rubric = _rubric(off)
    fit = subject_fit(rubric.question, analyse(off["answer"], "zh"), rubric)
    assert fit.off
    assert fit.rival.startswith("植物识别")


def test_what_an_answer_is_about_is_its_own_recurring_nouns() -> None:
    reading = analyse(ROWS["plant-to-market08-zh"]["answer"], "zh")
    terms = distinctive_terms(reading, "一款AI产品准备出海，你认为需要注意哪些合规和本地化问题？")
    assert "植物" in terms
    assert not {"用户", "数据", "模型"} & set(terms)  # any PM answer's words say nothing


def test_a_judge_grading_an_off_subject_answer_on_its_merits_cannot_lift_the_cap(
    llm_settings: Any,
) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from coach.scoring.judge import judge_answer

    row = ROWS["plant-to-market08-en"]
    rubric = _rubric(row)
    base = score_answer(rubric.question, row["answer"], rubric, "en")
    assert base.off_subject
    # A judge reply that grades the plant answer as a good answer (what a small local
    # model does): valid JSON, so it is averaged in, but the cap holds.
    reply = (
        '{"score": 90, "verdict": "strong", "covered": ["1"], "missed": [], "feedback": "Clear."}'
    )
    judged = judge_answer(
        rubric.question,
        row["answer"],
        rubric,
        base,
        model=FakeListChatModel(responses=[reply]),
        settings=llm_settings,
    )
    assert judged.judge is not None
    assert judged.judge["status"] == "ok"
    assert judged.score <= OFF_SUBJECT_CAP


def test_the_scoring_notes_exist_in_both_languages_with_the_same_fields() -> None:
    import re

    from coach.catalogue import catalogue, fields

    texts = catalogue("scoring")
    assert {"off_subject", "off_case", "partly_off_subject", "generic_for_question"} <= set(texts)
    for key in texts:
        zh, en = texts.pair(key)
        assert fields(zh) == fields(en), key
        assert not re.search(r"[\u4e00-\u9fff]", en), key
