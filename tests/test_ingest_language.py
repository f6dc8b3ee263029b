"""Why ingest skipped a file is said in the user's language (#18 "in the UI's
language"): `coach ingest --lang zh` (or COACH_LANG=zh) printed "skipped x: empty file"
in English, and the web UI fell back to a vague "check the input" for reasons it had no
pattern for (nested HTML, too many chunks, a bad PDF)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.cli import main
from coach.ingest import ingest
from coach.settings import Settings, reset_settings

HAN = re.compile(r"[\u4e00-\u9fff]")
# The reason each bad file gives, by language.
EXPECTED = {
    "empty.txt": {"zh": "空文件", "en": "empty file"},
    "image.txt": {"zh": "二进制文件", "en": "binary file"},
    "photo.jpg": {"zh": "不支持的文件类型 '.jpg'", "en": "unsupported file type '.jpg'"},
    "deep.html": {"zh": "HTML 嵌套了 1202 层", "en": "HTML nested 1202 levels deep"},
    "blank.md": {"zh": "只有空白", "en": "only white space"},
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text("离线评估看召回率，上线后看留存和投诉率。", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\n\t\n", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(200)))
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    deep = "<html><body>" + "<div>" * 1200 + "召回率" + "</div>" * 1200 + "</body></html>"
    (folder / "deep.html").write_text(deep, encoding="utf-8")
    return folder


def _skipped_lines(err: str) -> dict[str, str]:
    lines = [line for line in err.splitlines() if line.strip()]
    found = {}
    for line in lines:
        for name in EXPECTED:
            if name in line:
                found[name] = line
    return found


@pytest.mark.parametrize("how", ["flag", "setting"])
def test_coach_ingest_says_why_in_chinese(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    monkeypatch.delenv("COACH_LANG", raising=False)
    argv = ["ingest", str(folder)]
    if how == "flag":
        argv = ["--lang", "zh", *argv]
    else:
        monkeypatch.setenv("COACH_LANG", "zh")
        reset_settings()
    assert main(argv) == 0
    lines = _skipped_lines(capsys.readouterr().err)
    assert set(lines) == set(EXPECTED)
    for name, line in lines.items():
        assert line.startswith("跳过 "), line
        assert EXPECTED[name]["zh"] in line, line
        assert "skipped" not in line, line
        assert EXPECTED[name]["en"] not in line, line


def test_coach_ingest_says_why_in_english_by_default(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("COACH_LANG", raising=False)
    assert main(["ingest", str(folder)]) == 0
    lines = _skipped_lines(capsys.readouterr().err)
    assert set(lines) == set(EXPECTED)
    for name, line in lines.items():
        assert line.startswith("skipped "), line
        assert EXPECTED[name]["en"] in line, line
        assert not HAN.search(line), line


def test_the_web_ui_says_every_reason_in_its_language(tmp_path: Path, folder: Path) -> None:
    from coach.ui.status import report_text

    report = ingest([folder], Settings(home=tmp_path / "home", max_html_depth=1000))
    zh, en = report_text(report, "zh"), report_text(report, "en")
    for name, said in EXPECTED.items():
        assert said["zh"] in zh, (name, zh)
        assert said["en"] in en, (name, en)
    assert "请检查输入后重试" not in zh  # no reason falls back to "check the input"


def test_json_keeps_the_english_reason(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    monkeypatch.delenv("COACH_LANG", raising=False)
    assert main(["--lang", "zh", "ingest", str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    reasons = {Path(s["file"]).name: s["reason"] for s in report["files_skipped"]}
    assert reasons["empty.txt"] == "empty file"
