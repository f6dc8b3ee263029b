"""Retrieval quality on the labelled set (tests/data/retrieval_set.jsonl)."""

from __future__ import annotations

from typing import Any

import pytest

from coach.retrieval import Passage, Retriever
from coach.settings import Settings


def _hit_rank(question: dict[str, Any], passages: list[Passage]) -> int | None:
    for rank, p in enumerate(passages, 1):
        if p.source in question["sources"] and any(e in p.text for e in question["evidence"]):
            return rank
    return None


@pytest.fixture(scope="module")
def ranks(corpus_home: Any, retrieval_set: list[dict[str, Any]]) -> dict[str, int | None]:
    retriever = Retriever(Settings(home=corpus_home))
    return {q["id"]: _hit_rank(q, retriever.search(q["query"], k=5)) for q in retrieval_set}


def test_labelled_set_is_big_and_bilingual(retrieval_set: list[dict[str, Any]]) -> None:
    assert len(retrieval_set) >= 30
    langs = [q["lang"] for q in retrieval_set]
    assert langs.count("zh") >= 10 and langs.count("en") >= 10


def test_hit_at_5(ranks: dict[str, int | None]) -> None:
    hits = sum(r is not None for r in ranks.values())
    assert hits / len(ranks) >= 0.95, {q: r for q, r in ranks.items() if r is None}


def test_english_questions_find_chinese_passages(
    ranks: dict[str, int | None], retrieval_set: list[dict[str, Any]]
) -> None:
    english = [q["id"] for q in retrieval_set if q["lang"] == "en"]
    found = [q for q in english if ranks[q] is not None]
    assert len(found) / len(english) >= 0.9


def test_mrr_is_well_above_chance(ranks: dict[str, int | None]) -> None:
    mrr = sum(1 / r for r in ranks.values() if r) / len(ranks)
    assert mrr >= 0.65


def test_hits_have_scores_and_distinct_passages(corpus_settings: Settings) -> None:
    hits = Retriever(corpus_settings).search("AI产品经理如何评估模型效果", k=8)
    assert len(hits) == 8
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0 < h.score <= 1 for h in hits)
    assert len({h.chunk_id for h in hits}) == 8
    for a in hits:
        for b in hits:
            if a is not b and a.source == b.source:
                overlap = min(a.end, b.end) - max(a.start, b.start)
                assert overlap <= 0.5 * min(a.end - a.start, b.end - b.start)


def test_empty_query_returns_nothing(corpus_settings: Settings) -> None:
    assert Retriever(corpus_settings).search("   ") == []
