"""The model endpoint misbehaving, for real: a local HTTP server on 127.0.0.1 answers
429, 500, garbage or nothing at all, and the coach retries or says one sentence."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable

import pytest

from coach.cli import main
from coach.llm import ModelUnavailable, chat_model, check_backend, model_errors
from coach.settings import Settings
from evals.record_tests import free_port
from tests.plugins.llm import FaultServer, Reply, completion_body

pytestmark = [pytest.mark.server, pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]

Start = Callable[..., tuple[FaultServer, Settings]]
FAST_RETRY = {"retry-after-ms": "20"}
ERROR_BODY = json.dumps({"error": {"message": "slow down", "type": "rate_limit"}})


def ask(settings: Settings) -> str:
    with model_errors(settings):
        return str(chat_model(settings).invoke("Say ok").content)


def test_429_then_success_is_retried(fault_server: Start) -> None:
    server, settings = fault_server(
        [Reply(429, ERROR_BODY, FAST_RETRY), Reply(200, completion_body("ok"))], retries=2
    )
    assert ask(settings) == "ok"
    assert len(server.requests) == 2
    assert server.requests[0]["path"] == "/v1/chat/completions"


def test_429_until_retries_run_out(fault_server: Start) -> None:
    server, settings = fault_server([Reply(429, ERROR_BODY, FAST_RETRY)], retries=1)
    with pytest.raises(ModelUnavailable, match="429 Too Many Requests") as info:
        ask(settings)
    assert len(server.requests) == 2
    assert "\n" not in str(info.value)


def test_timeout_ends_in_one_sentence(fault_server: Start) -> None:
    server, settings = fault_server(
        [Reply(200, completion_body("late"), delay=5)], retries=1, timeout=0.5
    )
    started = time.monotonic()
    with pytest.raises(
        ModelUnavailable, match=r"did not answer within 0\.5 s \(after 2 attempts\)"
    ):
        ask(settings)
    assert time.monotonic() - started < 4.5
    assert len(server.requests) == 2


def test_500_is_retried_then_reported(fault_server: Start) -> None:
    server, settings = fault_server(
        [Reply(500, '{"error": {"message": "boom"}}', FAST_RETRY)], retries=1
    )
    with pytest.raises(ModelUnavailable, match=r"failed with HTTP 500 \(after 2 attempts\)"):
        ask(settings)
    assert len(server.requests) == 2


def test_500_then_success(fault_server: Start) -> None:
    _, settings = fault_server(
        [Reply(503, "{}", FAST_RETRY), Reply(200, completion_body("recovered"))], retries=1
    )
    assert ask(settings) == "recovered"


@pytest.mark.parametrize(
    "body",
    ["<html>502 Bad Gateway</html>", '{"object": "chat.completion", "choices": null}'],
    ids=["not-json", "no-choices"],
)
def test_malformed_body_is_one_clear_message(fault_server: Start, body: str) -> None:
    _, settings = fault_server([Reply(200, body)])
    with pytest.raises(ModelUnavailable, match="not an OpenAI-compatible chat completion"):
        ask(settings)


def test_connection_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()  # nothing listens there
    monkeypatch.setenv("COACH_BASE_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("COACH_MAX_RETRIES", "0")
    with pytest.raises(ModelUnavailable, match=f"cannot reach the model endpoint 127.0.0.1:{port}"):
        ask(Settings())


def test_cli_reports_a_dead_endpoint_in_one_line(
    corpus_settings: Settings, fault_server: Start, capsys: pytest.CaptureFixture[str]
) -> None:
    fault_server([Reply(500, "{}", FAST_RETRY)], retries=1)
    code = main(["ask", "AI产品经理日常主要负责哪些工作？", "--json"])
    out, err = capsys.readouterr()
    assert code == 3
    assert out == ""
    assert err.startswith("coach: the model endpoint 127.0.0.1:")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_models_command_checks_the_endpoint(
    fault_server: Start, capsys: pytest.CaptureFixture[str]
) -> None:
    server, settings = fault_server([Reply(200, completion_body("pong"))])
    assert check_backend(settings).answers
    assert main(["models", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["mode"] == "llm"
    assert shown["model"] == "fault-model"
    assert shown["health"]["answers"] is True
    assert json.loads(server.requests[-1]["body"])["max_tokens"] == 1


def test_models_command_reports_a_failing_endpoint(
    fault_server: Start, capsys: pytest.CaptureFixture[str]
) -> None:
    fault_server([Reply(500, "{}")])
    assert main(["models"]) == 3
    out = capsys.readouterr().out
    assert "does not answer" in out
    assert "HTTP 500" in out


def test_only_localhost_is_allowed() -> None:
    with socket.socket() as s, pytest.raises(RuntimeError, match="Network is disabled"):
        s.connect(("203.0.113.1", 80))
