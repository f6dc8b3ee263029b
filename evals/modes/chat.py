"""Grounded chat cases: the real GroundedChat chain with a (replayed) model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coach.budget import Turn
from coach.chat import GroundedChat
from evals.metrics import MARKER

if TYPE_CHECKING:
    from evals.cases import Case
    from evals.runner import EvalContext


def run_chat(case: Case, ctx: EvalContext) -> dict[str, Any]:
    chat = GroundedChat(ctx.settings, retriever=ctx.retriever, model=ctx.model)
    history = [Turn(t["role"], t["content"]) for t in case.input.get("history", [])]
    answer = chat.ask(case.input["question"], history)
    kept = len(MARKER.findall(answer.text))
    return {
        "text": answer.text,
        "mode": answer.mode,
        "declined": not answer.covered,
        "citations": [c.as_dict() for c in answer.citations],
        "passages_given": len(answer.passages),
        "passage_texts": [p.text for p in answer.passages],
        "markers_valid": kept if answer.mode == "llm" else None,
        "markers_invalid": len(answer.removed_citations) if answer.mode == "llm" else None,
        "tokens": answer.tokens.as_dict(),
    }
