"""Every critique is saved; a new version is compared with the last; Markdown export."""

from __future__ import annotations

from pathlib import Path

from coach.prd import critique, load_bytes, load_path, save
from coach.prd.export import render_critique, render_session
from coach.prd.history import document_key, versions
from coach.settings import Settings
from coach.store import Store

PRD = Path(__file__).parent / "data" / "prd"


def critique_and_save(store: Store, name: str, **kwargs: object):  # type: ignore[no-untyped-def]
    doc = load_path(PRD / name, Settings())
    return save(store, doc, critique(doc), **kwargs)  # type: ignore[arg-type]


def test_revision_shows_what_was_fixed_and_what_remains() -> None:
    store = Store.open(Settings())
    first = critique_and_save(store, "zh_mediocre.md")
    assert first.version == 1
    assert first.revision is None
    second = critique_and_save(store, "zh_mediocre_v2.md")
    assert second.session.id == first.session.id
    assert second.version == 2
    revision = second.revision
    assert revision is not None
    assert not revision.unchanged
    assert revision.delta >= 30
    fixed = {issue["identity"] for issue in revision.fixed}
    assert {
        "section:evaluation:missing",
        "section:fallback:missing",
        "section:data:weak",
        "section:model:weak",
    } <= fixed
    assert any(i["kind"] == "no_threshold" and "准确率要高" in i["quote"] for i in revision.fixed)
    remaining = {issue["identity"] for issue in revision.remaining}
    assert "section:risks:missing" in remaining
    assert "section:launch:weak" in remaining
    assert revision.sections["evaluation"] == ("missing", "present")
    assert revision.sections["data"] == ("weak", "present")
    # Improvements are listed before anything that got worse.
    assert next(iter(revision.sections)) in {"evaluation", "fallback"}


def test_same_text_again_is_reported_unchanged_and_new_starts_fresh() -> None:
    store = Store.open(Settings())
    first = critique_and_save(store, "en_mediocre.md")
    again = critique_and_save(store, "en_mediocre.md")
    assert again.session.id == first.session.id
    assert again.revision is not None
    assert again.revision.unchanged
    assert again.revision.delta == 0
    separate = critique_and_save(store, "en_mediocre.md", link=False)
    assert separate.session.id != first.session.id
    assert separate.version == 1
    other = critique_and_save(store, "en_strong.md")
    assert other.session.id not in {first.session.id, separate.session.id}


def test_saved_payload_keeps_the_critique_and_the_text() -> None:
    store = Store.open(Settings())
    saved = critique_and_save(store, "zh_poor.txt")
    session, payloads = versions(store, saved.session.id[:6])
    assert session.kind == "prd"
    assert session.summary["score"] == payloads[0]["critique"]["score"]
    assert payloads[0]["text"].startswith("我们要做一个 AI 智能客服")
    assert payloads[0]["critique"]["issues"][0]["severity"] == "high"


def test_document_key_ignores_version_marks() -> None:
    settings = Settings()
    body = "\n\n## 数据\n历史客服对话日志约 150 万条，用于训练模型。"
    titles = ("智能客服 PRD", "智能客服 PRD v2", "智能客服 PRD（修订版）", "智能客服PRD_v3.1")
    keys = {document_key(load_bytes(f"# {t}{body}".encode(), "prd.md", settings)) for t in titles}
    assert keys == {"智能客服prd"}


def test_markdown_export_of_a_session() -> None:
    store = Store.open(Settings())
    critique_and_save(store, "zh_mediocre.md")
    saved = critique_and_save(store, "zh_mediocre_v2.md")
    session, payloads = versions(store, saved.session.id)
    text = render_session(session.title, "zh", payloads)
    assert text.startswith("# PRD 评审：智能客服自动回复需求文档")
    assert "- v1: " in text
    assert "- v2: " in text
    assert "## v1" in text
    assert "## v2" in text
    assert "**已解决**" in text
    assert "**仍存在**" in text
    assert "评估与验收: 缺失 → 完整" in text
    assert "「机器人回答的准确率要高，响应速度要快。」" in text
    assert "还没有连接模型" in text


def test_markdown_of_one_critique_in_english() -> None:
    doc = load_path(PRD / "en_poor.txt", Settings())
    text = render_critique(critique(doc).as_dict())
    assert text.startswith("# PRD critique: AI reply bot\n")
    assert "**Score: " in text
    assert "## Checklist" in text
    assert "✗ Data: missing" in text
    assert "1. **[high] Data**: The PRD has no “Data” section." in text
    assert "Quote: “Details TBD.”" in text
