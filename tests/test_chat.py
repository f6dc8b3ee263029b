"""The grounded chain end to end, replaying answers recorded from a real model.

Re-record with ``uv run --group record python -m evals.record_tests`` (see that module).
The recorded model may cite well or badly; what is checked is what the coach does
with it: every marker left points at a passage given, every cited passage is
listed, tokens are reported, history fits its budget.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from vcr.errors import CannotOverwriteExistingCassetteException

from coach.budget import Turn
from coach.chat import GroundedAnswer, GroundedChat
from coach.citations import check_citations
from coach.cli import main
from coach.relevance import decide
from coach.retrieval import passage_place
from coach.settings import Settings

MARKER = re.compile(r"\[(\d+)\]")


def sent(cassette: Any, i: int = 0) -> dict[str, Any]:
    body = cassette.requests[i].body
    sent_body: dict[str, Any] = json.loads(
        body.decode("utf-8") if isinstance(body, bytes) else body
    )
    return sent_body


def assert_grounded(answer: GroundedAnswer) -> None:
    assert answer.mode == "llm"
    assert answer.covered
    assert answer.text.strip()
    assert 1 <= len(answer.passages) <= 3
    numbers = {int(n) for n in MARKER.findall(answer.text)}
    assert numbers <= set(range(1, len(answer.passages) + 1)), "a marker points at nothing"
    assert [c.n for c in answer.citations] == sorted(numbers)
    for c in answer.citations:
        passage = answer.passages[c.n - 1]
        assert (c.chunk_id, c.source, c.title) == (passage.chunk_id, passage.source, passage.title)
    assert answer.tokens.prompt > 0
    assert answer.tokens.completion > 0


@pytest.mark.vcr
def test_grounded_answer_in_english(llm_settings: Settings, vcr: Any) -> None:
    answer = GroundedChat(llm_settings).ask("How can I use the KANO model to prioritize features?")
    assert_grounded(answer)
    assert answer.language == "en"
    request = sent(vcr)
    system, user = request["messages"][0], request["messages"][-1]
    assert system["role"] == "system"
    assert "Answer in English" in system["content"]
    assert "[1] " in user["content"]
    assert "KANO model" in user["content"]
    assert request["max_tokens"] == 160, "budget from settings, as llama.cpp reads it"


@pytest.mark.vcr
def test_grounded_answer_in_chinese(llm_settings: Settings, vcr: Any) -> None:
    chat = GroundedChat(llm_settings)
    question = "AI产品经理日常主要负责哪些工作？"
    answer = chat.ask(question)
    assert_grounded(answer)
    assert answer.language == "zh"
    # What the recorded model cites is among the passages that passed the decision.
    passed = {p.chunk_id for p in decide(question, chat.retriever, k=llm_settings.top_k).passages}
    assert {c.chunk_id for c in answer.citations} <= passed
    system = sent(vcr)["messages"][0]["content"]
    assert "用中文回答" in system


@pytest.mark.vcr
def test_history_is_trimmed_to_its_budget(llm_settings: Settings, vcr: Any) -> None:
    history: list[Turn] = []
    for i in range(1, 5):
        history += [
            Turn("user", f"第{i}个问题：AI产品经理需要哪些能力？" + "请详细说明。" * 20),
            Turn(
                "assistant", f"第{i}个回答：需要技术理解、数据思维和业务洞察。" + "展开来说。" * 20
            ),
        ]
    answer = GroundedChat(llm_settings).ask("那么模型上线后准确率下降该怎么办？", history)
    assert_grounded(answer)
    assert 0 < answer.history_turns < len(history)
    messages = sent(vcr)["messages"]
    contents = [m["content"] for m in messages]
    assert not any(c.startswith("第1个问题") for c in contents), "oldest turn kept"
    assert any(c.startswith("第4个回答") for c in contents), "latest turn dropped"
    assert messages[1]["role"] == "user", "history starts with a question"
    history_tokens = sum(t.tokens for t in history[-answer.history_turns :])
    assert history_tokens <= llm_settings.history_tokens


@pytest.mark.vcr
def test_streaming_yields_deltas_then_the_checked_answer(llm_settings: Settings) -> None:
    events = list(GroundedChat(llm_settings).stream("What does an AI PM do day to day?"))
    *deltas, final = events
    assert isinstance(final, GroundedAnswer)
    assert len(deltas) > 1
    assert all(isinstance(d, str) for d in deltas)
    raw = "".join(str(d) for d in deltas)
    assert final.text == check_citations(raw, final.passages).text
    assert_grounded(final)


@pytest.mark.vcr
def test_cli_ask_json_contract(llm_settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "模型上线一段时间后准确率往下掉，可能是什么原因？", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= {"answer", "mode", "citations", "tokens"}
    assert result["mode"] == "llm"
    assert result["covered"] is True
    assert set(result["tokens"]) == {"prompt", "completion"}
    assert result["tokens"]["prompt"] > 0
    for citation in result["citations"]:
        assert set(citation) == {"n", "source", "chunk_id", "title", "heading", "kind", "role"}


def test_the_model_is_given_only_passages_that_passed_the_decision(
    llm_settings: Settings,
) -> None:
    # The prompt is built, not sent: no recording is needed to see what the model gets.
    question = "召回率和精确率分别怎么计算？"
    chat = GroundedChat(llm_settings)
    grounding = chat.retrieve.invoke({"question": question, "history": []})
    decision = decide(question, chat.retriever, k=llm_settings.top_k)
    passed = {p.chunk_id for p in decision.passages}
    dropped = [p for p in decision.retrieved if p.chunk_id not in passed]
    assert dropped, "retrieval brought back passages the decision turned down"
    assert grounding.passages
    assert {p.chunk_id for p in grounding.passages} <= passed
    prompt = chat._prompt(grounding).to_messages()[-1].content
    assert isinstance(prompt, str)
    for p in grounding.passages:
        assert p.text.strip()[:40] in prompt
    for p in dropped:
        assert f"] {passage_place(p)}\n{p.text.strip()[:40]}" not in prompt


@pytest.mark.parametrize(
    "question", ["红烧肉怎么做才好吃？", "Who won the 2022 football World Cup final?"]
)
def test_not_covered_does_not_ask_the_model(llm_settings: Settings, question: str) -> None:
    # No cassette and the network blocked: any model request would fail the test.
    answer = GroundedChat(llm_settings).ask(question)
    assert answer.mode == "llm"
    assert not answer.covered
    assert answer.citations == []
    assert answer.tokens.total == 0
    expected = "资料库没有覆盖" if answer.language == "zh" else "The library does not cover"
    assert answer.text.startswith(expected)
    assert answer.verdict == "declined"
    assert 2 <= len(answer.nearest) <= 3


@pytest.mark.vcr(record_mode="none")
def test_missing_recording_fails_loudly(llm_settings: Settings) -> None:
    # A question no cassette holds: vcrpy's own error surfaces, naming the request,
    # instead of a quiet fallback or a call out to the network.
    with pytest.raises(CannotOverwriteExistingCassetteException, match="chat/completions"):
        GroundedChat(llm_settings).ask("What do AI PMs need to know about data labelling?")


@pytest.mark.vcr("test_grounded_answer_in_english.yaml", record_mode="none")
def test_another_prompt_never_replays_a_recording(llm_settings: Settings) -> None:
    # Same endpoint and settings as the English recording, different question.
    with pytest.raises(CannotOverwriteExistingCassetteException):
        GroundedChat(llm_settings).ask(
            "How should an AI PM choose a threshold between precision and recall?"
        )
