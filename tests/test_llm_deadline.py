"""Endpoint calls end within a total deadline, streams included, and endpoint error
text never carries a secret (issue #18 items 3 and 9)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import SecretStr

from coach.cli import main
from coach.llm import REDACTED, ModelUnavailable, chat_model, model_errors, redact
from coach.settings import Settings, reset_settings
from tests.plugins.llm import DUMMY_KEY, FaultServer, Reply

pytestmark = [pytest.mark.server, pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]

Start = Callable[..., tuple[FaultServer, Settings]]


def test_redact_takes_out_keys_tokens_and_the_configured_key() -> None:
    settings = Settings(api_key=SecretStr("my-own-secret-value-123"))
    text = (
        "bad request: Authorization: Bearer abcdEFGH12345678 key sk-proj-AbCdEf1234567890 "
        'echo {"api_key": "zz-secret-zz"} and my-own-secret-value-123'
    )
    clean = redact(text, settings)
    for secret in ("abcdEFGH12345678", "sk-proj-AbCdEf", "zz-secret-zz", "my-own-secret"):
        assert secret not in clean
    assert clean.count(REDACTED) == 4
    assert clean.startswith("bad request: Authorization:")


def test_an_error_that_echoes_the_key_is_redacted_everywhere(
    fault_server: Start, capsys: pytest.CaptureFixture[str]
) -> None:
    echo = json.dumps(
        {"error": {"message": f"invalid model for key {DUMMY_KEY} (Bearer {DUMMY_KEY})"}}
    )
    _, settings = fault_server([Reply(400, echo)])
    with pytest.raises(ModelUnavailable) as info, model_errors(settings):
        chat_model(settings).invoke("hi")
    assert DUMMY_KEY not in str(info.value)
    assert "HTTP 400" in str(info.value)
    assert main(["models"]) == 3
    out = capsys.readouterr()
    assert "HTTP 400" in out.out
    assert DUMMY_KEY not in out.out + out.err


def test_a_hung_endpoint_fails_within_the_total_deadline(
    fault_server: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _ = fault_server([Reply(200, "{}", delay=30)], retries=2, timeout=60)
    monkeypatch.setenv("COACH_REQUEST_DEADLINE", "1.5")
    reset_settings()
    settings = Settings()
    started = time.monotonic()
    with (
        pytest.raises(ModelUnavailable, match=r"did not answer within 0\.5 s"),
        model_errors(settings),
    ):
        chat_model(settings).invoke("hi")
    assert time.monotonic() - started < 6  # 3 attempts of 0.5 s plus short back-offs
    assert len(server.requests) == 3


class _Trickle(BaseHTTPRequestHandler):
    """Sends a streamed chat completion one small piece every 0.2 s, for 20 s."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.end_headers()
        chunk = {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": "."}, "finish_reason": None}],
        }
        try:
            for _ in range(100):
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                time.sleep(0.2)
            self.wfile.write(b"data: [DONE]\n\n")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def trickle_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_a_stream_that_trickles_forever_ends_at_the_deadline(trickle_server: str) -> None:
    settings = Settings(
        base_url=trickle_server,
        api_key=SecretStr("dummy-key"),
        max_retries=0,
        request_timeout=10,
        request_deadline=1.0,
    )
    started = time.monotonic()
    parts: list[object] = []

    def stream() -> None:
        with model_errors(settings):
            parts.extend(chat_model(settings).stream("hi"))

    with pytest.raises(ModelUnavailable):
        stream()
    assert time.monotonic() - started < 4
    assert parts  # it did stream, until the deadline
