"""The ``coach`` command: parses arguments, calls the library, prints.

Each area registers its subcommands from its own module; errors a user can cause
end in one sentence on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from coach.errors import CoachError

# Modules that add subcommands; each has ``register(subparsers)``.
_AREAS = (
    "coach.cli.corpus",
    "coach.cli.prd",
    "coach.cli.chat",
    "coach.cli.drill",
    "coach.cli.interview",
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="coach",
        description="AIPM Coach: practise AI product manager interviews, PRDs and design drills.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _AREAS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.handler(args)
    except CoachError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("coach: interrupted; what was done so far is saved.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
