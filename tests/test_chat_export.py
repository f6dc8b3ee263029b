"""The chat export: one file per conversation in one folder, rewritten after each
answer, instead of a new temporary folder per answer that is never deleted (#18)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from coach.ui import chat_tab


def test_exports_reuse_one_file_per_conversation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    before = set(tmp_path.iterdir())
    paths = {chat_tab.export_file("s1", f"# answer {n}\n") for n in range(50)}
    paths |= {chat_tab.export_file("s2", "# other\n")}
    created = set(tmp_path.iterdir()) - before
    assert created == {tmp_path / chat_tab.EXPORTS}
    assert len(paths) == 2
    assert sorted(p.name for p in (tmp_path / chat_tab.EXPORTS).iterdir()) == [
        "chat-s1.md",
        "chat-s2.md",
    ]
    assert Path(chat_tab.export_file("s1", "latest\n")).read_text("utf-8") == "latest\n"


def test_an_odd_session_id_cannot_leave_the_export_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = Path(chat_tab.export_file("../../etc/passwd", "x"))
    assert path.parent == tmp_path / chat_tab.EXPORTS


def test_sources_are_shown_once_by_title_and_section() -> None:
    payload = {
        "text": "quoted passages …",
        "brief": "The library answers this …\n\n[1] Title A · Part 1\n> first passage",
        "mode": "offline",
        "verdict": "answer",
        "lang": "en",
        "citations": [
            {
                "n": 1,
                "source": "a.txt",
                "title": "Title A",
                "heading": "Part 1",
                "kind": "article",
                "role": "answer",
                "passage": "first passage",
            },
            {
                "n": 2,
                "source": "a.txt",
                "title": "Title A",
                "heading": "Part 2",
                "kind": "article",
                "role": "related",
                "passage": "second passage",
            },
            {
                "n": 3,
                "source": "a.txt",
                "title": "Title A",
                "heading": "Part 3",
                "kind": "article",
                "role": "related",
                "passage": "third passage",
            },
            {
                "n": 4,
                "source": "pr.en.md",
                "title": "Precision",
                "heading": "Formula",
                "kind": "coach-note",
                "role": "related",
                "passage": "fourth passage",
            },
        ],
    }
    messages = chat_tab.answer_messages(payload)
    text = "\n".join(str(m["content"]) for m in messages)
    for passage in ("first passage", "second passage", "third passage", "fourth passage"):
        assert text.count(passage) == 1
    titles = [m["metadata"]["title"] for m in messages if "metadata" in m]
    # One block per article, its sections inside; notes named as the coach's own.
    assert titles == [
        "[2][3] Related reading, not an answer · Title A",
        "[4] Related reading, not an answer · AIPM Coach note: Precision",
    ]
    assert "a.txt" not in text
    assert "pr.en.md" not in text


def test_gradios_copies_of_earlier_versions_are_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gradio serves each version of the export from its own cached copy (a folder per
    content hash); a new version removes the copies of the earlier ones, and only
    those: another conversation's copy and other files stay."""
    cache = tmp_path / "gradio"
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for folder, name in (("a1", "chat-s1.md"), ("b2", "chat-s1.md"), ("c3", "chat-s2.md")):
        (cache / folder).mkdir(parents=True)
        (cache / folder / name).write_text("old", "utf-8")
    (cache / "d4").mkdir()
    (cache / "d4" / "chat-s1.md").write_text("old", "utf-8")
    (cache / "d4" / "report.md").write_text("a report", "utf-8")
    chat_tab.export_file("s1", "# new answer\n")
    left = sorted(str(p.relative_to(cache)) for p in cache.rglob("*"))
    assert left == ["c3", "c3/chat-s2.md", "d4", "d4/report.md"]
