"""The one way the recording tools, the soak bench and the server tests stop a server."""

from __future__ import annotations

import signal
import subprocess
import sys

from evals.record_tests import stop

IGNORES_TERM = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('ready', flush=True)\n"
    "time.sleep(60)\n"
)


def test_stop_ends_a_server_that_ignores_sigterm() -> None:
    proc = subprocess.Popen([sys.executable, "-c", IGNORES_TERM], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"ready\n"
    stop(proc, timeout=0.5)
    assert proc.returncode == -signal.SIGKILL


def test_stop_lets_a_polite_server_exit_on_sigterm() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    stop(proc, timeout=10)
    assert proc.returncode == -signal.SIGTERM
    stop(proc)  # stopping a stopped server is a no-op
