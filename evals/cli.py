"""The ``evals`` command.

evals run [--case ID ...] [--mode M ...] [--json] [--update-baseline] [--tolerance T]
evals record [--case ID ...]
evals list
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from rich.console import Console

from coach.errors import CoachError
from evals import baseline as baseline_mod
from evals.cases import CaseError, load_cases, select


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evals", description="AIPM Coach offline eval suite.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = sub.add_parser("run", help="replay every case through the real chains and score it")
    run.add_argument("--case", action="append", dest="cases", metavar="ID")
    run.add_argument("--mode", action="append", dest="modes", metavar="MODE")
    run.add_argument("--json", action="store_true", help="print the summary as JSON")
    run.add_argument("--update-baseline", action="store_true", help="accept these results")
    run.add_argument("--tolerance", type=float, default=baseline_mod.TOLERANCE)
    run.add_argument("--no-report", action="store_true", help="skip the Markdown/HTML report")
    rec = sub.add_parser("record", help="re-record model responses (needs a model)")
    rec.add_argument("--case", action="append", dest="cases", metavar="ID")
    rec.add_argument("--mode", action="append", dest="modes", metavar="MODE")
    rec.add_argument(
        "--local",
        action="store_true",
        help="start the local SmolLM2 llama.cpp server (needs `uv run --group record`)",
    )
    sub.add_parser("list", help="list the cases")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    args = build_parser().parse_args(argv)
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        cases = select(load_cases(), getattr(args, "cases", None), getattr(args, "modes", None))
        if args.command == "list":
            for case in cases:
                print(f"{case.id}\t{case.mode}\t{case.file}")
            return 0
        from evals.session import record_cases, run_cases

        if args.command == "record":
            recorded = record_cases(cases, console, local=args.local)
            console.print(f"recorded {recorded} of {len(cases)} case(s)")
            return 0 if recorded == len(cases) else 1
        summary, regressions, folder = run_cases(
            cases,
            console,
            tolerance=args.tolerance,
            update_baseline=args.update_baseline,
            write_report=not args.no_report,
            partial=bool(args.cases or args.modes),
        )
    except (CaseError, CoachError) as exc:
        print(f"evals: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(
            json.dumps(
                {
                    "cases": summary["cases"],
                    "passed": summary["passed"],
                    "failed": summary["failed"],
                    "metrics": summary["metrics"],
                    "regressions": [r.as_dict() for r in regressions],
                },
                ensure_ascii=False,
            )
        )
    if folder:
        console.print(f"report: {folder / 'report.md'} and report.html")
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
