"""The drill library: nine stages shared by every drill, and the drills themselves.

Both are data. ``coach/drills/stages.toml`` holds the stages in order (prompt,
hints and the key points every drill shares at that stage); each file in
``coach/data/drills/`` is one case, written in Chinese and English, with its
context, constraints, difficulty, suggested time and its own key points per
stage. Every key point names a corpus file and quotes it verbatim, so a stage's
rubric is grounded in the articles the coach is built from.

A drill is practised in one language; its listed id says which
(``plant-app-zh``), and the bare id (``plant-app``) takes a language separately.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from coach.errors import BadInput, CoachError
from coach.language import LANGUAGES, Language
from coach.scoring import KeyPoint, Rubric
from coach.settings import PROJECT_ROOT

STAGES_FILE = Path(__file__).with_name("stages.toml")
DRILLS_DIR = PROJECT_ROOT / "coach" / "data" / "drills"
MANIFEST = PROJECT_ROOT / "corpus" / "manifest.json"

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


class LibraryError(CoachError):
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
        )


# --- loading --------------------------------------------------------------------


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    try:
        articles = json.loads(MANIFEST.read_text("utf-8"))["articles"]
    except (OSError, ValueError, KeyError):
        return {}
    return {a["file"]: a.get("title", "") for a in articles if "file" in a}


def source_title(source: str) -> str:
    return _titles().get(source, "")


def _text(raw: Any, where: str, field: str) -> Text:
    if not isinstance(raw, dict) or not all(
        isinstance(raw.get(lg), str) and raw[lg].strip() for lg in LANGUAGES
    ):
        raise LibraryError(f"{where}: {field} needs non-empty zh and en texts")
    return {lg: raw[lg].strip() for lg in LANGUAGES}


def _texts(raw: Any, where: str, field: str) -> dict[Language, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise LibraryError(f"{where}: {field} needs zh and en lists")
    out: dict[Language, tuple[str, ...]] = {}
    for lg in LANGUAGES:
        items = raw.get(lg)
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            raise LibraryError(f"{where}: {field}.{lg} must be a non-empty list of texts")
        out[lg] = tuple(i.strip() for i in items)
    return out


def _point(raw: Any, where: str, stage: str | None = None) -> Point:
    if not isinstance(raw, dict):
        raise LibraryError(f"{where}: a key point must be a table")
    pid = raw.get("id")
    stage_id = stage or raw.get("stage")
    here = f"{where}, point {pid!r}"
    if not isinstance(pid, str) or not pid:
        raise LibraryError(f"{where}: every key point needs an id")
    if stage_id not in STAGE_IDS:
        raise LibraryError(f"{here}: unknown stage {stage_id!r}")
    weight = raw.get("weight")
    if not isinstance(weight, int | float) or not 0 < weight <= 5:
        raise LibraryError(f"{here}: weight must be a number in (0, 5]")
    keywords = raw.get("keywords")
    if (
        not isinstance(keywords, list)
        or not keywords
        or not all(isinstance(k, str) and k.strip() for k in keywords)
    ):
        raise LibraryError(f"{here}: keywords must be a non-empty list of texts")
    source, quote = raw.get("source"), raw.get("quote")
    if not isinstance(source, str) or not isinstance(quote, str) or not quote.strip():
        raise LibraryError(f"{here}: source and quote are required")
    return Point(
        id=pid,
        stage=str(stage_id),
        weight=float(weight),
        text=_text({lg: raw.get(lg) for lg in LANGUAGES}, here, "the point"),
        keywords=tuple(dict.fromkeys(k.strip() for k in keywords)),
        source=source,
        quote=quote,
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LibraryError(f"cannot read {path.name}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise LibraryError(f"{path.name} is not valid TOML: {exc}") from None


def load_stages(path: Path = STAGES_FILE) -> tuple[Stage, ...]:
    raw = _read_toml(path).get("stage")
    if not isinstance(raw, list):
        raise LibraryError(f"{path.name}: no [[stage]] tables")
    stages = []
    for number, item in enumerate(raw, 1):
        sid = item.get("id") if isinstance(item, dict) else None
        where = f"{path.name}, stage {sid!r}"
        stages.append(
            Stage(
                id=str(sid),
                number=number,
                title=_text(item.get("title"), where, "title"),
                prompt=_text(item.get("prompt"), where, "prompt"),
                hints=_texts(item.get("hints"), where, "hints"),
                points=tuple(_point(p, where, str(sid)) for p in item.get("points", [])),
            )
        )
    if tuple(s.id for s in stages) != STAGE_IDS:
        raise LibraryError(f"{path.name}: the stages must be, in order, {', '.join(STAGE_IDS)}")
    return tuple(stages)


def load_drill(path: Path) -> Drill:
    raw = _read_toml(path)
    did = raw.get("id")
    where = path.name
    if not isinstance(did, str) or did != path.stem:
        raise LibraryError(f"{where}: id must equal the file name ({path.stem!r})")
    difficulty = raw.get("difficulty")
    if difficulty not in DIFFICULTIES:
        raise LibraryError(f"{where}: difficulty must be one of {', '.join(DIFFICULTIES)}")
    minutes = raw.get("minutes")
    if not isinstance(minutes, int) or not 5 <= minutes <= 120:
        raise LibraryError(f"{where}: minutes must be a whole number from 5 to 120")
    points = tuple(_point(p, where) for p in raw.get("points", []))
    ids = [p.id for p in points]
    if len(set(ids)) != len(ids):
        raise LibraryError(f"{where}: key point ids must be unique")
    missing = [s for s in STAGE_IDS if not any(p.stage == s for p in points)]
    if missing:
        raise LibraryError(f"{where}: no key point for stage {', '.join(missing)}")
    return Drill(
        id=did,
        difficulty=difficulty,
        minutes=minutes,
        title=_text(raw.get("title"), where, "title"),
        context=_text(raw.get("context"), where, "context"),
        constraints=_texts(raw.get("constraints"), where, "constraints"),
        points=points,
    )


def load_library(drills_dir: Path = DRILLS_DIR, stages_file: Path = STAGES_FILE) -> Library:
    stages = load_stages(stages_file)
    files = sorted(drills_dir.glob("*.toml"))
    if not files:
        raise LibraryError(f"no drill files in {drills_dir}")
    drills = tuple(load_drill(f) for f in files)
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
