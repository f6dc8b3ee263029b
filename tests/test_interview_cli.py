"""The CLI contract: interview (batch and on a terminal), grade, history, report."""

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

GRADE_KEYS = {"score", "verdict", "dimensions", "covered", "missed", "feedback"}


def write_answers(path: Path, answers: list[str]) -> Path:
    path.write_text("\n".join(json.dumps({"answer": a}, ensure_ascii=False) for a in answers))
    return path


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_batch_interview_json_then_history_and_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = write_answers(
        tmp_path / "a.jsonl",
        [
            "I don't know.",
            "Monitor accuracy and confidence, alert on drops, add new data and retrain, and keep a "
            "rollback plan with a staged rollout.",
        ],
    )
    result = run_json(
        capsys,
        "interview",
        "--answers",
        str(answers),
        "--json",
        "--count",
        "2",
        "--lang",
        "en",
        "--mode",
        "practice",
        "--seed",
        "4",
    )
    assert isinstance(result, dict)
    assert result["status"] == "finished"
    assert len(result["turns"]) == 2
    first = result["turns"][0]
    assert first["verdict"] == "rejected"
    assert first["reason"]
    assert first["feedback"]
    assert result["report"]["average"] is not None
    session = result["session_id"]

    history = run_json(capsys, "history", "--json")
    assert isinstance(history, list)
    assert history[0]["session_id"] == session
    assert history[0]["answered"] == 2
    assert history[0]["status"] == "finished"

    assert main(["report", session, "--format", "md"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Interview report · ")  # the readable title the UI shows
    assert "### Dimension profile" in markdown
    out = tmp_path / "report.md"
    assert main(["report", session[:5], "--format", "md", "--output", str(out)]) == 0
    assert out.read_text("utf-8") == markdown
    report = run_json(capsys, "report", session, "--format", "json")
    assert isinstance(report, dict)
    assert report["session_id"] == session


def test_running_out_of_answers_leaves_a_resumable_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = write_answers(tmp_path / "one.jsonl", ["我会和算法团队一起定指标。"])
    result = run_json(
        capsys, "interview", "--answers", str(one), "--json", "--count", "2", "--seed", "2"
    )
    assert isinstance(result, dict)
    assert result["status"] == "active"
    assert result["next"]
    history = run_json(capsys, "history", "--json")
    assert isinstance(history, list)
    assert history[0]["status"] == "active"
    assert history[0]["average"] == result["turns"][0]["score"]
    assert main(["history"]) == 0
    assert f"avg {result['turns'][0]['score']:>3}" in capsys.readouterr().out
    rest = write_answers(tmp_path / "rest.jsonl", ["先看数据，再定阈值。"])
    again = run_json(
        capsys, "interview", "--resume", result["session_id"], "--answers", str(rest), "--json"
    )
    assert isinstance(again, dict)
    assert again["status"] == "finished"
    assert again["turns"][0]["number"] == 2


def test_interactive_interview_without_a_terminal_fails_in_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["interview"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("coach: an interactive interview needs a terminal")
    assert "--answers" in err
    assert "\n" not in err


def test_bad_answers_file_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"answer": "ok"}\nnot json\n')
    assert main(["interview", "--answers", str(bad)]) == 2
    assert "line 2 is not JSON" in capsys.readouterr().err
    assert main(["report", "nosuchsession"]) == 2


def test_interactive_interview_on_a_terminal(tmp_path: Path) -> None:
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "coach.cli",
            "interview",
            "--count",
            "1",
            "--lang",
            "en",
            "--seed",
            "1",
        ],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=PROJECT_ROOT,
    )
    os.close(slave)
    os.write(master, b"/hint\n")
    os.write(master, b"I would define metrics, build a test set and set thresholds.\n\n")
    try:
        out, err = proc.communicate(timeout=240)
    finally:
        os.close(master)
    text = out.decode()
    assert proc.returncode == 0, err.decode()
    assert "[1/1]" in text
    assert "Hint: consider" in text
    assert "Score " in text
    assert "# Interview report" in text


