"""The question bank: interview questions as data files, each with its rubric.

``coach/data/questions/*.toml`` holds one file per category, validated by
``BankFile``. Every question has Chinese and English text, a difficulty, a question
type (one of ``coach.scoring.frameworks.TYPE_IDS``, whose framework adds the talking
points any answer of that type needs), weighted key points (keywords in both
languages, the corpus file and the verbatim sentence each point comes from, a
probing follow-up) and a model-answer outline. tests/test_interview_bank.py checks
every quote against the corpus, so the bank cannot drift from what it cites.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from coach.articles import article_titles
from coach.catalogue import catalogue
from coach.datafiles import bundled, load_toml, toml_files
from coach.errors import BadInput
from coach.language import Bilingual, BilingualList, Language
from coach.scoring.frameworks import TYPE_IDS
from coach.scoring.rubric import KeyPoint, Rubric
from coach.scoring.typed import apply_type

Category = Literal[
    "ai_fundamentals",
    "ai_product_design",
    "product_sense",
    "metrics_evaluation",
    "cases",
    "strategy_market",
    "career_behavioural",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)
Difficulty = Literal["easy", "medium", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = get_args(Difficulty)
# Every bank id has this shape ("fund-01"); a string of it is meant as an id, not a question.
ID_SHAPE = re.compile(r"[a-z]+-\d+")
CATEGORY_NAMES = {
    "zh": {
        "ai_fundamentals": "AI 基础",
        "ai_product_design": "AI 产品设计",
        "product_sense": "产品感",
        "metrics_evaluation": "指标与评估",
        "cases": "案例",
        "strategy_market": "战略与市场",
        "career_behavioural": "职业与行为面",
    },
    "en": {
        "ai_fundamentals": "AI fundamentals",
        "ai_product_design": "AI product design",
        "product_sense": "product sense",
        "metrics_evaluation": "metrics and evaluation",
        "cases": "cases",
        "strategy_market": "strategy and market",
        "career_behavioural": "career and behavioural",
    },
}


class BankPoint(BaseModel):
    """A weighted key point of one question, tied to a verbatim corpus sentence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    weight: int = Field(ge=1, le=5)
    point: Bilingual
    keywords: tuple[str, ...] = Field(min_length=1)
    source: str = Field(min_length=1)  # corpus file name
    quote: str = Field(min_length=1)
    probe: Bilingual  # the follow-up that asks for this point


