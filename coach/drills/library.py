"""The drill library: nine stages shared by every drill, and the drills themselves.

Both are data, read by ``coach.datafiles`` and validated by ``StagesFile`` and
``DrillFile``. ``coach/drills/stages.toml`` holds the stages in order (prompt,
hints and the key points every drill shares at that stage); each file in
``coach/data/drills/`` is one case, written in Chinese and English, with its
context, constraints, difficulty, suggested time and its own key points per
stage. Every key point names a corpus file and quotes it verbatim, so a stage's
rubric is grounded in the articles the coach is built from.

A drill is practised in one language; its listed id says which
(``plant-app-zh``), and the bare id (``plant-app``) takes a language separately.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources.abc import Traversable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from coach.articles import article_title
from coach.datafiles import DataFileError, bundled, load_toml, toml_files
from coach.errors import BadInput
from coach.language import LANGUAGES, Bilingual, BilingualList, CleanText, Language
from coach.scoring import KeyPoint, Rubric

STAGES_FILE = bundled("drills", "stages.toml")
DRILLS_DIR = bundled("data", "drills")

Difficulty = Literal["easy", "medium", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")
STAGE_IDS = (
    "goal",
    "users",
    "pain_points",
    "solution",
    "prioritise",
    "metrics",
    "data_model",
    "risks",
    "recap",
)


class LibraryError(DataFileError):
    """A drill or stage file is malformed; the message names the file."""


Text = dict[Language, str]


@dataclass(frozen=True)
class Point:
    """A rubric key point in both languages, tied to a corpus quote."""

    id: str
    stage: str
    weight: float
    text: Text
    keywords: tuple[str, ...]
    source: str
    quote: str

    def key_point(self, lang: Language) -> KeyPoint:
        other: Language = "en" if lang == "zh" else "zh"
        return KeyPoint(
            id=self.id,
            text=self.text[lang],
            weight=self.weight,
            keywords=self.keywords,
            source=self.source,
            quote=self.quote,
            alt_text=self.text[other],
            title=source_title(self.source),
        )


@dataclass(frozen=True)
class Stage:
    id: str
    number: int  # 1-based position
    title: Text
    prompt: Text
    hints: dict[Language, tuple[str, ...]]
    points: tuple[Point, ...]  # shared by every drill


@dataclass(frozen=True)
class Drill:
    id: str
    difficulty: Difficulty
    minutes: int
    title: Text
    context: Text
    constraints: dict[Language, tuple[str, ...]]
    points: tuple[Point, ...]  # this case's own points, each tagged with its stage

    def version_id(self, lang: Language) -> str:
        return f"{self.id}-{lang}"

    def points_for(self, stage_id: str) -> tuple[Point, ...]:
        return tuple(p for p in self.points if p.stage == stage_id)

    def emphasis(self, stage_id: str) -> float:
        """How much this case asks of a stage beyond the shared points."""
        return sum(p.weight for p in self.points_for(stage_id))


@dataclass(frozen=True)
class DrillVersion:
    """One drill in one language: what a candidate actually runs."""

    drill: Drill
    lang: Language

    @property
    def id(self) -> str:
        return self.drill.version_id(self.lang)

    @property
    def title(self) -> str:
        return self.drill.title[self.lang]

    def listing(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "lang": self.lang,
            "difficulty": self.drill.difficulty,
        }


@dataclass(frozen=True)
class Library:
    stages: tuple[Stage, ...]
    drills: tuple[Drill, ...]

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise BadInput(f"there is no stage {stage_id!r}; stages are {', '.join(STAGE_IDS)}")

    def versions(self, lang: Language | None = None) -> list[DrillVersion]:
        langs = (lang,) if lang else LANGUAGES
        return [DrillVersion(d, lg) for d in self.drills for lg in langs]

    def find(self, drill_id: str, lang: Language | None = None) -> DrillVersion:
        """``plant-app-zh``, or ``plant-app`` with ``lang`` (Chinese by default)."""
        wanted = drill_id.strip()
        for drill in self.drills:
            for version_lang in LANGUAGES:
                if wanted == drill.version_id(version_lang):
                    if lang and lang != version_lang:
                        raise BadInput(f"the drill {wanted} is in {version_lang}, not {lang}")
                    return DrillVersion(drill, version_lang)
            if wanted == drill.id:
                return DrillVersion(drill, lang or "zh")
        raise BadInput(f"there is no drill {wanted!r}; `coach drill list` shows the drills")

    def rubric(self, version: DrillVersion, stage_id: str) -> Rubric:
        """The stage's shared points plus the case's own, in the drill's language."""
        stage = self.stage(stage_id)
        points = (*version.drill.points_for(stage_id), *stage.points)
        question = f"{version.title} · {stage.title[version.lang]}: {stage.prompt[version.lang]}"
        return Rubric(
            question=question,
            lang=version.lang,
            key_points=tuple(p.key_point(version.lang) for p in points),
            origin="bank",
            question_id=f"{version.id}/{stage_id}",
            # Every case asks the same stage prompt: the case says what the answer must
            # be about, and the other cases what it must not be about.
            subject=_case(version.drill, version.lang),
            rivals=tuple(_case(d, version.lang) for d in self.drills if d.id != version.drill.id),
        )


