"""The lazy CLI (issue #17 item 2): the command table matches what the area modules
register, and ``coach --help`` imports none of the heavy libraries."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

from coach.cli import _AREAS, COMMANDS
from coach.settings import PROJECT_ROOT


def test_the_command_table_matches_the_modules() -> None:
    registered: dict[str, tuple[str, str]] = {}
    for module in _AREAS:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(module).register(sub)
        for action in sub._choices_actions:
            registered[action.dest] = (module, str(action.help))
    assert registered == COMMANDS


def test_help_imports_no_heavy_library() -> None:
    probe = (
        "import sys\n"
        "from coach.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('chromadb', 'langchain_core', 'numpy', 'bs4', 'gradio') "
        "if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60
    )
    assert "HEAVY []" in done.stdout, done.stdout + done.stderr
    assert "interview" in done.stdout
    assert "search" in done.stdout


def test_a_language_before_the_command_is_checked() -> None:
    import pytest

    from coach.cli import main

    for argv in (["--lang", "fr", "history"], ["--lang"]):
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2
