"""What changed between two critiques of the same PRD: issues fixed, still open and
new, sections whose rating moved, and the score difference."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_RANK = {"missing": 0, "weak": 1, "present": 2}


@dataclass
class Revision:
    previous_version: int
    previous_score: int
    score: int
    unchanged: bool
    fixed: list[dict[str, Any]] = field(default_factory=list)
    remaining: list[dict[str, Any]] = field(default_factory=list)
    new: list[dict[str, Any]] = field(default_factory=list)
    sections: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (was, now)

    @property
    def delta(self) -> int:
        return self.score - self.previous_score

    def as_dict(self) -> dict[str, Any]:
        return {
            "previous_version": self.previous_version,
            "previous_score": self.previous_score,
            "score": self.score,
            "delta": self.delta,
            "unchanged": self.unchanged,
            "fixed": self.fixed,
            "remaining": self.remaining,
            "new": self.new,
            "sections": {k: {"was": a, "now": b} for k, (a, b) in self.sections.items()},
        }


def compare(previous: dict[str, Any], current: dict[str, Any], previous_version: int) -> Revision:
    """Both arguments are ``Critique.as_dict()`` payloads (the stored form)."""
    before = {issue["identity"]: issue for issue in previous["issues"]}
    after = {issue["identity"]: issue for issue in current["issues"]}
    revision = Revision(
        previous_version=previous_version,
        previous_score=int(previous["score"]),
        score=int(current["score"]),
        unchanged=previous.get("digest") == current.get("digest"),
        fixed=[issue for key, issue in before.items() if key not in after],
        remaining=[issue for key, issue in after.items() if key in before],
        new=[issue for key, issue in after.items() if key not in before],
    )
    for key, now in current["sections"].items():
        was = previous["sections"].get(key, {}).get("status", "missing")
        if was != now["status"]:
            revision.sections[key] = (was, now["status"])
    revision.sections = dict(
        sorted(revision.sections.items(), key=lambda kv: _RANK[kv[1][0]] - _RANK[kv[1][1]])
    )
    return revision
