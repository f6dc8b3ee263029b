"""A drill in progress: stage by stage, saved as it happens, resumable.

A run is a ``drill`` session in the store. Everything that happens is appended
as a record the moment it happens: ``answer`` (before scoring, so a crash while
scoring loses nothing), ``score``, ``feedback``, ``hint``, ``goto`` (going back to
a stage) and, at the end, ``scorecard``. Resuming replays the records; an answer
whose score or feedback never got written is completed then.

The candidate answers the stages in order and may go back to any stage already
answered; after answering it again the run continues at the first stage still
unanswered, so going back never skips or repeats work. The run may be finished
early with the stages answered so far; its scorecard names the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.drills.feedback import Feedback, OfflineReviewer, StageReviewer
from coach.drills.library import DrillVersion, Library, Stage, bundled_library
from coach.drills.messages import message
from coach.drills.scorecard import Attempt, Scorecard, build_scorecard
from coach.errors import BadInput, fault_point
from coach.scoring import Score, score_answer
from coach.settings import get_settings
from coach.store import Session, Store

KIND = "drill"


@dataclass
class DrillRun:
    store: Store
    session: Session
    version: DrillVersion
    library: Library
    reviewer: StageReviewer = field(default_factory=OfflineReviewer)
    attempts: dict[str, list[Attempt]] = field(default_factory=dict)
    current: str | None = "goal"  # None once every stage has an answer
    hints_given: dict[str, int] = field(default_factory=dict)

    # --- starting and resuming -------------------------------------------------

    @classmethod
    def start(
        cls,
        store: Store,
        version: DrillVersion,
        *,
        reviewer: StageReviewer | None = None,
        owner: str = "",
        lib: Library | None = None,
    ) -> DrillRun:
        reviewer = reviewer or OfflineReviewer()
        session = store.create_session(
            KIND,
            title=version.title,
            lang=version.lang,
            owner=owner,
            config={"drill": version.drill.id, "version": version.id, "mode": reviewer.mode},
        )
        return cls(store, session, version, lib or bundled_library(), reviewer)

    @classmethod
    def resume(
        cls,
        store: Store,
        session_id: str,
        *,
        reviewer: StageReviewer | None = None,
        lib: Library | None = None,
    ) -> DrillRun:
        session = cls.find_session(store, session_id)
        lib = lib or bundled_library()
        version = lib.find(str(session.config.get("version", "")))
        run = cls(store, session, version, lib, reviewer or OfflineReviewer())
        run._replay()
        run._complete_pending()
        return run

    @staticmethod
    def find_session(store: Store, session_id: str) -> Session:
        """The drill run's session (an id or its prefix), without replaying it."""
        session = store.get_session(session_id) or store.find_session(session_id)
        if session is None or session.kind != KIND:
            raise BadInput(
                f"there is no drill run {session_id!r}; `coach drill history` lists them"
            )
        return session

    def _replay(self) -> None:
        for record in self.store.records(self.session.id):
            payload = record.payload
            stage = str(payload.get("stage", ""))
            if record.kind == "answer":
                self.attempts.setdefault(stage, []).append(
                    Attempt(stage, int(payload["attempt"]), str(payload["answer"]))
                )
                self.current = self.frontier()
            elif record.kind == "score":
                self._attempt(stage, payload).score = Score.from_dict(payload["score"])
            elif record.kind == "feedback":
                self._attempt(stage, payload).feedback = Feedback.from_dict(payload["feedback"])
            elif record.kind == "goto":
                self.current = stage
            elif record.kind == "hint":
                self.hints_given[stage] = int(payload.get("n", 0))

    def _attempt(self, stage: str, payload: dict[str, object]) -> Attempt:
        wanted = payload.get("attempt")
        return next(a for a in self.attempts[stage] if a.attempt == wanted)

    def _complete_pending(self) -> None:
        """Score and review answers the last process saved but did not finish."""
        for stage_id, attempts in self.attempts.items():
            for attempt in attempts:
                if not attempt.complete:
                    self._assess(self.library.stage(stage_id), attempt)

    # --- where the run is ------------------------------------------------------

    @property
    def id(self) -> str:
        return self.session.id

    @property
    def finished(self) -> bool:
        return self.session.status == "finished"

    def answered(self, stage_id: str) -> bool:
        return bool(self.attempts.get(stage_id))

    def frontier(self) -> str | None:
        """The first stage without an answer."""
        return next((s.id for s in self.library.stages if not self.answered(s.id)), None)

    def stage(self) -> Stage | None:
        return self.library.stage(self.current) if self.current else None

    # --- what the candidate does ------------------------------------------------

    def hint(self) -> str | None:
        """The next hint for the current stage, or None when they are used up."""
        stage = self._require_stage()
        hints = stage.hints[self.version.lang]
        given = self.hints_given.get(stage.id, 0)
        if given >= len(hints):
            return None
        self.hints_given[stage.id] = given + 1
        self.store.append(self.id, "hint", {"stage": stage.id, "n": given + 1})
        return hints[given]

    def answer(self, text: str) -> Attempt:
        """Answer the current stage: saved, scored, reviewed, then move on."""
        self._require_open()
        stage = self._require_stage()
        limit = get_settings().max_answer_chars
        if len(text) > limit:
            raise BadInput(message(self.version.lang, "answer_too_long", n=len(text), limit=limit))
        attempt = Attempt(stage.id, len(self.attempts.get(stage.id, [])) + 1, text)
        self.store.append(
            self.id, "answer", {"stage": stage.id, "attempt": attempt.attempt, "answer": text}
        )
        self.attempts.setdefault(stage.id, []).append(attempt)
        fault_point("drill.answer_saved", get_settings())
        self._assess(stage, attempt)
        self.current = self.frontier()
        return attempt

    def go_to(self, stage_id: str) -> Stage:
        """Go back to a stage already answered (or on to the next one due)."""
        self._require_open()
        stage = self.library.stage(stage_id)
        if not self.answered(stage.id) and stage.id != self.frontier():
            due = self.library.stage(self.frontier() or stage.id)
            raise BadInput(
                f"stage {stage.id} has not been reached yet; the next stage to answer is {due.id}"
            )
        self.store.append(self.id, "goto", {"stage": stage.id, "from": self.current})
        self.current = stage.id
        return stage

    def back(self, target: str = "") -> Stage:
        """Go back to ``target`` (a stage id or its number, 1-9), or with none to the
        stage before the one due: the current stage when it was answered already,
        else the last answered stage before it, else the first stage."""
        if target.isdigit() and 1 <= int(target) <= len(self.library.stages):
            target = self.library.stages[int(target) - 1].id
        return self.go_to(target or self._stage_before())

    def _stage_before(self) -> str:
        first = self.library.stages[0].id
        answered = [s.id for s in self.library.stages if self.answered(s.id)]
        if self.current in answered:
            return self.current or first
        if self.current is None:
            return answered[-1] if answered else first
        due = self.library.stage(self.current).number
        before = [s for s in answered if self.library.stage(s).number < due]
        return before[-1] if before else first

    def latest_attempt(self) -> Attempt | None:
        """The attempt whose feedback came last: what the learner saw most recently."""
        for record in reversed(self.store.records(self.id, kind="feedback")):
            attempts = self.attempts.get(str(record.payload.get("stage", "")), [])
            number = int(str(record.payload.get("attempt", 0)))
            if 0 < number <= len(attempts):
                return attempts[number - 1]
        return None

    def scorecard(self) -> Scorecard:
        return build_scorecard(
            self.library, self.version, self.id, self.attempts, self.reviewer.mode, self.finished
        )

    def finish(self, *, early: bool = False) -> Scorecard:
        """Close the run and save its scorecard. Every stage needs an answer unless
        ``early``: then the run closes with the stages answered so far (at least
        one); the scorecard scores those and names the others as not answered."""
        card = self.scorecard()
        lang = self.version.lang
        if not self.finished and not card.complete:
            if not card.answered:
                raise BadInput(message(lang, "finish_needs_answer"))
            if not early:
                raise BadInput(
                    message(
                        lang,
                        "not_finished",
                        n=len(card.unanswered),
                        stages=card.unanswered_names(lang),
                        done=len(card.answered),
                    )
                )
        if not self.finished:
            card.finished = True
            self.store.append(self.id, "scorecard", card.as_dict())
            self.store.update_session(self.id, status="finished", summary=card.summary())
            self.session.status = "finished"
        return card

    # --- internals ----------------------------------------------------------------

    def _assess(self, stage: Stage, attempt: Attempt) -> None:
        rubric = self.library.rubric(self.version, stage.id)
        if attempt.score is None:
            attempt.score = score_answer(rubric.question, attempt.answer, rubric, self.version.lang)
            self.store.append(
                self.id,
                "score",
                {
                    "stage": stage.id,
                    "attempt": attempt.attempt,
                    "drill": self.version.id,
                    "score": attempt.score.as_dict(),
                },
            )
        if attempt.feedback is None:
            attempt.feedback = self.reviewer.review(
                self.version, stage, attempt.answer, attempt.score
            )
            self.store.append(
                self.id,
                "feedback",
                {
                    "stage": stage.id,
                    "attempt": attempt.attempt,
                    "feedback": attempt.feedback.as_dict(),
                },
            )

    def _require_stage(self) -> Stage:
        stage = self.stage()
        if stage is None:
            raise BadInput("every stage has an answer; go back to a stage or finish the drill")
        return stage

    def _require_open(self) -> None:
        if self.finished:
            raise BadInput(f"the drill run {self.id} is finished; start a new run to practise")