def _case(drill: Drill, lang: Language) -> str:
    return f"{drill.title[lang]}\n{drill.context[lang]}"


# --- loading --------------------------------------------------------------------


def source_title(source: str) -> str:
    """The corpus article's title (``coach.articles``, the one table of titles)."""
    return article_title(source)


class PointEntry(BaseModel):
    """A key point as a file writes it: the stage is implied inside ``stages.toml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    stage: str | None = None
    weight: float = Field(gt=0, le=5)
    zh: CleanText
    en: CleanText
    keywords: tuple[CleanText, ...] = Field(min_length=1)
    source: str
    quote: CleanText

    def point(self, stage: str | None = None) -> Point:
        return Point(
            id=self.id,
            stage=str(stage or self.stage),
            weight=self.weight,
            text={"zh": self.zh, "en": self.en},
            keywords=tuple(dict.fromkeys(self.keywords)),
            source=self.source,
            quote=self.quote,
        )


def _stage_known(stage: str | None) -> None:
    if stage not in STAGE_IDS:
        raise ValueError(f"unknown stage {stage!r}")


class StageEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: Bilingual
    prompt: Bilingual
    hints: BilingualList
    points: tuple[PointEntry, ...] = ()


class StagesFile(BaseModel):
    """``stages.toml``: the nine stages, in order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: tuple[StageEntry, ...]

    @model_validator(mode="after")
    def _in_order(self) -> StagesFile:
        if tuple(s.id for s in self.stage) != STAGE_IDS:
            raise ValueError(f"the stages must be, in order, {', '.join(STAGE_IDS)}")
        return self


class DrillFile(BaseModel):
    """``coach/data/drills/<id>.toml``: one case and its own key points per stage."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    difficulty: Difficulty
    minutes: int = Field(ge=5, le=120, strict=True)
    title: Bilingual
    context: Bilingual
    constraints: BilingualList
    points: tuple[PointEntry, ...] = ()

    @model_validator(mode="after")
    def _points_cover_the_stages(self) -> DrillFile:
        for p in self.points:
            _stage_known(p.stage)
        ids = [p.id for p in self.points]
        if len(set(ids)) != len(ids):
            raise ValueError("key point ids must be unique")
        missing = [s for s in STAGE_IDS if not any(p.stage == s for p in self.points)]
        if missing:
            raise ValueError(f"no key point for stage {', '.join(missing)}")
        return self


def load_stages(entry: Traversable = STAGES_FILE) -> tuple[Stage, ...]:
    parsed = load_toml(entry, StagesFile, error=LibraryError)
    return tuple(
        Stage(
            id=item.id,
            number=number,
            title={"zh": item.title.zh, "en": item.title.en},
            prompt={"zh": item.prompt.zh, "en": item.prompt.en},
            hints={"zh": item.hints.zh, "en": item.hints.en},
            points=tuple(p.point(item.id) for p in item.points),
        )
        for number, item in enumerate(parsed.stage, 1)
    )


def load_drill(entry: Traversable) -> Drill:
    parsed = load_toml(entry, DrillFile, error=LibraryError)
    stem = entry.name.removesuffix(".toml")
    if parsed.id != stem:
        raise LibraryError(f"{entry.name}: id must equal the file name ({stem!r})")
    return Drill(
        id=parsed.id,
        difficulty=parsed.difficulty,
        minutes=parsed.minutes,
        title={"zh": parsed.title.zh, "en": parsed.title.en},
        context={"zh": parsed.context.zh, "en": parsed.context.en},
        constraints={"zh": parsed.constraints.zh, "en": parsed.constraints.en},
        points=tuple(p.point() for p in parsed.points),
    )


def load_library(
    drills_dir: Traversable = DRILLS_DIR, stages_file: Traversable = STAGES_FILE
) -> Library:
    stages = load_stages(stages_file)
    entries = toml_files(drills_dir)
    if not entries:
        raise LibraryError(f"no drill files in {drills_dir}")
    drills = tuple(load_drill(e) for e in entries)
    shared = {p.id for s in stages for p in s.points}
    for drill in drills:
        clash = shared & {p.id for p in drill.points}
        if clash:
            raise LibraryError(f"{drill.id}.toml: point ids {sorted(clash)} clash with stages.toml")
    return Library(stages=stages, drills=drills)


@lru_cache(maxsize=1)
def bundled_library() -> Library:
    """The bundled library, loaded once per process."""
    return load_library()
