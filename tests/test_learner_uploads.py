"""A learner's uploads are theirs alone (#18 item 5), and chat answers leave no pile
of temporary folders (#18 item 10).

Learner A uploads an article through the web UI's services (as the upload button
does); learner B's searches, chat answers, citations and the words the coach matches
questions against never include it, B's upload of a file with the same name does
not replace A's, and A still finds theirs. The chat handler is the app's own, called
as the page calls it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coach.settings import Settings
from coach.ui.services import Services
from tests.plugins.browser import home_with_corpus

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

A_TEXT = (
    "# Zephyrine churn playbook\n\n"
    "The Zephyrine team cut monthly churn from 9% to 4% by calling every customer whose "
    "weekly usage fell by half, within two days of the drop.\n"
)
B_TEXT = (
    "# Quillmarsh onboarding notes\n\n"
    "The Quillmarsh team doubled activation by replacing the setup wizard with one "
    "sample project that opens on first login.\n"
)
A_QUESTION = "How did the Zephyrine team cut monthly churn?"
B_QUESTION = "How did the Quillmarsh team double activation?"
A, B = "a" * 32, "b" * 32


@pytest.fixture
def services(corpus_home: Path, tmp_path: Path) -> Services:
    home = home_with_corpus(corpus_home, tmp_path / "home")  # a copy: uploads change it
    return Services(Settings(home=home))


def _upload(tmp_path: Path, who: str, text: str, name: str = "notes.md") -> Path:
    folder = tmp_path / "browser-upload" / who  # Gradio's upload cache, one per request
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _sources(items: list[Any]) -> set[str]:
    return {str(item.source) for item in items}


def _texts(items: list[Any]) -> str:
    return "\n".join(getattr(item, "text", "") or getattr(item, "snippet", "") for item in items)


def test_one_learners_upload_is_never_found_for_another(services: Services, tmp_path: Path) -> None:
    report = services.ingest([_upload(tmp_path, "a", A_TEXT)], lambda *_: None, owner=A)
    assert report.files_read == 1
    assert report.added >= 1
    retriever = services.retriever()

    # A finds their own article; B, and anyone without an id, never do.
    assert "Zephyrine" in _texts(retriever.search(A_QUESTION, k=5, owner=A))
    for other in (B, None):
        hits = retriever.search(A_QUESTION, k=20, owner=other)
        assert "Zephyrine" not in _texts(hits)
        assert all(not hit.owner for hit in hits)
        assert not any("zephyrine" in text for text in retriever.texts(other))
        assert not any("Zephyrine" in label for label in retriever.labels(other))

    # Chat: A's answer cites the upload; B's neither cites nor quotes it.
    chat = services.chat()
    mine = chat.ask(A_QUESTION, owner=A)
    assert any(c.kind == "upload" for c in mine.citations)
    theirs = chat.ask(A_QUESTION, owner=B)
    assert "Zephyrine" not in theirs.text
    assert "Zephyrine" not in _texts(theirs.citations)
    assert all(c.kind != "upload" for c in theirs.citations)
    assert all(not p.owner for p in theirs.passages)


def test_a_same_name_upload_does_not_replace_another_learners(
    services: Services, tmp_path: Path
) -> None:
    services.ingest([_upload(tmp_path, "a", A_TEXT)], lambda *_: None, owner=A)
    report = services.ingest([_upload(tmp_path, "b", B_TEXT)], lambda *_: None, owner=B)
    assert report.files_read == 1
    assert report.removed == 0
    retriever = services.retriever()
    assert "Zephyrine" in _texts(retriever.search(A_QUESTION, k=5, owner=A))
    assert "Quillmarsh" in _texts(retriever.search(B_QUESTION, k=5, owner=B))
    assert "Quillmarsh" not in _texts(retriever.search(B_QUESTION, k=20, owner=A))
    # Both copies are kept on disk, each in its learner's own folder.
    kept = sorted((services.settings.home / "uploads").rglob("notes.md"))
    assert len(kept) == 2
    assert {p.read_text("utf-8") for p in kept} == {A_TEXT, B_TEXT}
    # A's upload again (same name, same learner) replaces only A's own copy.
    newer = A_TEXT.replace("two days", "one day")
    services.ingest([_upload(tmp_path, "a2", newer)], lambda *_: None, owner=A)
    assert "one day" in _texts(retriever.search(A_QUESTION, k=5, owner=A))
    assert "Quillmarsh" in _texts(retriever.search(B_QUESTION, k=5, owner=B))


# --- The web UI: the chat handler itself ---------------------------------------------


def _handler(demo: Any, module: str, name: str) -> Any:
    for block_fn in demo.fns.values():
        fn = block_fn.fn
        if fn is not None and fn.__module__ == f"coach.ui.{module}" and fn.__name__ == name:
            return fn
    raise AssertionError(f"no handler {name} in {module}")


@pytest.fixture
def ui(corpus_home: Path, tmp_path: Path) -> tuple[Any, Settings]:
    from coach.ui import build_app

    settings = Settings(home=home_with_corpus(corpus_home, tmp_path / "home"))
    return build_app(settings), settings


def _final(updates: Iterator[tuple[Any, ...]]) -> tuple[Any, ...]:
    *_, last = list(updates)
    return last


def _coach_said(messages: list[dict[str, Any]]) -> str:
    """What the coach showed (answers and source blocks), not the learner's question."""
    return "\n".join(str(m) for m in messages if m["role"] == "assistant")


