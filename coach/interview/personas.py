"""Interviewer personas (friendly, strict) as data: ``coach/data/personas.json``.

A persona changes how the interviewer speaks (greeting, follow-up lead-ins, the
style line given to the model), never how an answer is scored.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files

from coach.errors import BadInput
from coach.language import Language

PERSONAS = ("friendly", "strict")


@lru_cache(maxsize=1)
def _all() -> dict[str, dict[str, dict[str, str]]]:
    data: dict[str, dict[str, dict[str, str]]] = json.loads(
        (files("coach") / "data" / "personas.json").read_text("utf-8")
    )
    return data


def persona(name: str, lang: Language) -> dict[str, str]:
    try:
        return _all()[name][lang]
    except KeyError:
        raise BadInput(f"unknown persona {name!r}; choose {' or '.join(PERSONAS)}") from None
