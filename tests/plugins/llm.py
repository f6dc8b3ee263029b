"""Fixtures for tests that talk to a chat model: cassettes, settings, fault servers.

Cassette-backed tests carry ``@pytest.mark.vcr`` and replay what a real model said
(``python -m evals.record_tests`` re-records them) under the one cassette policy that
evals use too (``evals/cassette_policy.py``: what is filtered, how requests match).
``--block-network --record-mode=none`` (in pytest's addopts) makes a request with no
recording fail instead of going out.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from coach.settings import Settings, reset_settings
from evals.cassette_policy import register_matchers, vcr_options

# What cassette tests talk to at replay time; nothing listens there, and with the
# network blocked nothing could connect anyway.
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"
REPLAY_MODEL = "recorded-model"
DUMMY_KEY = "sk-test-dummy-key"

# Small budgets keep recordings quick on a CPU-only local model.
CHAT_BUDGETS = {
    "COACH_TOP_K": "3",
    "COACH_CONTEXT_TOKENS": "600",
    "COACH_HISTORY_TOKENS": "300",
    "COACH_ANSWER_TOKENS": "160",
    "COACH_TEMPERATURE": "0",
}


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    register_matchers(vcr)


@pytest.fixture(scope="session")
def vcr_config() -> dict[str, Any]:
    return vcr_options()


def _record_target() -> tuple[str, str, str]:
    """The endpoint ``evals.record_tests`` points tests at, or the replay defaults."""
    return (
        os.environ.get("COACH_RECORD_BASE_URL", REPLAY_BASE_URL),
        os.environ.get("COACH_RECORD_MODEL", REPLAY_MODEL),
        os.environ.get("COACH_RECORD_API_KEY", DUMMY_KEY),
    )


@pytest.fixture
def llm_settings(corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings for a model on the shared corpus index, as the cassettes expect."""
    base_url, model, key = _record_target()
    monkeypatch.setenv("COACH_BASE_URL", base_url)
    monkeypatch.setenv("COACH_MODEL", model)
    monkeypatch.setenv("COACH_API_KEY", key)
    monkeypatch.setenv("COACH_MAX_RETRIES", "0")
    monkeypatch.setenv("COACH_REQUEST_TIMEOUT", os.environ.get("COACH_RECORD_TIMEOUT", "30"))
    for name, value in CHAT_BUDGETS.items():
        monkeypatch.setenv(name, value)
    reset_settings()
    return Settings(home=corpus_settings.home)


@pytest.fixture
def offline_settings(corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name, value in CHAT_BUDGETS.items():
        monkeypatch.setenv(name, value)
    reset_settings()
    return Settings(home=corpus_settings.home)


# -- a real HTTP server on 127.0.0.1 that misbehaves on cue ---------------------


@dataclass
class Reply:
    status: int = 200
    body: str | bytes = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def completion_body(text: str, prompt_tokens: int = 11, completion_tokens: int = 3) -> str:
    """A chat completion shaped as the OpenAI API documents it."""
    return json.dumps(
        {
            "id": "chatcmpl-fault-server",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": "fault-server",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )


class FaultServer:
    """Answers each request with the next scripted ``Reply`` (the last one repeats)."""

    def __init__(self, replies: list[Reply]):
        self.replies = list(replies)
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                with server._lock:
                    server.requests.append({"path": self.path, "body": body})
                    reply = server.replies.pop(0) if len(server.replies) > 1 else server.replies[0]
                if reply.delay:
                    server._release.wait(reply.delay)
                payload = reply.body.encode() if isinstance(reply.body, str) else reply.body
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fault_server(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[..., tuple[FaultServer, Settings]]]:
    """Start a scripted server; returns it and settings pointing a model at it."""
    servers: list[FaultServer] = []

    def start(
        replies: list[Reply], *, retries: int = 0, timeout: float = 5.0
    ) -> tuple[FaultServer, Settings]:
        server = FaultServer(replies).__enter__()
        servers.append(server)
        monkeypatch.setenv("COACH_BASE_URL", server.base_url)
        monkeypatch.setenv("COACH_API_KEY", DUMMY_KEY)
        monkeypatch.setenv("COACH_MODEL", "fault-model")
        monkeypatch.setenv("COACH_MAX_RETRIES", str(retries))
        monkeypatch.setenv("COACH_REQUEST_TIMEOUT", str(timeout))
        reset_settings()
        return server, Settings()

    yield start
    for server in servers:
        server.__exit__()