def test_grade_reads_json_lines_and_writes_one_line_each(
    corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {"question": "fund-01", "answer": "不知道"},
        {
            "question": "AI产品经理如何评估一个推荐系统的效果？",
            "answer": "先定义点击率、转化率等指标，再用A/B测试对比新旧模型，并按用户群拆分结果。",
        },
        {"question": "", "answer": "x"},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(["grade", "-", "--json"]) == 2  # every line is graded, but two failed
    captured = capsys.readouterr()
    assert captured.err == "coach: 2 of 4 lines could not be graded\n"
    out = [json.loads(x) for x in captured.out.splitlines()]
    assert len(out) == 4
    assert set(out[0]) >= GRADE_KEYS
    assert out[0]["verdict"] == "rejected"
    assert out[0]["score"] <= 20
    assert out[0]["rubric"] == "bank:fund-01"
    assert set(out[1]) >= GRADE_KEYS
    assert out[1]["rubric"] == "retrieved"
    assert 0 <= out[1]["score"] <= 100
    assert out[1]["verdict"] in {"strong", "adequate", "weak"}
    assert "error" in out[2]
    assert "error" in out[3]


def test_report_to_a_missing_folder_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = write_answers(tmp_path / "a.jsonl", ["先看数据，再定阈值。"])
    session = run_json(capsys, "interview", "--answers", str(answers), "--json", "--count", "1")
    assert isinstance(session, dict)
    target = tmp_path / "nodir" / "r.md"
    assert main(["report", session["session_id"], "--format", "md", "--output", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert not target.exists()
    assert captured.err == f"coach: cannot write {target}: the folder does not exist\n"


def test_resume_without_a_terminal_says_what_is_wrong_with_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["interview", "--resume", "badid"]) == 2
    assert capsys.readouterr().err == (
        "coach: there is no interview session 'badid'; see `coach history`\n"
    )
    answers = write_answers(tmp_path / "a.jsonl", ["先看数据，再定阈值。"])
    session = run_json(capsys, "interview", "--answers", str(answers), "--json", "--count", "1")
    assert isinstance(session, dict)
    assert session["status"] == "finished"
    assert main(["interview", "--resume", session["session_id"]]) == 2
    err = capsys.readouterr().err
    # Said in the session's language (its answers were Chinese).
    assert "已经结束" in err
    assert "terminal" not in err
    assert "\n" not in err.strip()


def _grade(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *items: dict[str, str]
) -> tuple[int, list[dict[str, object]], str]:
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in items) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["grade", "-", "--json"])
    captured = capsys.readouterr()
    return code, [json.loads(x) for x in captured.out.splitlines()], captured.err


def test_grade_feedback_follows_the_answers_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _grade(
        capsys,
        monkeypatch,
        {"question": "fund-01", "answer": "召回率是TP/(TP+FN)，衡量找回了多少正例……"},
        {"question": "fund-01", "answer": "Recall is TP/(TP+FN): how many positives we find."},
        {"question": "fund-01", "answer": "……"},  # no words: the bank question, Chinese
    )
    assert code == 0, err
    assert [str(x["feedback"]).split()[0] for x in out] == ["得分", "Score", "得分"]
    assert all(x["rubric"] == "bank:fund-01" for x in out)
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"question": "fund-01", "answer": "召回率"}'))
    assert main(["grade", "-", "--json", "--lang", "en"]) == 0  # --lang still wins
    assert json.loads(capsys.readouterr().out)["feedback"].startswith("Score")


def test_grade_an_unknown_bank_id_fails_that_line_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _grade(
        capsys,
        monkeypatch,
        {"question": "nope-99", "answer": "x"},
        {"question": "fund-01", "answer": "不知道"},
    )
    assert code == 2
    assert err == "coach: 1 of 2 lines could not be graded\n"
    assert out[0] == {"line": 1, "error": "there is no question 'nope-99' in the bank"}
    assert out[1]["rubric"] == "bank:fund-01"


def test_grade_exits_2_when_every_line_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("not json\n"))
    assert main(["grade", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "line 1: not JSON\n\n"
    assert captured.err == "coach: 1 of 1 line could not be graded\n"


def test_history_holds_back_the_average_of_a_mock_interview_in_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = write_answers(tmp_path / "one.jsonl", ["我会和算法团队一起定指标，再看线上效果。"])
    result = run_json(
        capsys,
        "interview",
        "--answers",
        str(one),
        "--json",
        "--count",
        "2",
        "--seed",
        "3",
        "--mode",
        "mock",
    )
    assert isinstance(result, dict)
    assert result["status"] == "active"
    history = run_json(capsys, "history", "--json")
    assert isinstance(history, list)
    assert history[0]["session_id"] == result["session_id"]
    assert history[0]["answered"] >= 1
    assert history[0]["average"] is None
