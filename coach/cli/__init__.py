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
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.language import Language

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
    _add_lang(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, text) in COMMANDS.items():
        sub.add_parser(name, help=text, add_help=False)
    return parser


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        dest="ui_lang",
        choices=("zh", "en"),
        help="language of messages and errors for any command (default: COACH_LANG, else en); "
        "a command's own --lang wins",
    )


def _global_lang(argv: list[str]) -> tuple[str | None, list[str]]:
    """``--lang X`` given before the command, and the arguments without it."""
    lang = None
    while argv and argv[0].startswith("--lang"):
        if argv[0].startswith("--lang="):
            lang, argv = argv[0].split("=", 1)[1], argv[1:]
        elif argv[0] == "--lang" and len(argv) > 1:
            lang, argv = argv[1], argv[2:]
        else:
            break
    return lang, argv


def _command_of(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def message_language(args: argparse.Namespace | None = None) -> Language:
    """The language the user reads: the command's ``--lang``, else ``coach --lang``,
    else the ``COACH_LANG`` setting, else English."""
    chosen = getattr(args, "lang", None) or getattr(args, "ui_lang", None)
    if chosen is None:
        try:
            from coach.settings import get_settings

            chosen = get_settings().lang
        except Exception:  # noqa: BLE001 - a bad setting must not hide the error being shown
            chosen = None
    return "zh" if chosen == "zh" else "en"


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    given = list(sys.argv[1:] if argv is None else argv)
    ui_lang, rest = _global_lang(given)
    command = _command_of(rest)
    if command is None or ui_lang not in (None, "zh", "en"):
        _overview_parser().parse_args(given)
        return 2  # parse_args printed help or the usage error and exited
    parser = build_parser(command)
    _add_lang(parser)
    args = parser.parse_args(rest)
    args.ui_lang = ui_lang
    try:
        return int(args.handler(args) or 0)
    except BaseException as exc:
        failure = _explain(exc)
        if failure is None:
            raise
        code, error = failure
        if error is not None:
            print(f"coach: {error.text(message_language(args))}", file=sys.stderr)
        return code


def _explain(exc: BaseException) -> tuple[int, CoachError | None] | None:
    """Exit code and sentence for a failure the user can act on; None for a bug."""
    if isinstance(exc, CoachError):
        return exc.exit_code, exc
    if isinstance(exc, KeyboardInterrupt):
        return 130, CoachError(key="interrupted")
    if isinstance(exc, BrokenPipeError):
        return 0, None
    if isinstance(exc, UnicodeDecodeError):
        return 2, CoachError(key="not_utf8", start=exc.start, reason=exc.reason)
    if isinstance(exc, PermissionError | sqlite3.OperationalError) or _in_home(exc):
        assert isinstance(exc, OSError | sqlite3.OperationalError)
        return 1, _storage_problem(exc)
    if _connection_lost(exc):
        name = type(exc).__name__
        return 3, CoachError(key="connection_lost", url=_chroma_url(), name=name)
    return None


def _in_home(exc: BaseException) -> bool:
    """An OS error on a path inside COACH_HOME (e.g. the home is under a file)."""
    if not isinstance(exc, OSError) or not exc.filename:
        return False
    from coach.settings import get_settings

    home = Path(get_settings().home).absolute()
    path = Path(os.fsdecode(exc.filename)).absolute()
    return path == home or home in path.parents


def _storage_problem(exc: OSError | sqlite3.OperationalError) -> CoachError:
    from coach.errors import os_reason
    from coach.settings import get_settings

    home = get_settings().home
    if isinstance(exc, PermissionError):
        return CoachError(key="cannot_write_home", where=exc.filename or home)
    if isinstance(exc, OSError):
        return CoachError(key="home_unusable", where=exc.filename or home, reason=os_reason(exc))
    return CoachError(key="database_unusable", home=home, reason=str(exc))


def _connection_lost(exc: BaseException) -> bool:
    """An httpx/httpx2 connection failure (the Chroma client and openai use them)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    modules = {cls.__module__.split(".")[0] for cls in type(exc).__mro__}
    return bool(
        names & {"ConnectError", "ConnectTimeout", "RemoteProtocolError", "ReadError"}
        and modules & {"httpx", "httpx2", "httpcore"}
    )


def _chroma_url() -> str | CoachError:
    from coach.settings import get_settings

    return get_settings().chroma_url or CoachError(key="no_chroma_url")


if __name__ == "__main__":
    sys.exit(main())
