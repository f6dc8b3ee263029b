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
