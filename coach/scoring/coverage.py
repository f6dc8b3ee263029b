"""Key-point coverage: a point counts only when a sentence makes it with substance.

For each key point every sentence of the answer is rated for relevance: meaning
(e5 similarity to the point in each of its wordings, on the language pair's bar)
and the point's vocabulary in that same sentence, the stronger of the two counting
most. The most relevant
sentence that also carries substance (see ``coach.scoring.substance``; the next
sentence's example or number counts half, since a claim is often backed in the
following sentence) decides the point:

- covered: relevant and substantive; the evidence quote is that exact sentence;
- partial: relevant but bare (named, not explained), so it earns little;
- missed: no sentence is about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coach.language import Language
from coach.scoring.analysis import Analysis
from coach.scoring.rubric import KeyPoint, Rubric
from coach.scoring.semantic import embed_many, normalise
from coach.scoring.text import keyword_hits, language_of

RELEVANT = 0.42  # relevance at which a sentence is about the point
PARTIAL_RELEVANCE = 0.3
SUBSTANTIVE = 0.5
# A framework point is an abstract description ("names the target users and their
# situation"), so an answer sentence making it sits lower in e5 space than one
# restating a claim: its bars are lower than coach.scoring.semantic.BARS.
FRAMEWORK_BARS: dict[tuple[Language, Language], tuple[float, float]] = {
    ("zh", "zh"): (0.865, 0.925),
    ("en", "en"): (0.79, 0.86),
    ("en", "zh"): (0.77, 0.84),
    ("zh", "en"): (0.77, 0.84),
}
PARTIAL_CREDIT = 0.35

Status = Literal["covered", "partial", "missed"]


@dataclass(frozen=True)
class PointMatch:
    point: KeyPoint
    coverage: float  # 0..1
    semantic: float  # 0..1 on the language pair's bar, best sentence
    relevance: float  # 0..1, meaning and vocabulary of the quoted sentence
    substance: float  # 0..1, of the quoted sentence (with its follow-up)
    keywords: tuple[str, ...]
    quote: str  # the exact answer sentence that decided the point ("" when missed)
    status: Status

    @property
    def similarity(self) -> float:  # kept for callers that read it
        return self.semantic


def missed(point: KeyPoint) -> PointMatch:
    return PointMatch(point, 0.0, 0.0, 0.0, 0.0, (), "", "missed")


def match_points(analysis: Analysis, rubric: Rubric) -> list[PointMatch]:
    points = list(rubric.key_points)
    sentences = list(analysis.sentences)
    if not sentences or not points:
        return [missed(p) for p in points]
    wordings = [(j, t) for j, p in enumerate(points) for t in _wordings(p, analysis.lang)]
    sims = analysis.embeddings @ embed_many([t for _, t in wordings]).T
    n, m = len(sentences), len(points)
    semantic = [[0.0] * m for _ in range(n)]
    for col, (j, text) in enumerate(wordings):
        ref = language_of(text, default="zh")
        bars = FRAMEWORK_BARS if points[j].kind == "framework" else None
        for i in range(n):
            value = normalise(float(sims[i, col]), analysis.lang, ref, bars)
            semantic[i][j] = max(semantic[i][j], value)
    own = analysis.substance
    context = [max(own[i], 0.5 * own[i + 1] if i + 1 < n else 0.0) for i in range(n)]
    matches = []
    for j, point in enumerate(points):
        best: tuple[float, int, float, tuple[str, ...]] | None = None
        for i, sentence in enumerate(sentences):
            hits = tuple(keyword_hits(sentence, point.keywords))
            relevance = _relevance(semantic[i][j], len(hits))
            rank = relevance * (0.5 + 0.5 * context[i])
            if best is None or rank > best[0]:
                best = (rank, i, relevance, hits)
        assert best is not None
        _, i, relevance, hits = best
        matches.append(_decide(point, relevance, semantic[i][j], context[i], hits, sentences[i]))
    return matches


def _relevance(semantic: float, hits: int) -> float:
    """Meaning and vocabulary: the stronger counts most, agreement adds the rest."""
    vocabulary = min(1.0, 0.6 * hits)
    return 0.7 * max(semantic, vocabulary) + 0.3 * min(semantic, vocabulary)


def _decide(
    point: KeyPoint,
    relevance: float,
    semantic: float,
    substance: float,
    hits: tuple[str, ...],
    sentence: str,
) -> PointMatch:
    if relevance >= RELEVANT and substance >= SUBSTANTIVE:
        coverage = min(1.0, 0.55 + 0.45 * substance) * min(1.0, 0.6 + relevance)
        return PointMatch(
            point, coverage, semantic, relevance, substance, hits, sentence, "covered"
        )
    if relevance >= PARTIAL_RELEVANCE:
        coverage = PARTIAL_CREDIT * min(1.0, relevance / RELEVANT) * (0.5 + 0.5 * substance)
        return PointMatch(
            point, coverage, semantic, relevance, substance, hits, sentence, "partial"
        )
    return PointMatch(point, 0.0, semantic, relevance, substance, (), "", "missed")


def _wordings(point: KeyPoint, answer_lang: Language) -> list[str]:
    """The point's wordings worth comparing: those in the answer's language (a mixed
    pair scores lower for the same meaning), else all of them."""
    texts = point.texts()
    chosen = [t for t in texts if language_of(t, default="zh") == answer_lang]
    return chosen or texts


def coverage_score(matches: list[PointMatch], rubric: Rubric) -> float:
    """Weighted coverage, 0-100."""
    if not matches:
        return 0.0
    return 100 * sum(m.coverage * m.point.weight for m in matches) / rubric.total_weight
