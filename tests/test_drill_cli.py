"""The ``coach drill`` contract: list, run from an answers file, the interactive
loop (with a terminal simulated), resume, report, history and next; user errors
end in one sentence and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.cli import main
from coach.drills import STAGE_IDS, DrillRun, bundled_library
from coach.errors import BadInput
from coach.settings import get_settings
from coach.store import Store
from tests.conftest import DATA

ANSWERS = DATA / "drills"
STRONG_ZH = ANSWERS / "plant-app.zh.strong.json"
WEAK_ZH = ANSWERS / "plant-app.zh.weak.json"
WEAK_EN = ANSWERS / "customer-service.en.weak.json"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_sentence(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("coach: ")
    assert "Traceback" not in err
    return lines[0]


def test_list_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "drill", "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 24
    assert all(set(r) == {"id", "title", "lang", "difficulty"} for r in rows)
    assert {r["lang"] for r in rows} == {"zh", "en"}
    assert {r["difficulty"] for r in rows} <= {"easy", "medium", "hard"}
    code, out, _ = _run(capsys, "drill", "list", "--json", "--lang", "en")
    assert {r["lang"] for r in json.loads(out)} == {"en"}
    code, out, _ = _run(capsys, "drill", "list")
    assert "plant-app-zh" in out
    assert "植物识别App" in out


def test_run_with_answers_prints_the_scorecard_json(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("drill", "run", "plant-app-zh", "--answers", str(STRONG_ZH), "--json")
    code, out, err = _run(capsys, *argv)
    assert code == 0, err
    card = json.loads(out)
    assert card["drill"]["id"] == "plant-app-zh"
    assert card["mode"] == "offline"
    assert [s["stage"] for s in card["stages"]] == list(STAGE_IDS)
    for stage in card["stages"]:
        assert 0 <= stage["score"] <= 100
        assert stage["verdict"]
        assert stage["feedback"]
        assert stage["pushback"]
        assert stage["attempts"] == 1
    assert card["overall"] == round(sum(s["score"] for s in card["stages"]) / 9)
    assert card["verdict"] in ("strong", "adequate")
    assert card["next_drill"]["id"] != "plant-app-zh"
    assert "Offline mode" in err or "离线模式" in err  # the offline default says so

    code, out, _ = _run(capsys, "drill", "history", "--json")
    runs = json.loads(out)
    assert runs[0]["session_id"] == card["session_id"]
    assert runs[0]["status"] == "finished"

    code, out, _ = _run(capsys, "drill", "report", card["session_id"])
    assert code == 0
    assert out.startswith("# 产品设计演练")
    assert "| 1 | 澄清目标 |" in out
    code, out, _ = _run(capsys, "drill", "report", card["session_id"], "--format", "json")
    assert json.loads(out)["overall"] == card["overall"]


def test_run_with_a_stage_keyed_answers_object(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = json.loads(WEAK_ZH.read_text("utf-8"))
    keyed = tmp_path / "keyed.json"
    keyed.write_text(json.dumps(dict(zip(reversed(STAGE_IDS), reversed(answers), strict=True))))
    code, out, err = _run(capsys, "drill", "run", "plant-app", "--answers", str(keyed))
    assert code == 0, err
    assert "植物识别App" in out
    assert "下一道推荐" in out


def test_interactive_run_needs_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "drill", "run", "plant-app-zh")
    assert code == 2
    assert out == ""
    assert "needs a terminal" in _one_sentence(err)
    assert "--answers" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("{not json", "not valid JSON"),
        ("", "not valid JSON"),
        (json.dumps(["a"] * 8), "has 8 answers"),
        (json.dumps({"goal": "a", "vision": "b"}), "unknown stage 'vision'"),
        (json.dumps({"goal": "a"}), "no answer for stage users"),
        (json.dumps(["a"] * 8 + [42]), "must be a string"),
        (json.dumps("just text"), "must hold a JSON list"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_bad_answers_file_exits_2_with_one_sentence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "answers.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, "utf-8")
    code, out, err = _run(capsys, "drill", "run", "plant-app-zh", "--answers", str(path), "--json")
    assert code == 2
    assert out == ""
    assert message in _one_sentence(err)
    code, out, _ = _run(capsys, "drill", "history", "--json")
    assert json.loads(out) == []  # nothing was started


def test_unknown_drill_and_session_are_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "drill", "run", "toaster", "--answers", str(WEAK_ZH))
    assert code == 2
    assert "no drill 'toaster'" in _one_sentence(err)
    code, _, err = _run(capsys, "drill", "report", "missing")
    assert code == 2
    assert "no drill run" in _one_sentence(err)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A simulated terminal: ``isatty`` is true and ``input`` reads from a script."""
    script: list[str] = []

    def fake_input(prompt: str = "") -> str:
        if not script:
            raise EOFError
        return script.pop(0)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", fake_input)
    return script


