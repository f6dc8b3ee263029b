"""The scorer against answers whose quality was judged by their label (and, for half
of them, by a public interview-prep source): the tuning set must meet the targets in
``coach.scoring.calibration.TARGETS``; the holdout, never tuned on, keeps a floor so
a regression shows; the first 48-answer file still orders correctly. Answers graded
against questions they do not answer (the set's answers under other-type questions,
and the written off-topic pairs) score low, and answers that take an unexpected
angle on the right subject do not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coach.interview import QuestionBank
from coach.retrieval import Retriever
from coach.scoring import Rubric, rubric_for_free_question
from coach.scoring.calibration import (
    OFF_TOPIC_TARGETS,
    TARGETS,
    CalibrationResult,
    evaluate,
    evaluate_off_topic,
    label_of,
    load,
    off_topic_pairs,
)
from coach.settings import Settings

DATA = Path(__file__).parent / "data"
SET = DATA / "calibration" / "set.jsonl"
HOLDOUT = DATA / "calibration" / "holdout.jsonl"
FIRST = DATA / "calibration_answers.jsonl"
OFF_TOPIC = DATA / "calibration" / "off_topic.jsonl"


@pytest.fixture(scope="module")
def rubric_for(corpus_home: Path) -> Any:
    from coach.drills import bundled_library

    bank = QuestionBank.load()
    library = bundled_library()
    retriever = Retriever(Settings(home=corpus_home))

    def rubric(row: dict[str, Any]) -> Rubric:
        if row.get("drill"):
            version, stage = row["drill"].split("/")
            return library.rubric(library.find(version), stage)
        if row.get("question_id"):
            return bank.get(row["question_id"]).rubric(row["lang"])
        return rubric_for_free_question(row["question"], retriever, row["lang"])

    return rubric


@pytest.fixture(scope="module")
def tuned(rubric_for: Any) -> CalibrationResult:
    return evaluate(load(SET), rubric_for)


@pytest.fixture(scope="module")
def holdout(rubric_for: Any) -> CalibrationResult:
    return evaluate(load(HOLDOUT), rubric_for)


def test_tuning_set_meets_every_target(tuned: CalibrationResult) -> None:
    assert tuned.pairs >= 100
    met = tuned.targets_met()
    assert all(met.values()), (met, tuned.summary(), tuned.misordered)


def test_no_substantive_answer_is_rejected(tuned: CalibrationResult) -> None:
    assert tuned.wrongly_rejected == []
    assert tuned.real_good_rejected == []


def test_fluff_never_earns_a_strength(tuned: CalibrationResult) -> None:
    for row, score in tuned.rows:
        if label_of(row) == "fluff":
            assert score.score <= TARGETS["fluff_max"], row["id"]
            assert score.verdict in {"weak", "rejected"}, row["id"]


def test_holdout_keeps_its_floor(holdout: CalibrationResult) -> None:
    # Not tuned on: a floor below the target, so a change that makes the scorer
    # judge unseen answers worse fails here (bench/scoring.py reports the figures).
    assert holdout.accuracy >= 0.88, holdout.misordered
    assert holdout.real_good_rejected == []
    assert holdout.max_non_answer <= TARGETS["non_answer_max"]


def test_first_calibration_file_still_orders(rubric_for: Any) -> None:
    result = evaluate(load(FIRST), rubric_for)
    assert result.pairs >= 60
    assert result.accuracy >= 0.9, result.misordered
    for row, score in result.rows:
        if label_of(row) == "non_answer":
            assert score.score <= TARGETS["non_answer_max"], row["id"]
        if row["label"] == "injection":
            assert score.rejection == "injection", row["id"]


def test_answers_to_other_questions_score_low(rubric_for: Any, tuned: CalibrationResult) -> None:
    # Before the subject check these pairs had a median of 73 (max 96): an answer to
    # another question covered the framework's generic points as well as a real one.
    pairs = evaluate_off_topic(off_topic_pairs(load(SET)), rubric_for)
    assert len(pairs.rows) >= 80
    assert pairs.median_off_topic <= OFF_TOPIC_TARGETS["pairs_median"], pairs.summary()
    own = {row["id"]: score.score for row, score in tuned.rows}
    dropped = [row["id"] for row, score in pairs.rows if score.score < own[row["id"].split(">")[0]]]
    assert len(dropped) >= 0.8 * len(pairs.rows), pairs.summary()


def test_holdout_answers_to_other_questions_keep_a_floor(rubric_for: Any) -> None:
    pairs = evaluate_off_topic(off_topic_pairs(load(HOLDOUT)), rubric_for)
    assert pairs.median_off_topic <= 40, pairs.summary()  # 68 before the subject check


def test_written_off_topic_pairs_are_capped_and_angles_are_not(rubric_for: Any) -> None:
    result = evaluate_off_topic(load(OFF_TOPIC), rubric_for)
    met = result.targets_met(written=True)
    assert all(met.values()), (met, result.summary())
    for row, score in result.rows:
        if row["kind"] == "off_topic":
            assert score.covered == [], row["id"]
            assert score.verdict == "weak", row["id"]
