"""The retrieval snapshot (issue #17, ``coach.snapshot``): a new process searches
without opening Chroma, finds exactly what a search over Chroma finds, and never
serves a view older than the index: every write (ingest, upload, re-upload,
removal, rebuild), from this process or another, makes the next search read the
index again. A learner's uploads stay theirs when read from the snapshot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coach import snapshot
from coach.index import ChunkIndex
from coach.ingest import ingest
from coach.retrieval import Passage, Retriever
from coach.settings import PROJECT_ROOT, Settings

RECALL = """# 模型评估

AI产品经理需要理解精确率和召回率。精确率衡量预测为正的样本中有多少是真的正例。召回率衡量真实正例中有多少被找了出来。
"""
RETENTION = "Retention is the share of new users still active after thirty days."
LATER = "# Fernwick pricing\n\nThe Fernwick team priced its model by the thousand calls.\n"
UPLOAD = "# Zephyrine churn\n\nThe Zephyrine team called every customer whose usage fell.\n"
A, B = "a" * 32, "b" * 32


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "recall.md").write_text(RECALL, encoding="utf-8")
    (folder / "retention.txt").write_text(RETENTION, encoding="utf-8")
    settings = Settings(home=tmp_path / "home")
    ingest([folder], settings)
    return settings


def _new_process_retriever(settings: Settings) -> tuple[Retriever, ChunkIndex]:
    """A Retriever as a new process makes it: nothing of the view kept in memory."""
    snapshot._last.clear()
    index = ChunkIndex(settings)
    return Retriever(settings, index), index


def _from_chroma(settings: Settings, query: str, owner: str | None = None) -> list[Passage]:
    """The same search with no snapshot: the view read from Chroma and derived afresh."""
    snapshot._last.clear()
    index = ChunkIndex(settings)
    snapshot.snapshot_path(index).unlink(missing_ok=True)
    hits = Retriever(settings, index).search(query, owner=owner)
    assert index._client is not None
    return hits


def _sources(hits: list[Passage]) -> set[str]:
    return {h.source for h in hits}


def test_a_new_process_searches_from_the_snapshot_without_chroma(settings: Settings) -> None:
    Retriever(settings).search("召回率是什么")  # saves the snapshot
    probe = (
        "import json, sys\n"
        "from coach.settings import get_settings\n"
        "from coach.retrieval import Retriever\n"
        "hits = Retriever(get_settings()).search(sys.argv[1])\n"
        "print(json.dumps({'chroma': 'chromadb' in sys.modules,"
        " 'hits': [h.as_dict() for h in hits]}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "召回率是什么"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**_env(), "COACH_HOME": str(settings.home)},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["chroma"] is False
    expected = [p.as_dict() for p in _from_chroma(settings, "召回率是什么")]
    assert result["hits"] == json.loads(json.dumps(expected))
    assert result["hits"][0]["source"] == "recall.md"


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "COACH_HOME"}


def test_the_snapshot_gives_what_chroma_gives(settings: Settings) -> None:
    for query in ("召回率是什么", "How many users stay after a month?", "precision"):
        Retriever(settings).search(query)
        retriever, index = _new_process_retriever(settings)
        hits = retriever.search(query)
        assert index._client is None  # read from the snapshot, Chroma never opened
        assert hits == _from_chroma(settings, query)


def test_an_ingest_from_another_process_is_seen(settings: Settings, tmp_path: Path) -> None:
    reader = Retriever(settings)
    assert "fernwick.md" not in _sources(reader.search("Fernwick pricing", k=5))
    more = tmp_path / "more"
    more.mkdir()
    (more / "fernwick.md").write_text(LATER, encoding="utf-8")
    ingest([more], settings, index=ChunkIndex(settings))  # another writer
    # The reader that holds the old view, and a new process, both see the new file.
    assert "fernwick.md" in _sources(reader.search("Fernwick pricing", k=5))
    fresh, _ = _new_process_retriever(settings)
    assert "fernwick.md" in _sources(fresh.search("Fernwick pricing", k=5))


def test_a_removed_file_is_gone_and_a_changed_one_is_new(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    Retriever(settings).search("retention")
    (folder / "retention.txt").write_text(RETENTION.replace("thirty", "ninety"), "utf-8")
    ingest([folder], settings)  # same chunk count, new text
    fresh, _ = _new_process_retriever(settings)
    assert any("ninety" in h.text for h in fresh.search("retention after days", k=5))
    (folder / "retention.txt").unlink()
    ingest([folder], settings)
    fresh, _ = _new_process_retriever(settings)
    assert "retention.txt" not in _sources(fresh.search("retention after days", k=5))
    ingest([folder], settings, rebuild=True)
    fresh, _ = _new_process_retriever(settings)
    assert _sources(fresh.search("召回率", k=5)) == {"recall.md"}


def test_uploads_stay_their_learners_when_read_from_the_snapshot(
    settings: Settings, tmp_path: Path
) -> None:
    upload = tmp_path / "upload" / "notes.md"
    upload.parent.mkdir()
    upload.write_text(UPLOAD, encoding="utf-8")
    ingest([upload], settings, owner=A)
    Retriever(settings).search("Zephyrine churn")  # saves the snapshot, uploads included
    fresh, index = _new_process_retriever(settings)
    assert any("Zephyrine" in h.text for h in fresh.search("Zephyrine churn", owner=A))
    for other in (B, None):
        hits = fresh.search("Zephyrine churn", k=20, owner=other)
        assert not any("Zephyrine" in h.text for h in hits)
        assert all(not h.owner for h in hits)
        assert not any("zephyrine" in text for text in fresh.texts(other))
    assert index._client is None


def test_a_damaged_or_foreign_snapshot_is_rebuilt(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _from_chroma(settings, "召回率是什么")
    path = snapshot.snapshot_path(ChunkIndex(settings))
    path.write_bytes(b"not a pickle")
    fresh, index = _new_process_retriever(settings)
    assert fresh.search("召回率是什么") == expected
    assert index._client is not None  # the damaged file was not used
    fresh, index = _new_process_retriever(settings)
    assert fresh.search("召回率是什么") == expected
    assert index._client is None  # ... and was replaced by a good one
    # A snapshot written by other code (another key) is not used either.
    monkeypatch.setattr(snapshot, "_code_key", lambda: "other code")
    fresh, index = _new_process_retriever(settings)
    assert fresh.search("召回率是什么") == expected
    assert index._client is not None


def test_a_snapshot_that_cannot_be_written_only_costs_speed(settings: Settings) -> None:
    expected = _from_chroma(settings, "召回率是什么")
    path = snapshot.snapshot_path(ChunkIndex(settings))
    path.unlink()
    path.mkdir()  # neither readable nor replaceable as a file
    for _ in range(2):
        fresh, index = _new_process_retriever(settings)
        assert fresh.search("召回率是什么") == expected
        assert index._client is not None
    assert path.is_dir()


def test_a_chroma_server_index_has_no_generation_and_opens_at_once(tmp_path: Path) -> None:
    from coach.index import IndexUnavailable

    settings = Settings(home=tmp_path, chroma_url="http://127.0.0.1:9")
    with pytest.raises(IndexUnavailable):
        ChunkIndex(settings)  # down: said when the index is made, as before snapshots
    unopened = ChunkIndex.__new__(ChunkIndex)
    unopened.settings = settings
    assert unopened.generation() is None  # a server is written by others: no snapshot
