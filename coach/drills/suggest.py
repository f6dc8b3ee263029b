"""Weak areas across drills and interviews, and the drill to do next.

Areas are the nine drill stages. A drill stage score counts fully for its stage.
An interview answer says something about stages too, more loosely, so it counts
half: its question's category points at stages (a metrics question at
"metrics"), and its form dimensions at others (specificity at "metrics", AI
appropriateness at "solution", "data_model" and "risks"). Interview records are
read as the interview mode writes them (a ``score`` record whose payload holds
the question id and the shared ``Score`` dict); follow-up scores, which cover part
of a rubric, and anything unreadable are skipped.

The next drill is the one that asks most of the weakest stages (its own key
points' weight there), preferring drills not done yet and a difficulty that
fits the candidate's level.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from coach.drills.library import DIFFICULTIES, Drill, DrillVersion, Library, bundled_library
from coach.drills.messages import message
from coach.language import Language
from coach.store import Store

WEAK_AREA = 60  # an area averaging below this is weak
INTERVIEW_WEIGHT = 0.5
TOP_AREAS = 3

CATEGORY_STAGES: dict[str, tuple[str, ...]] = {
    "ai_fundamentals": ("data_model", "metrics"),
    "ai_product_design": ("solution", "risks"),
    "product_sense": ("users", "pain_points", "prioritise"),
    "metrics_evaluation": ("metrics",),
    "cases": ("solution", "data_model"),
    "strategy_market": ("goal", "prioritise"),
}
DIMENSION_STAGES: dict[str, tuple[str, ...]] = {
    "specificity": ("metrics",),
    "ai_appropriateness": ("solution", "data_model", "risks"),
    "structure": ("recap",),
}


@dataclass(frozen=True)
class Area:
    stage: str
    score: int
    observations: float  # weighted count of scores behind it
    # What the score rests on, so a learner can tell why a stage they never drilled
    # shows up: drill stage answers, interview answers, and the one interview score
    # dimension it came from when it came from nothing else (e.g. "structure").
    drills: int = 0
    interviews: int = 0
    via: str | None = None


@dataclass(frozen=True)
class Suggestion:
    version: DrillVersion
    reason: str
    weak_areas: list[Area]

    def as_dict(self) -> dict[str, Any]:
        lib = bundled_library()
        return {
            **self.version.listing(),
            "minutes": self.version.drill.minutes,
            "reason": self.reason,
            "weak_areas": [
                {
                    "stage": a.stage,
                    "title": lib.stage(a.stage).title[self.version.lang],
                    "score": a.score,
                }
                for a in self.weak_areas
            ],
        }


class _Tally:
    def __init__(self) -> None:
        self.sums: dict[str, float] = defaultdict(float)
        self.weights: dict[str, float] = defaultdict(float)
        self.drills: dict[str, int] = defaultdict(int)
        self.interviews: dict[str, set[str]] = defaultdict(set)  # answer ids
        self.origins: dict[str, set[str]] = defaultdict(set)  # "category" or a dimension

    def add(self, stage: str, score: float, weight: float = 1.0) -> None:
        self.sums[stage] += score * weight
        self.weights[stage] += weight

    def add_drill(self, stage: str, score: float) -> None:
        self.add(stage, score)
        self.drills[stage] += 1

    def add_interview(self, stage: str, score: float, answer: str, origin: str) -> None:
        self.add(stage, score, INTERVIEW_WEIGHT)
        self.interviews[stage].add(answer)
        self.origins[stage].add(origin)

    def area(self, stage: str) -> Area:
        weight = self.weights[stage]
        origins = self.origins[stage]
        only = next(iter(origins)) if len(origins) == 1 and not self.drills[stage] else None
        return Area(
            stage,
            round(self.sums[stage] / weight),
            weight,
            drills=self.drills[stage],
            interviews=len(self.interviews[stage]),
            via=only if only != "category" else None,
        )

    def areas(self) -> list[Area]:
        return sorted(
            (self.area(s) for s, w in self.weights.items() if w > 0),
            key=lambda a: (a.score, a.stage),
        )


def _drill_scores(store: Store, tally: _Tally, owner: str | None) -> tuple[set[str], list[int]]:
    """Latest score per stage of every drill run; returns drills done and run scores."""
    done: set[str] = set()
    overall: list[int] = []
    for session in store.list_sessions(kind="drill", owner=owner, limit=1000):
        latest: dict[str, int] = {}
        for record in store.records(session.id, kind="score"):
            stage, score = record.payload.get("stage"), record.payload.get("score")
            if isinstance(stage, str) and isinstance(score, dict):
                latest[stage] = int(score.get("score", 0))
        if not latest:
            continue
        done.add(str(session.config.get("drill", "")))
        for stage, value in latest.items():
            tally.add_drill(stage, value)
        overall.append(round(sum(latest.values()) / len(latest)))
    return done, overall


def _category(payload: dict[str, Any]) -> str | None:
    category = payload.get("category")
    if isinstance(category, str):
        return category
    question_id = payload.get("question_id") or (payload.get("score") or {}).get("question_id")
    if not isinstance(question_id, str):
        return None
    try:
        from coach.interview import QuestionBank

        found = QuestionBank.load().find(question_id)
    except Exception:  # noqa: BLE001 - the bank is another mode's data; never let it break a drill
        return None
    return found.category if found else None


def _interview_scores(store: Store, tally: _Tally, owner: str | None) -> list[int]:
    overall: list[int] = []
    for session in store.list_sessions(kind="interview", owner=owner, limit=1000):
        for record in store.records(session.id, kind="score"):
            payload = record.payload
            if payload.get("followup"):
                continue  # a follow-up is scored on part of the rubric; the main answer counts
            score = payload.get("score")
            if isinstance(score, int | float):
                score = {"score": score}
            if not isinstance(score, dict) or not isinstance(score.get("score"), int | float):
                continue
            value = float(score["score"])
            overall.append(round(value))
            answer = f"{session.id}/{record.id}"
            category = _category(payload)
            for stage in CATEGORY_STAGES.get(category or "", ()):
                tally.add_interview(stage, value, answer, "category")
            dimensions = score.get("dimensions") or payload.get("dimensions") or {}
            if isinstance(dimensions, dict):
                for dimension, stages in DIMENSION_STAGES.items():
                    if isinstance(dimensions.get(dimension), int | float):
                        for stage in stages:
                            tally.add_interview(
                                stage, float(dimensions[dimension]), answer, dimension
                            )
    return overall


def weak_areas(store: Store, owner: str | None = None) -> list[Area]:
    """Stages whose scores across drills and interviews average below ``WEAK_AREA``."""
    tally = _Tally()
    _drill_scores(store, tally, owner)
    _interview_scores(store, tally, owner)
    return [a for a in tally.areas() if a.score < WEAK_AREA]


def _level(scores: list[int]) -> int:
    """Index into ``DIFFICULTIES`` that fits these scores."""
    if not scores:
        return 0
    mean = sum(scores) / len(scores)
    return 0 if mean < 50 else 1 if mean < 70 else 2


def suggest_next(
    store: Store,
    lang: Language = "zh",
    *,
    owner: str | None = None,
    lib: Library | None = None,
) -> Suggestion:
    lib = lib or bundled_library()
    tally = _Tally()
    done, drill_overall = _drill_scores(store, tally, owner)
    interview_overall = _interview_scores(store, tally, owner)
    areas = tally.areas()
    weak = [a for a in areas if a.score < WEAK_AREA][:TOP_AREAS]
    level = _level(drill_overall + interview_overall)

    def fit(drill: Drill) -> float:
        return sum(drill.emphasis(a.stage) * (100 - a.score) for a in weak)

    def rank(drill: Drill) -> tuple[bool, float, int, str]:
        distance = abs(DIFFICULTIES.index(drill.difficulty) - level)
        return (drill.id in done, -fit(drill), distance, drill.id)

    best = min(lib.drills, key=rank)
    version = DrillVersion(best, lang)
    if weak:
        listed = message(lang, "list_sep").join(
            message(lang, "weak_area", title=lib.stage(a.stage).title[lang], score=a.score)
            for a in weak
        )
        reason = message(lang, "suggest_reason", areas=listed)
    elif areas:
        reason = message(lang, "suggest_all_strong")
    else:
        reason = message(lang, "suggest_fresh")
    return Suggestion(version=version, reason=reason, weak_areas=weak)
