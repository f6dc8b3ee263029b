"""Every entry point asks the one relevance decision (``coach.relevance.decide``): the
web UI's chat and ``coach ask``/``coach chat`` through ``GroundedChat``, the interview's
"what to read" through ``rubric_for_free_question``, the drills' reading through
``ModelReviewer.passages``. Code-switched questions, keyboard mash and neighbouring but
uncovered topics are declined alike in each, and an answerable question is answered."""

from __future__ import annotations

import io
import json

import pytest

from coach.chat import GroundedChat
from coach.cli import main
from coach.drills import ModelReviewer, bundled_library
from coach.llm import chat_model
from coach.relevance import decide
from coach.retrieval import Retriever
from coach.scoring import Score, verdict_for
from coach.scoring.rubric import rubric_for_free_question
from coach.settings import Settings

OUT_OF_SCOPE = [
    "how do I cook 红烧肉",  # code-switched
    "我的 iPhone battery 掉电太快怎么办",  # code-switched
    "asdkjh qwe zzz",  # keyboard mash
    "啊啊啊啊哈哈哈嗯嗯",
    "快速排序的时间复杂度是多少？",  # neighbouring: software, not AI product work
    "React 里 useEffect 的依赖数组怎么写？",  # neighbouring and code-switched
]
ANSWERABLE = ["召回率和精确率分别怎么计算？", "How do I tell whether my model is overfitting?"]


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_chat_declines_and_names_what_is_covered(offline_settings: Settings, question: str) -> None:
    answer = GroundedChat(offline_settings).ask(question)
    assert answer.verdict == "declined"
    assert not answer.covered
    assert answer.citations == []
    assert 2 <= len(answer.nearest) <= 3
    assert all(place in answer.text for place in answer.nearest)


@pytest.mark.parametrize("question", ANSWERABLE)
def test_chat_answers_what_the_library_states(offline_settings: Settings, question: str) -> None:
    answer = GroundedChat(offline_settings).ask(question)
    assert answer.verdict == "answer"
    assert any(c.role == "answer" for c in answer.citations)


@pytest.mark.parametrize("question", [OUT_OF_SCOPE[0], OUT_OF_SCOPE[2], OUT_OF_SCOPE[5]])
def test_cli_ask_declines(
    corpus_settings: Settings, capsys: pytest.CaptureFixture[str], question: str
) -> None:
    assert main(["ask", question, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["verdict"] == "declined"
    assert result["covered"] is False
    assert result["citations"] == []
    assert 2 <= len(result["nearest"]) <= 3


def test_cli_chat_declines_and_answers_in_one_conversation(
    corpus_settings: Settings,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    piped = "\n".join([OUT_OF_SCOPE[1], ANSWERABLE[0], OUT_OF_SCOPE[3], ""])
    monkeypatch.setattr("sys.stdin", io.StringIO(piped))
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    replies = out.split("coach> ")[1:]
    assert len(replies) == 3
    declined = ("资料库没有覆盖", "The library does not cover")
    assert replies[0].startswith(declined)
    assert not replies[1].startswith(declined)
    assert replies[2].startswith(declined)


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_interview_reading_is_empty_for_a_declined_question(
    corpus_settings: Settings, question: str
) -> None:
    rubric = rubric_for_free_question(question, Retriever(corpus_settings))
    assert rubric.reading == ()


def test_interview_reading_comes_from_passages_that_passed(corpus_settings: Settings) -> None:
    retriever = Retriever(corpus_settings)
    question = ANSWERABLE[0]
    rubric = rubric_for_free_question(question, retriever)
    passed = {p.source for p in decide(question, retriever, k=6).passages}
    assert rubric.reading
    assert {point.source for point in rubric.reading} <= passed


def test_drill_reading_holds_only_passages_that_passed(llm_settings: Settings) -> None:
    # passages() only retrieves: no request reaches the (replay) endpoint.
    lib = bundled_library()
    version = lib.find("plant-app-zh")
    points = lib.rubric(version, "risks").key_points
    missed = [{"point": p.text, "weight": p.weight, "source": p.source} for p in points]
    score = Score(
        score=0,
        verdict=verdict_for(0),
        dimensions={"coverage": 0},
        covered=[],
        missed=missed,
        feedback="",
        lang=version.lang,
    )
    retriever = Retriever(llm_settings)
    reviewer = ModelReviewer(llm_settings, retriever, chat_model(llm_settings))
    stage = lib.stage("risks")
    given = reviewer.passages(version, stage, score)
    points_text = [p.text for p in points[:3]]
    query = " ".join([version.title, stage.title[version.lang], *points_text])
    passed = {p.chunk_id for p in decide(query, retriever, k=llm_settings.top_k).passages}
    assert given
    assert {p.chunk_id for p in given} <= passed
