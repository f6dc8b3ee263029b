"""How long the ``coach`` command takes to start, cold, in a fresh process each time.

Run with ``uv run python bench/cli_startup.py`` (``--repo DIR`` measures another
checkout, e.g. main, with its own ``.venv``). Three commands, each run ``--runs``
times; the median wall time is reported with the target from issue #17:

    coach --help                    < 0.5 s
    coach grade - (one answer)      < 2 s
    coach search QUERY              < 2 s   (index built first, not timed)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWER = {
    "question": "How would you measure whether a recommendation feature works?",
    "answer": "Run an A/B test on click-through and 7-day retention, segment by new and "
    "returning users, and watch latency as a guardrail.",
}
CASES: list[tuple[str, list[str], str | None, float]] = [
    ("coach --help", ["--help"], None, 0.5),
    ("coach grade - (one answer)", ["grade", "-"], json.dumps(ANSWER) + "\n", 2.0),
    ("coach search", ["search", "召回率和精确率怎么取舍"], None, 2.0),
]


def run_once(coach: Path, repo: Path, argv: list[str], stdin: str | None, home: Path) -> float:
    env = {
        **os.environ,
        "COACH_HOME": str(home),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ANONYMIZED_TELEMETRY": "False",
    }
    started = time.perf_counter()
    done = subprocess.run(
        [str(coach), *argv], cwd=repo, env=env, input=stdin, capture_output=True, text=True
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr[-400:]}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT, help="checkout to measure")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--home", type=Path, help="COACH_HOME with a built index (kept)")
    args = parser.parse_args()
    repo = args.repo.resolve()
    coach = repo / ".venv" / "bin" / "coach"
    home = args.home or Path(tempfile.mkdtemp(prefix="coach-startup-"))
    print(f"measuring {repo} ({args.runs} runs each; COACH_HOME={home})", file=sys.stderr)
    # Build the index once so that `search` measures start-up and one query, not ingest.
    run_once(coach, repo, ["search", "warm-up"], None, home)
    failed = 0
    rows = []
    for label, argv, stdin, target in CASES:
        times = [run_once(coach, repo, argv, stdin, home) for _ in range(args.runs)]
        median = statistics.median(times)
        ok = median < target
        failed += not ok
        rows.append({"command": label, "median_s": round(median, 2), "target_s": target, "ok": ok})
        verdict = "ok" if ok else "SLOW"
        print(f"{label:<28} median {median:5.2f} s  (target < {target} s)  {verdict}")
    print(json.dumps(rows), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
