"""The one way the coach reads its bundled data: TOML files found with
``importlib.resources``, each validated by a pydantic model.

The question bank (``coach/data/questions``), the interviewer personas
(``coach/data/personas.toml``), the drills (``coach/data/drills``,
``coach/drills/stages.toml``) and the question-type frameworks
(``coach/data/frameworks``) are all read this way. A malformed file ends in one
sentence that names the file and the field, never in a half-loaded library.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from coach.errors import CoachError

Model = TypeVar("Model", bound=BaseModel)


class DataFileError(CoachError):
    """A bundled data file is missing, not TOML, or does not fit its model."""


def bundled(*parts: str) -> Traversable:
    """``coach/<parts>`` inside the installed package."""
    return files("coach").joinpath(*parts)


def toml_files(folder: Traversable) -> list[Traversable]:
    """The ``.toml`` files directly in ``folder``, by name."""
    return sorted((e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name)


def read_toml(entry: Traversable, error: type[CoachError] = DataFileError) -> dict[str, Any]:
    try:
        return tomllib.loads(entry.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read {entry.name}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{entry.name} is not valid TOML: {exc}") from None


def load_toml(
    entry: Traversable,
    model: type[Model],
    *,
    error: type[CoachError] = DataFileError,
    context: dict[str, Any] | None = None,
) -> Model:
    """``entry`` read as TOML and validated by ``model``; ``error`` names the file."""
    raw = read_toml(entry, error)
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as exc:
        raise error(f"{entry.name}: {describe(exc)}") from None


def describe(exc: ValidationError) -> str:
    """Each problem as ``field.path: what is wrong``, joined in one sentence."""
    problems = []
    for item in exc.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "the file"
        problems.append(f"{where}: {item['msg']}")
    return "; ".join(problems)
