"""Mock interviews: sessions of bank questions, answered, scored and saved turn by turn.

*Practice* mode gives feedback after each answer and a hint or the model answer
on request. *Mock* mode holds feedback to the end and asks follow-ups that probe
what an answer missed. Every question asked, answer, score and piece of feedback
is a record in the store the moment it happens, so a session interrupted at any
point resumes exactly where it stopped: the state is the records, nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from coach.catalogue import catalogue
from coach.errors import BadInput, ServiceUnavailable, fault_point
from coach.interview.bank import QuestionBank
from coach.interview.followup import FollowUp, choose_followup, generate_followup
from coach.interview.personas import PERSONAS, persona
from coach.language import LANGUAGES, Language
from coach.scoring import Rubric, Score, score_answer
from coach.settings import Settings, get_settings
from coach.store import Record, Session, Store

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

KIND = "interview"
MODES = ("practice", "mock")
MAX_QUESTIONS = 20


@dataclass
class InterviewConfig:
    category: str | None = None
    difficulty: str | None = None
    count: int = 5
    lang: Language = "zh"
    mode: str = "practice"
    persona: str = "friendly"
    followups: int = 1  # per question, mock mode only
    seed: int | None = None

    def validate(self) -> None:
        if not 1 <= self.count <= MAX_QUESTIONS:
            raise BadInput(f"--count must be between 1 and {MAX_QUESTIONS}")
        if self.mode not in MODES:
            raise BadInput(f"unknown mode {self.mode!r}; choose practice or mock")
        if self.lang not in LANGUAGES:
            raise BadInput(f"unknown language {self.lang!r}; choose zh or en")
        if self.persona not in PERSONAS:
            raise BadInput(f"unknown persona {self.persona!r}; choose {' or '.join(PERSONAS)}")
        if not 0 <= self.followups <= 3:
            raise BadInput("follow-ups per question must be between 0 and 3")


@dataclass(frozen=True)
class Ask:
    """A question waiting for an answer."""

    question_id: str
    text: str
    number: int  # which main question, 1-based
    total: int
    followup: bool = False
    targets: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["targets"] = list(self.targets)
        return data


@dataclass(frozen=True)
class Reply:
    score: Score
    feedback: str | None  # None in mock mode: held to the end
    next: Ask | None  # None when the interview is over


class Interview:
    def __init__(
        self,
        store: Store,
        session: Session,
        *,
        bank: QuestionBank,
        settings: Settings,
        model: BaseChatModel | None = None,
    ):
        self.store, self.session, self.bank, self.settings = store, session, bank, settings
        self._model = model
        self.records: list[Record] = store.records(session.id)

    # --- opening and reopening ------------------------------------------------------

    @classmethod
    def start(
        cls,
        config: InterviewConfig,
        *,
        store: Store | None = None,
        settings: Settings | None = None,
        bank: QuestionBank | None = None,
        model: BaseChatModel | None = None,
        owner: str = "",
        question_ids: Sequence[str] | None = None,
    ) -> Interview:
        """A new session. ``question_ids`` pins the questions (in that order, e.g. a
        "practise next" pick) instead of drawing ``config.count`` from the bank."""
        if question_ids is not None:
            if not question_ids:
                raise BadInput("pick at least one question to practise")
            config = replace(config, count=len(question_ids))
        config.validate()
        settings = settings or get_settings()
        store = store or Store.open(settings)
        bank = bank or QuestionBank.load()
        if question_ids is not None:
            questions = [bank.get(qid) for qid in question_ids]
        else:
            seen = {
                r.payload.get("question_id", "")
                for r in store.records_of_kind("answer", owner=owner)
            }
            questions = bank.select(
                category=config.category,
                difficulty=config.difficulty,
                count=config.count,
                avoid=seen,
                seed=config.seed,
            )
        title = f"{config.mode} · {config.category or 'mixed'} · {len(questions)}"
        data = {**asdict(config), "question_ids": [q.id for q in questions]}
        session = store.create_session(
            KIND, title=title, lang=config.lang, owner=owner, config=data
        )
        return cls(store, session, bank=bank, settings=settings, model=model)

    @classmethod
    def resume(
        cls,
        session_id: str,
        *,
        store: Store | None = None,
        settings: Settings | None = None,
        bank: QuestionBank | None = None,
        model: BaseChatModel | None = None,
    ) -> Interview:
        settings = settings or get_settings()
        store = store or Store.open(settings)
        session = store.find_session(session_id)
        if session is None or session.kind != KIND:
            raise BadInput(f"there is no interview session {session_id!r}; see `coach history`")
        return cls(store, session, bank=bank or QuestionBank.load(), settings=settings, model=model)

    # --- state, read from the records ---------------------------------------------

    @property
    def id(self) -> str:
        return self.session.id

    @property
    def lang(self) -> Language:
        lang: Language = self.session.config.get("lang", "zh")
        return lang

    @property
    def mode(self) -> str:
        return str(self.session.config.get("mode", "practice"))

    @property
    def persona(self) -> dict[str, str]:
        return persona(self.session.config.get("persona", "friendly"), self.lang)

    @property
    def question_ids(self) -> list[str]:
        return list(self.session.config.get("question_ids", []))

    @property
    def finished(self) -> bool:
        return self.session.status == "finished"

    def greeting(self) -> str:
        return self.persona["greeting"].format(count=len(self.question_ids))

    def _append(self, kind: str, payload: dict[str, Any]) -> None:
        self.records.append(self.store.append(self.id, kind, payload))

    def _pending(self) -> Ask | None:
        for record in reversed(self.records):
            if record.kind == "answer":
                return None
            if record.kind == "question":
                return self._ask_of(record.payload)
        return None

    def _unsettled(self) -> tuple[Ask, str, bool] | None:
        """The last answer if the process that saved it stopped before its score or
        its feedback was written: (question, answer text, whether it has a score)."""
        scored = False
        for i in range(len(self.records) - 1, -1, -1):
            record = self.records[i]
            if record.kind == "feedback":
                return None
            if record.kind == "score":
                scored = True
            elif record.kind == "answer":
                asked = next((r for r in reversed(self.records[:i]) if r.kind == "question"), None)
                if asked is None:
                    return None
                return self._ask_of(asked.payload), str(record.payload["text"]), scored
            elif record.kind in ("question", "end"):
                return None
        return None

    @staticmethod
    def _ask_of(p: dict[str, Any]) -> Ask:
        return Ask(
            p["question_id"],
            p["text"],
            p["number"],
            p["total"],
            p.get("followup", False),
            tuple(p.get("targets", [])),
        )

    def settle_pending(self) -> Reply | None:
        """Score (and give feedback on) an answer that was saved but never scored, as
        after a crash, a killed process or a model error; None when there is none."""
        unsettled = self._unsettled()
        if unsettled is None:
            return None
        ask, text, _ = unsettled
        return self._settle(ask, text)

    def current(self) -> Ask | None:
        """The question awaiting an answer, asking the next one if none is; None at the end.

        An answer saved but never scored is scored first: nothing a learner typed is
        dropped from the report."""
        if not self.finished:
            self.settle_pending()
        pending = self._pending()
        if pending or self.finished:
            return pending
        asked = sum(
            1 for r in self.records if r.kind == "question" and not r.payload.get("followup")
        )
        if asked >= len(self.question_ids):
            return None
        question = self.bank.get(self.question_ids[asked])
        ask = Ask(question.id, question.prompt(self.lang), asked + 1, len(self.question_ids))
        self._append("question", ask.as_dict())
        return ask

    # --- turns ----------------------------------------------------------------------

    def answer(self, text: str) -> Reply:
        ask = self.current()
        if ask is None:
            raise BadInput("this interview is over; see `coach report " + self.id + "`")
        limit = self.settings.max_answer_chars
        if len(text) > limit:
            raise BadInput(key="answer_too_long", chars=len(text), limit=limit)
        self._append("answer", {**ask.as_dict(), "text": text})
        fault_point("interview.answer_saved", self.settings)
        return self._settle(ask, text)

    def _settle(self, ask: Ask, text: str) -> Reply:
        """Everything after an answer is saved: score, feedback, follow-up, next question.
        Each step is a record, so a step that did not happen is done on resume."""
        question = self.bank.get(ask.question_id)
        rubric = question.rubric(self.lang)
        graded = (
            rubric.only(set(ask.targets))
            if set(ask.targets) & {p.id for p in rubric.key_points}
            else rubric
        )
        held = self.mode == "mock"
        unsettled = self._unsettled()
        if unsettled is not None and unsettled[2]:  # scored before the interruption
            last = next(r for r in reversed(self.records) if r.kind == "score")
            score = Score.from_dict(last.payload["score"])
        else:
            score = self._score(ask.text, text, graded)
            self._append("score", {**ask.as_dict(), "score": score.as_dict()})
        self._append("feedback", {**ask.as_dict(), "text": score.feedback, "held": held})
        followup = self._followup(ask, rubric, text) if self.mode == "mock" else None
        if followup:
            number, total = ask.number, ask.total
            nxt = Ask(ask.question_id, followup.text, number, total, True, followup.targets)
            self._append(
                "question", {**nxt.as_dict(), "kind": followup.kind, "source": followup.source}
            )
        nxt_ask = self.current()
        if nxt_ask is None:
            self.finish()
        return Reply(score, None if held else score.feedback, nxt_ask)

    def _score(self, question: str, answer: str, rubric: Rubric) -> Score:
        score = score_answer(question, answer, rubric, self.lang)
        model = self.model()
        if model is not None:
            from coach.scoring.judge import judge_answer

            try:
                score = judge_answer(
                    question, answer, rubric, score, model=model, settings=self.settings
                )
            except ServiceUnavailable as exc:
                # The answer keeps its rubric score rather than staying unscored.
                note = catalogue("interview").text(
                    "judge_unavailable", self.lang, reason=exc.text(self.lang)
                )
                score = replace(
                    score,
                    notes=[*score.notes, note],
                    feedback=f"{note}\n{score.feedback}",
                    judge={"status": "unavailable", "detail": str(exc)},
                )
        return score

    def model(self) -> BaseChatModel | None:
        if self._model is None:
            from coach.llm import configured_model

            self._model = configured_model(self.settings)
        return self._model

    def _followup(self, ask: Ask, rubric: Rubric, answer: str) -> FollowUp | None:
        mine = [r for r in self.records if r.payload.get("question_id") == ask.question_id]
        asked_targets = {
            t for r in mine if r.kind == "question" for t in r.payload.get("targets", [])
        }
        done = sum(1 for r in mine if r.kind == "question" and r.payload.get("followup"))
        if done >= int(self.session.config.get("followups", 1)):
            return None
        main = next(r for r in mine if r.kind == "score" and not r.payload.get("followup"))
        covered_later = {
            c["id"]
            for r in mine
            if r.kind == "score" and r.payload.get("followup")
            for c in r.payload["score"]["covered"]
        }
        score = Score.from_dict(main.payload["score"])
        planned = choose_followup(rubric, score, self.persona, asked_targets | covered_later)
        model = self.model()
        if planned is None or model is None or planned.kind == "evidence":
            return planned
        return generate_followup(
            planned,
            question=rubric.question,
            answer=answer,
            rubric=rubric,
            persona=self.persona,
            lang=self.lang,
            model=model,
            settings=self.settings,
        )

    def hint(self) -> str:
        ask = self._practice_only("hints")
        text = self.bank.get(ask.question_id).hint(self.lang)
        self._append("hint", {**ask.as_dict(), "text": text})
        return text

    def model_answer(self) -> str:
        ask = self._practice_only("the model answer")
        text = self.bank.get(ask.question_id).model_answer(self.lang)
        self._append("model_answer", {**ask.as_dict(), "text": text})
        return text

    def _practice_only(self, what: str) -> Ask:
        if self.mode != "practice":
            raise BadInput(f"{what} are only available in practice mode")
        ask = self.current()
        if ask is None:
            raise BadInput("this interview is over")
        return ask

    def finish(self) -> None:
        """Close the session (also when stopped early) and store its summary."""
        from coach.interview.report import summarise

        if not any(r.kind == "end" for r in self.records):
            self._append("end", {})
        summary = summarise(self.records)
        self.store.update_session(self.id, status="finished", summary=summary)
        self.session.status, self.session.summary = "finished", summary
