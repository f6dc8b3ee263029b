"""Calibration cases: the scorer's agreement with the labelled calibration set
(tests/data/calibration/set.jsonl), so a scorer change shows up in ``evals run``
as an agreement change. The set is scored once per run; each case reads one
figure of it as its ``score`` (pairwise ranking accuracy x 100, the highest fluff
score, the median of real good answers, the highest non-answer score, type
classification accuracy x 100, and for answers graded against questions they do
not answer the median of the set's answers under other-type questions and the
highest of the written off-topic pairs) and the case's expected range holds the
target. The holdout set is never read here: it is reported apart by bench/scoring.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.interview import QuestionBank
from coach.scoring import Rubric, rubric_for_free_question
from coach.scoring.calibration import (
    CalibrationResult,
    OffTopicResult,
    evaluate,
    evaluate_off_topic,
    load,
    off_topic_pairs,
)

if TYPE_CHECKING:
    from coach.retrieval import Retriever
    from evals.cases import Case
    from evals.runner import EvalContext

FOLDER = Path(__file__).resolve().parents[2] / "tests" / "data" / "calibration"
SET = FOLDER / "set.jsonl"
OFF_TOPIC = FOLDER / "off_topic.jsonl"


def rubric_source(retriever_for: Callable[[], Retriever], bank: QuestionBank | None = None) -> Any:
    """The rubric of a calibration row: its drill stage's, its bank question's, or one
    built for a free question from the library (``retriever_for`` is called only then,
    once). Used by the eval suite and by bench/scoring.py alike."""
    from coach.drills import bundled_library

    questions = bank or QuestionBank.load()
    retriever: Retriever | None = None

    def rubric_for(row: dict[str, Any]) -> Rubric:
        nonlocal retriever
        if row.get("drill"):
            library = bundled_library()
            version, stage = row["drill"].split("/")
            return library.rubric(library.find(version), stage)
        if row.get("question_id"):
            rubric: Rubric = questions.get(row["question_id"]).rubric(row["lang"])
            return rubric
        if retriever is None:
            retriever = retriever_for()
        return rubric_for_free_question(row["question"], retriever, row["lang"])

    return rubric_for


def _rubric_source(ctx: EvalContext) -> Any:
    return rubric_source(lambda: ctx.retriever, ctx.cache.setdefault("bank", QuestionBank.load()))


def _result(ctx: EvalContext) -> CalibrationResult:
    cached = ctx.cache.get("calibration")
    if cached is None:
        cached = ctx.cache["calibration"] = evaluate(load(SET), _rubric_source(ctx))
    return cached


def _off_topic(ctx: EvalContext, written: bool) -> OffTopicResult:
    key = "calibration-off-topic-written" if written else "calibration-off-topic-pairs"
    cached = ctx.cache.get(key)
    if cached is None:
        rows = load(OFF_TOPIC) if written else off_topic_pairs(load(SET))
        cached = ctx.cache[key] = evaluate_off_topic(rows, _rubric_source(ctx))
    return cached


def run_calibration(case: Case, ctx: EvalContext) -> dict[str, Any]:
    figure = case.input["figure"]
    if figure in ("off_topic_median", "off_topic_written_max"):
        off = _off_topic(ctx, written=figure == "off_topic_written_max")
        value = off.max_off_topic if figure == "off_topic_written_max" else off.median_off_topic
        problems = []
        if (
            figure == "off_topic_written_max"
            and not off.targets_met(written=True)["on_subject_min"]
        ):
            problems.append(f"an on-subject answer fell below the floor: {off.summary()}")
        text = ", ".join(f"{k}={v}" for k, v in off.summary().items())
        return {"text": text, "score": round(value), "schema_errors": problems}
    result = _result(ctx)
    figures = {
        "pairwise": round(100 * result.accuracy),
        "max_fluff": result.max_fluff,
        "real_good_median": round(result.real_good_median),
        "max_non_answer": result.max_non_answer,
        "type_accuracy": round(100 * result.type_accuracy),
    }
    problems = []
    if figure == "max_fluff" and result.fluff_above_strong:
        problems.append(f"fluff at or above its strong answer: {result.fluff_above_strong}")
    if figure == "real_good_median" and result.real_good_rejected:
        problems.append(f"real good answers rejected: {result.real_good_rejected}")
    if figure == "pairwise" and result.wrongly_rejected:
        problems.append(f"substantive answers rejected: {result.wrongly_rejected}")
    summary = ", ".join(f"{k}={v}" for k, v in result.summary().items())
    return {"text": summary, "score": figures[figure], "schema_errors": problems}
