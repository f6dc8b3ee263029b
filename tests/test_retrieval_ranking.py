"""Ranking with the coach's notes and a learner's uploads in the index.

The dev set (tests/data/retrieval_dev.jsonl) was written to tune ranking once the
notes were ingested: corpus, note and upload questions, zh/en/mixed, many asked in
the other language than the passage that answers. The floors catch regressions; the
figures come from bench/retrieval.py.
"""

from __future__ import annotations

import json
import math
import shutil
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from coach import ranker
from coach.index import StoredChunk
from coach.ingest import ingest
from coach.lexical import BM25, other_language_terms
from coach.retrieval import FAMILY_CAP, Passage, Retriever, family
from coach.settings import Settings
from coach.snapshot import centre

DATA = Path(__file__).parent / "data"
LEARNER = "ranking-learner"


def _flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _hit_rank(question: dict[str, Any], passages: list[Passage]) -> int | None:
    for rank, p in enumerate(passages, 1):
        if p.source in question["sources"] and any(
            _flat(e) in _flat(p.text) for e in question["evidence"]
        ):
            return rank
    return None


@pytest.fixture(scope="module")
def library(corpus_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Retriever:
    """The bundled corpus and notes plus one learner's uploads (both upload folders),
    in a copy of the shared index."""
    home = tmp_path_factory.mktemp("ranking-home")
    shutil.copytree(corpus_home / "index", home / "index")
    settings = Settings(home=home)
    for folder in ("uploads", "uploads_blind"):
        files = sorted(p for p in (DATA / folder).iterdir() if p.name != "README.md")
        ingest(files, settings, owner=LEARNER)
    return Retriever(settings)


@pytest.fixture(scope="module")
def dev_set() -> list[dict[str, Any]]:
    lines = (DATA / "retrieval_dev.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_dev_set_is_big_mixed_and_covers_every_kind(dev_set: list[dict[str, Any]]) -> None:
    assert len(dev_set) >= 20
    assert {q["lang"] for q in dev_set} == {"zh", "en", "mixed"}
    assert {q["kind"] for q in dev_set} == {"corpus", "note", "upload"}


def test_dev_set_ranks_the_answer_high(library: Retriever, dev_set: list[dict[str, Any]]) -> None:
    ranks = {q["id"]: _hit_rank(q, library.search(q["query"], 5, owner=LEARNER)) for q in dev_set}
    hit = sum(r is not None for r in ranks.values()) / len(ranks)
    mrr = sum(1 / r for r in ranks.values() if r) / len(ranks)
    # Measured 1.0 / 0.897 (33 questions) with the ranker, 0.939 / 0.856 with RRF alone;
    # the floors leave room for noise only.
    assert hit >= 0.95, ranks
    assert mrr >= 0.85, ranks


def test_uploads_are_reached_from_the_other_language(
    library: Retriever, dev_set: list[dict[str, Any]]
) -> None:
    """An English upload from Chinese questions and a Chinese upload from English ones."""
    crossing = [
        q
        for q in dev_set
        if q["kind"] == "upload"
        and q["lang"] in ("zh", "en")
        and not any(s.endswith(f".{q['lang']}.md") for s in q["sources"])
    ]
    assert len(crossing) >= 5
    found = [q["id"] for q in crossing if _hit_rank(q, library.search(q["query"], 5, LEARNER))]
    # Measured 6 of 6 with the ranker (4 of 6 with language centring alone, 3 of 6
    # before it, 0 before the glossary).
    assert len(found) / len(crossing) >= 0.8, found


def test_uploads_stay_invisible_to_other_learners(library: Retriever) -> None:
    hits = library.search("客服机器人什么时候该转人工？", 10, owner="someone-else")
    assert hits
    assert all(h.kind != "upload" for h in hits)


def test_top_k_holds_few_passages_of_one_source(library: Retriever) -> None:
    """A note (in either language) or an article takes at most FAMILY_CAP places."""
    for question in [
        "What is precision and recall and how do I choose a threshold?",
        "召回率和精确率分别怎么计算？",
        "How do I run an A/B test with guardrail metrics?",
        "AI产品经理日常主要负责哪些工作？",
    ]:
        hits = library.search(question, 5, owner=LEARNER)
        assert len(hits) == 5
        counts = Counter(family(h) for h in hits)
        assert max(counts.values()) <= FAMILY_CAP, counts


def test_an_english_question_reaches_the_chinese_article(library: Retriever) -> None:
    """With English notes in the index, the Chinese article that answers still comes
    first (it used to lose to five English notes)."""
    hits = library.search(
        "What does LinkedIn data say about how fast AI PM job openings are growing?",
        5,
        owner=LEARNER,
    )
    assert hits[0].kind == "article", [h.source for h in hits]


def _stored(source: str, kind: str) -> StoredChunk:
    return StoredChunk("id", source, "t", "", "text", 0, 4, 0, [], kind=kind)


def test_a_notes_two_languages_are_one_source() -> None:
    zh = _stored("precision-recall.zh.md", "coach-note")
    en = _stored("precision-recall.en.md", "coach-note")
    assert family(zh) == family(en)
    assert family(_stored("other.en.md", "coach-note")) != family(en)
    # Uploads and articles keep their own names, even with a language suffix.
    assert family(_stored("handoff-design.zh.md", "upload")) == "handoff-design.zh.md"


def test_other_language_terms_go_both_ways() -> None:
    assert "召回率" in other_language_terms("How is recall computed?")
    assert "recall" in other_language_terms("召回率怎么算？")
    assert other_language_terms("红烧肉怎么做") == []


def test_bm25_postings_give_okapi_scores() -> None:
    docs = [["召回", "率", "模型"], ["模型", "模型", "上线"], ["数据"]]
    k1, b = 1.5, 0.75
    scores = BM25(docs, k1=k1, b=b).scores(["模型", "召回", "missing"])
    avg = sum(map(len, docs)) / len(docs)

    def idf(term: str) -> float:
        df = sum(term in d for d in docs)
        return math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))

    expected = []
    for doc in docs:
        total = 0.0
        for term in ("模型", "召回"):
            tf = doc.count(term)
            norm = k1 * (1 - b + b * len(doc) / avg)
            total += idf(term) * tf * (k1 + 1) / (tf + norm) if tf else 0.0
        expected.append(total)
    assert scores == pytest.approx(expected)
    assert scores[2] == 0.0


