"""The four dimensions besides coverage, each 0-100, read from the answer's form.

They reward what interviewers reward in AI PM answers: a clear shape (structure),
substance (specificity: the share of sentences that carry an action, number, named
metric, example, mechanism or trade-off, and how many kinds of these appear),
awareness of what makes AI products different (data, evaluation, model limits,
fallback, iteration; only for question types that call for it) and readable
delivery (communication). All read the one ``Analysis`` of the answer. Alone they
can be gamed by a tidy answer about nothing, so the scorer gates them by coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.language import Language
from coach.scoring.analysis import Analysis
from coach.scoring.lexicon import AI_AREAS
from coach.scoring.text import count_matches

_ENUMERATION = re.compile(
    r"首先|其次|再次|然后|接着|最后|第[一二三四五六1-6]|[一二三四五]是|[①②③④⑤⑥]|"
    r"(?:^|\n)\s*(?:[-*•·]|\d+[.、)）]|[（(]\d+[)）])\s*|"
    r"\b(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|finally|lastly|step\s*\d)\b",
    re.IGNORECASE,
)
_CONCLUSION = re.compile(
    r"总之|总结|综上|总的来说|所以我|因此|结论|我的(?:观点|判断|选择)|核心是|关键是|"
    r"\b(?:in\s+short|overall|to\s+sum\s+up|in\s+summary|therefore|my\s+(?:view|answer|take|choice)"
    r"|the\s+key\s+is|in\s+conclusion|bottom\s+line)\b",
    re.IGNORECASE,
)
_FILLERS = re.compile(
    r"嗯+|呃+|那个那个|就是说就是|可能吧|大概吧|\b(?:um+|uh+|you know|i guess|kind of)\b", re.I
)


@dataclass(frozen=True)
class Dimensions:
    structure: float
    specificity: float
    ai_appropriateness: float
    communication: float

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


def measure(reading: Analysis, lang: Language) -> Dimensions:
    return Dimensions(
        structure=_structure(reading.text, list(reading.sentences)),
        specificity=_specificity(reading),
        ai_appropriateness=_ai(reading.text),
        communication=_communication(reading, lang),
    )


def _clip(value: float) -> float:
    return max(0.0, min(100.0, value))


def _structure(answer: str, segments: list[str]) -> float:
    parts = min(1.0, max(0, len(segments) - 1) / 4)
    steps = min(1.0, len(_ENUMERATION.findall(answer)) / 3)
    conclusion = 1.0 if _CONCLUSION.search(answer) else 0.0
    return _clip(40 * parts + 40 * steps + 20 * conclusion)


def _specificity(reading: Analysis) -> float:
    """Substance: how much of the answer is concrete, and in how many ways."""
    kinds = len(reading.substance_kinds - {"action"}) + 0.5 * ("action" in reading.substance_kinds)
    buzz = min(1.0, reading.buzz_count / max(1, len(reading.sentences)))
    return _clip(60 * reading.substantive_share + 40 * min(1.0, kinds / 4) - 40 * buzz)


def _ai(answer: str) -> float:
    areas = sum(1 for patterns in AI_AREAS.values() if count_matches(answer, patterns))
    return _clip(100 * min(1.0, areas / 4))


def _communication(reading: Analysis, lang: Language) -> float:
    n = reading.words
    low, high = (100, 700) if lang == "zh" else (50, 400)
    if n < low:
        length = n / low
    elif n > high:
        length = max(0.5, 1 - (n - high) / (2 * high))
    else:
        length = 1.0
    score = 100 * length
    if reading.lang != lang:
        score -= 15
    tokens = reading.tokens
    if len(tokens) >= 20 and len(set(tokens)) / len(tokens) < 0.4:
        score -= 25  # the same words over and over
    if reading.sentences and n / len(reading.sentences) > 80:
        score -= 15  # run-on sentences
    score -= min(20, 5 * len(_FILLERS.findall(reading.text)))
    return _clip(score)
