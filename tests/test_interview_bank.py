"""The question bank: size, coverage of categories and languages, and every key
point's quote checked verbatim against the corpus it cites."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from coach.cleaning import clean
from coach.errors import BadInput
from coach.interview import CATEGORIES, DIFFICULTIES, QuestionBank
from coach.reading import read_text_file
from coach.settings import PROJECT_ROOT

BANK = QuestionBank.load()


@lru_cache(maxsize=1)
def corpus_texts() -> dict[str, str]:
    corpus = PROJECT_ROOT / "corpus"
    return {
        p.name: clean(read_text_file(p, max_bytes=10_000_000)).text for p in corpus.glob("*.txt")
    }


def test_bank_has_sixty_questions_in_every_category_and_difficulty() -> None:
    assert len(BANK) >= 60
    assert len({q.id for q in BANK.questions}) == len(BANK)
    per_category = Counter(q.category for q in BANK.questions)
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 6
    assert set(Counter(q.difficulty for q in BANK.questions)) == set(DIFFICULTIES)


@pytest.mark.parametrize("question", BANK.questions, ids=lambda q: q.id)
def test_every_question_is_bilingual_with_a_grounded_rubric(question: object) -> None:
    from coach.interview import Question

    assert isinstance(question, Question)
    assert question.text["zh"].strip()
    assert question.text["en"].strip()
    assert question.outline["zh"]
    assert len(question.outline["zh"]) == len(question.outline["en"])
    assert len(question.key_points) >= 3
    texts = corpus_texts()
    for kp in question.key_points:
        assert kp.weight > 0
        assert kp.point.zh
        assert kp.point.en
        assert kp.probe.zh
        assert kp.probe.en
        assert kp.keywords, kp.id
        assert kp.source in texts, kp.source
        assert kp.quote in texts[kp.source], f"{question.id}/{kp.id} quote not in corpus"


def test_rubric_cites_article_titles_in_the_requested_language() -> None:
    rubric = BANK.get("case-01").rubric("en")
    assert rubric.question.startswith("For a plant-identification app")
    assert rubric.question_id == "case-01"
    point = rubric.key_points[0]
    assert point.text.startswith("Define the plant taxonomy")
    assert point.alt_text.startswith("制定植物分类体系")
    assert point.title == "AI产品经理：职责、技能与行业洞察"


def test_hint_nudges_without_giving_the_answer_and_model_answer_cites() -> None:
    question = BANK.get("fund-01")
    hint = question.hint("zh")
    assert hint.startswith("提示")
    assert "「" in hint
    answer = question.model_answer("en")
    assert answer.startswith("Model answer outline:")
    assert "000_049d055608363946.txt" not in answer  # titles, not file names
    assert "“算法评估能力" in answer


def test_selection_filters_and_prefers_unseen_questions() -> None:
    picked = BANK.select(category="cases", difficulty="hard", count=10, seed=1)
    assert picked
    assert all(q.category == "cases" and q.difficulty == "hard" for q in picked)
    everything = BANK.select(category="cases", count=3, seed=2, avoid={"case-01", "case-02"})
    assert not {"case-01", "case-02"} & {q.id for q in everything}
    assert BANK.select(category="cases", count=3, seed=5) == BANK.select(
        category="cases", count=3, seed=5
    )
    with pytest.raises(BadInput):
        BANK.select(category="cooking")
    with pytest.raises(BadInput):
        BANK.get("nope-1")


def test_find_matches_ids_and_either_language_text() -> None:
    q = BANK.get("sense-01")
    assert BANK.find("sense-01") is q
    assert BANK.find(q.text["zh"]) is q
    assert BANK.find("  " + q.text["en"].upper()) is q
    assert BANK.find("What is your favourite colour?") is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('type = "ai_feature_design"', 'type = "cooking"'), "unknown question type 'cooking'"),
        (('difficulty = "medium"', 'difficulty = "brutal"'), r"questions\.0\.difficulty"),
        (('probe.en = "How many species', 'probe.fr = "How many species'), r"probe\.en"),
        (('id = "case-01"', 'id = "Case one"'), r"questions\.0\.id"),
    ],
)
def test_a_malformed_bank_file_is_one_sentence_naming_file_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    from coach.datafiles import DataFileError, bundled

    text = bundled("data", "questions", "cases.toml").read_text("utf-8")
    assert change[0] in text
    (tmp_path / "cases.toml").write_text(text.replace(change[0], change[1], 1), "utf-8")
    with pytest.raises(DataFileError, match=message) as caught:
        QuestionBank.load(tmp_path)
    assert str(caught.value).startswith("cases.toml: ")
    assert "\n" not in str(caught.value)


def test_the_bank_files_load_to_the_same_questions_from_a_folder(tmp_path: Path) -> None:
    from coach.datafiles import bundled, toml_files

    for entry in toml_files(bundled("data", "questions")):
        (tmp_path / entry.name).write_text(entry.read_text("utf-8"), "utf-8")
    assert QuestionBank.load(tmp_path).questions == BANK.questions
