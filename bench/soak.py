"""Soak the web UI: N concurrent clients drive its API for a bounded time.

Run with ``uv run python bench/soak.py`` (defaults: 4 clients for 60 s). It starts
``app.py`` on 127.0.0.1 on a free port with its own COACH_HOME and TMPDIR, waits
until the page answers, then each client (a ``gradio_client.Client`` with its own
browser id) cycles through the actions below until the time is up. Reported: calls
and errors per action, p50/p95 latency, the server's RSS after start-up, after one
warm-up round and at the end, and how many files and bytes its temp folder gained.
The server is stopped at the end in every case.

Actions (UI endpoints; no model is configured, so chat answers from retrieval):
  ask       the Chat tab: a question answered with cited passages
  begin     the Interview tab: start a three-question practice interview
  answer    the Interview tab: answer the current question
  prd       the PRD tab: critique a pasted PRD
  progress  the Progress tab: refresh
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "AI 产品经理如何评估模型效果？",
    "How do you pick metrics for a recommendation feature?",
    "召回率和精确率怎么取舍？",
]
ANSWER = (
    "I would define the goal first, pick a north-star metric with guardrails such as latency "
    "and complaint rate, run an A/B test for two weeks and segment the result by new users."
)
PRD = (
    "# 智能客服 PRD\n\n## 背景\n客服压力大，平均响应 3 分钟。\n\n## 目标\n首响时间降到 10 秒，"
    "自助解决率 60%。\n\n## 方案\n基于知识库的问答机器人，低置信度转人工。\n\n## 指标\n准确率、"
    "转人工率、满意度。\n"
)


def _action_calls(browser: dict[str, str]) -> list[tuple[str, str, tuple[Any, ...]]]:
    return [
        ("ask", "/ask", (QUESTIONS[0], browser)),
        ("begin", "/begin", ("", "any", 3, "practice", "friendly", "en", browser)),
        ("answer", "/lambda", (ANSWER, browser)),
        ("prd", "/run_text", (PRD, browser)),
        ("progress", "/refresh", (browser,)),
        ("ask", "/ask", (QUESTIONS[1], browser)),
    ]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def tree_size(path: Path) -> tuple[int, int]:
    files = size = 0
    for item in path.rglob("*"):
        try:
            if item.is_file():
                files += 1
                size += item.stat().st_size
        except OSError:
            continue
    return files, size


def wait_ready(url: str, proc: subprocess.Popen[bytes], seconds: float) -> None:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if proc.poll() is not None:
            raise SystemExit(f"the app exited with {proc.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"the app did not answer at {url} within {seconds:.0f} s")


class Soak:
    def __init__(self, url: str, home: Path) -> None:
        self.url = url
        self.home = home
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()

    def client(self, until: float | None, rounds: int = 0) -> None:
        from gradio_client import Client

        client = Client(self.url, verbose=False)
        browser = {"id": signed_id(self.home), "lang": "en"}
        calls = _action_calls(browser)
        done = 0
        while (until is None and done < rounds * len(calls)) or (
            until is not None and time.monotonic() < until
        ):
            name, endpoint, args = calls[done % len(calls)]
            done += 1
            started = time.perf_counter()
            try:
                client.predict(*args, api_name=endpoint)
            except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
                with self.lock:
                    self.errors[name].append(f"{type(exc).__name__}: {str(exc)[:160]}")
                continue
            with self.lock:
                self.times[name].append(time.perf_counter() - started)

    def run(self, clients: int, seconds: float | None, rounds: int = 0) -> None:
        until = None if seconds is None else time.monotonic() + seconds
        threads = [
            threading.Thread(target=self.client, args=(until, rounds)) for _ in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def signed_id(home: Path) -> str:
    """A browser id the app accepts: signed with the owner key the app keeps in its
    COACH_HOME (an unsigned id names no owner, so chat and history would do nothing)."""
    from coach.settings import Settings
    from coach.ui.state import new_browser_id

    return new_browser_id(Settings(home=home))


def saved_sessions(home: Path) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(home / "coach.sqlite3") as db:
        rows = db.execute("SELECT kind, count(*) FROM sessions GROUP BY kind").fetchall()
    return {str(kind): int(n) for kind, n in rows}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--startup-timeout", type=float, default=600)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--home", type=Path, help="a COACH_HOME with a built index to start from (copied)"
    )
    args = parser.parse_args()

    from evals.record_tests import free_port, stop

    work = Path(tempfile.mkdtemp(prefix="coach-soak-"))
    home, tmp = work / "home", work / "tmp"
    tmp.mkdir(parents=True)
    if args.home:
        shutil.copytree(args.home, home)
    port = free_port()
    env = {
        **os.environ,
        "COACH_HOME": str(home),
        "COACH_PORT": str(port),
        "TMPDIR": str(tmp),
        "GRADIO_TEMP_DIR": str(tmp / "gradio"),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ANONYMIZED_TELEMETRY": "False",
    }
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "COACH_API_KEY", "COACH_BASE_URL"):
        env.pop(name, None)
    url = f"http://127.0.0.1:{port}/"
    log = (work / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    print(f"soak: {args.clients} clients x {args.seconds:g} s against {url}", file=sys.stderr)
    try:
        wait_ready(url, proc, args.startup_timeout)
        rss_start = rss_mb(proc.pid)
        warm = Soak(url, home)
        warm.run(1, None, rounds=1)  # builds the index and loads models once
        rss_warm = rss_mb(proc.pid)
        files_before, bytes_before = tree_size(tmp)
        soak = Soak(url, home)
        started = time.monotonic()
        # Two halves: growth in the second half, with every cache already warm, is
        # what a leak looks like; growth in the first may still be warming up.
        soak.run(args.clients, args.seconds / 2)
        rss_half = rss_mb(proc.pid)
        calls_half = sum(len(v) for v in soak.times.values()) + sum(
            len(v) for v in soak.errors.values()
        )
        soak.run(args.clients, args.seconds / 2)
        elapsed = time.monotonic() - started
        rss_end = rss_mb(proc.pid)
        files_after, bytes_after = tree_size(tmp)
    finally:
        stop(proc, timeout=20)
        log.close()

    actions: dict[str, dict[str, Any]] = {}
    for name in sorted(set(soak.times) | set(soak.errors)):
        times = soak.times.get(name, [])
        actions[name] = {
            "calls": len(times) + len(soak.errors.get(name, [])),
            "errors": len(soak.errors.get(name, [])),
            "p50_s": round(statistics.median(times), 3) if times else None,
            "p95_s": round(percentile(times, 0.95), 3) if times else None,
            "first_error": next(iter(soak.errors.get(name, [])), None),
        }
    calls = sum(a["calls"] for a in actions.values())
    figures: dict[str, Any] = {
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "calls": calls,
        "errors": sum(a["errors"] for a in actions.values()),
        "actions": actions,
        "warm_up_errors": {k: v[0] for k, v in warm.errors.items()},
        "rss_mb": {
            "after_start": round(rss_start, 1),
            "after_warm_up": round(rss_warm, 1),
            "half_way": round(rss_half, 1),
            "end": round(rss_end, 1),
            "growth_per_1000_calls": round((rss_end - rss_warm) / max(calls, 1) * 1000, 2),
            "second_half_growth_per_1000_calls": round(
                (rss_end - rss_half) / max(calls - calls_half, 1) * 1000, 2
            ),
        },
        # Sessions the run saved, by kind: shows the clients' ids were accepted (an
        # id the app did not sign saves nothing).
        "sessions_saved": saved_sessions(home),
        "temp": {
            "files_added": files_after - files_before,
            "bytes_added": bytes_after - bytes_before,
        },
        "work_dir": str(work),
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    print(f"{calls} calls in {elapsed:.0f} s, {figures['errors']} errors")
    for name, a in actions.items():
        print(
            f"  {name:<9} calls {a['calls']:>4}  errors {a['errors']:>3}  "
            f"p50 {a['p50_s']} s  p95 {a['p95_s']} s"
            + (f"  first error: {a['first_error']}" if a["first_error"] else "")
        )
    if warm.errors:
        print(f"  warm-up errors: {figures['warm_up_errors']}")
    rss = figures["rss_mb"]
    print(
        f"server RSS: {rss['after_start']} MB after start, {rss['after_warm_up']} MB after "
        f"warm-up, {rss['half_way']} MB half way, {rss['end']} MB at the end "
        f"({rss['growth_per_1000_calls']} MB per 1000 calls; second half "
        f"{rss['second_half_growth_per_1000_calls']})"
    )
    temp = figures["temp"]
    print(f"temp folder: +{temp['files_added']} files, +{temp['bytes_added']} bytes")
    print(f"sessions saved: {figures['sessions_saved']}")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
