"""Agreement of the scorer with answers whose quality people judged.

The calibration set (``tests/data/calibration/set.jsonl``) labels answers strong,
adequate, weak, fluff or non_answer, in groups that share a question. Within a
group the order is strong > adequate > weak, fluff below strong and adequate, and a
non-answer below everything else; pairwise ranking accuracy counts those pairs (a
tie is half right). The absolute targets follow what an interviewer would say:
fluff stays at 35 or below, good answers that a public source holds up as good
(``real_good``) get a median of 55 or more and are never rejected, non-answers stay
at 10 or below. Type classification is measured against each row's ``type``.

Off-topic pairs (``off_topic_pairs`` and ``tests/data/calibration/off_topic.jsonl``)
grade a substantive answer against a question it does not answer: every strong or
adequate answer of a set under the questions of other-type groups, plus written
pairs (an answer about one product given to another case's drill stage). They must
score low; the written file also holds answers that take an unexpected angle on
the right subject, which must not.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from coach.scoring.rubric import Rubric
from coach.scoring.scorer import Score, score_answer

# Which label must score above which (within one question group).
ABOVE: dict[str, set[str]] = {
    "strong": {"adequate", "weak", "fluff", "non_answer"},
    "adequate": {"weak", "fluff", "non_answer"},
    "weak": {"non_answer"},
    "fluff": {"non_answer"},
    "non_answer": set(),
}
TARGETS = {"pairwise": 0.95, "fluff_max": 35, "real_good_median": 55, "non_answer_max": 10}
# Answers to other questions: the median of the calibration answers under other-type
# questions (some of those questions are close neighbours, so not every pair can be
# told apart), the highest of the written pairs (clearly about another product or
# case), and the lowest an answer taking an unexpected angle on the right subject
# may fall to.
OFF_TOPIC_TARGETS = {"pairs_median": 35, "written_max": 20, "on_subject_min": 50}
# The first calibration file used other label names; they map onto these.
_OLD_LABELS = {"dont_know": "non_answer", "garbage": "non_answer", "injection": "non_answer"}


@dataclass
class CalibrationResult:
    rows: list[tuple[dict[str, Any], Score]]
    pairs: int = 0
    correct: float = 0.0
    misordered: list[tuple[str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.pairs if self.pairs else 0.0

    def scores(self, label: str) -> list[int]:
        return [s.score for r, s in self.rows if label_of(r) == label]

    @property
    def max_non_answer(self) -> int:
        return max(self.scores("non_answer"), default=0)

    @property
    def max_fluff(self) -> int:
        return max(self.scores("fluff"), default=0)

    @property
    def fluff_above_strong(self) -> list[str]:
        strong = {r.get("group"): s.score for r, s in self.rows if label_of(r) == "strong"}
        return [
            r["id"]
            for r, s in self.rows
            if label_of(r) == "fluff" and r.get("group") in strong and s.score >= strong[r["group"]]
        ]

    @property
    def real_good(self) -> list[tuple[dict[str, Any], Score]]:
        return [(r, s) for r, s in self.rows if r.get("real_good")]

    @property
    def real_good_median(self) -> float:
        values = [s.score for _, s in self.real_good]
        return float(statistics.median(values)) if values else 0.0

    @property
    def real_good_rejected(self) -> list[str]:
        return [r["id"] for r, s in self.real_good if s.verdict == "rejected"]

    @property
    def wrongly_rejected(self) -> list[str]:
        """Answers with something in them (not non-answers, not fluff) that were rejected."""
        return [
            r["id"]
            for r, s in self.rows
            if s.verdict == "rejected" and label_of(r) in {"strong", "adequate", "weak"}
        ]

    @property
    def type_accuracy(self) -> float:
        typed = [(r, s) for r, s in self.rows if r.get("type")]
        if not typed:
            return 0.0
        hits = sum(1 for r, s in typed if getattr(s, "question_type", None) == r["type"])
        return hits / len(typed)

    def targets_met(self) -> dict[str, bool]:
        return {
            "pairwise": self.accuracy >= TARGETS["pairwise"],
            "fluff": self.max_fluff <= TARGETS["fluff_max"] and not self.fluff_above_strong,
            "real_good": self.real_good_median >= TARGETS["real_good_median"]
            and not self.real_good_rejected,
            "non_answer": self.max_non_answer <= TARGETS["non_answer_max"],
        }

    def summary(self) -> dict[str, Any]:
        return {
            "answers": len(self.rows),
            "pairs": self.pairs,
            "pairwise": round(self.accuracy, 3),
            "max_fluff": self.max_fluff,
            "fluff_above_strong": len(self.fluff_above_strong),
            "real_good_median": self.real_good_median,
            "real_good_rejected": len(self.real_good_rejected),
            "wrongly_rejected": len(self.wrongly_rejected),
            "max_non_answer": self.max_non_answer,
            "type_accuracy": round(self.type_accuracy, 3),
        }


def label_of(row: dict[str, Any]) -> str:
    label = str(row["label"])
    return _OLD_LABELS.get(label, label)


def load(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate(
    rows: Iterable[dict[str, Any]],
    rubric_for: Callable[[dict[str, Any]], Rubric],
    scorer: Callable[[dict[str, Any], Rubric], Score] | None = None,
) -> CalibrationResult:
    def default(row: dict[str, Any], rubric: Rubric) -> Score:
        return score_answer(row["question"], row["answer"], rubric, row["lang"])

    score = scorer or default
    scored = [(row, score(row, rubric_for(row))) for row in rows]
    result = CalibrationResult(scored)
    groups: dict[str, list[tuple[dict[str, Any], Score]]] = defaultdict(list)
    for row, s in scored:
        groups[row.get("group") or row["question_id"] or row["question"]].append((row, s))
    for members in groups.values():
        for (ra, sa), (rb, sb) in combinations(members, 2):
            la, lb = label_of(ra), label_of(rb)
            if lb in ABOVE[la]:
                hi, lo = (ra, sa), (rb, sb)
            elif la in ABOVE[lb]:
                hi, lo = (rb, sb), (ra, sa)
            else:
                continue
            result.pairs += 1
            if hi[1].score > lo[1].score:
                result.correct += 1
            else:
                result.correct += 0.5 if hi[1].score == lo[1].score else 0
                result.misordered.append((hi[0]["id"], lo[0]["id"]))
    return result


def off_topic_pairs(rows: list[dict[str, Any]], per_answer: int = 2) -> list[dict[str, Any]]:
    """Each strong or adequate answer under the questions of ``per_answer`` groups of
    another type in its language, chosen by a fixed stride through the groups so the
    pairs do not change from run to run."""
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        groups.setdefault(row.get("group") or row["id"], row)
    ordered = sorted(groups.values(), key=lambda r: str(r.get("group")))
    pairs: list[dict[str, Any]] = []
    for n, row in enumerate(r for r in rows if label_of(r) in {"strong", "adequate"}):
        others = [g for g in ordered if g["type"] != row["type"] and g["lang"] == row["lang"]]
        if not others:
            continue
        picks = {
            others[(n + k * len(others) // per_answer) % len(others)]["group"]
            for k in range(per_answer)
        }
        pairs.extend(
            {
                "id": f"{row['id']}>{g['group']}",
                "kind": "off_topic",
                "question": g["question"],
                "question_id": g.get("question_id"),
                "drill": None,
                "lang": row["lang"],
                "answer": row["answer"],
                "about": f"{row['group']} ({row['type']}) under a {g['type']} question",
            }
            for g in others
            if g["group"] in picks
        )
    return pairs


@dataclass
class OffTopicResult:
    rows: list[tuple[dict[str, Any], Score]]

    def scores(self, kind: str) -> list[int]:
        return [s.score for r, s in self.rows if r["kind"] == kind]

    @property
    def max_off_topic(self) -> int:
        return max(self.scores("off_topic"), default=0)

    @property
    def median_off_topic(self) -> float:
        values = self.scores("off_topic")
        return float(statistics.median(values)) if values else 0.0

    @property
    def min_on_subject(self) -> int:
        return min(self.scores("on_topic"), default=100)

    def targets_met(self, *, written: bool = False) -> dict[str, bool]:
        if written:
            return {
                "written_max": self.max_off_topic <= OFF_TOPIC_TARGETS["written_max"],
                "on_subject_min": self.min_on_subject >= OFF_TOPIC_TARGETS["on_subject_min"],
            }
        return {"pairs_median": self.median_off_topic <= OFF_TOPIC_TARGETS["pairs_median"]}

    def summary(self) -> dict[str, Any]:
        return {
            "off_topic": len(self.scores("off_topic")),
            "off_topic_max": self.max_off_topic,
            "off_topic_median": self.median_off_topic,
            "on_subject": len(self.scores("on_topic")),
            "on_subject_min": self.min_on_subject,
        }


def evaluate_off_topic(
    rows: Iterable[dict[str, Any]], rubric_for: Callable[[dict[str, Any]], Rubric]
) -> OffTopicResult:
    scored = []
    for row in rows:
        rubric = rubric_for(row)
        question = row.get("question") or rubric.question
        scored.append((row, score_answer(question, row["answer"], rubric, row["lang"])))
    return OffTopicResult(scored)
