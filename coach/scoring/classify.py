"""Which type of interview question this is, and how sure we are.

A question (bank, free text or drill stage) is compared by meaning (e5) with every
framework's recognition examples in both languages; cue words ("下降了", "tell me
about a time", "estimate") add evidence. The confidence is the winner's similarity
on the language pair's bar, less when the runner-up is close. Below
``MIN_CONFIDENCE`` the scorer does not apply any framework and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from coach.language import Language
from coach.scoring.frameworks import frameworks
from coach.scoring.semantic import embed_many, normalise
from coach.scoring.text import language_of

MIN_CONFIDENCE = 0.35
CUE_BONUS = 0.12  # per matching cue, at most two
MARGIN_SCALE = 0.15  # a runner-up this close (on the bar) halves the confidence


@dataclass(frozen=True)
class TypeGuess:
    type_id: str | None  # None when no type is confident enough
    confidence: float  # 0..1
    best: str  # the best-scoring type, even when not confident
    scores: dict[str, float]

    @property
    def known(self) -> bool:
        return self.type_id is not None


@lru_cache(maxsize=1)
def _examples() -> tuple[list[str], list[str], np.ndarray]:
    types, texts = [], []
    for type_id, fw in sorted(frameworks().items()):
        for text in [*fw.examples.zh, *fw.examples.en]:
            types.append(type_id)
            texts.append(text)
    return types, texts, embed_many(texts)


@lru_cache(maxsize=1)
def _example_langs() -> list[Language]:
    return [language_of(t, default="en") for t in _examples()[1]]


@lru_cache(maxsize=2048)
def classify(question: str) -> TypeGuess:
    types, _, vectors = _examples()
    langs = _example_langs()
    q_lang = language_of(question, default="zh")
    sims = vectors @ embed_many([question])[0]
    meaning: dict[str, float] = {}
    for type_id, lang, sim in zip(types, langs, sims, strict=True):
        value = normalise(float(sim), q_lang, lang)
        meaning[type_id] = max(meaning.get(type_id, 0.0), value)
    scores = {}
    for type_id, fw in frameworks().items():
        cues = sum(1 for p in fw.cue_patterns() if p.search(question))
        scores[type_id] = meaning.get(type_id, 0.0) + CUE_BONUS * min(2, cues)
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    margin = min(1.0, (top - second) / MARGIN_SCALE)
    confidence = round(min(1.0, top) * (0.5 + 0.5 * margin), 3)
    return TypeGuess(best if confidence >= MIN_CONFIDENCE else None, confidence, best, scores)