def test_a_note_is_returned_whole_and_once(library: Retriever) -> None:
    """A note is ranked by its chunks but shown whole, in the question's language,
    and takes one place: the section that answers is never cut off from it."""
    note = (DATA.parent.parent / "coach/data/notes/concepts/precision-recall.en.md").read_text(
        "utf-8"
    )
    hits = library.search("How do I choose a classification threshold?", 5, owner=LEARNER)
    notes = [h for h in hits if h.is_note]
    assert notes, [h.source for h in hits]
    families = [family(h) for h in notes]
    assert len(families) == len(set(families))
    whole = next(h for h in notes if h.source == "precision-recall.en.md")
    # Every section heading of the note is in the passage, not only the matching one.
    headings = [line.lstrip("# ").strip() for line in note.splitlines() if line.startswith("## ")]
    assert len(headings) >= 2
    assert all(heading in whole.text for heading in headings)


def test_centring_takes_out_what_the_language_adds() -> None:
    """Vectors that are mostly "which language" and a little "which topic": by raw
    cosine a Chinese question is closest to the Chinese passage on another topic; with
    each language's mean taken out, to the English passage on its own topic."""
    zh_lang, en_lang = np.eye(4)[0] * 3, np.eye(4)[1] * 3
    topic_a, topic_b = np.eye(4)[2], np.eye(4)[3]
    passages = np.stack(
        [zh_lang + topic_a, en_lang + topic_b, zh_lang + topic_b, en_lang + topic_a]
    )
    passages /= np.linalg.norm(passages, axis=1, keepdims=True)
    question = (zh_lang + 0.6 * topic_b + 0.4 * topic_a) / np.linalg.norm(
        zh_lang + 0.6 * topic_b + 0.4 * topic_a
    )
    raw = passages @ question
    assert int(np.argmax(raw[:2])) == 0  # the Chinese passage, on the wrong topic
    means = np.stack([passages[[0, 2]].mean(0), passages[[1, 3]].mean(0)] * 2)[[0, 1, 0, 1]]
    centred = centre(passages, means) @ centre(question, passages[[0, 2]].mean(0))
    assert int(np.argmax(centred[:2])) == 1  # the English passage on its topic


