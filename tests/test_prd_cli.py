"""The `coach prd` contract: JSON shape, stdin, --lang, bad input, export."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from coach.cli import main
from coach.settings import reset_settings

PRD = Path(__file__).parent / "data" / "prd"
ISSUE_FIELDS = {"severity", "section", "quote", "message", "suggestion", "citation"}


@pytest.fixture
def no_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip citations (and building the corpus index) where a test is not about them."""
    monkeypatch.setattr("coach.prd.actions.corpus_citer", lambda settings, notify: None)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["prd", *argv, "--json"]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def test_json_contract_with_corpus_citations(
    corpus_settings: object, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run_json(capsys, str(PRD / "zh_mediocre.md"), "--new")
    assert isinstance(out["score"], int)
    assert 0 <= out["score"] <= 100
    assert len(out["sections"]) == 12
    for found in out["sections"].values():
        assert found["status"] in {"present", "weak", "missing"}
        assert isinstance(found["evidence"], str)
    assert out["issues"]
    assert all(set(issue) >= ISSUE_FIELDS for issue in out["issues"])
    assert out["mode"] == "offline"
    assert out["version"] == 1
    assert out["revision"] is None
    cited = {i["section"]: i["citation"] for i in out["issues"] if i["kind"] in ("missing", "weak")}
    for section, terms in (
        ("evaluation", "测试|评估|阈值"),
        ("fallback", "置信度|fallback"),
        ("data", "标注|数据"),
    ):
        assert cited[section] is not None
        # A corpus article or one of the coach's notes (the library; a note on model
        # cards now backs a weak data section with "训练数据：来源、时间范围、规模…").
        assert re.fullmatch(
            r"00\d_[0-9a-f]{16}\.txt|[a-z0-9_-]+\.(?:zh|en)\.md", cited[section]["source"]
        )
        assert re.search(terms, cited[section]["text"]), cited[section]
    vague = next(i for i in out["issues"] if i["kind"] == "no_threshold")
    assert "越快越好" in vague["citation"]["text"]


def test_stdin_gbk(
    no_index: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (PRD / "zh_mediocre_gbk.txt").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    out = run_json(capsys, "-")
    assert out["name"] == "stdin"
    assert out["lang"] == "zh"
    assert out["sections"]["evaluation"]["status"] == "missing"


def test_human_report_and_lang(no_index: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["prd", str(PRD / "zh_mediocre.md"), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# PRD critique: 智能客服自动回复需求文档")
    assert "The PRD has no “Evaluation and acceptance” section." in captured.out
    assert "Quote: “机器人回答的准确率要高，响应速度要快。”" in captured.out
    assert "coach prd --export" in captured.err


def test_second_version_shows_the_diff(no_index: None, capsys: pytest.CaptureFixture[str]) -> None:
    first = run_json(capsys, str(PRD / "zh_mediocre.md"))
    second = run_json(capsys, str(PRD / "zh_mediocre_v2.md"))
    assert second["session"] == first["session"]
    assert second["version"] == 2
    assert second["revision"]["delta"] == second["score"] - first["score"] > 0
    assert second["revision"]["sections"]["fallback"] == {"was": "missing", "now": "present"}
    assert main(["prd", str(PRD / "zh_mediocre_v2.md")]) == 0
    assert "与上一版（第 2 版" in capsys.readouterr().out


def test_export(no_index: None, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    session = run_json(capsys, str(PRD / "en_mediocre.md"))["session"]
    assert main(["prd", "--export", session]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# PRD critique: Suggested Replies for Support Agents")
    target = tmp_path / "critique.md"
    assert main(["prd", "--export", session[:5], "--out", str(target)]) == 0
    assert target.read_text("utf-8") == text
    missing = tmp_path / "nodir" / "critique.md"
    capsys.readouterr()
    assert main(["prd", "--export", session, "--out", str(missing)]) == 2
    assert capsys.readouterr().err == f"coach: cannot write {missing}: the folder does not exist\n"


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        (b"", [], "is empty"),
        (b"\x00\x01\x02binary\x00" * 10, [], "binary"),
        (b"--- 123 ---", [], "no recognisable content"),
        (None, [], "there is no file"),
        (None, ["--export", "nosuch"], "there is no PRD session"),
        (
            b"## Data\nWe use 20,000 labelled support tickets from last year.",
            ["--out", "x.md"],
            "--out only goes with --export",
        ),
    ],
)
def test_bad_input_exits_2_with_one_sentence(
    no_index: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: bytes | None,
    argv: list[str],
    message: str,
) -> None:
    path = tmp_path / "prd.md"
    if content is not None:
        path.write_bytes(content)
    args = argv if argv and argv[0] == "--export" else [str(path), *argv]
    assert main(["prd", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("coach: ")
    assert message in lines[0]
    assert "Traceback" not in captured.err


def test_oversized_file_states_the_limit(
    no_index: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COACH_MAX_UPLOAD_MB", "1")
    reset_settings()
    path = tmp_path / "huge.md"
    path.write_bytes(b"## Data\n" + b"We use labelled tickets. " * 60_000)
    assert main(["prd", str(path)]) == 2
    assert "the limit for a PRD is 1 MB" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "prd.md", "prd.md 是空的"),
        (b"\x00\x01\x02binary\x00" * 10, "prd.md", "这是二进制文件"),
        (b"--- 123 ---", "prd.md", "没有可识别的内容"),
        (None, "prd.md", "没有文件"),
        (None, "", "是一个文件夹"),
        (b"x" * 2_000_001, "big.md", "PRD 的上限是 2 MB"),
        (b"a,b\n1,2\n", "table.xlsx", "不支持 '.xlsx' 文件"),
    ],
)
def test_bad_files_are_one_sentence_in_chinese_with_lang_zh(
    no_index: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes | None,
    name: str,
    message: str,
) -> None:
    """Issue #18: the sentence is in the user's language (it was English before)."""
    monkeypatch.setenv("COACH_MAX_UPLOAD_MB", "2")
    reset_settings()
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["prd", str(path), "--lang", "zh"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("coach: ")
    assert message in lines[0]
