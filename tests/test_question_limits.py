"""An over-long question is refused with one sentence in the user's language before
any work is done on it (#18 item 3): a 1 MB search query took ~170 s, a 100 KB chat
question 15 s, because embedding and tokenising grow with the length.

"Before any work" is shown by making the work fail loudly: the index, the chat chain
and the retriever are replaced by something that raises, so a check that came after
them (or no check at all) fails the test instead of passing slowly.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest

from coach.chat import GroundedChat
from coach.cli import main
from coach.errors import BadInput
from coach.settings import Settings, get_settings

MEGABYTE_QUERY = "召回率" * 350_000  # 1,050,000 characters, ~3 MB of UTF-8


class NoWork:
    """Stands where the index or the chat is built: reaching it is the failure."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError("an over-long question reached the index or the model")


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACH_LANG", raising=False)
    monkeypatch.setattr("coach.cli.corpus.ChunkIndex", NoWork)
    monkeypatch.setattr("coach.cli.chat._chat", NoWork)


def _one_sentence(err: str) -> str:
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("coach: ")
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "the question is too long"), ("zh", "问题太长")]
)
def test_a_megabyte_search_query_is_one_sentence_and_exit_2(
    no_work: None, lang: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--lang", lang, "search", MEGABYTE_QUERY]) == 2
    line = _one_sentence(capsys.readouterr().err)
    assert expected in line
    assert str(get_settings().max_question_chars) in line


def test_the_language_setting_says_it_in_chinese(
    no_work: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.settings import reset_settings

    monkeypatch.setenv("COACH_LANG", "zh")
    reset_settings()
    assert main(["ask", MEGABYTE_QUERY]) == 2
    assert "问题太长" in _one_sentence(capsys.readouterr().err)


def test_ask_refuses_a_long_question_from_stdin(
    no_work: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    limit = get_settings().max_question_chars
    monkeypatch.setattr(sys, "stdin", io.StringIO("为" * (limit + 1) + "\n"))
    assert main(["ask", "-"]) == 2
    assert f"({limit + 1} characters" in _one_sentence(capsys.readouterr().err)


def test_a_question_at_the_limit_is_not_refused(
    no_work: None, capsys: pytest.CaptureFixture[str]
) -> None:
    limit = get_settings().max_question_chars
    with pytest.raises(AssertionError, match="reached the index"):
        main(["search", "率" * limit])  # allowed through, so it reaches the index


def test_stdin_search_refuses_a_long_line(
    corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("COACH_LANG", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("召回率\n" + MEGABYTE_QUERY + "\n"))
    import coach.retrieval
    from coach.embeddings import embed_query

    monkeypatch.setattr(coach.retrieval, "embed_query", _first_short_only(embed_query))
    assert main(["--lang", "zh", "search", "-", "--json"]) == 2
    captured = capsys.readouterr()
    assert '"query": "召回率"' in captured.out  # the short line was answered first
    assert "问题太长" in _one_sentence(captured.err)


def _first_short_only(embed: Any) -> Any:
    def guarded(text: str) -> Any:
        assert len(text) < 1000, "an over-long query was embedded"
        return embed(text)

    return guarded


def test_chat_says_it_and_goes_on(
    corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("COACH_LANG", raising=False)
    asked: list[str] = []
    original = GroundedChat.stream

    def recording(self: GroundedChat, question: str, *args: Any, **kwargs: Any) -> Any:
        asked.append(question)
        return original(self, question, *args, **kwargs)

    monkeypatch.setattr(GroundedChat, "stream", recording)
    lines = MEGABYTE_QUERY + "\n召回率是什么？\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    assert main(["--lang", "zh", "chat"]) == 0
    captured = capsys.readouterr()
    assert "问题太长" in captured.err
    assert asked == ["召回率是什么？"]  # the long one never reached the chat


def test_the_library_refuses_too(corpus_settings: Settings) -> None:
    chat = GroundedChat(corpus_settings)
    long = "x" * (corpus_settings.max_question_chars + 1)
    with pytest.raises(BadInput) as raised:
        chat.ask(long)
    assert raised.value.key == "question_too_long"
    with pytest.raises(BadInput):
        next(iter(chat.stream(long)))


# --- The web UI's chat box ------------------------------------------------------------


def _chat_handler(demo: Any) -> Any:
    for block_fn in demo.fns.values():
        fn = block_fn.fn
        if fn is not None and fn.__module__ == "coach.ui.chat_tab" and fn.__name__ == "ask":
            return fn
    raise AssertionError("no chat handler")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(("lang", "expected"), [("zh", "问题太长"), ("en", "too long")])
def test_the_chat_box_refuses_a_long_question_with_a_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, expected: str
) -> None:
    from coach.store import Store
    from coach.ui import build_app
    from coach.ui.services import Services
    from coach.ui.state import new_browser_id

    monkeypatch.setattr(Services, "chat", NoWork)  # reaching the chat is the failure
    settings = Settings(home=tmp_path / "home")
    demo = build_app(settings)
    browser = {"id": new_browser_id(settings), "lang": lang}
    updates = list(_chat_handler(demo)(MEGABYTE_QUERY, "", browser))
    assert len(updates) == 1
    chatbot, _box, session_id, notice, _download = updates[0]
    assert notice["visible"]
    assert expected in notice["value"]
    assert "value" not in chatbot  # the question is not echoed into the conversation
    assert session_id == ""
    assert Store.open(settings).list_sessions(owner=browser["id"].split(".")[0]) == []
