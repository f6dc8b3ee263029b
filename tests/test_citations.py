"""The citation check, on real passages retrieved from the corpus."""

from __future__ import annotations

import pytest

from coach.citations import check_citations, number_passages, sources_block
from coach.retrieval import Passage, Retriever
from coach.settings import Settings


@pytest.fixture
def passages(corpus_settings: Settings) -> list[Passage]:
    found = Retriever(corpus_settings).search("AI产品经理日常主要负责哪些工作？", 3)
    assert len(found) == 3
    return found


def test_invented_citation_is_removed(passages: list[Passage]) -> None:
    answer = "AI 产品经理要定义需求 [1]，并跟进模型评估 [2]。市场规模达到万亿 [7]。"
    checked = check_citations(answer, passages)
    assert "[7]" not in checked.text
    assert checked.text == "AI 产品经理要定义需求 [1]，并跟进模型评估 [2]。市场规模达到万亿。"
    assert checked.removed == [7]
    assert [c.n for c in checked.citations] == [1, 2]
    assert [c.chunk_id for c in checked.citations] == [p.chunk_id for p in passages[:2]]
    assert checked.citations[0].source == passages[0].source
    assert checked.citations[0].snippet


def test_marker_forms_are_normalised_and_filtered(passages: list[Passage]) -> None:
    answer = "First point [1, 4]. Second【2】. Third [^3]. Range [1-3]. Year [2024] stays."
    checked = check_citations(answer, passages)
    assert checked.text == (
        "First point [1]. Second[2]. Third [3]. Range [1][2][3]. Year [2024] stays."
    )
    assert checked.removed == [4]
    assert [c.n for c in checked.citations] == [1, 2, 3]


def test_answer_without_markers_cites_nothing(passages: list[Passage]) -> None:
    checked = check_citations("An answer with no citations at all.", passages)
    assert checked.citations == []
    assert checked.removed == []
    assert sources_block(checked.citations, "Sources:") == ""


def test_passages_are_numbered_for_the_model(passages: list[Passage]) -> None:
    text = number_passages(passages)
    for n, p in enumerate(passages, 1):
        assert f"[{n}] {p.title}" in text
        assert p.text.strip()[:30] in text
