"""Questions written for each note and article section (coach.asked): the files are
complete and true to the library, their shipped vectors are current, and retrieval
and the relevance decision use them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from coach import asked
from coach.datafiles import DataFileError, bundled, load_toml
from coach.embeddings import compute_queries
from coach.ingest import ingest
from coach.relevance import ASKED_ANSWERS, ASKED_MARGIN, _asked_answers, decide
from coach.retrieval import Passage, Retriever
from coach.settings import Settings
from coach.vector_cache import text_key

NOTES = bundled("data", "notes")


def _note_families() -> set[str]:
    names = {
        entry.name.removesuffix(".zh.md").removesuffix(".en.md")
        for kind in ("concepts", "frameworks")
        for entry in (NOTES / kind).iterdir()
        if entry.name.endswith(".md")
    }
    return {f"note:{n}" for n in names}


def test_every_note_has_questions_in_both_languages() -> None:
    questions = asked.load()
    per_note = Counter((a.family, a.language) for a in questions if a.heading is None)
    for family in _note_families():
        assert per_note[(family, "en")] >= 6, family
        assert per_note[(family, "zh")] >= 6, family
    unknown = {a.family for a in questions if a.heading is None} - _note_families()
    assert not unknown, f"questions for notes that do not exist: {unknown}"


def test_no_question_is_written_twice() -> None:
    texts = Counter(a.text for a in asked.load())
    assert [t for t, n in texts.items() if n > 1] == []


def test_article_questions_name_sections_ingest_cuts(corpus_home: Path) -> None:
    chunks = Retriever(Settings(home=corpus_home)).chunks()
    sections = {(c.source, c.heading) for c in chunks if c.kind == "article"}
    written = {(a.family, a.heading) for a in asked.load() if a.heading is not None}
    assert written, "no article section has questions"
    assert written <= sections, sorted(written - sections)
    # Every article has some: an English question about a Chinese article needs them most.
    assert {source for source, _ in written} == {source for source, _ in sections}


def test_shipped_vectors_are_current() -> None:
    """`python -m coach.asked` must be run after editing a question: every question has
    a shipped vector, and it is the model's vector for that exact text."""
    shipped = asked._shipped()
    texts = [a.text for a in asked.load()]
    missing = [t for t in texts if text_key(t, "query") not in shipped]
    assert missing == [], f"{len(missing)} questions without a shipped vector: {missing[:3]}"
    sample = texts[:: max(len(texts) // 12, 1)]
    fresh = compute_queries(sample)
    stored = np.stack([shipped[text_key(t, "query")] for t in sample])
    assert np.abs(fresh - stored).max() < 2e-3  # stored as float16


def test_a_malformed_question_file_names_itself(tmp_path: Path) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text('en = "not a list"\n', "utf-8")
    with pytest.raises(DataFileError, match=r"broken\.toml"):
        load_toml(bad, asked.models()[0])


def test_view_points_questions_at_their_note_and_never_at_uploads(
    isolated_home: Path, tmp_path: Path
) -> None:
    settings = Settings(home=isolated_home)
    notes = NOTES / "concepts"
    ingest([Path(str(notes / "cold-start.en.md")), Path(str(notes / "cold-start.zh.md"))], settings)
    upload = tmp_path / "cold-start.en.md"  # an upload with a note's file name
    upload.write_text("# Cold start\n\nMy own notes on new users and new items.\n", "utf-8")
    ingest([upload], settings, owner="learner-a")
    retriever = Retriever(settings)
    view = retriever._refresh()
    pointed = {view.chunks[i].source for where in view.asked_chunks for i in where}
    assert pointed == {"cold-start.en.md", "cold-start.zh.md"}
    assert all(not view.chunks[i].owner for where in view.asked_chunks for i in where)
    count = sum(a.family == "note:cold-start" for a in asked.load())
    assert len(view.asked_chunks) == count == view.asked.shape[0]


def test_a_reworded_question_reaches_the_note_written_for_it(corpus_home: Path) -> None:
    retriever = Retriever(Settings(home=corpus_home))
    # Worded unlike the note ("declined loan"), and unlike any of its written questions.
    hits = retriever.search(
        "A bank's credit app turns people down. How do we show them the reasons behind "
        "the model's decision?",
        k=5,
    )
    assert hits[0].source == "explainability.en.md"
    assert hits[0].asked > 0.9
    decision = decide("信用卡审批模型拒了用户，产品上怎么告诉他被拒的原因？", retriever)
    assert decision.verdict == "answer"
    assert decision.answering[0].source == "explainability.zh.md"
    assert decision.statements[decision.answering[0].chunk_id]


def _passage(source: str, asked_similarity: float, kind: str = "coach-note") -> Any:
    return Passage(
        chunk_id=f"{source}:{asked_similarity}",
        source=source,
        title=source,
        heading="",
        text="",
        start=0,
        end=0,
        score=0.5,
        similarity=0.85,
        lexical=0.0,
        kind=kind,
        asked=asked_similarity,
    )


def test_only_the_clear_closest_source_is_taken_as_the_answer() -> None:
    top = _passage("explainability.en.md", ASKED_ANSWERS + 0.05)
    twin = _passage("explainability.zh.md", ASKED_ANSWERS + 0.05)  # the same note
    close = _passage("hallucination.en.md", top.asked - ASKED_MARGIN / 2)
    far = _passage("hallucination.en.md", top.asked - ASKED_MARGIN * 2)
    assert _asked_answers([top, twin, far]) == [top, twin]
    assert _asked_answers([top, close]) == []  # two notes nearly tie: neither is sure
    weak = _passage("explainability.en.md", ASKED_ANSWERS - 0.01)
    assert _asked_answers([weak]) == []
    upload = _passage("mine.md", 0.0, kind="upload")
    assert _asked_answers([upload]) == []
