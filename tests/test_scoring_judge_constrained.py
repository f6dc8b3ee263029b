"""The judge names talking points by number, as its prompt asks (#18 item 8), in a
reply recorded from a real model: the local SmolLM2 answers in prose when asked
plainly, so the recording asks llama.cpp's server to constrain the reply to the
verdict's JSON schema (``COACH_JSON_MODE=json_object``). The replayed numbers must
map to the rubric's own points."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from coach.interview import QuestionBank
from coach.llm import chat_model, constrained_to
from coach.scoring import score_answer
from coach.scoring.judge import judge_answer, reply_schema
from coach.scoring.typed import apply_type
from coach.settings import Settings, reset_settings

QUESTION = QuestionBank.load().get("fund-01")
ANSWER = (
    "Precision is the share of flagged cases that are truly positive; recall is the share of "
    "real positives we catch. For fraud I protect recall and let human review absorb false "
    "positives, and I report F1 to the CTO and the avoided losses as ROI to the CEO."
)
CASSETTES = Path(__file__).parent / "cassettes" / Path(__file__).stem


@pytest.fixture
def constrained_settings(llm_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("COACH_JSON_MODE", "json_object")
    # Room for the whole JSON object (feedback included) from a small model.
    monkeypatch.setenv("COACH_ANSWER_TOKENS", "400")
    reset_settings()
    return Settings(home=llm_settings.home)


@pytest.mark.vcr
def test_a_constrained_judge_reply_names_points_by_number(
    constrained_settings: Settings,
) -> None:
    rubric = QUESTION.rubric("en")
    base = score_answer(QUESTION.prompt("en"), ANSWER, rubric, "en")
    judged = judge_answer(
        QUESTION.prompt("en"),
        ANSWER,
        rubric,
        base,
        model=chat_model(constrained_settings),
        settings=constrained_settings,
    )
    assert judged.judge is not None
    assert judged.judge["status"] == "ok", judged.judge
    covered, missed = judged.judge["covered"], judged.judge["missed"]
    assert covered, "the recorded reply names at least one covered point"
    assert all(type(n) is int for n in [*covered, *missed])  # numbers, not names
    points = apply_type(rubric).key_points
    assert judged.judge["covered_ids"] == [points[n - 1].id for n in covered]
    assert judged.judge["missed_ids"] == [points[n - 1].id for n in missed]
    if not judged.judge["injection"]:
        assert judged.score == round((base.score + judged.judge["score"]) / 2)


def test_the_recording_was_constrained_to_the_verdict_schema() -> None:
    """The cassette holds the request as sent: llama.cpp's JSON mode with the schema
    whose point numbers are the rubric's own."""
    cassette = CASSETTES / "test_a_constrained_judge_reply_names_points_by_number.yaml"
    [interaction] = yaml.safe_load(cassette.read_text("utf-8"))["interactions"]
    body = json.loads(interaction["request"]["body"])
    expected = reply_schema(apply_type(QUESTION.rubric("en")))
    assert body["response_format"] == {"type": "json_object", "schema": expected}
    reply = json.loads(interaction["response"]["body"]["string"])
    verdict = json.loads(reply["choices"][0]["message"]["content"])
    assert set(verdict) == set(expected["required"])


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("off", None),
        ("json_object", {"type": "json_object", "schema": {"type": "object"}}),
        (
            "json_schema",
            {
                "type": "json_schema",
                "json_schema": {"name": "v", "schema": {"type": "object"}, "strict": False},
            },
        ),
    ],
)
def test_json_mode_is_sent_only_when_asked_for(
    llm_settings: Settings, mode: str, expected: dict[str, Any] | None
) -> None:
    settings = llm_settings.model_copy(update={"json_mode": mode})
    model = chat_model(settings)
    bound = constrained_to(model, {"type": "object"}, "v", settings)
    if expected is None:
        assert bound is model  # an endpoint without JSON mode never sees the field
    else:
        assert getattr(bound, "kwargs", {}) == {"response_format": expected}