def test_the_chat_tab_never_shows_another_learners_upload(
    ui: tuple[Any, Settings], tmp_path: Path
) -> None:
    from coach.ui.state import new_browser_id, owner_of

    demo, settings = ui
    a = {"id": new_browser_id(settings), "lang": "en"}
    b = {"id": new_browser_id(settings), "lang": "en"}
    upload = _handler(demo, "status", "run_ingest")
    result, _, _ = upload([str(_upload(tmp_path, "a", A_TEXT))], a, lambda *_, **__: None)
    assert "notes.md" not in str(result) or "Skipped" not in str(result)
    assert owner_of(a) is not None
    ask = _handler(demo, "chat_tab", "ask")
    shown_a = _coach_said(_final(ask(A_QUESTION, "", a))[0])
    shown_b = _coach_said(_final(ask(A_QUESTION, "", b))[0])
    assert "Zephyrine" in shown_a
    assert "Zephyrine" not in shown_b


def test_chat_answers_do_not_leave_a_temp_folder_each(
    ui: tuple[Any, Settings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.ui.state import new_browser_id

    demo, settings = ui
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    ask = _handler(demo, "chat_tab", "ask")
    browser = {"id": new_browser_id(settings), "lang": "en"}
    questions = ["什么是召回率？", "How do you pick a north-star metric?", "AI 产品经理做什么？"]
    session = ""
    for n in range(6):
        final = _final(ask(questions[n % 3], session, browser))
        session = final[2]
        assert session
    other = {"id": new_browser_id(settings), "lang": "en"}
    _final(ask(questions[0], "", other))
    folders = [p for p in temp.rglob("*") if p.is_dir()]
    files = [p for p in temp.rglob("*") if p.is_file()]
    # Seven answers in two conversations: one export folder, one file per conversation.
    assert len(folders) == 1, folders
    assert len(files) == 2, files


def test_gradio_sweeps_the_copies_it_serves(ui: tuple[Any, Settings]) -> None:
    # Each rewritten export is copied into Gradio's cache under a new content hash;
    # without a sweep those copies grow with every answer (the soak's temp figure).
    from coach.ui.layout import CACHE_SWEEP

    demo, _ = ui
    assert demo.delete_cache == CACHE_SWEEP
    frequency, age = CACHE_SWEEP
    assert 0 < frequency <= age
