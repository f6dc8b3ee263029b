"""Interviewer personas (friendly, strict) as data: ``coach/data/personas.toml``.

A persona changes how the interviewer speaks (greeting, follow-up lead-ins, the
style line given to the model), never how an answer is scored.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from coach.datafiles import bundled, load_toml
from coach.errors import BadInput
from coach.language import Language

PERSONAS = ("friendly", "strict")


class Voice(BaseModel):
    """What one persona says in one language; ``{count}`` and ``{quote}`` are filled in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    style: str = Field(min_length=1)  # the style line given to the model
    greeting: str = Field(min_length=1)
    followup_lead: str = Field(min_length=1)
    evidence_lead: str = Field(min_length=1)
    evidence_ask: str = Field(min_length=1)
    retry_lead: str = Field(min_length=1)
    next: str = Field(min_length=1)
    closing: str = Field(min_length=1)


class Persona(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: Voice
    en: Voice


class PersonaFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    friendly: Persona
    strict: Persona


@lru_cache(maxsize=1)
def _all() -> PersonaFile:
    return load_toml(bundled("data", "personas.toml"), PersonaFile)


def persona(name: str, lang: Language) -> dict[str, str]:
    """The phrases of persona ``name`` in ``lang``, by role (``greeting``, ``closing`` …)."""
    if name not in PERSONAS:
        raise BadInput(f"unknown persona {name!r}; choose {' or '.join(PERSONAS)}")
    chosen: Persona = getattr(_all(), name)
    return (chosen.zh if lang == "zh" else chosen.en).model_dump()
