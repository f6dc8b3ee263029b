"""PRD critique against the labelled set in tests/data/prd_set/ (labels.toml).

Run with ``uv run python bench/prd.py`` (offline: no model, no corpus index; the
heading classifier uses the bundled e5 model). Reports
  section accuracy      checklist statuses equal to the labelled ones
  evidence accuracy     labelled sections whose evidence quote is a sentence the
                        labeller marked as stating one of the section's elements
  high-issue recall     labelled high-severity sentence problems that the critique
                        raises as high and quotes
Targets: each >= 0.9 over all PRDs; the figures are also given apart for the PRDs the
critique was tuned on and for those held out (``holdout = true``). ``--verbose`` lists
every miss.
"""

from __future__ import annotations

import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coach.prd import critique, load_path  # noqa: E402
from coach.prd.meaning import classify_headings  # noqa: E402
from coach.settings import Settings  # noqa: E402

SET = ROOT / "tests" / "data" / "prd_set"
TARGET = 0.9


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class Tally:
    prds: int = 0
    sections: list[int] = field(default_factory=lambda: [0, 0])  # right, all
    evidence: list[int] = field(default_factory=lambda: [0, 0])
    high: list[int] = field(default_factory=lambda: [0, 0])
    kinds: int = 0
    extra_high: int = 0

    def rates(self) -> tuple[float, float, float]:
        return tuple(
            ok / all_ if all_ else 1.0 for ok, all_ in (self.sections, self.evidence, self.high)
        )  # type: ignore[return-value]


def judge(entry: dict[str, Any], tally: Tally, misses: list[str], settings: Settings) -> None:
    result = critique(load_path(SET / entry["file"], settings), classify=classify_headings)
    tally.prds += 1
    for key, expected in entry["sections"].items():
        accepted = [expected] if isinstance(expected, str) else list(expected)
        got = result.findings[key].status
        tally.sections[1] += 1
        if got in accepted:
            tally.sections[0] += 1
        else:
            misses.append(f"{entry['file']}: section {key} is {got}, expected {expected}")
    for key, fragments in entry.get("evidence", {}).items():
        tally.evidence[1] += 1
        quote = _flat(result.findings[key].evidence)
        if quote and any(_flat(f) in quote for f in fragments):
            tally.evidence[0] += 1
        else:
            misses.append(f"{entry['file']}: evidence for {key} is {quote!r}")
    highs = [i for i in result.issues if i.severity == "high" and i.quote]
    matched: set[int] = set()
    for expected in entry.get("high", []):
        tally.high[1] += 1
        hit = next((i for i in highs if _flat(expected["quote"]) in _flat(i.quote)), None)
        if hit is None:
            misses.append(f"{entry['file']}: no high issue quoting {expected['quote']!r}")
            continue
        tally.high[0] += 1
        matched.add(id(hit))
        if hit.kind == expected["kind"]:
            tally.kinds += 1
        else:
            misses.append(
                f"{entry['file']}: {expected['quote']!r} raised as {hit.kind}, "
                f"labelled {expected['kind']}"
            )
    for issue in highs:
        if issue.kind not in ("missing", "weak", "gap") and id(issue) not in matched:
            tally.extra_high += 1
            misses.append(f"{entry['file']}: unlabelled high {issue.kind}: {issue.quote!r}")


def main(verbose: bool) -> int:
    labels: list[dict[str, Any]] = tomllib.loads((SET / "labels.toml").read_text("utf-8"))["prd"]
    settings = Settings()
    groups = {"all": Tally(), "tuned on": Tally(), "held out": Tally()}
    misses: list[str] = []
    started = time.perf_counter()
    for entry in labels:
        group = "held out" if entry.get("holdout") else "tuned on"
        for name in ("all", group):
            judge(entry, groups[name], misses if name == "all" else [], settings)
    elapsed = time.perf_counter() - started
    if verbose:
        print("\n".join(misses))
        print()
    print(f"PRDs: {len(labels)}, time: {elapsed:.1f} s")
    for name, tally in groups.items():
        section_acc, evidence_acc, recall = tally.rates()
        print(
            f"{name:9} ({tally.prds:2} PRDs)  section accuracy {section_acc:.3f} "
            f"({tally.sections[0]}/{tally.sections[1]})  evidence accuracy {evidence_acc:.3f} "
            f"({tally.evidence[0]}/{tally.evidence[1]})  high-issue recall {recall:.3f} "
            f"({tally.high[0]}/{tally.high[1]}; labelled kind {tally.kinds}, "
            f"unlabelled highs {tally.extra_high})"
        )
    ok = min(groups["all"].rates()) >= TARGET
    print(f"targets: each >= {TARGET} over all PRDs: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main("--verbose" in sys.argv[1:]))
