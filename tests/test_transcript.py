"""Chat conversations export to Markdown with every turn and the passages cited."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach import transcript
from coach.chat import GroundedChat
from coach.errors import BadInput
from coach.retrieval import source_title
from coach.settings import Settings
from coach.store import Store
from coach.ui.chat_tab import answer_payload


def test_a_saved_conversation_exports_every_turn_with_its_sources(
    offline_settings: Settings, tmp_path: Path
) -> None:
    store = Store(tmp_path / "sessions.db")
    chat = GroundedChat(offline_settings)
    session = store.create_session("chat", title="KANO", lang="en", owner="b1")
    questions = ["How can I use the KANO model to prioritize features?", "番茄炒蛋的做法"]
    answers = []
    for question in questions:
        answer = chat.ask(question)
        answers.append(answer)
        store.append(session.id, "question", {"text": question})
        store.append(session.id, "answer", answer_payload(answer))

    markdown = transcript.to_markdown(store, session.id)
    assert markdown.startswith("# Chat transcript: KANO\n")
    assert markdown.index(questions[0]) < markdown.index(questions[1])
    assert "offline: passages quoted as they are, no model" in markdown
    cited = answers[0].citations
    assert cited
    assert "*Cited passages*" in markdown
    for c in cited:
        assert f"[{c.n}] {source_title(c.title, c.kind, 'en')}" in markdown
        assert f"`{c.source}" in markdown
        passage = " ".join(answers[0].passages[c.n - 1].text.split())
        assert passage[:60] in markdown
    assert "\n\n\n" not in markdown


def test_an_empty_or_unknown_conversation(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions.db")
    session = store.create_session("chat", title="空", lang="zh", owner="b1")
    assert "（这段对话还没有内容）" in transcript.to_markdown(store, session.id)
    with pytest.raises(BadInput, match="no chat conversation"):
        transcript.to_markdown(store, "nope")
    other = store.create_session("prd", title="PRD", lang="zh", owner="b1")
    with pytest.raises(BadInput):
        transcript.to_markdown(store, other.id)