class Question(BaseModel):
    """A bank question: its text in both languages, its key points and an outline."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    id: str = Field(pattern=ID_SHAPE.pattern)
    category: Category
    difficulty: Difficulty
    text: Bilingual = Field(alias="question")
    key_points: tuple[BankPoint, ...] = Field(min_length=1)
    outline: BilingualList
    type: str = ""  # question type id (coach/data/frameworks)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value and value not in TYPE_IDS:
            raise ValueError(f"unknown question type {value!r}")
        return value

    def prompt(self, lang: Language) -> str:
        return self.text[lang]

    def rubric(self, lang: Language) -> Rubric:
        other: Language = "en" if lang == "zh" else "zh"
        titles = article_titles()
        points = tuple(
            KeyPoint(
                id=kp.id,
                text=kp.point[lang],
                weight=float(kp.weight),
                keywords=kp.keywords,
                source=kp.source,
                quote=kp.quote,
                probe=kp.probe[lang],
                alt_text=kp.point[other],
                title=titles.get(kp.source, ""),
            )
            for kp in self.key_points
        )
        rubric = Rubric(self.prompt(lang), lang, points, "bank", self.id)
        return apply_type(rubric, self.type or None) if self.type else rubric

    def hint(self, lang: Language, skip: Iterable[str] = ()) -> str:
        """A nudge towards the heaviest points not yet covered, without giving them away."""
        skipped = set(skip)
        points = sorted(
            (kp for kp in self.key_points if kp.id not in skipped), key=lambda kp: -kp.weight
        )[:3]
        if not points:
            points = list(self.key_points[:2])
        say = catalogue("interview")
        cues = [say("hint_cue", lang, cue=_cue(kp, lang)) for kp in points]
        return say("hint", lang, cues=say("list_sep", lang).join(cues))

    def model_answer(self, lang: Language) -> str:
        """The outline, then each key point with the corpus sentence behind it."""
        titles, say = article_titles(), catalogue("interview")
        lines = [say("model_outline", lang)]
        lines += [f"{n}. {step}" for n, step in enumerate(self.outline[lang], 1)]
        lines.append(say("model_points", lang))
        lines += [
            say(
                "model_point",
                lang,
                point=kp.point[lang],
                weight=kp.weight,
                title=titles.get(kp.source, kp.source),
                quote=kp.quote,
            )
            for kp in sorted(self.key_points, key=lambda kp: -kp.weight)
        ]
        return "\n".join(lines)

    def summary(self, lang: Language) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "difficulty": self.difficulty,
            "question": self.prompt(lang),
        }


def _cue(point: BankPoint, lang: Language) -> str:
    """A keyword of ``point`` to nudge with, as a whole word: keywords are matching
    stems ("cultur") or symbols ("%"), so a stem is spelt out from the point's own text
    and a keyword with no letter is passed over."""
    words = [k for k in point.keywords if re.search(r"\w", k) and not k.isdigit()]
    keyword = next((k for k in words if _is_lang(k, lang)), words[0] if words else "")
    found = re.search(rf"\b{re.escape(keyword)}\w*", point.point[lang], re.I)
    if not (found and keyword):
        return keyword or point.point[lang]
    word = found.group(0)  # as the point spells it, lower case unless the keyword is not
    return word if keyword[:1].isupper() else word[:1].lower() + word[1:]


def _is_lang(keyword: str, lang: Language) -> bool:
    has_han = bool(re.search(r"[\u4e00-\u9fff]", keyword))
    return has_han if lang == "zh" else not has_han


class QuestionBank:
    def __init__(self, questions: Sequence[Question]):
        self.questions = list(questions)
        self._by_id = {q.id: q for q in self.questions}
        self._by_text = {_norm(t): q for q in self.questions for t in (q.text.zh, q.text.en)}

    @classmethod
    def load(cls, folder: Path | None = None) -> QuestionBank:
        return _read(folder) if folder else _bundled()

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, question_id: str) -> Question:
        try:
            return self._by_id[question_id]
        except KeyError:
            raise BadInput(f"there is no question {question_id!r} in the bank") from None

    def find(self, text_or_id: str) -> Question | None:
        """The bank question with this id or exactly this text (either language)."""
        return self._by_id.get(text_or_id.strip()) or self._by_text.get(_norm(text_or_id))

    def select(
        self,
        *,
        category: str | None = None,
        difficulty: str | None = None,
        count: int = 5,
        avoid: Iterable[str] = (),
        seed: int | None = None,
    ) -> list[Question]:
        """Up to ``count`` questions, unseen ones (not in ``avoid``) first."""
        if category and category not in CATEGORIES:
            raise BadInput(f"unknown category {category!r}; choose one of {', '.join(CATEGORIES)}")
        if difficulty and difficulty not in DIFFICULTIES:
            raise BadInput(f"unknown difficulty {difficulty!r}; choose easy, medium or hard")
        pool = [
            q
            for q in self.questions
            if (not category or q.category == category)
            and (not difficulty or q.difficulty == difficulty)
        ]
        if not pool:
            raise BadInput("no question matches that category and difficulty")
        rng = random.Random(seed)
        rng.shuffle(pool)
        seen = set(avoid)
        pool.sort(key=lambda q: q.id in seen)  # stable: unseen first, shuffled within
        return pool[:count]


def looks_like_id(text: str) -> bool:
    """True for a string shaped like a bank id ("fund-01"), whether or not it exists."""
    return ID_SHAPE.fullmatch(text.strip()) is not None


def _norm(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text.lower())


class BankFile(BaseModel):
    """One ``coach/data/questions/<category>.toml``: its category and its questions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: Category
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _category_into_questions(cls, data: Any) -> Any:
        """Each question carries the file's category, so the file states it once."""
        if isinstance(data, dict) and isinstance(data.get("questions"), list):
            category = data.get("category")
            questions = [
                {"category": category, **q} if isinstance(q, dict) else q for q in data["questions"]
            ]
            return {**data, "questions": questions}
        return data


def _read(folder: Traversable) -> QuestionBank:
    return QuestionBank(
        [q for entry in toml_files(folder) for q in load_toml(entry, BankFile).questions]
    )


@lru_cache(maxsize=1)
def _bundled() -> QuestionBank:
    return _read(bundled("data", "questions"))
