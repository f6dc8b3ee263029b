"""The scorecard at the end of a drill: per stage, overall, verdict, weak areas.

Each stage counts its latest attempt (going back to a stage replaces its answer,
and the earlier scores stay visible in the history). The overall score is the
mean over the stages answered: a run finished early is scored on what was
answered, never as if the other stages had been, and its verdict is "incomplete"
with the unanswered stages named. The verdict of a whole run follows the shared
thresholds, except that "strong" also needs every stage to be at least adequate:
one collapsed stage in a case interview is not a strong run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coach.drills.feedback import Feedback
from coach.drills.library import DrillVersion, Library, Stage
from coach.drills.messages import message
from coach.language import Language
from coach.scoring import Score, verdict_for
from coach.scoring.scorer import ADEQUATE

WEAK_BELOW = ADEQUATE


@dataclass
class Attempt:
    stage: str
    attempt: int  # 1-based, per stage
    answer: str
    score: Score | None = None
    feedback: Feedback | None = None

    @property
    def complete(self) -> bool:
        return self.score is not None and self.feedback is not None


@dataclass
class StageResult:
    stage: Stage
    lang: Language
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def latest(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None

    @property
    def score(self) -> int:
        latest = self.latest
        return latest.score.score if latest and latest.score else 0

    @property
    def verdict(self) -> str:
        latest = self.latest
        return latest.score.verdict if latest and latest.score else "missing"

    def as_dict(self) -> dict[str, Any]:
        latest = self.latest
        score = latest.score if latest else None
        feedback = latest.feedback if latest else None
        return {
            "stage": self.stage.id,
            "number": self.stage.number,
            "title": self.stage.title[self.lang],
            "answered": latest is not None,
            "score": self.score,
            "verdict": self.verdict,
            "dimensions": score.dimensions if score else {},
            "covered": score.covered if score else [],
            "missed": score.missed if score else [],
            "rejection": score.reason if score else None,
            "feedback": feedback.text if feedback else "",
            "pushback": feedback.pushback if feedback else "",
            "feedback_mode": feedback.mode if feedback else None,
            "citations": feedback.citations if feedback else [],
            "attempts": len(self.attempts),
            "history": [a.score.score for a in self.attempts if a.score],
            "answer": latest.answer if latest else "",
        }


@dataclass
class Scorecard:
    session_id: str
    version: DrillVersion
    stages: list[StageResult]
    mode: str
    finished: bool = False  # the run is closed (an early finish names what was left)

    @property
    def complete(self) -> bool:
        return all(s.latest is not None for s in self.stages)

    @property
    def answered(self) -> list[StageResult]:
        return [s for s in self.stages if s.latest is not None]

    @property
    def unanswered(self) -> list[StageResult]:
        return [s for s in self.stages if s.latest is None]

    @property
    def overall(self) -> int:
        answered = self.answered
        return round(sum(s.score for s in answered) / len(answered)) if answered else 0

    def unanswered_names(self, lang: Language) -> str:
        """The stages without an answer, numbered and named in ``lang``."""
        names = [f"{s.stage.number}. {s.stage.title[lang]}" for s in self.unanswered]
        return message(lang, "stage_list_sep").join(names)

    def unanswered_text(self, lang: Language | None = None) -> str:
        """One sentence for a scorecard with stages left out; empty when complete."""
        if self.complete:
            return ""
        lang = lang or self.version.lang
        return message(
            lang,
            "finished_early" if self.finished else "in_progress",
            done=len(self.answered),
            stages=self.unanswered_names(lang),
        )

    @property
    def verdict(self) -> str:
        if not self.complete:
            return "incomplete"
        verdict = verdict_for(self.overall)
        if verdict == "strong" and any(s.score < ADEQUATE for s in self.stages):
            return "adequate"
        return verdict

    def weak_stages(self) -> list[StageResult]:
        answered = [s for s in self.stages if s.latest is not None and s.score < WEAK_BELOW]
        return sorted(answered, key=lambda s: (s.score, s.stage.number))

    def weak_areas(self) -> list[dict[str, Any]]:
        areas = []
        for result in self.weak_stages():
            latest = result.latest
            read = latest.score.missed[:2] if latest and latest.score else []
            areas.append(
                {
                    "stage": result.stage.id,
                    "title": result.stage.title[self.version.lang],
                    "score": result.score,
                    "read": [{"source": m["source"], "quote": m["passage"]} for m in read],
                }
            )
        return areas

    def as_dict(self) -> dict[str, Any]:
        lang = self.version.lang
        return {
            "session_id": self.session_id,
            "drill": self.version.listing(),
            "mode": self.mode,
            "complete": self.complete,
            "answered": len(self.answered),
            "unanswered": [
                {"stage": s.stage.id, "number": s.stage.number, "title": s.stage.title[lang]}
                for s in self.unanswered
            ],
            "unanswered_text": self.unanswered_text(),
            "overall": self.overall,
            "verdict": self.verdict,
            "verdict_text": self.verdict_text(),
            "stages": [s.as_dict() for s in self.stages],
            "weak_areas": self.weak_areas(),
        }

    def summary(self) -> dict[str, Any]:
        """What the session row keeps, for listing runs without their records."""
        return {
            "drill": self.version.id,
            "overall": self.overall,
            "verdict": self.verdict,
            "answered": len(self.answered),
            "stages": {s.stage.id: s.score for s in self.stages if s.latest is not None},
        }

    def verdict_text(self) -> str:
        if self.verdict == "incomplete":
            return message(self.version.lang, "verdict_incomplete")
        from coach.scoring.explain import VERDICT_NAMES

        return VERDICT_NAMES[self.version.lang][self.verdict]


def build_scorecard(
    library: Library,
    version: DrillVersion,
    session_id: str,
    attempts: dict[str, list[Attempt]],
    mode: str,
    finished: bool = False,
) -> Scorecard:
    stages = [
        StageResult(stage, version.lang, [a for a in attempts.get(stage.id, []) if a.score])
        for stage in library.stages
    ]
    return Scorecard(
        session_id=session_id, version=version, stages=stages, mode=mode, finished=finished
    )
