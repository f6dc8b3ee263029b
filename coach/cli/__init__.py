"""The ``coach`` command: parses arguments, calls the library, prints.

Each area registers its subcommands from its own module; errors a user can cause
end in one sentence on stderr and a non-zero exit, never a traceback.

Start-up is lazy: the table below names every command, so ``coach --help`` and
the choice of a command import no area module, and only the chosen command's
module is imported (Chroma and LangChain take seconds to import; issue #17).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence

from coach.errors import CoachError

# Command -> (the module whose ``register(subparsers)`` adds it, its one-line help).
# tests/test_cli_startup.py checks that this table matches what the modules register.
COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": ("coach.cli.corpus", "add articles to the index (default: the bundled corpus)"),
    "search": ("coach.cli.corpus", "find passages for a question ('-' reads stdin)"),
    "prd": ("coach.cli.prd", "critique a PRD for an AI product ('-' reads stdin)"),
    "ask": ("coach.cli.chat", "answer a question from the corpus, with citations"),
    "chat": ("coach.cli.chat", "talk with the coach; it remembers the conversation"),
    "models": ("coach.cli.chat", "show the configured chat model and whether it answers"),
    "drill": ("coach.cli.drill", "product design drills: a case in nine stages"),
    "interview": (
        "coach.cli.interview",
        "practise interview questions (interactive, or --answers)",
    ),
    "grade": ("coach.cli.interview", "score answers: JSON lines {question, answer} ('-' = stdin)"),
    "history": ("coach.cli.interview", "list interview sessions"),
    "report": ("coach.cli.interview", "the report of an interview session"),
}
_AREAS = tuple(dict.fromkeys(module for module, _ in COMMANDS.values()))

_DESCRIPTION = "AIPM Coach: practise AI product manager interviews, PRDs and design drills."


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The full parser for ``command``'s area (every area when ``command`` is None)."""
    import importlib

    parser = argparse.ArgumentParser(prog="coach", description=_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    areas = _AREAS if command is None else (COMMANDS[command][0],)
    for name in areas:
        importlib.import_module(name).register(sub)
    return parser


def _overview_parser() -> argparse.ArgumentParser:
    """Every command with its help line, without importing any of them."""
    parser = argparse.ArgumentParser(prog="coach", description=_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, text) in COMMANDS.items():
        sub.add_parser(name, help=text, add_help=False)
    return parser


def _command_of(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _command_of(argv)
    if command is None:
        _overview_parser().parse_args(argv)  # prints help or the usage error, and exits
        return 2
    args = build_parser(command).parse_args(argv)
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
    except UnicodeDecodeError as exc:
        print(
            f"coach: the input is not UTF-8 text (byte {exc.start}: {exc.reason}); "
            "save it as UTF-8 and try again",
            file=sys.stderr,
        )
        return 2
    except (PermissionError, sqlite3.OperationalError) as exc:
        print(f"coach: {_storage_problem(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:
        if not _connection_lost(exc):
            raise
        print(
            "coach: lost the connection to a server the command needs (the Chroma server "
            f"at {_chroma_url()} or the model endpoint): {type(exc).__name__}; check that "
            "it is running and try again",
            file=sys.stderr,
        )
        return 3
    return int(code or 0)


def _storage_problem(exc: OSError | sqlite3.OperationalError) -> str:
    from coach.settings import get_settings

    home = get_settings().home
    if isinstance(exc, PermissionError):
        where = exc.filename or home
        return f"cannot write {where} (permission denied); set COACH_HOME to a folder you can write"
    return f"cannot use the database in {home} ({exc}); set COACH_HOME to a folder you can write"


def _connection_lost(exc: BaseException) -> bool:
    """An httpx/httpx2 connection failure (the Chroma client and openai use them)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    modules = {cls.__module__.split(".")[0] for cls in type(exc).__mro__}
    return bool(
        names & {"ConnectError", "ConnectTimeout", "RemoteProtocolError", "ReadError"}
        and modules & {"httpx", "httpx2", "httpcore"}
    )


def _chroma_url() -> str:
    from coach.settings import get_settings

    return get_settings().chroma_url or "(none configured)"


if __name__ == "__main__":
    sys.exit(main())
