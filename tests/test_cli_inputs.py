"""Bad CLI input ends in one sentence and a non-zero exit, never a traceback
(issue #18 item 4): encodings, binary files, empty stdin, an unwritable home,
a server that goes away, non-UTF-8 stdin."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from string import Formatter

import pytest

from coach.cli import main
from coach.settings import PROJECT_ROOT, Settings

LINE = {
    "question": "如何衡量一个推荐功能的效果？",
    "answer": "我会看点击率和留存，先做A/B测试，对比实验组和对照组七天留存，再看长期转化。",
}


def _one_sentence(err: str) -> str:
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("coach: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("codec", ["gbk", "utf-16", "utf-8-sig"])
def test_grade_reads_the_encodings_ingest_reads(
    tmp_path: Path, codec: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "answers.jsonl"
    path.write_bytes((json.dumps(LINE, ensure_ascii=False) + "\n").encode(codec))
    assert main(["grade", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert isinstance(result["score"], int)


def test_grade_of_a_binary_file_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    assert main(["grade", str(path)]) == 2
    assert "binary" in _one_sentence(capsys.readouterr().err)


def test_grade_of_empty_stdin_says_so_and_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["grade", "-"]) == 2
    assert "nothing to grade" in _one_sentence(capsys.readouterr().err)


def test_interview_answers_in_gbk_and_utf16_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for codec in ("gbk", "utf-16"):
        path = tmp_path / f"{codec}.jsonl"
        text = json.dumps({"answer": "我会先定义北极星指标，再拆解漏斗。"}, ensure_ascii=False)
        path.write_bytes((text + "\n").encode(codec))
        argv = ["interview", "--answers", str(path), "--count", "1", "--seed", "3", "--json"]
        assert main(argv) == 0
        assert json.loads(capsys.readouterr().out)["turns"][0]["answer"].startswith("我会")


def test_interview_answers_that_are_binary_are_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(bytes(range(256)) * 4)
    assert main(["interview", "--answers", str(path)]) == 2
    _one_sentence(capsys.readouterr().err)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_home_is_one_sentence(tmp_path: Path) -> None:
    home = tmp_path / "locked"
    home.mkdir()
    home.chmod(0o500)
    done = _coach(["history"], home=home / "coach")
    assert done.returncode != 0
    assert "COACH_HOME" in _one_sentence(done.stderr)


def test_a_home_that_is_a_file_is_one_sentence(tmp_path: Path) -> None:
    # (Runs as root too: nobody can make a folder inside a regular file.)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    done = _coach(["history"], home=blocker / "coach")
    assert done.returncode != 0
    assert "COACH_HOME" in _one_sentence(done.stderr)


def test_a_chroma_server_that_is_gone_is_one_sentence(tmp_path: Path) -> None:
    from evals.record_tests import free_port

    url = f"http://127.0.0.1:{free_port()}"
    done = _coach(["search", "召回率"], home=tmp_path / "home", extra={"COACH_CHROMA_URL": url})
    assert done.returncode != 0
    line = _one_sentence(done.stderr)
    assert "Chroma" in line or "chroma" in line


def test_non_utf8_stdin_for_search_is_one_sentence(
    corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO("召回率\n".encode("gbk")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["search", "-", "--json"]) == 2
    assert "not UTF-8" in _one_sentence(capsys.readouterr().err)


def _coach(
    argv: list[str], *, home: Path, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COACH_HOME": str(home), **(extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "coach.cli", *argv],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


# --- The sentence is in the user's language (issue #18, "Must show") ----------------
# `--lang zh` (the command's own, or `coach --lang zh COMMAND`) gives Chinese; the
# default is English. Each case below printed English before, whatever --lang said.


@pytest.fixture(autouse=True)
def _no_language_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACH_LANG", raising=False)


def _grade_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    return _one_sentence(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("lang", "expected"), [("zh", "没有可评分的内容"), ("en", "nothing to grade")]
)
def test_an_empty_file_in_the_users_language(
    tmp_path: Path, lang: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert expected in _grade_error(["grade", str(path), "--lang", lang], capsys)


@pytest.mark.parametrize(("lang", "expected"), [("zh", "二进制文件"), ("en", "binary file")])
def test_a_binary_file_in_the_users_language(
    tmp_path: Path, lang: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    assert expected in _grade_error(["grade", str(path), "--lang", lang], capsys)


def test_binary_interview_answers_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(bytes(range(256)) * 4)
    argv = ["interview", "--answers", str(path), "--lang", "zh"]
    assert "无法读取" in _grade_error(argv, capsys)


def test_damaged_utf16_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notepad.jsonl"
    path.write_bytes(b"\xff\xfe" + "{}".encode("utf-16-le") + b"\x00")  # odd length
    line = _grade_error(["grade", str(path), "--lang", "zh"], capsys)
    assert "不是有效的 UTF-16 文本" in line


@pytest.mark.parametrize(("lang", "expected"), [("zh", "文件太大"), ("en", "too large")])
def test_a_file_too_large_in_the_users_language(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    expected: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from coach.settings import reset_settings

    monkeypatch.setenv("COACH_MAX_FILE_BYTES", "1000")
    reset_settings()
    path = tmp_path / "big.jsonl"
    path.write_text((json.dumps(LINE, ensure_ascii=False) + "\n") * 40, encoding="utf-8")
    assert expected in _grade_error(["grade", str(path), "--lang", lang], capsys)


@pytest.mark.parametrize(("lang", "expected"), [("zh", "这是一个文件夹"), ("en", "it is a folder")])
def test_a_folder_in_the_users_language(
    tmp_path: Path, lang: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert expected in _grade_error(["grade", str(tmp_path), "--lang", lang], capsys)


@pytest.mark.parametrize(
    ("lang", "expected"), [("zh", "路径中有一部分是文件"), ("en", "a part of the path is a file")]
)
def test_an_unreadable_path_in_the_users_language(
    tmp_path: Path, lang: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # (An unreadable file cannot be made as root; a path through a file cannot be
    # read by anyone.)
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    argv = ["grade", str(blocker / "answers.jsonl"), "--lang", lang]
    assert expected in _grade_error(argv, capsys)


def test_a_file_name_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = os.fsdecode(b"\xff\xfeanswers.jsonl")
    path = tmp_path / name
    path.write_bytes((json.dumps(LINE, ensure_ascii=False) + "\n").encode("utf-8"))
    assert main(["grade", str(path), "--json"]) == 0  # the name does not stop the reading
    assert isinstance(json.loads(capsys.readouterr().out)["score"], int)
    line = _grade_error(["grade", str(tmp_path / (name + ".gone")), "--lang", "zh"], capsys)
    assert "没有这个文件" in line
    assert "\ufffd" in line  # the bad bytes are shown, not a UnicodeEncodeError


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["grade", "-", "--lang", "zh"], "标准输入里没有任何行"),
        (["--lang", "zh", "grade", "-"], "标准输入里没有任何行"),
        (["grade", "-"], "stdin has no lines"),
    ],
)
def test_empty_stdin_in_the_users_language(
    argv: list[str],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert expected in _grade_error(argv, capsys)


def test_the_language_setting_applies_to_every_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.settings import reset_settings

    monkeypatch.setenv("COACH_LANG", "zh")
    reset_settings()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert "标准输入里没有任何行" in _grade_error(["grade", "-"], capsys)
    assert "stdin has no lines" in _grade_error(["grade", "-", "--lang", "en"], capsys)


def test_gbk_stdin_for_search_in_chinese(
    corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO("召回率\n".encode("gbk")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["--lang", "zh", "search", "-", "--json"]) == 2
    assert "不是 UTF-8 文本" in _one_sentence(capsys.readouterr().err)


def test_a_home_that_cannot_be_used_in_chinese(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    for argv in (["--lang", "zh", "history"], ["--lang", "zh", "search", "召回率"]):
        done = _coach(argv, home=blocker / "coach")
        assert done.returncode != 0
        line = _one_sentence(done.stderr)
        assert "请把 COACH_HOME 设为你能写入的文件夹" in line, line


def test_a_chroma_server_that_is_gone_in_chinese(tmp_path: Path) -> None:
    from evals.record_tests import free_port

    url = f"http://127.0.0.1:{free_port()}"
    done = _coach(
        ["--lang", "zh", "search", "召回率"],
        home=tmp_path / "home",
        extra={"COACH_CHROMA_URL": url},
    )
    assert done.returncode == 3
    line = _one_sentence(done.stderr)
    assert "连不上" in line, line
    assert "Chroma" in line


def test_every_error_sentence_exists_in_both_languages() -> None:
    from coach.catalogue import catalogue

    errors = catalogue("errors")  # loading checks both languages and their fields
    assert len(errors) > 40
    for key in errors:
        zh, en = errors.pair(key)
        fields = [{f[1] for f in Formatter().parse(text) if f[1]} for text in (en, zh)]
        assert fields[0] == fields[1], key
