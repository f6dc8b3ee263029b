"""`coach prd` on a file whose name holds bytes that are not UTF-8 (#18 item 4):
the critique is saved and exported under a printable name, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coach.cli import main

PRD = Path(__file__).parent / "data" / "prd"


@pytest.fixture
def no_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("coach.prd.actions.corpus_citer", lambda settings, notify: None)


def test_invalid_utf8_file_name_is_saved_and_exported(
    no_index: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = os.fsencode(tmp_path) + b"/prd-\xff\xfe.md"
    with open(raw, "wb") as f:
        f.write((PRD / "zh_mediocre.md").read_bytes())
    path = os.fsdecode(raw)  # what argv gives Python: lone surrogates in the str

    assert main(["prd", path, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["name"] == "prd-\ufffd\ufffd.md"
    assert out["version"] == 1

    assert main(["prd", path, "--json"]) == 0  # the same document again: linked, version 2
    again = json.loads(capsys.readouterr().out)
    assert again["session"] == out["session"]
    assert again["version"] == 2

    assert main(["prd", "--export", out["session"]]) == 0
    exported = capsys.readouterr().out
    assert exported.strip()
    assert exported.encode("utf-8")
