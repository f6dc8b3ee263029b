"""Answers for a non-interactive run: a JSON file with one answer per stage.

Either a list of nine strings in stage order, or an object keyed by stage id
(``{"goal": "...", "users": "...", ...}``). Anything else is refused with one
sentence that says what is wrong, before a run is started.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coach.drills.library import STAGE_IDS
from coach.errors import BadInput

MAX_BYTES = 1_000_000
MAX_ANSWER_CHARS = 20_000


def _check(stage: str, value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise BadInput(f"{name}: the answer for stage {stage} must be a string")
    if len(value) > MAX_ANSWER_CHARS:
        raise BadInput(f"{name}: the answer for stage {stage} is too long")
    return value


def parse_answers(data: Any, name: str = "the answers") -> dict[str, str]:
    """Stage id → answer, from decoded JSON."""
    count = len(STAGE_IDS)
    if isinstance(data, list):
        if len(data) != count:
            raise BadInput(f"{name} has {len(data)} answers; a drill needs {count}, one per stage")
        return {stage: _check(stage, v, name) for stage, v in zip(STAGE_IDS, data, strict=True)}
    if isinstance(data, dict):
        unknown = [k for k in data if k not in STAGE_IDS]
        if unknown:
            raise BadInput(
                f"{name} names unknown stage {unknown[0]!r}; stages are {', '.join(STAGE_IDS)}"
            )
        missing = [s for s in STAGE_IDS if s not in data]
        if missing:
            raise BadInput(f"{name} has no answer for stage {', '.join(missing)}")
        return {stage: _check(stage, data[stage], name) for stage in STAGE_IDS}
    raise BadInput(f"{name} must hold a JSON list of {count} answers or an object keyed by stage")


def read_answers(path: Path) -> dict[str, str]:
    name = path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BadInput(f"{name} is larger than {MAX_BYTES // 1000} kB")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"the answers file {path} does not exist") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not an answers file") from None
    except UnicodeDecodeError:
        raise BadInput(f"{name} is not UTF-8 text") from None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{name} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return parse_answers(data, name)