def test_an_article_chunk_is_shown_with_its_neighbours_once(library: Retriever) -> None:
    """A chunk of an article is shown with the chunks before and after it in its
    section, their overlap said once; a neighbour ranked lower is not shown again, and
    a quote without a stating sentence starts at the chunk that was ranked (``lead``)."""
    view = library._refresh()
    hits = library.search("植物识别App的准确率目标定了多少？", 5, owner=LEARNER)
    articles = [h for h in hits if h.kind == "article"]
    assert articles
    ids = {c.id: i for i, c in enumerate(view.chunks)}
    for hit in articles:
        i = ids[hit.chunk_id]
        chunk = view.chunks[i]
        assert hit.text[hit.lead :].startswith(chunk.text[:40])
        beside = [
            j
            for j in (i - 1, i + 1)
            if 0 <= j < len(view.chunks)
            and view.chunks[j].source == chunk.source
            and view.section[j] == view.section[i]
        ]
        for j in beside:
            # In this passage, or in a better-ranked one of the same source: never in two.
            holders = [h for h in hits if view.chunks[j].text[-40:] in h.text]
            assert len(holders) == 1, (hit.chunk_id, [h.chunk_id for h in holders])
        # The overlap between neighbours is not repeated.
        assert hit.text.count(chunk.text[-30:]) == 1
    assert any(len(h.text) > len(view.chunks[ids[h.chunk_id]].text) for h in articles)


RRF_ONLY = np.array([1.0 if name == "rrf" else 0.0 for name in ranker.FEATURES])


def test_ranker_weights_are_the_fitted_ones_for_every_feature() -> None:
    weights = ranker.weights()
    assert weights.shape == (len(ranker.FEATURES),)
    fitted = dict(zip(ranker.FEATURES, weights, strict=True))
    # Fitted by bench/fit_ranker.py: fusion stays the main signal; a note, and an
    # article or upload in the question's own language, are corrected down.
    assert fitted["rrf"] > 0
    assert fitted["note"] < 0
    assert fitted["same_language"] < 0


@pytest.mark.parametrize(
    ("query", "source", "evidence"),
    [
        # A Chinese question on the learner's English upload: RRF alone puts the Chinese
        # recommender note and A/B notes first (the English upload 4th).
        ("推荐系统的A/B实验至少要跑多久？", "recommender-evaluation.en.md", "one full weekly"),
        # An English question on a Chinese article: RRF alone puts the English
        # overfitting note first. (The bridging-role question that stood here went
        # to RRF too once the dictionary joined "bridging" to 桥梁.)
        (
            "Is it better to invest in a more sophisticated model or in cleaner data? "
            "Is there a rule of thumb for what to prioritize?",
            "003_06203c64a09c188c.txt",
            "简单模型+优质数据",
        ),
    ],
)
def test_the_ranker_puts_the_answering_passage_first(
    library: Retriever, query: str, source: str, evidence: str
) -> None:
    shipped = library.search(query, 5, owner=LEARNER)
    assert shipped[0].source == source
    assert _flat(evidence) in _flat(shipped[0].text)
    assert shipped[0].score == 1.0
    assert all(p.score <= 1.0 for p in shipped)
    library.model = RRF_ONLY
    try:
        fused = library.search(query, 5, owner=LEARNER)
    finally:
        library.model = None
    assert fused[0].source != source  # what the ranker corrects


def test_notes_are_shown_in_the_questions_language(
    library: Retriever, dev_set: list[dict[str, Any]]
) -> None:
    """A note's two versions say the same; the learner reads the one in their language,
    even when the ranker put the other version first ("推荐模型好不好怎么衡量" got the
    English data-flywheel note)."""
    questions = ["推荐模型好不好怎么衡量"] + [q["query"] for q in dev_set if q["lang"] != "mixed"]
    wrong: list[tuple[str, str]] = []
    for query in questions:
        lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in query) else "en"
        wrong += [
            (query, p.source)
            for p in library.search(query, 5, owner=LEARNER)
            if p.kind == "coach-note" and not p.source.endswith(f".{lang}.md")
        ]
    assert not wrong
