"""Stage feedback and the interviewer's pushback.

Offline, both come from the rubric: the score's own explanation (what was covered,
quoted from the answer; what was missed, with the corpus sentence that covers it)
and a pushback aimed at the weightiest point still missing. With a model, the
feedback is generated from retrieved passages numbered [1]..[k] (prompts
``drill_feedback``), its citations are checked against those passages, and the
pushback is the model's last line. If the model call fails, the rubric's feedback
is used and says why; the answer and its score are already saved by then.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from coach.drills.library import Drill, DrillVersion, Stage, source_title
from coach.drills.messages import message
from coach.language import Language
from coach.llm import Mode, ModelUnavailable, model_errors
from coach.scoring import Score

if TYPE_CHECKING:
    from collections.abc import Callable

    from langchain_core.language_models import BaseChatModel

    from coach.retrieval import Passage, Retriever
    from coach.settings import Settings

FEEDBACK_PROMPT = "drill_feedback"
ANSWER_TOKENS = 700
_PUSHBACK = re.compile(
    r"^\s*(?:\*\*)?(?:追问|Pushback)\s*(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*", re.I | re.M
)


@dataclass
class Feedback:
    text: str
    pushback: str
    mode: Mode
    citations: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""  # e.g. why the model's feedback is missing

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Feedback:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class StageReviewer(Protocol):
    """Turns a scored stage answer into feedback and a pushback."""

    mode: Mode

    def review(
        self, version: DrillVersion, stage: Stage, answer: str, score: Score
    ) -> Feedback: ...


def rubric_pushback(stage: Stage, score: Score, lang: Language) -> str:
    """The interviewer's next question when no model writes one."""
    if score.verdict == "rejected":
        return message(lang, "pushback_rejected", prompt=stage.prompt[lang])
    for item in score.missed:
        if item.get("probe"):
            return str(item["probe"])
        if item.get("partial"):
            return message(lang, "pushback_partial", point=item["point"])
        return message(lang, "pushback_missed", point=item["point"])
    return message(lang, "pushback_none")


def rubric_citations(score: Score) -> list[dict[str, Any]]:
    """The corpus sentences behind what was missed, numbered like passages."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for item in score.missed:
        key = (item["source"], item["passage"])
        if key not in seen:
            seen[key] = {
                "n": len(seen) + 1,
                "source": item["source"],
                "title": item.get("title") or source_title(item["source"]),
                "quote": item["passage"],
            }
    return list(seen.values())


class OfflineReviewer:
    mode: Mode = "offline"

    def review(self, version: DrillVersion, stage: Stage, answer: str, score: Score) -> Feedback:
        lang = version.lang
        return Feedback(
            text=score.feedback,
            pushback=rubric_pushback(stage, score, lang),
            mode="offline",
            citations=rubric_citations(score),
            note=message(lang, "offline_mode"),
        )


def split_pushback(text: str) -> tuple[str, str]:
    """The feedback and the pushback line the prompt asks the model to end with."""
    marks = list(_PUSHBACK.finditer(text))
    if not marks:
        return text.strip(), ""
    last = marks[-1]
    return text[: last.start()].strip(), text[last.end() :].strip().splitlines()[0].strip()


def _constraints(drill: Drill, lang: Language) -> str:
    return "\n".join(f"- {c}" for c in drill.constraints[lang])


def _rubric_result(score: Score, lang: Language) -> str:
    covered = "; ".join(c["point"] for c in score.covered) or "-"
    missed = "; ".join(m["point"] for m in score.missed) or "-"
    return message(
        lang,
        "rubric_result",
        score=score.score,
        verdict=score.verdict,
        covered=covered,
        missed=missed,
    )


class ModelReviewer:
    """Feedback written by the chat model from retrieved, numbered passages."""

    mode: Mode = "llm"

    def __init__(self, settings: Settings, retriever: Retriever, model: BaseChatModel):
        self.settings = settings
        self.retriever = retriever
        self.model = model
        self.fallback = OfflineReviewer()

    def passages(self, version: DrillVersion, stage: Stage, score: Score) -> list[Passage]:
        from coach.budget import fit_in_budget
        from coach.chat import passage_tokens, shorten_passage
        from coach.relevance import decide

        missed = " ".join(m["point"] for m in score.missed[:3])
        query = f"{version.title} {stage.title[version.lang]} {missed}".strip()
        # The same decision chat makes: only passages on the stage's topic, those that
        # state something about it first; none when the library does not cover it.
        found = decide(query, self.retriever, k=self.settings.top_k).passages
        # A first passage longer than the budget (an article window) is cut down, as
        # in chat, rather than leaving the feedback ungrounded.
        return fit_in_budget(
            found, self.settings.context_tokens, passage_tokens, shorten=shorten_passage
        )

    def review(self, version: DrillVersion, stage: Stage, answer: str, score: Score) -> Feedback:
        try:
            return self._generate(version, stage, answer, score)
        except ModelUnavailable as exc:
            offline = self.fallback.review(version, stage, answer, score)
            offline.note = message(version.lang, "model_failed", error=str(exc))
            return offline

    def _generate(self, version: DrillVersion, stage: Stage, answer: str, score: Score) -> Feedback:
        from langchain_core.prompts import ChatPromptTemplate

        from coach.citations import check_citations, number_passages
        from coach.prompts import load_prompt
        from coach.tokens import truncate_to_tokens

        lang = version.lang
        prompt = load_prompt(FEEDBACK_PROMPT, lang, self.settings.prompts_dir)
        template = ChatPromptTemplate.from_messages(
            [("system", prompt.system), ("human", prompt.user)]
        )
        passages = self.passages(version, stage, score)
        values = {
            "drill_title": version.title,
            "context": version.drill.context[lang],
            "constraints": _constraints(version.drill, lang),
            "stage_title": stage.title[lang],
            "stage_prompt": stage.prompt[lang],
            "answer": truncate_to_tokens(answer, ANSWER_TOKENS),
            "rubric_result": _rubric_result(score, lang),
            "passages": number_passages(passages),
        }
        with model_errors(self.settings):
            reply = (template | self.model).invoke(values)
        raw = reply.text if isinstance(reply.text, str) else str(reply.content)
        checked = check_citations(raw, passages)
        text, pushback = split_pushback(checked.text)
        if not text:
            raise ModelUnavailable("the model's reply was empty")
        return Feedback(
            text=text,
            pushback=pushback or rubric_pushback(stage, score, lang),
            mode="llm",
            citations=[{**c.as_dict(), "quote": c.snippet} for c in checked.citations],
        )


def reviewer_for(
    settings: Settings,
    notify: Any = None,
    retriever: Callable[[], Retriever] | None = None,
) -> StageReviewer:
    """The model reviewer when a model is configured, else the rubric's. ``retriever``
    gives one to share (the web UI's); without it one is opened on the index."""
    from coach.llm import configured_model

    model = configured_model(settings)
    if model is None:
        return OfflineReviewer()
    if retriever is not None:
        return ModelReviewer(settings, retriever(), model)
    from coach.index import ChunkIndex
    from coach.retrieval import Retriever, ensure_index

    index = ChunkIndex(settings)
    ensure_index(settings, index, notify=notify)
    return ModelReviewer(settings, Retriever(settings, index), model)
