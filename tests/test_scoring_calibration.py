"""The scorer against answers whose quality was judged by their label (and, for half
of them, by a public interview-prep source): the tuning set must meet the targets in
``coach.scoring.calibration.TARGETS``; the holdout, never tuned on, keeps a floor so
a regression shows; the first 48-answer file still orders correctly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coach.interview import QuestionBank
from coach.retrieval import Retriever
from coach.scoring import Rubric, rubric_for_free_question
from coach.scoring.calibration import TARGETS, CalibrationResult, evaluate, label_of, load
from coach.settings import Settings

DATA = Path(__file__).parent / "data"
SET = DATA / "calibration" / "set.jsonl"
HOLDOUT = DATA / "calibration" / "holdout.jsonl"
FIRST = DATA / "calibration_answers.jsonl"


@pytest.fixture(scope="module")
def rubric_for(corpus_home: Path) -> Any:
    bank = QuestionBank.load()
    retriever = Retriever(Settings(home=corpus_home))

    def rubric(row: dict[str, Any]) -> Rubric:
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
