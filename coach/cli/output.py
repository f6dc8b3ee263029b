"""Shared printing for CLI modules: JSON lines and progress bars on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import BadInput, os_reason

if TYPE_CHECKING:
    from rich.console import Console


@cache
def _stderr() -> Console:
    # rich is imported on first use: most commands print a line or two, if anything.
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(value: Any, *, indent: int | None = None) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=indent) + "\n")
    sys.stdout.flush()


def whole(score: float | None) -> int | None:
    """A 0-100 score as printed: a whole number, or None."""
    return None if score is None else round(score)


def say(message: str) -> None:
    """A status line for people, kept off stdout so JSON output stays clean."""
    _stderr().print(message, markup=False)


def write_output(path: Path, text: str) -> None:
    """Write an ``--out``/``--output`` file (UTF-8) and say so; a failure is BadInput."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadInput(
            key="cannot_write_file", path=path, reason=os_reason(exc, writing=True)
        ) from None
    say(f"wrote {path}")


@contextmanager
def progress_bar(label: str) -> Iterator[Any]:
    """Yield a ``(done, total, what)`` callback that drives a bar on stderr."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=_stderr(),
        transient=False,
    ) as bar:
        task = bar.add_task("", total=None)

        def update(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total or None, description=what)

        yield update


def read_input_lines(path: str, max_bytes: int) -> list[str]:
    """The lines of a text file, or of stdin for ``-``, decoded as ingest decodes
    articles (UTF-8, GBK/GB18030, UTF-16); a binary, oversized or unreadable input
    is one ``BadInput`` sentence naming it (in both languages)."""
    from coach.reading import UnreadableFile, decode, printable_name

    def unreadable(reason: object) -> BadInput:
        if path == "-":
            return BadInput(key="cannot_read_stdin", reason=reason)
        return BadInput(key="cannot_read_file", path=printable_name(path), reason=reason)

    if path == "-" and not hasattr(sys.stdin, "buffer"):  # already text (embedded use)
        return sys.stdin.read().splitlines()
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with Path(path).open("rb") as file:
                data = file.read(max_bytes + 1)
    except OSError as exc:
        raise unreadable(os_reason(exc)) from None
    if len(data) > max_bytes:
        size = len(data) if path == "-" else Path(path).stat().st_size
        too_large = BadInput(key="too_large", size_mb=size / 1e6, limit_mb=max_bytes / 1e6)
        raise unreadable(too_large)
    if not data.strip():
        return []
    try:
        text, _ = decode(data)
    except UnreadableFile as exc:
        raise unreadable(exc) from None
    return text.splitlines()


def read_block(prompt: str, command_prefix: str) -> str | None:
    """An answer typed over several lines, ended by a blank line; None at end of input.

    A first line starting with ``command_prefix`` (e.g. ``:hint``) is returned alone
    as a command.
    """
    lines: list[str] = []
    while True:
        try:
            line = input(prompt if not lines else "  ")
        except EOFError:
            return "\n".join(lines) if lines else None
        if not line.strip():
            if lines:
                return "\n".join(lines)
            continue
        if not lines and line.strip().startswith(command_prefix):
            return line.strip()
        lines.append(line)
