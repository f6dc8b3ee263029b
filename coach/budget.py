"""Fitting retrieved passages and conversation history into token budgets.

Budgets are counted with cl100k (``coach.tokens``): not every model's tokenizer, but
close enough to keep prompts inside a context window, and it works offline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from coach.tokens import count_tokens, truncate_to_tokens

Role = Literal["user", "assistant"]
T = TypeVar("T")

# Each chat message costs a few tokens of framing on top of its text.
MESSAGE_OVERHEAD = 4


@dataclass(frozen=True)
class Turn:
    role: Role
    content: str

    @property
    def tokens(self) -> int:
        return count_tokens(self.content) + MESSAGE_OVERHEAD


@dataclass(frozen=True)
class TokenUsage:
    prompt: int = 0
    completion: int = 0

    @property
    def total(self) -> int:
        return self.prompt + self.completion

    def as_dict(self) -> dict[str, int]:
        return {"prompt": self.prompt, "completion": self.completion}


def trim_history(turns: Sequence[Turn], budget: int) -> list[Turn]:
    """The most recent turns that fit in ``budget`` tokens, oldest dropped first.

    History never starts with an assistant turn: an answer without its question
    reads to the model as something it said unprompted.
    """
    kept: list[Turn] = []
    used = 0
    for turn in reversed(turns):
        cost = turn.tokens
        if used + cost > budget:
            break
        kept.append(turn)
        used += cost
    kept.reverse()
    while kept and kept[0].role == "assistant":
        kept.pop(0)
    return kept


def fit_in_budget(
    items: Sequence[T],
    budget: int,
    cost: Callable[[T], int],
    shorten: Callable[[T, int], T] | None = None,
) -> list[T]:
    """The leading ``items`` (best first) whose costs fit in ``budget``.

    When even the first item is too long and ``shorten`` is given, it is cut down
    rather than leaving the prompt with nothing.
    """
    kept: list[T] = []
    used = 0
    for item in items:
        c = cost(item)
        if used + c > budget:
            if not kept and shorten is not None and budget > 0:
                kept.append(shorten(item, budget))
            break
        kept.append(item)
        used += c
    return kept


def shorten_text(text: str, budget: int) -> str:
    return truncate_to_tokens(text, budget)
