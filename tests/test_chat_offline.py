"""Offline mode end to end: no key, no base URL, the coach still answers from the
corpus, quoting passages with citations and saying how to connect a model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.budget import fit_in_budget
from coach.chat import (
    ANSWER_QUOTE_CHARS,
    QUOTE_CHARS,
    GroundedChat,
    passage_tokens,
    quoted,
    shorten_passage,
)
from coach.citations import snippet
from coach.cli import main
from coach.retrieval import Passage, passage_place
from coach.settings import PROJECT_ROOT, Settings


def test_offline_answer_quotes_passages(offline_settings: Settings) -> None:
    answer = GroundedChat(offline_settings).ask(
        "How can I use the KANO model to prioritize features?"
    )
    assert answer.mode == "offline"
    assert answer.covered
    assert answer.citations
    for c in answer.citations:
        passage = answer.passages[c.n - 1]
        # Named as a reader knows it: title and section, a note as the coach's note.
        assert f"[{c.n}] {passage_place(passage, 'en')}" in answer.text
        flat = " ".join(passage.text.split())
        assert any(flat[i : i + 40] in answer.text for i in range(0, max(1, len(flat) - 40), 10))
    # A passage shown as the answer is quoted where it states it.
    stating = [c for c in answer.citations if c.role == "answer"]
    assert stating
    assert "Offline mode" in answer.text
    assert "OPENAI_API_KEY" in answer.text
    assert answer.tokens.total == 0


def test_a_passage_shown_as_the_answer_is_quoted_at_more_length(
    offline_settings: Settings,
) -> None:
    """Related reading is quoted short; the answer from the sentence that states it,
    at twice the length, so a note's answer is not cut off halfway."""
    answer = GroundedChat(offline_settings).ask(
        "信用卡审批模型拒了用户，产品上怎么告诉他被拒的原因？"
    )
    assert answer.verdict == "answer"
    blocks = answer.text.split("\n\n")
    quotes = {
        c.role: next(b for b in blocks if b.startswith(f"[{c.n}] ")) for c in answer.citations
    }
    longest = max(len(b.split("\n> ", 1)[1]) for b in blocks if b.startswith("[1] "))
    assert QUOTE_CHARS < longest <= ANSWER_QUOTE_CHARS + 2
    if "related" in quotes:
        assert len(quotes["related"].split("\n> ", 1)[1]) <= QUOTE_CHARS + 2


def test_offline_not_covered_says_so(offline_settings: Settings) -> None:
    answer = GroundedChat(offline_settings).ask("番茄炒蛋的做法")
    assert not answer.covered
    assert answer.citations == []
    assert answer.text.startswith("资料库没有覆盖")
    assert "离线模式" in answer.text
    # The decline names what the library covers closest to the question.
    assert answer.verdict == "declined"
    assert 2 <= len(answer.nearest) <= 3
    assert all(f"- {place}" in answer.text for place in answer.nearest)


def test_offline_stream(offline_settings: Settings) -> None:
    *deltas, final = GroundedChat(offline_settings).stream("AI产品经理日常主要负责哪些工作？")
    assert deltas == [final.text]  # type: ignore[union-attr]


def test_cli_ask_reads_stdin(
    offline_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("AI产品经理日常主要负责哪些工作？\n"))
    assert main(["ask", "-", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["mode"] == "offline"
    assert result["citations"]
    assert result["tokens"] == {"prompt": 0, "completion": 0}


def test_cli_rejects_an_empty_question(
    offline_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "  "]) == 2
    assert capsys.readouterr().err == "coach: the question is empty\n"


def test_cli_chat_repl_keeps_history(
    offline_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr(
        "sys.stdin", io.StringIO("AI产品经理日常主要负责哪些工作？\n为什么？\nexit\n")
    )
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    assert out.count("coach> ") == 2
    # The follow-up alone finds nothing; with the previous question it does.
    assert out.count("离线模式") == 2
    assert "资料库没有覆盖" not in out


def test_cli_chat_with_no_input_at_all_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["chat"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "coach: there was no question to answer; chat needs a terminal or questions piped in, "
        "one a line\n"
    )


def test_cli_models_offline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models"]) == 0
    assert "offline" in capsys.readouterr().out


def test_offline_from_a_fresh_process(corpus_home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "COACH_"))}
    env["COACH_HOME"] = str(corpus_home)
    result = subprocess.run(
        [sys.executable, "-m", "coach.cli", "ask", "What does an AI PM do?", "--json"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["mode"] == "offline"
    assert answer["citations"]
    assert all(c["source"].endswith(".txt") for c in answer["citations"])
    assert "Offline mode" in answer["answer"]


def test_the_stating_sentence_is_what_is_quoted() -> None:
    opening = "这一段先讲背景和来龙去脉，还没有说到指标本身。" * 20
    stating = "召回率 = TP /（TP + FN），衡量找全的能力。"
    text = opening + stating + "后面还有别的内容。"
    shown = quoted(text, stating)
    assert shown.startswith("…")
    assert stating in shown
    # With nothing to point at, or a statement already inside the opening, the opening.
    assert quoted(text) == snippet(text, QUOTE_CHARS)
    assert quoted(stating + opening, stating) == snippet(stating + opening, QUOTE_CHARS)


def test_a_window_too_long_for_the_budget_keeps_the_chunk_that_ranked() -> None:
    """The model is given the ranked chunk when a window must be cut, and a first
    passage over the whole budget is cut rather than leaving the prompt empty (a drill
    review's first passage, an article window of 634 tokens, met a 600-token budget)."""
    before = "前文背景。" * 300
    ranked = "召回率是模型找回的正例占全部正例的比例。" * 20
    window = Passage("c1", "a.txt", "t", "h", before + ranked, 0, 9, 1.0, 0.9, 3.0)
    window = Passage(**{**window.as_dict(), "lead": len(before)})
    kept = fit_in_budget([window], 200, passage_tokens, shorten=shorten_passage)
    assert len(kept) == 1
    assert kept[0].text.startswith("召回率是模型找回的正例")
    assert passage_tokens(kept[0]) <= 200
