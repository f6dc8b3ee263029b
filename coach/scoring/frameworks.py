"""Question types and their frameworks: what an interviewer listens for, as data.

``coach/data/frameworks/<type>.toml`` holds one framework per question type
(product design, metric diagnosis, behavioural, AI evaluation ...): how to
recognise the type (examples and cue words in Chinese and English), the talking
points a strong answer covers with weights, what substance looks like for each,
a probe per point, common traps and a short model outline. They are written by us
and validated here, so a broken file fails loudly at load time, not mid-interview.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, field_validator

from coach.language import Bilingual, BilingualList, Language

if TYPE_CHECKING:
    from coach.scoring.rubric import KeyPoint

TYPE_IDS = (
    "product_design",
    "product_improvement",
    "favourite_product",
    "metric_definition",
    "metric_diagnosis",
    "estimation",
    "prioritisation",
    "strategy_market",
    "behavioural",
    "motivation_career",
    "ai_concept",
    "ai_feature_design",
    "ai_evaluation_launch",
    "risk_ethics",
    "requirement_writing",
)
NOTE_PREFIX = "frameworks/"  # note ids are "frameworks/<type>" (coach/data/notes/frameworks)


class TalkingPoint(BaseModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    weight: float = Field(gt=0, le=5)
    point: Bilingual
    substance: Bilingual  # what a point made with substance sounds like
    keywords: list[str] = Field(min_length=2)
    probe: Bilingual


class Framework(BaseModel):
    id: str
    name: Bilingual
    ai: bool  # whether AI-specific awareness (data, evaluation, limits) is expected
    cues: BilingualList  # regular expressions that hint at the type in a question
    examples: BilingualList  # recognition examples: questions of this type
    outline: BilingualList
    traps: BilingualList
    points: list[TalkingPoint] = Field(min_length=3)

    @field_validator("id")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in TYPE_IDS:
            raise ValueError(f"unknown question type {value!r}")
        return value

    @property
    def note_id(self) -> str:
        return f"{NOTE_PREFIX}{self.id}"

    def cue_patterns(self) -> list[re.Pattern[str]]:
        return [re.compile(c, re.IGNORECASE) for c in [*self.cues.zh, *self.cues.en]]

    def key_points(self, lang: Language, weight_scale: float = 1.0) -> list[KeyPoint]:
        """The framework's talking points as rubric key points (id ``<type>:<point>``)."""
        from coach.scoring.rubric import KeyPoint

        other: Language = "en" if lang == "zh" else "zh"
        return [
            KeyPoint(
                id=f"{self.id}:{p.id}",
                text=p.point.get(lang),
                weight=p.weight * weight_scale,
                keywords=tuple(p.keywords),
                source=self.note_id,
                quote=p.substance.get(lang),
                probe=p.probe.get(lang),
                alt_text=p.point.get(other),
                title=self.name.get(lang),
                kind="framework",
            )
            for p in self.points
        ]


@lru_cache(maxsize=1)
def frameworks() -> dict[str, Framework]:
    """Every bundled framework by type id; all of ``TYPE_IDS`` must be there."""
    folder = files("coach") / "data" / "frameworks"
    found: dict[str, Framework] = {}
    for entry in folder.iterdir():
        if not entry.name.endswith(".toml"):
            continue
        framework = Framework.model_validate(tomllib.loads(entry.read_text("utf-8")))
        if entry.name != f"{framework.id}.toml":
            raise ValueError(f"{entry.name} holds framework {framework.id!r}")
        found[framework.id] = framework
    missing = set(TYPE_IDS) - set(found)
    if missing:
        raise ValueError(f"no framework for {sorted(missing)}")
    return found


def framework(type_id: str) -> Framework:
    return frameworks()[type_id]
