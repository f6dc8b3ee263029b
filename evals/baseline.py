"""The committed baseline: per mode and metric averages, and which cases passed.

``evals run`` compares against it; a metric that drops by more than the tolerance,
or a case that passed and now fails, is a regression (non-zero exit).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BASELINE = Path(__file__).resolve().parent / "baseline.json"
TOLERANCE = 0.05


@dataclass(frozen=True)
class Regression:
    what: str
    before: float | str
    after: float | str

    def __str__(self) -> str:
        return f"{self.what}: {self.before} → {self.after}"

    def as_dict(self) -> dict[str, Any]:
        return {"what": self.what, "before": self.before, "after": self.after}


def load(path: Path = BASELINE) -> dict[str, Any] | None:
    if not path.exists():
        return None
    return dict(json.loads(path.read_text("utf-8")))


def save(summary: dict[str, Any], path: Path = BASELINE) -> None:
    keep = {
        "metrics": summary["metrics"],
        "by_mode": summary["by_mode"],
        "cases": {c["id"]: c["passed"] for c in summary["results"]},
    }
    path.write_text(json.dumps(keep, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")


def compare(
    summary: dict[str, Any], baseline: dict[str, Any] | None, tolerance: float = TOLERANCE
) -> list[Regression]:
    # A case that cannot even run (no matching recording, a crash) is always a
    # regression: the suite must replay whole.
    found: list[Regression] = [
        Regression(f"case {c['id']}", "ran", f"error: {c['error']}")
        for c in summary["results"]
        if c.get("error")
    ]
    if not baseline:
        return found
    for mode, metrics in summary["by_mode"].items():
        for name, value in metrics.items():
            before = baseline.get("by_mode", {}).get(mode, {}).get(name)
            if before is None or value is None:
                continue
            if value < before - tolerance:
                found.append(Regression(f"{mode}/{name}", round(before, 3), round(value, 3)))
    for case in summary["results"]:
        before = baseline.get("cases", {}).get(case["id"])
        if before is True and not case["passed"] and not case.get("error"):
            found.append(Regression(f"case {case['id']}", "passed", "failed"))
    return found
