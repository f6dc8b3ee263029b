"""The labelled calibration set: the scorer must order it (pairwise ranking accuracy
>= 0.9 within each question) and keep every non-answer at 20 or below."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from coach.questions import QuestionBank
from coach.retrieval import Retriever
from coach.scoring import Rubric, rubric_for_free_question
from coach.scoring.calibration import NON_ANSWERS, CalibrationResult, evaluate, load
from coach.settings import Settings

CALIBRATION = Path(__file__).parent / "data" / "calibration_answers.jsonl"
ROWS = load(CALIBRATION)


def test_calibration_set_is_broad() -> None:
    assert len(ROWS) >= 40
    labels = Counter(r["label"] for r in ROWS)
    assert set(labels) == {"strong", "adequate", "weak", "dont_know", "garbage", "injection"}
    assert {r["lang"] for r in ROWS} == {"zh", "en"}
    assert len({r["category"] for r in ROWS}) >= 7  # six bank categories and free questions
    assert any(r["question_id"] is None for r in ROWS)


@pytest.fixture(scope="module")
def result(corpus_home: Path) -> CalibrationResult:
    bank = QuestionBank.load()
    retriever = Retriever(Settings(home=corpus_home))

    def rubric_for(row: dict[str, Any]) -> Rubric:
        if row["question_id"]:
            return bank.get(row["question_id"]).rubric(row["lang"])
        return rubric_for_free_question(row["question"], retriever, row["lang"])

    return evaluate(ROWS, rubric_for)


def test_scorer_orders_the_calibration_set(result: CalibrationResult) -> None:
    assert result.pairs >= 60
    assert result.accuracy >= 0.9, result.misordered


def test_no_non_answer_scores_above_twenty(result: CalibrationResult) -> None:
    assert result.max_non_answer <= 20
    for row, score in result.rows:
        if row["label"] in NON_ANSWERS:
            assert score.verdict in {"rejected", "weak"}, row["id"]
        if row["label"] == "injection":
            assert score.rejection == "injection", row["id"]
