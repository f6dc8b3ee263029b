"""PRD critique against the labelled set in tests/data/prd_set/ (labels.toml).

Run with ``uv run python bench/prd.py`` (offline: no model, no corpus index; the
heading classifier uses the bundled e5 model). Reports
  section accuracy      checklist statuses equal to the labelled ones
  evidence accuracy     labelled sections whose evidence quote is a sentence the
                        labeller marked as stating one of the section's elements
  high-issue recall     labelled high-severity sentence problems that the critique
                        raises as high and quotes
Targets: each >= 0.9. ``--verbose`` lists every miss.
"""

from __future__ import annotations

import sys
import time
import tomllib
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


def main(verbose: bool) -> int:
    labels: list[dict[str, Any]] = tomllib.loads((SET / "labels.toml").read_text("utf-8"))["prd"]
    settings = Settings()
    sections_ok = sections_all = evidence_ok = evidence_all = high_ok = high_all = 0
    kinds_ok = extra_high = 0
    misses: list[str] = []
    started = time.perf_counter()
    for entry in labels:
        result = critique(load_path(SET / entry["file"], settings), classify=classify_headings)
        for key, expected in entry["sections"].items():
            accepted = [expected] if isinstance(expected, str) else list(expected)
            got = result.findings[key].status
            sections_all += 1
            if got in accepted:
                sections_ok += 1
            else:
                misses.append(f"{entry['file']}: section {key} is {got}, expected {expected}")
        for key, fragments in entry.get("evidence", {}).items():
            evidence_all += 1
            quote = _flat(result.findings[key].evidence)
            if quote and any(_flat(f) in quote for f in fragments):
                evidence_ok += 1
            else:
                misses.append(f"{entry['file']}: evidence for {key} is {quote!r}")
        highs = [i for i in result.issues if i.severity == "high" and i.quote]
        matched: set[int] = set()
        for expected in entry.get("high", []):
            high_all += 1
            hit = next((i for i in highs if _flat(expected["quote"]) in _flat(i.quote)), None)
            if hit is None:
                misses.append(f"{entry['file']}: no high issue quoting {expected['quote']!r}")
                continue
            high_ok += 1
            matched.add(id(hit))
            if hit.kind == expected["kind"]:
                kinds_ok += 1
            else:
                misses.append(
                    f"{entry['file']}: {expected['quote']!r} raised as {hit.kind}, "
                    f"labelled {expected['kind']}"
                )
        sentence_highs = [i for i in highs if i.kind not in ("missing", "weak", "gap")]
        for issue in sentence_highs:
            if id(issue) not in matched:
                extra_high += 1
                misses.append(f"{entry['file']}: unlabelled high {issue.kind}: {issue.quote!r}")
    elapsed = time.perf_counter() - started
    if verbose:
        print("\n".join(misses))
        print()
    section_acc = sections_ok / sections_all
    evidence_acc = evidence_ok / evidence_all
    recall = high_ok / high_all
    print(f"PRDs: {len(labels)}, time: {elapsed:.1f} s")
    print(
        f"section accuracy:  {section_acc:.3f} ({sections_ok}/{sections_all}, target >= {TARGET})"
    )
    print(
        f"evidence accuracy: {evidence_acc:.3f} ({evidence_ok}/{evidence_all}, target >= {TARGET})"
    )
    print(f"high-issue recall: {recall:.3f} ({high_ok}/{high_all}, target >= {TARGET})")
    print(f"  of those with the labelled kind: {kinds_ok}/{high_all}")
    print(f"  unlabelled high sentence issues: {extra_high}")
    ok = min(section_acc, evidence_acc, recall) >= TARGET
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main("--verbose" in sys.argv[1:]))
