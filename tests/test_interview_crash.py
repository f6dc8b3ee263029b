"""An answer whose scoring is interrupted is never lost (issue #18 item 1).

A real process is killed with SIGKILL right after it saved an answer and before it
scored it (``COACH_FAULT_POINT`` names the spot); the resumed session scores every
answer and the report averages all of them. A model error while judging leaves the
answer with its rubric score instead of unscored.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main
from coach.drills import DrillRun, bundled_library
from coach.interview import Interview, InterviewConfig
from coach.settings import PROJECT_ROOT, get_settings
from coach.store import Store
from tests.plugins.llm import Reply

STRONG = (
    "Monitor accuracy and confidence per class, alert on drops, collect the failures, add "
    "labelled data and retrain, and keep a rollback plan with a staged rollout."
)


def _killed_at(point: str, argv: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COACH_HOME": str(home), "COACH_FAULT_POINT": point}
    done = subprocess.run(
        argv, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done


def test_an_answer_saved_before_a_kill_is_scored_on_resume(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps({"answer": STRONG}) + "\n", encoding="utf-8")
    _killed_at(
        "interview.answer_saved",
        [sys.executable, "-m", "coach.cli", "interview", "--answers", str(first), "--json",
         "--count", "2", "--lang", "en", "--seed", "4"],
        isolated_home,
    )  # fmt: skip
    store = Store.open(get_settings())
    [session] = store.list_sessions(kind="interview")
    kinds = [r.kind for r in store.records(session.id)]
    assert kinds[-1] == "answer"
    assert "score" not in kinds

    second = tmp_path / "second.jsonl"
    second.write_text(json.dumps({"answer": "I don't know."}) + "\n", encoding="utf-8")
    argv = ["interview", "--resume", session.id, "--answers", str(second), "--json"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert "now scored" in captured.err
    assert result["status"] == "finished"
    report = result["report"]
    scored = [q for q in report["questions"] if q["score"] is not None]
    assert len(scored) == 2, report["questions"]
    assert scored[0]["answer"] == STRONG
    assert report["average"] == round(sum(q["score"] for q in scored) / 2)


def test_reopening_an_interview_scores_the_saved_answer(isolated_home: Path) -> None:
    # The web UI reopens a session with Interview.resume and asks for the current
    # question; the answer left unscored is scored then, before anything else.
    interview = Interview.start(InterviewConfig(count=2, lang="en", seed=4))
    ask = interview.current()
    assert ask is not None
    interview.store.append(interview.id, "answer", {**ask.as_dict(), "text": STRONG})
    reopened = Interview.resume(interview.id)
    nxt = reopened.current()
    assert nxt is not None
    assert nxt.number == 2
    scores = reopened.store.records(interview.id, "score")
    assert len(scores) == 1
    assert scores[0].payload["question_id"] == ask.question_id


@pytest.mark.server
@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_a_model_error_while_judging_keeps_the_rubric_score(fault_server) -> None:  # type: ignore[no-untyped-def]
    _, settings = fault_server([Reply(500, '{"error": {"message": "boom"}}')])
    interview = Interview.start(InterviewConfig(count=1, lang="en", seed=4), settings=settings)
    ask = interview.current()
    assert ask is not None
    reply = interview.answer(interview.bank.get(ask.question_id).model_answer("en"))
    assert reply.score.judge is not None
    assert reply.score.judge["status"] == "unavailable"
    assert "HTTP 500" in reply.score.feedback
    assert interview.finished
    assert len(interview.store.records(interview.id, "score")) == 1


def test_a_drill_answer_saved_before_a_kill_is_scored_on_resume(isolated_home: Path) -> None:
    script = (
        "from coach.drills import DrillRun, bundled_library\n"
        "from coach.settings import get_settings\n"
        "from coach.store import Store\n"
        "run = DrillRun.start(Store.open(get_settings()), bundled_library().find('plant-app-en'))\n"
        f"run.answer({STRONG!r})\n"
    )
    _killed_at("drill.answer_saved", [sys.executable, "-c", script], isolated_home)
    store = Store.open(get_settings())
    [session] = store.list_sessions(kind="drill")
    assert [r.kind for r in store.records(session.id)][-1] == "answer"
    run = DrillRun.resume(store, session.id)
    [attempt] = next(iter(run.attempts.values()))
    assert attempt.score is not None
    assert attempt.feedback is not None
    assert [r.kind for r in store.records(session.id)][-2:] == ["score", "feedback"]
    assert bundled_library().stages[0].id in run.attempts


def test_an_overlong_answer_is_refused_in_the_learners_language(isolated_home: Path) -> None:
    from coach.errors import BadInput

    limit = get_settings().max_answer_chars
    zh = Interview.start(InterviewConfig(count=1, lang="zh", seed=4))
    with pytest.raises(BadInput) as refused:
        zh.answer("很长" * limit)
    assert "答案太长" in refused.value.text("zh")  # keyed: the CLI and UI say it in zh
    assert not zh.store.records(zh.id, "answer")  # nothing half-saved
    run = DrillRun.start(Store.open(get_settings()), bundled_library().find("plant-app-en"))
    with pytest.raises(BadInput, match="too long"):
        run.answer("x" * (limit + 1))
