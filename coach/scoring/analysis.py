"""One reading of an answer, made once and read by every part of the scorer.

Classification, coverage, every dimension, evidence quoting and feedback all work
on the same sentences, language, tokens, embeddings and substance signals, so a
quote is always one of the sentences that were scored and the text is segmented
and language-detected in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from coach.language import Language
from coach.scoring.substance import Signals, buzzword_hits, signals
from coach.scoring.text import language_of, segments, size


@dataclass(frozen=True)
class Analysis:
    text: str
    lang: Language
    sentences: tuple[str, ...]
    signals: tuple[Signals, ...]
    words: int  # Han characters plus Latin words

    @cached_property
    def embeddings(self) -> np.ndarray:
        from coach.scoring.semantic import embed_many

        return embed_many(list(self.sentences))

    @cached_property
    def tokens(self) -> list[str]:
        from coach.lexical import tokenize

        return tokenize(self.text)

    @property
    def substance(self) -> list[float]:
        return [s.value for s in self.signals]

    @cached_property
    def buzzwords(self) -> list[str]:
        return buzzword_hits(self.text)

    @property
    def buzz_count(self) -> int:
        return sum(s.buzzwords + s.superlatives for s in self.signals)

    @property
    def substantive_share(self) -> float:
        """Share of sentences that carry substance (value >= 0.5)."""
        if not self.sentences:
            return 0.0
        return sum(1 for v in self.substance if v >= 0.5) / len(self.sentences)

    @property
    def substance_kinds(self) -> set[str]:
        return {k for s in self.signals for k in s.kinds}

    @property
    def fluffy(self) -> bool:
        """Long on confident buzzwords, short on substance: the score is capped."""
        n = len(self.sentences)
        if n == 0:
            return False
        buzz = self.buzz_count
        dense = buzz / n >= 0.4 or buzz * 60 >= self.words  # per sentence, or per 60 words
        empty = sum(1 for s in self.signals if s.empty) / n
        # Two pieces of real substance (a number, a named metric, a concrete decision with
        # its reason) are not fluff, however short the sentences around them (a strong
        # drill answer split at a quoted '？' read as mostly empty). One sentence carrying
        # four kinds of substance (numbers, metrics, an example and a trade-off) holds two.
        concrete = sum(
            max(1, len([k for k in s.kinds if k not in ("action", "steps")]) // 2)
            for s in self.signals
            if s.value >= 0.75
        )
        if concrete >= 2:
            return False
        return (buzz >= 3 and dense and self.substantive_share < 0.5) or (n >= 3 and empty >= 0.6)


def analyse(answer: str, lang: Language | None = None) -> Analysis:
    sentences = tuple(segments(answer))
    return Analysis(
        text=answer,
        lang=language_of(answer, default=lang or "zh"),
        sentences=sentences,
        signals=tuple(signals(s) for s in sentences),
        words=size(answer),
    )
