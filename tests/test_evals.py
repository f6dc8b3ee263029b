"""The eval suite: replays from a clean clone, names regressions, fails loudly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from coach.settings import PROJECT_ROOT, Settings, reset_settings
from evals.cases import load_cases
from evals.cli import main
from evals.metrics import Measure, citation_validity, declining, key_points, language_match


@pytest.fixture
def eval_home(corpus_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COACH_HOME", str(corpus_home))
    reset_settings()
    return corpus_home


def _summary(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    return dict(json.loads(capsys.readouterr().out.strip().splitlines()[-1]))


def test_cases_cover_every_mode_and_both_languages() -> None:
    cases = load_cases()
    assert len(cases) >= 40
    assert {c.mode for c in cases} >= {"chat", "judge", "interview", "grading", "prd", "drill"}
    chat = [c for c in cases if c.mode == "chat"]
    assert any(c.expect.get("declined") for c in chat)
    assert {c.expect.get("language") for c in chat} == {"zh", "en"}


def test_suite_replays_without_regressions(
    eval_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--json", "--no-report"]) == 0
    summary = _summary(capsys)
    assert summary["cases"] == len(load_cases())
    assert summary["regressions"] == []
    assert set(summary) == {"cases", "passed", "failed", "metrics", "regressions"}
    assert "citation_validity" in summary["metrics"]
    assert "verdict" in summary["metrics"]


def test_a_change_that_drops_citations_is_named(
    eval_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach import chat
    from coach.citations import CheckedAnswer, check_citations

    def drop_all(text: str, passages: Any) -> CheckedAnswer:
        checked = check_citations(text, [])  # as if no passage had been given
        return CheckedAnswer(text=checked.text, citations=[], removed=checked.removed)

    monkeypatch.setattr(chat, "check_citations", drop_all)
    code = main(["run", "--mode", "chat", "--json", "--no-report"])
    summary = _summary(capsys)
    assert code == 1
    named = {r["what"] for r in summary["regressions"]}
    # Which citation figure falls depends on the recorded answers: SmolLM2-135M's
    # current ones cite in no case (cites_sources 0), so only validity can fall.
    assert named & {"chat/cites_sources", "chat/citation_validity"}, named


def test_a_changed_prompt_fails_loudly_naming_the_case(
    eval_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prompts = tmp_path / "prompts"
    shutil.copytree(PROJECT_ROOT / "prompts", prompts)
    path = prompts / "grounded_answer.en.md"
    path.write_text(path.read_text("utf-8").replace("cite the passages", "never cite"), "utf-8")
    monkeypatch.setenv("COACH_PROMPTS_DIR", str(prompts))
    reset_settings()
    code = main(["run", "--case", "chat-en-metrics", "--json", "--no-report"])
    captured = capsys.readouterr()
    assert code == 1
    assert "evals record --case chat-en-metrics" in captured.err


def test_record_refuses_without_a_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["record", "--case", "chat-en-metrics"]) == 2
    assert "recording needs a model" in capsys.readouterr().err


def test_unknown_case_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--case", "no-such-case"]) == 2
    assert "no such case: no-such-case" in capsys.readouterr().err


def test_metrics_say_when_they_cannot_be_computed() -> None:
    offline = {"text": "> 引用", "mode": "offline", "markers_valid": None, "markers_invalid": None}
    assert citation_validity(offline, {}) == Measure.na(
        "no model text (offline or not a chat answer)"
    )
    assert key_points(offline, {}).value is None
    assert declining(offline, {}).value is None
    assert language_match({"text": ""}, {"language": "en"}).value is None


def test_citation_validity_counts_invented_markers() -> None:
    m = citation_validity({"markers_valid": 3, "markers_invalid": 1, "declined": False}, {})
    assert m.value == 0.75
    assert m.passed is False


def test_replay_settings_take_field_names() -> None:
    # Replay builds Settings by field name; aliases alone would silently drop them.
    s = Settings(base_url="http://replay.invalid/v1", model="m")
    assert s.base_url == "http://replay.invalid/v1"
    assert s.model_configured


@pytest.mark.server
@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_recording_again_replaces_the_cassette(
    fault_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-recording a case leaves only the new exchange in its cassette (vcrpy's
    "all" mode alone would keep the stale one beside it), and replay finds it."""
    import httpx

    from evals import recording
    from tests.plugins.llm import Reply, completion_body

    monkeypatch.setattr(recording, "CASSETTES", tmp_path)
    server, _ = fault_server(
        [Reply(body=completion_body("first")), Reply(body=completion_body("second"))]
    )

    def ask(prompt: str) -> str:
        reply = httpx.post(f"{server.base_url}/chat/completions", json={"prompt": prompt})
        return str(reply.json()["choices"][0]["message"]["content"])

    with recording.cassette("case-1", record=True):
        assert ask("old prompt") == "first"
    with recording.cassette("case-1", record=True):
        assert ask("new prompt") == "second"
    saved = (tmp_path / "case-1.yaml").read_text("utf-8")
    assert "new prompt" in saved
    assert "old prompt" not in saved
    assert [p.name for p in tmp_path.iterdir()] == ["case-1.yaml"]
    with recording.cassette("case-1", record=False):
        assert ask("new prompt") == "second"
    missing = pytest.raises(recording.MissingRecording, match="evals record --case case-1")
    with missing, recording.cassette("case-1", record=False):
        ask("old prompt")


def test_a_case_that_records_nothing_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A drill whose model call times out falls back to rubric feedback: recording
    must say so (and keep the old cassette), not report the case as recorded."""
    from rich.console import Console

    from evals import recording, session
    from evals.cases import Case
    from evals.runner import CaseResult

    monkeypatch.setattr(recording, "CASSETTES", tmp_path)
    monkeypatch.setattr(session, "CASSETTES", tmp_path)
    monkeypatch.setattr(session, "save_meta", lambda meta: None)
    monkeypatch.setattr(session, "_context", lambda settings, model, console: None)
    (tmp_path / "drill-x.yaml").write_text("old recording", "utf-8")

    def offline_fallback(case: Case, ctx: Any, extra: Any) -> CaseResult:
        return CaseResult(case=case, output={}, measures={})  # no request made

    monkeypatch.setattr(session, "run_case", offline_fallback)
    cases = [
        Case(id="drill-x", mode="drill", input={}),
        Case(id="grade-x", mode="grading", input={"model": False}),
    ]
    settings = Settings(model="m", base_url="http://127.0.0.1:9/v1", request_timeout=60)
    assert session.record_cases(cases, Console(file=None, quiet=True), settings) == 1
    assert (tmp_path / "drill-x.yaml").read_text("utf-8") == "old recording"


def test_recording_waits_for_a_slow_model() -> None:
    from evals.session import RECORDING_TIMEOUT, recording_settings

    slow = recording_settings(Settings(request_timeout=60, request_deadline=120))
    assert slow.request_timeout == RECORDING_TIMEOUT
    assert slow.request_deadline > slow.request_timeout
