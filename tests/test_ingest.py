"""Incremental ingest: unchanged chunks are never re-embedded; changes are replaced."""

import re
from pathlib import Path

import pytest

from coach.index import ChunkIndex
from coach.ingest import NOTES_DIR, ingest
from coach.settings import Settings

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

ARTICLE = """# 模型评估

AI产品经理需要理解精确率和召回率。精确率衡量预测为正的样本中有多少是真的正例。召回率衡量真实正例中有多少被找了出来。

## 上线与迭代

模型上线之后要持续监控效果。用户反馈会进入数据闭环，驱动下一轮迭代。
"""

OTHER = "Recommendation systems need fresh data. Click-through rate is a common online metric."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "articles"
    root.mkdir()
    (root / "eval.md").write_text(ARTICLE, encoding="utf-8")
    (root / "reco.txt").write_text(OTHER, encoding="utf-8")
    return root


def _settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", chunk_tokens=40, chunk_overlap_tokens=8)


def test_second_run_adds_and_embeds_nothing(tmp_path: Path, folder: Path) -> None:
    settings = _settings(tmp_path)
    first = ingest([folder], settings)
    assert first.files_read == 2
    assert first.added > 2
    assert first.embedded == first.added
    second = ingest([folder], settings)
    assert (second.added, second.updated, second.removed, second.embedded) == (0, 0, 0, 0)
    assert second.unchanged == first.added
    assert ChunkIndex(settings).count() == first.added


def test_changed_and_deleted_files_are_replaced_and_removed(tmp_path: Path, folder: Path) -> None:
    settings = _settings(tmp_path)
    first = ingest([folder], settings)
    (folder / "eval.md").write_text(
        ARTICLE.replace("持续监控效果", "持续监控线上效果和数据漂移"), encoding="utf-8"
    )
    changed = ingest([folder], settings)
    assert changed.updated >= 1
    assert changed.embedded == changed.added + changed.updated
    assert changed.unchanged >= first.added - 3
    total = ChunkIndex(settings).count()
    assert total == first.added + changed.added - changed.removed

    (folder / "reco.txt").unlink()
    removed = ingest([folder], settings)
    assert removed.removed >= 1
    assert removed.embedded == 0
    sources = {c.source for c in ChunkIndex(settings).all_chunks()}
    assert sources == {"eval.md"}


def test_bad_files_are_skipped_and_the_run_goes_on(tmp_path: Path, folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(200)))
    (folder / "gbk.txt").write_bytes("推荐系统需要实时数据和A/B测试。".encode("gbk"))
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    report = ingest([folder], _settings(tmp_path))
    assert report.files_read == 3
    reasons = {Path(name).name: str(why) for name, why in report.skipped}
    assert set(reasons) == {"empty.txt", "image.txt", "photo.jpg"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["image.txt"]
    assert "A/B测试" in " ".join(c.text for c in ChunkIndex(_settings(tmp_path)).all_chunks())


def test_rebuild_starts_over(tmp_path: Path, folder: Path) -> None:
    settings = _settings(tmp_path)
    first = ingest([folder], settings)
    again = ingest([folder], settings, rebuild=True)
    assert again.added == first.added
    assert again.unchanged == 0
    assert again.removed == 0
    # Rebuilding from one file drops the other file's chunks, and says so.
    eval_only = ingest([folder / "eval.md"], settings, rebuild=True)
    assert eval_only.removed == first.added - eval_only.added > 0
    assert {c.source for c in ChunkIndex(settings).all_chunks()} == {"eval.md"}


def test_summary_line_names_every_count(tmp_path: Path, folder: Path) -> None:
    report = ingest([folder], _settings(tmp_path))
    line = report.summary()
    for word in ("files read", "files skipped", "chunks added", "updated", "removed", "unchanged"):
        assert word in line
    # `coach --lang zh ingest` prints it in Chinese, with no English left in.
    zh = report.summary("zh")
    for word in ("读取文件", "跳过文件", "新增片段", "更新", "删除", "未变"):
        assert word in zh
    assert not re.search(r"[A-Za-z]", zh)


def test_corpus_index_holds_every_article(corpus_settings: Settings) -> None:
    """The bundled sources are the corpus articles and the coach's notes (zh and en)."""
    chunks = ChunkIndex(corpus_settings).all_chunks()
    articles = {p.name for p in CORPUS.glob("*.txt")}
    notes = {p.name for p in NOTES_DIR.glob("*/*.md")}
    assert {c.source for c in chunks} == articles | notes
    assert {c.source for c in chunks if c.kind == "article"} == articles
    assert {c.source for c in chunks if c.kind == "coach-note"} == notes
    assert all(c.lexical and not c.owner for c in chunks)


def _texts_by_source(settings: Settings) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in ChunkIndex(settings).all_chunks():
        out[chunk.source] = out.get(chunk.source, "") + chunk.text
    return out


def test_files_with_the_same_name_are_kept_apart(tmp_path: Path) -> None:
    """Two notes.md in one folder, or in two folders ingested one after the other,
    are two articles: neither replaces the other, and a re-ingest removes nothing."""
    root = tmp_path / "notes"
    for folder, text in (("a", ARTICLE), ("b", OTHER)):
        (root / folder).mkdir(parents=True)
        (root / folder / "notes.md").write_text(text, encoding="utf-8")
    settings = _settings(tmp_path)
    first = ingest([root], settings)
    texts = _texts_by_source(settings)
    assert set(texts) == {"notes.md", "b/notes.md"}
    assert "召回率" in texts["notes.md"]
    assert "Click-through" in texts["b/notes.md"]
    again = ingest([root], settings)
    assert (again.added, again.updated, again.removed, again.embedded) == (0, 0, 0, 0)
    assert again.unchanged == first.added

    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "notes.md").write_text("多模态模型需要图文对齐的数据。", encoding="utf-8")
    third = ingest([other], settings)
    assert third.added >= 1
    assert (third.updated, third.removed) == (0, 0)
    texts = _texts_by_source(settings)
    assert set(texts) == {"notes.md", "b/notes.md", "elsewhere/notes.md"}
    assert "召回率" in texts["notes.md"]
    assert "图文对齐" in texts["elsewhere/notes.md"]


def test_a_moved_file_keeps_its_name(tmp_path: Path, folder: Path) -> None:
    settings = _settings(tmp_path)
    first = ingest([folder / "eval.md"], settings)
    moved = tmp_path / "moved"
    moved.mkdir()
    (folder / "eval.md").rename(moved / "eval.md")
    again = ingest([moved / "eval.md"], settings)
    assert (again.added, again.removed, again.unchanged) == (0, 0, first.added)
    assert set(_texts_by_source(settings)) == {"eval.md"}