def test_interactive_run_with_hint_back_quit_and_resume(
    capsys: pytest.CaptureFixture[str], terminal: list[str]
) -> None:
    weak = json.loads(WEAK_ZH.read_text("utf-8"))
    strong = json.loads(STRONG_ZH.read_text("utf-8"))
    terminal += [":hint", weak[0], "", weak[1], "", ":back 1", strong["goal"], ""]
    terminal += [":stages", ":quit"]
    code, out, err = _run(capsys, "drill", "run", "plant-app-zh")
    assert code == 0, err
    assert "提示：" in out
    assert "面试官追问：" in out
    assert "回到第 1 步" in out
    assert "第 3/9 步 · 痛点" in out  # after redoing stage 1, back to the frontier
    session = err.split("coach drill resume ")[-1].split()[0]

    terminal[:] = [line for text in weak[2:] for line in (text, "")]
    code, out, err = _run(capsys, "drill", "resume", session)
    assert code == 0, err
    assert "演练结束" in err
    assert "总分" in out
    code, out, _ = _run(capsys, "drill", "report", session, "--format", "json")
    card = json.loads(out)
    assert card["complete"]
    assert card["stages"][0]["history"][0] < card["stages"][0]["score"]
    code, _, err = _run(capsys, "drill", "resume", session)
    assert code == 2
    assert "finished" in _one_sentence(err)


def test_report_to_a_file_and_next(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(capsys, "drill", "run", "plant-app-zh", "--answers", str(WEAK_ZH), "--json")
    session = json.loads(out)["session_id"]
    target = tmp_path / "report.md"
    code, out, _ = _run(capsys, "drill", "report", session, "--out", str(target))
    assert code == 0
    assert out == ""
    assert target.read_text("utf-8").startswith("# 产品设计演练")
    missing = tmp_path / "nodir" / "report.md"
    code, out, err = _run(capsys, "drill", "report", session, "--out", str(missing))
    assert code == 2
    assert out == ""
    assert _one_sentence(err) == f"coach: cannot write {missing}: the folder does not exist"
    code, out, _ = _run(capsys, "drill", "next", "--json")
    nxt = json.loads(out)
    assert nxt["lang"] == "zh"
    assert nxt["id"] != "plant-app-zh"
    assert nxt["weak_areas"]
    code, out, _ = _run(capsys, "drill", "next", "--lang", "en")
    assert out.startswith("Next drill:")


def test_resume_without_a_terminal_checks_the_run_first(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, err = _run(capsys, "drill", "resume", "badid")
    assert code == 2
    assert out == ""
    assert _one_sentence(err) == (
        "coach: there is no drill run 'badid'; `coach drill history` lists them"
    )
    code, out, _ = _run(capsys, "drill", "run", "plant-app-zh", "--answers", str(WEAK_ZH), "--json")
    finished = json.loads(out)["session_id"]
    code, _, err = _run(capsys, "drill", "resume", finished)
    assert code == 2
    assert "is finished" in _one_sentence(err)
    store = Store.open(get_settings())
    active = DrillRun.start(store, bundled_library().find("plant-app-zh")).id
    code, _, err = _run(capsys, "drill", "resume", active)
    line = _one_sentence(err)
    assert code == 2
    assert "needs a terminal" in line
    assert f"coach drill resume {active}" in line
    assert "--answers" not in line  # `drill resume` has no such option


def test_back_without_a_target_goes_to_the_stage_before_the_one_due() -> None:
    """`:back` is DrillRun.back (issue #17: the CLI held this logic itself)."""
    weak = json.loads(WEAK_ZH.read_text("utf-8"))
    run = DrillRun.start(Store.open(get_settings()), bundled_library().find("plant-app-zh"))
    first, second, third = STAGE_IDS[:3]
    assert run.back().id == first  # nothing answered: the first stage
    run.answer(weak[0])
    run.answer(weak[1])
    assert run.current == third
    assert run.back().id == second  # the last answered stage before the one due
    assert run.back().id == second  # already on an answered stage: stays there
    assert run.back("1").id == first  # a stage number
    assert run.back(third).id == third  # a stage id (the frontier)
    with pytest.raises(BadInput):
        run.back("5")  # not reached yet


def test_drill_history_and_next_read_progress_from_the_library(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from coach.progress import last_language, session_score

    code, out, err = _run(
        capsys, "drill", "run", "customer-service-en", "--answers", str(WEAK_EN), "--json"
    )
    assert code == 0, err
    card = json.loads(out)
    store = Store.open(get_settings())
    session = store.get_session(card["session_id"])
    assert session is not None
    assert session_score(store, session) == card["overall"]
    assert last_language(store) == "en"
    _, out, _ = _run(capsys, "drill", "history", "--json")
    assert json.loads(out)[0]["overall"] == card["overall"]
    _, out, _ = _run(capsys, "drill", "next")
    assert out.startswith("Next drill:")  # the language of the last session
