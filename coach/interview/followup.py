"""Follow-up questions in mock interviews: probe what the answer missed or claimed
without support.

Offline, the follow-up asks for the heaviest key point the answer missed (each
point carries a probing question in the bank), or, when everything was covered
but nothing was backed by numbers or examples, for evidence of the answer's own
claim. With a model configured the wording is generated from the missed points
and their passages; if the model fails, the rubric's probe is used and noted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from coach.language import Language
from coach.scoring import Rubric, Score
from coach.scoring.text import shorten

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from coach.settings import Settings

PROMPT = "interview_followup"
EVIDENCE_BAR = 40  # specificity below this means claims without numbers or examples
RETRY_KINDS = frozenset({"dont_know", "empty"})


@dataclass(frozen=True)
class FollowUp:
    text: str
    targets: tuple[str, ...]  # key point ids the follow-up asks for
    kind: Literal["missed", "evidence", "retry"]
    source: str = "rubric"  # rubric | model | rubric (model failed: …)


def choose_followup(
    rubric: Rubric, score: Score, persona: dict[str, str], asked: set[str]
) -> FollowUp | None:
    """The follow-up the rubric calls for, or None when there is nothing to probe."""
    if score.rejection and score.rejection not in RETRY_KINDS:
        return None  # gibberish, injection, off-topic: move on
    open_points = [m for m in score.missed if m["id"] not in asked and m.get("probe")]
    if score.rejection and open_points:
        top = open_points[0]
        return FollowUp(_join(persona["retry_lead"], top["probe"]), (top["id"],), "retry")
    if open_points:
        top = open_points[0]
        return FollowUp(_join(persona["followup_lead"], top["probe"]), (top["id"],), "missed")
    thin = score.dimensions.get("specificity", 100) < EVIDENCE_BAR
    if score.covered and thin and "evidence" not in asked:
        lead = persona["evidence_lead"].format(quote=shorten(score.covered[0]["quote"], 50))
        return FollowUp(_join(lead, persona["evidence_ask"]), ("evidence",), "evidence")
    return None


def _join(lead: str, text: str) -> str:
    """Lead-in and question: a space after Latin punctuation, none after Chinese."""
    return f"{lead} {text}" if lead[-1:].isascii() else f"{lead}{text}"


def generate_followup(
    planned: FollowUp,
    *,
    question: str,
    answer: str,
    rubric: Rubric,
    persona: dict[str, str],
    lang: Language,
    model: BaseChatModel,
    settings: Settings,
) -> FollowUp:
    """The same follow-up (same targets), worded by the model from the passages."""
    from langchain_core.prompts import ChatPromptTemplate

    from coach.errors import CoachError
    from coach.llm import model_errors
    from coach.prompts import load_prompt

    points = [p for p in rubric.key_points if p.id in planned.targets] or list(rubric.key_points)
    missed = "\n".join(
        f"[{n}] {p.text}\n    {p.source}: {p.quote}" for n, p in enumerate(points, 1)
    )
    prompt = load_prompt(PROMPT, lang)
    template = ChatPromptTemplate.from_messages([("system", prompt.system), ("human", prompt.user)])
    values = {"persona": persona["style"], "question": question, "answer": answer, "missed": missed}
    try:
        with model_errors(settings):
            reply = model.invoke(template.invoke(values))
    except CoachError as exc:
        return FollowUp(
            planned.text, planned.targets, planned.kind, f"rubric (model failed: {exc})"
        )
    text = reply.content if isinstance(reply.content, str) else ""
    text = " ".join(text.split())
    if not text:
        return FollowUp(planned.text, planned.targets, planned.kind, "rubric (model gave no text)")
    return FollowUp(text, planned.targets, planned.kind, "model")
