"""Finishing a drill early (#15): the run closes with the stages answered, the
scorecard scores only those and names the others, in the drill's language; the
CLI offers it on :finish, on leaving, and as `coach drill finish`."""

from __future__ import annotations

import json
import re

import pytest

from coach.cli import main
from coach.drills import DrillRun, bundled_library, read_answers, scorecard_markdown
from coach.errors import BadInput
from coach.settings import get_settings
from coach.store import Store
from tests.conftest import DATA

ANSWERS = DATA / "drills"


def _start(drill_id: str) -> DrillRun:
    return DrillRun.start(Store.open(get_settings()), bundled_library().find(drill_id))


def test_library_finishes_early_and_scores_only_what_was_answered() -> None:
    strong = read_answers(ANSWERS / "customer-service.en.strong.json")
    run = _start("customer-service-en")
    with pytest.raises(BadInput, match="answer at least one stage"):
        run.finish(early=True)
    for stage in ("goal", "users", "pain_points"):
        run.answer(strong[stage])
    with pytest.raises(BadInput, match=r"6 stages have no answer yet: 4\. .*finish now with 3"):
        run.finish()  # not early: refused, with the stages named and the way out

    assert run.scorecard().unanswered_text().startswith("In progress: 3 of 9 stages")

    card = run.finish(early=True)
    assert run.finished
    assert not card.complete
    assert card.verdict == "incomplete"
    answered = [s.score for s in card.stages[:3]]
    assert card.overall == round(sum(answered) / 3)
    assert card.overall >= 60
    assert [s.stage.id for s in card.unanswered] == [
        "solution", "prioritise", "metrics", "data_model", "risks", "recap"
    ]  # fmt: skip
    text = card.unanswered_text()
    assert text.startswith("Finished early with 3 of 9 stages")
    for result in card.unanswered:
        assert f"{result.stage.number}. {result.stage.title['en']}" in text
        assert result.stage.id not in text  # names, never internal ids

    reopened = DrillRun.resume(Store.open(get_settings()), run.id).scorecard()
    assert reopened.unanswered_text() == text
    assert reopened.overall == card.overall
    saved = Store.open(get_settings()).get_session(run.id)
    assert saved is not None
    assert saved.status == "finished"
    assert saved.summary["answered"] == 3
    assert set(saved.summary["stages"]) == {"goal", "users", "pain_points"}
    data = card.as_dict()
    assert data["answered"] == 3
    assert len(data["unanswered"]) == 6
    assert sum(1 for s in data["stages"] if s["answered"]) == 3

    md = scorecard_markdown(card, lang="zh")  # the UI language, not the drill's
    assert "提前结束，完成了 3/9 个阶段" in md
    assert "（未作答）" in md
    assert len(re.findall(r"^\| [4-9] \| [^|]+ \| — \| （未作答） \|$", md, re.M)) == 6
    assert "| 0 |" not in md  # an unanswered stage never shows a score


def test_an_early_finish_in_chinese_names_the_stages_in_chinese() -> None:
    strong = read_answers(ANSWERS / "plant-app.zh.strong.json")
    run = _start("plant-app-zh")
    run.answer(strong["goal"])
    with pytest.raises(BadInput, match=r"还有 8 个阶段没有作答：2\. 用户与场景"):
        run.finish()
    card = run.finish(early=True)
    assert card.unanswered_text().startswith("提前结束，完成了 1/9 个阶段")
    assert "、" in card.unanswered_names("zh")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    script: list[str] = []

    def fake_input(prompt: str = "") -> str:
        if not script:
            raise EOFError
        return script.pop(0)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", fake_input)
    return script


def test_cli_offers_finish_now_and_finishes(
    capsys: pytest.CaptureFixture[str], terminal: list[str]
) -> None:
    strong = read_answers(ANSWERS / "customer-service.en.strong.json")
    terminal += [strong["goal"], "", strong["users"], "", ":stages", ":finish"]
    assert main(["drill", "run", "customer-service-en"]) == 0
    out, err = capsys.readouterr()
    assert "Type :finish to finish now with 2 of 9 stages" in out  # offered by :stages
    assert "Finished early with 2 of 9 stages" in out
    assert "3. " in out
    assert "Drill finished" in err


def test_cli_leaving_early_says_how_to_finish_later(
    capsys: pytest.CaptureFixture[str], terminal: list[str]
) -> None:
    strong = read_answers(ANSWERS / "customer-service.en.strong.json")
    terminal += [strong["goal"], ""]  # then end of input
    assert main(["drill", "run", "customer-service-en"]) == 0
    _, err = capsys.readouterr()
    assert "Or finish now with 1 of 9 stages" in err
    session = err.split("coach drill finish ")[-1].split()[0]
    assert main(["drill", "finish", session, "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["answered"] == 1
    assert card["complete"] is False
    assert card["verdict"] == "incomplete"
    assert main(["drill", "finish", session]) == 2  # already finished: one sentence
    assert "is finished" in capsys.readouterr().err
