"""One library call per PRD action (shared by CLI and UI) and citations that fit."""

from __future__ import annotations

import re
from pathlib import Path

from coach.prd import load_path
from coach.prd.actions import export_session, latest, review
from coach.prd.checklist import section, topics
from coach.prd.citations import CorpusCiter, is_list, note_id
from coach.retrieval import Passage
from coach.settings import Settings
from coach.store import Store

SET = Path(__file__).parent / "data" / "prd_set"


def no_meaning(titles: object) -> list[str | None]:
    return [None] * len(titles)  # type: ignore[arg-type]


def test_review_saves_notes_a_missing_index_and_exports() -> None:
    settings = Settings()
    store = Store.open(settings)
    doc = load_path(SET / "en_smarthelp_v1.md", settings)
    first = review(doc, store, settings, citer=None, classify=no_meaning, reviewers=[])
    assert first.version == 1
    assert first.revision is None
    # The note the CLI used to add on its own is now part of the one review call.
    assert first.critique["notes"] == [
        "The corpus index is unavailable, so issues carry no citations."
    ]
    doc2 = load_path(SET / "en_smarthelp_v2.md", settings)
    second = review(doc2, store, settings, citer=None, classify=no_meaning, reviewers=[])
    assert second.session_id == first.session_id
    assert second.version == 2
    assert second.revision is not None
    assert second.revision["delta"] > 0
    assert latest(store, "") == second.payload
    text = export_session(store, first.session_id)
    assert text.count("## v") == 2
    assert "Why it matters" in text


class FakeRetriever:
    """Returns fixed passages; only the citation choice is under test."""

    def __init__(self, passages: list[Passage]):
        self.passages = passages

    def search(self, query: str, k: int | None = None) -> list[Passage]:
        return self.passages[: k or 8]


def passage(source: str, text: str, similarity: float = 0.95) -> Passage:
    return Passage(
        "c-" + source,
        source,
        source.rsplit("/", 1)[-1],
        "",
        text,
        0,
        len(text),
        1.0,
        similarity,
        3.0,
    )


def test_citation_prefers_the_coach_note_in_the_prds_language() -> None:
    corpus = passage("001_abc.txt", "数据来源要写清楚，标注方案和隐私授权缺一不可。")
    zh_note = passage(
        "coach/data/notes/frameworks/ai_feature_design.zh.md",
        "训练数据要写明来源、规模和标注方式。",
    )
    en_note = passage(
        "coach/data/notes/frameworks/ai_feature_design.en.md",
        "A data section names the source, the volume, how items are labelled and the consent.",
    )
    citer = CorpusCiter(FakeRetriever([corpus, zh_note, en_note]))  # type: ignore[arg-type]
    en = citer.cite_section(section("data"), "en")
    assert en is not None
    assert en.note
    assert en.source.endswith(".en.md")
    zh = citer.cite_section(section("data"), "zh")
    assert zh is not None
    assert zh.source.endswith(".zh.md")
    assert note_id(en.source) == "ai_feature_design"
    assert note_id("001_abc.txt") is None


def test_reading_lists_tables_and_unrelated_passages_are_never_cited() -> None:
    reading = passage(
        "002_def.txt",
        "推荐学习路径: 通读《深度学习》掌握基础理论，分析热门模型的应用场景和用户需求。",
    )
    table = passage("003_ghi.txt", "建模工具 | TensorFlow | 可视化工具 | Tableau | 数据隐私 | 授权")
    far = passage("004_jkl.txt", "用户场景很重要。", similarity=0.5)
    citer = CorpusCiter(FakeRetriever([reading, table, far]))  # type: ignore[arg-type]
    assert citer.cite_section(section("users"), "zh") is None
    assert citer.cite_topic("personal_data", "zh") is None
    assert is_list("| a | b |\n| c | d |")


def test_every_flag_kind_has_a_topic_and_messages() -> None:
    from coach.prd.checklist import say

    for kind in topics():
        for lang in ("zh", "en"):
            assert say(lang, f"{kind}_why")
            assert say(lang, f"{kind}_suggestion")
            assert re.search(r"\S", say(lang, f"{kind}_message", effect="x", lacking="y"))
