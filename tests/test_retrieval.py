"""Retrieval quality on the labelled sets.

tests/data/retrieval_set.jsonl is what retrieval was tuned on; retrieval_holdout.jsonl
was written blind afterwards. The floors here catch regressions; the figures against
the targets come from bench/retrieval.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from coach.lexical import BM25, bigrams, tokenize
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
    assert langs.count("zh") >= 10
    assert langs.count("en") >= 10


def test_hit_at_5(ranks: dict[str, int | None]) -> None:
    # 0.95 (41/42) before the dense ranking compared language-centred vectors; centring
    # lost q21 and q29 here and gained 0.025 hit@5 over all six sets with sources (289
    # questions, bench/retrieval.py). The floor guards today's 39/42.
    hits = sum(r is not None for r in ranks.values())
    assert hits / len(ranks) >= 0.92, {q: r for q, r in ranks.items() if r is None}


def test_english_questions_find_chinese_passages(
    ranks: dict[str, int | None], retrieval_set: list[dict[str, Any]]
) -> None:
    english = [q["id"] for q in retrieval_set if q["lang"] == "en"]
    found = [q for q in english if ranks[q] is not None]
    assert len(found) / len(english) >= 0.85  # 17/19 (18/19 before centring, see above)


def _mrr(ranks: dict[str, int | None]) -> float:
    return sum(1 / r for r in ranks.values() if r) / len(ranks)


# With the coach's 59 notes in the index (the corpus alone had 5 articles) MRR fell
# from 0.80 to 0.75 on the labelled set and from 0.72 to 0.62 on the holdout: the
# misorders were mostly between sections of the same articles. The questions written
# for each note and section (coach.asked) brought them to 0.77 and 0.69; language
# centring, showing an article's chunk with its neighbours and RRF k = 10 to 0.79 and
# 0.76. The floors guard today's figures (the old targets, 0.78 and 0.72, are met).
def test_mrr_on_the_labelled_set(ranks: dict[str, int | None]) -> None:
    assert _mrr(ranks) >= 0.78, {q: r for q, r in ranks.items() if r != 1}


def test_held_out_questions(
    corpus_home: Any,
    retrieval_set: list[dict[str, Any]],
    retrieval_holdout: list[dict[str, Any]],
) -> None:
    assert len(retrieval_holdout) >= 30
    tuned = {q["query"] for q in retrieval_set} | {q["id"] for q in retrieval_set}
    assert not tuned & (
        {q["query"] for q in retrieval_holdout} | {q["id"] for q in retrieval_holdout}
    )
    retriever = Retriever(Settings(home=corpus_home))
    held = {q["id"]: _hit_rank(q, retriever.search(q["query"], k=5)) for q in retrieval_holdout}
    misses = {q for q, r in held.items() if r is None}
    assert len(misses) / len(held) <= 0.2, misses
    assert _mrr(held) >= 0.74, held


def test_bigrams_cut_chinese_into_overlapping_pairs() -> None:
    assert bigrams("召回率") == ["召回", "回率"]
    assert bigrams("用 KANO 模型，区分需求") == ["kano", "用", "模型", "区分", "分需", "需求"]


def test_bigrams_match_where_jieba_cuts_differently() -> None:
    """jieba keeps 年增长率 whole in the passage but cuts the question into 年 | 增长,
    so by words the passage about yearly growth loses to one that merely says 增长;
    the bigram 年增 occurs in both question and passage."""
    docs = ["岗位年增长率达74%", "年度目标是增长"]
    by_words = BM25([tokenize(d) for d in docs]).scores(tokenize("年增长"))
    by_bigrams = BM25([bigrams(d) for d in docs]).scores(bigrams("年增长"))
    assert by_words[0] < by_words[1]
    assert by_bigrams[0] > 2 * by_bigrams[1]


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
