"""Eval cases: data files under evals/cases/, one JSON object per line.

A case names its mode (which chain runs it), its inputs and what is expected of
the output. Expectations are optional per case; a metric whose expectation is
missing is reported as "not applicable" for that case, never as 0 or 1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CASES_DIR = Path(__file__).resolve().parent / "cases"
MODES = ("chat", "judge", "interview", "grading", "prd", "drill", "calibration")


class CaseError(ValueError):
    pass


@dataclass(frozen=True)
class Case:
    id: str
    mode: str
    input: dict[str, Any]
    expect: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    file: str = ""

    @property
    def needs_model(self) -> bool:
        """Whether running the case calls the chat model (and so needs a cassette)."""
        return bool(self.input.get("model", True))


def load_cases(folder: Path = CASES_DIR) -> list[Case]:
    cases: list[Case] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                raw = json.loads(line)
                case = Case(
                    id=raw["id"],
                    mode=raw["mode"],
                    input=raw["input"],
                    expect=raw.get("expect", {}),
                    note=raw.get("note", ""),
                    file=path.name,
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise CaseError(f"{path.name}:{number}: not a valid case ({exc})") from exc
            if case.mode not in MODES:
                raise CaseError(f"{path.name}:{number}: unknown mode {case.mode!r}")
            if case.id in seen:
                raise CaseError(f"{path.name}:{number}: duplicate case id {case.id!r}")
            seen.add(case.id)
            cases.append(case)
    return cases


def select(cases: list[Case], ids: list[str] | None, modes: list[str] | None) -> list[Case]:
    chosen = [c for c in cases if (not ids or c.id in ids) and (not modes or c.mode in modes)]
    missing = set(ids or []) - {c.id for c in chosen}
    if missing:
        raise CaseError(f"no such case: {', '.join(sorted(missing))}")
    return chosen
