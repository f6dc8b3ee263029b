"""Stage feedback with a chat model: generated, cited, checked, and falling back to
the rubric when the model fails.

The ``vcr`` tests replay responses recorded from a real model (re-record with
``uv run --group record python -m evals.record_tests tests/test_drill_model.py -m vcr``).
The fault tests talk to a real HTTP server on 127.0.0.1 that answers as scripted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from coach.drills import (
    DrillRun,
    ModelReviewer,
    OfflineReviewer,
    bundled_library,
    read_answers,
    reviewer_for,
)
from coach.drills.feedback import split_pushback
from coach.llm import chat_model
from coach.retrieval import Retriever
from coach.scoring import Score, score_answer, verdict_for
from coach.settings import Settings
from coach.store import Store
from tests.conftest import DATA
from tests.plugins.llm import Reply, completion_body

ANSWERS = DATA / "drills"


def _scored(drill_id: str, stem: str, stage_id: str) -> tuple[Any, Any, str, Score]:
    lib = bundled_library()
    version = lib.find(drill_id)
    answer = read_answers(ANSWERS / f"{stem}.json")[stage_id]
    rubric = lib.rubric(version, stage_id)
    return version, lib.stage(stage_id), answer, score_answer(rubric.question, answer, rubric)


def _fixed_score(drill_id: str, stage_id: str, covered: int) -> tuple[Any, Any, Score]:
    """A score given as input (first ``covered`` points met), so the recorded prompt does
    not change whenever the scorer's calibration does."""
    lib = bundled_library()
    version = lib.find(drill_id)
    points = lib.rubric(version, stage_id).key_points
    met = [
        {
            "id": p.id,
            "point": p.text,
            "weight": p.weight,
            "coverage": 0.8,
            "quote": p.text,
            "keywords": [],
        }
        for p in points[:covered]
    ]
    missed = [
        {
            "id": p.id,
            "point": p.text,
            "weight": p.weight,
            "coverage": 0.0,
            "partial": False,
            "source": p.source,
            "title": p.title,
            "passage": p.quote,
            "probe": "",
        }
        for p in points[covered:]
    ]
    value = round(100 * covered / len(points))
    score = Score(
        score=value,
        verdict=verdict_for(value),
        dimensions={"coverage": value},
        covered=met,
        missed=missed,
        feedback="",
        lang=version.lang,
    )
    return version, lib.stage(stage_id), score


def _reviewer(settings: Settings) -> ModelReviewer:
    return ModelReviewer(settings, Retriever(settings), chat_model(settings))


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("drill_id", "stem", "stage_id", "covered"),
    [
        ("customer-service-en", "customer-service.en.strong", "metrics", 4),
        ("plant-app-zh", "plant-app.zh.weak", "risks", 0),
    ],
)
def test_model_feedback_is_generated_and_its_citations_checked(
    llm_settings: Settings, drill_id: str, stem: str, stage_id: str, covered: int
) -> None:
    version, stage, score = _fixed_score(drill_id, stage_id, covered)
    answer = read_answers(ANSWERS / f"{stem}.json")[stage_id]
    reviewer = _reviewer(llm_settings)
    given = reviewer.passages(version, stage, score)
    assert given, "retrieval found passages to ground the feedback"
    feedback = reviewer.review(version, stage, answer, score)
    assert feedback.mode == "llm"
    assert feedback.text
    assert not feedback.note
    assert feedback.pushback  # the model's last line, or the rubric's question
    sources = {(p.source, p.chunk_id) for p in given}
    for citation in feedback.citations:
        assert (citation["source"], citation["chunk_id"]) in sources
        assert 1 <= citation["n"] <= len(given)


@pytest.mark.server
@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_invented_citations_are_removed_and_the_pushback_split(
    corpus_settings: Settings, fault_server: Callable[..., Any]
) -> None:
    reply = (
        "The metrics are concrete and tied to a threshold [1]. "
        "An invented source is dropped [9].\n"
        "Pushback: What happens to conversations below the 80% confidence bar?"
    )
    server, settings = fault_server([Reply(body=completion_body(reply))])
    version, stage, answer, score = _scored(
        "customer-service-en", "customer-service.en.strong", "metrics"
    )
    feedback = _reviewer(settings).review(version, stage, answer, score)
    assert feedback.mode == "llm"
    assert "[9]" not in feedback.text
    assert "[1]" in feedback.text
    assert [c["n"] for c in feedback.citations] == [1]
    assert feedback.pushback.startswith("What happens to conversations")
    body = server.requests[0]["body"].decode("utf-8")
    assert "Pushback:" in body
    assert "[1]" in body


@pytest.mark.server
@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
@pytest.mark.parametrize(
    ("replies", "expected"),
    [
        ([Reply(status=500, body="{}")], "HTTP 500"),
        ([Reply(body="this is not a completion")], "not an OpenAI-compatible"),
    ],
)
def test_a_failing_model_falls_back_to_the_rubric_and_says_why(
    corpus_settings: Settings,
    fault_server: Callable[..., Any],
    replies: list[Reply],
    expected: str,
) -> None:
    _, settings = fault_server(replies)
    store = Store.open(settings)
    run = DrillRun.start(
        store, bundled_library().find("plant-app-zh"), reviewer=_reviewer(settings)
    )
    attempt = run.answer(read_answers(ANSWERS / "plant-app.zh.weak.json")["goal"])
    assert attempt.feedback is not None
    assert attempt.score is not None
    assert attempt.feedback.mode == "offline"
    assert expected in attempt.feedback.note
    assert "模型没有给出反馈" in attempt.feedback.note
    assert attempt.feedback.text == attempt.score.feedback
    assert [r.kind for r in store.records(run.id)] == ["answer", "score", "feedback"]


def test_reviewer_follows_the_configuration(
    corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(reviewer_for(corpus_settings), OfflineReviewer)
    monkeypatch.setenv("COACH_BASE_URL", "http://127.0.0.1:9/v1")
    online = Settings(home=corpus_settings.home)
    assert isinstance(reviewer_for(online), ModelReviewer)


@pytest.mark.parametrize(
    ("text", "feedback", "pushback"),
    [
        ("Good start [1].\nPushback: Why 80%?", "Good start [1].", "Why 80%?"),
        ("不错[1]。\n追问：阈值怎么定？\n", "不错[1]。", "阈值怎么定？"),
        ("Fine.\n**Pushback:** How?", "Fine.", "How?"),
        ("No question here.", "No question here.", ""),
    ],
)
def test_split_pushback(text: str, feedback: str, pushback: str) -> None:
    assert split_pushback(text) == (feedback, pushback)
