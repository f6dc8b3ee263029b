"""`Interview.start(..., question_ids=[...])`: a session on questions the learner
picked (the report's "practise next"), in their order, whatever was seen before."""

from __future__ import annotations

import pytest

from coach.errors import BadInput
from coach.interview import Interview, InterviewConfig


def test_pinned_questions_are_asked_in_order_even_when_seen_before() -> None:
    seen = Interview.start(InterviewConfig(count=1, lang="en"), question_ids=["case-03"])
    seen.answer("I would look at which plants are misidentified and why.")
    config = InterviewConfig(category="fundamentals", count=5, lang="en", mode="practice")
    pinned = Interview.start(config, question_ids=["case-03", "metrics-08"])
    assert pinned.question_ids == ["case-03", "metrics-08"]
    assert pinned.session.config["count"] == 2
    reopened = Interview.resume(pinned.id)
    ask = reopened.current()
    assert ask is not None
    assert ask.question_id == "case-03"
    assert ask.total == 2


def test_unknown_or_no_question_is_refused_with_one_sentence() -> None:
    with pytest.raises(BadInput, match="no question 'nope-01'"):
        Interview.start(InterviewConfig(), question_ids=["nope-01"])
    with pytest.raises(BadInput, match="at least one question"):
        Interview.start(InterviewConfig(), question_ids=[])
