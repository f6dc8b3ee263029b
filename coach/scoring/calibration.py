"""Check the scorer against a labelled calibration set.

Answers are labelled strong > adequate > weak > non-answer (don't know, garbage,
injection). Within each question, every pair with different labels should be
ordered by score: pairwise ranking accuracy counts those pairs (a tie is half
right). Non-answers must also stay low in absolute terms.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from coach.scoring.rubric import Rubric
from coach.scoring.scorer import Score, score_answer

RANK = {"strong": 3, "adequate": 2, "weak": 1, "dont_know": 0, "garbage": 0, "injection": 0}
NON_ANSWERS = frozenset({"dont_know", "garbage", "injection"})


@dataclass
class CalibrationResult:
    rows: list[tuple[dict[str, Any], Score]]
    pairs: int = 0
    correct: float = 0.0
    misordered: list[tuple[str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.pairs if self.pairs else 0.0

    @property
    def max_non_answer(self) -> int:
        return max((s.score for r, s in self.rows if r["label"] in NON_ANSWERS), default=0)


def load(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate(
    rows: Iterable[dict[str, Any]], rubric_for: Callable[[dict[str, Any]], Rubric]
) -> CalibrationResult:
    scored = [
        (row, score_answer(row["question"], row["answer"], rubric_for(row), row["lang"]))
        for row in rows
    ]
    result = CalibrationResult(scored)
    groups: dict[str, list[tuple[dict[str, Any], Score]]] = defaultdict(list)
    for row, score in scored:
        groups[row["question_id"] or row["question"]].append((row, score))
    for members in groups.values():
        for (ra, sa), (rb, sb) in combinations(members, 2):
            if RANK[ra["label"]] == RANK[rb["label"]]:
                continue
            hi, lo = (
                ((ra, sa), (rb, sb))
                if RANK[ra["label"]] > RANK[rb["label"]]
                else ((rb, sb), (ra, sa))
            )
            result.pairs += 1
            if hi[1].score > lo[1].score:
                result.correct += 1
            elif hi[1].score == lo[1].score:
                result.correct += 0.5
                result.misordered.append((hi[0]["id"], lo[0]["id"]))
            else:
                result.misordered.append((hi[0]["id"], lo[0]["id"]))
    return result
