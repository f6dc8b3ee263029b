"""The AI-product PRD checklist, loaded from ``checklist.toml``.

The checklist is data (names, recognisers, weights, corpus queries) so that it can
be reviewed and tuned without touching the code that applies it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any, Literal

from coach.catalogue import catalogue

Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")


@dataclass(frozen=True)
class Topic:
    """What to look for: queries per language, terms a fitting passage names, and the
    coach notes written for it (by id, e.g. ``requirement_writing``)."""

    key: str
    query_zh: str
    query_en: str
    terms: re.Pattern[str]
    notes: tuple[str, ...] = ()

    def query(self, lang: str) -> str:
        return self.query_zh if lang == "zh" else self.query_en


@dataclass(frozen=True)
class Element:
    """One thing a section must say, e.g. "labelling" for the data section."""

    zh: str
    en: str
    pattern: re.Pattern[str]
    number: bool  # only fully covered when stated with a figure
    # A sentence states the element only when it also names what the element is about
    # ("answers 12,000 chats a month" is not a model's task without a model in it).
    context: re.Pattern[str] | None = None

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def stated_in(self, text: str) -> bool:
        if not self.pattern.search(text):
            return False
        return self.context is None or bool(self.context.search(text))


@dataclass(frozen=True)
class Section:
    key: str
    zh: str
    en: str
    weight: int
    missing: Severity
    heading: re.Pattern[str]
    examples: tuple[str, ...]
    query: str
    query_en: str
    cite_terms: re.Pattern[str]
    elements: tuple[Element, ...]
    core: int = 0  # the element that, stated anywhere, makes the topic "touched on"
    notes: tuple[str, ...] = ()  # coach notes (by id) to cite first

    @property
    def topic(self) -> Topic:
        return Topic(self.key, self.query, self.query_en, self.cite_terms, self.notes)

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def weak(self) -> Severity:
        return "medium" if self.missing == "high" else "low"


_ALTERNATIVE_START = re.compile(r"(^|\||\()([a-z])")


def _compile(pattern: str) -> re.Pattern[str]:
    # English alternatives must start a word ("day" is not in "today"); \b would not
    # do, because Chinese characters count as word characters ("用AI做").
    guarded = _ALTERNATIVE_START.sub(r"\1(?<![a-z])\2", pattern)
    return re.compile(guarded, re.IGNORECASE)


def _context(pattern: str | None) -> re.Pattern[str] | None:
    return _compile(pattern) if pattern else None


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return tomllib.loads((files("coach.prd") / "checklist.toml").read_text("utf-8"))


def other_examples() -> tuple[str, ...]:
    """Headings of material that belongs to no section (appendix, glossary…)."""
    return tuple(_data()["other_examples"])


@lru_cache(maxsize=1)
def topics() -> dict[str, Topic]:
    """What to cite for each kind of flagged requirement."""
    return {
        kind: Topic(
            kind, raw["query"], raw["query_en"], _compile(raw["terms"]), tuple(raw["notes"])
        )
        for kind, raw in _data()["topic"].items()
    }


@lru_cache(maxsize=1)
def checklist() -> tuple[Section, ...]:
    return tuple(
        Section(
            key=raw["key"],
            zh=raw["zh"],
            en=raw["en"],
            weight=int(raw["weight"]),
            missing=raw["missing"],
            heading=_compile(raw["heading"]),
            examples=tuple(raw["examples"]),
            query=raw["query"],
            query_en=raw.get("query_en", raw["query"]),
            cite_terms=_compile(raw["cite_terms"]),
            elements=tuple(
                Element(
                    e["zh"],
                    e["en"],
                    _compile(e["pattern"]),
                    bool(e.get("number")),
                    _context(e.get("context", raw.get("context"))),
                )
                for e in raw["elements"]
            ),
            core=int(raw.get("core", 0)),
            notes=tuple(raw.get("notes", ())),
        )
        for raw in _data()["section"]
    )


def section(key: str) -> Section:
    for item in checklist():
        if item.key == key:
            return item
    raise KeyError(key)


def say(lang: str, key: str, **values: object) -> str:
    """A sentence of the critique (the ``prd`` domain of ``coach.catalogue``)."""
    return catalogue("prd").text(key, lang, **values)
