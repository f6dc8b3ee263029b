"""Key-point coverage by meaning, backed by keyword evidence.

For each key point the answer's closest segment is found by embedding similarity
(the point is compared in every wording it has: Chinese, English and its corpus
quote). Keywords and their synonyms in both languages add evidence where the
meaning match is weak, e.g. a terse list of the right terms, but on their own
can lift a point only to "partly covered": naming terms is not explaining them.

e5 similarity alone is too topical to tell a strong answer from a vague one on the
same subject (a generic Chinese sentence about metrics scores about 0.93 against
any metric key point), so meaning and keyword evidence count half each: a point is
covered when the answer is close in meaning *and* uses the point's vocabulary, or
a synonym of it, in either language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coach.language import Language
from coach.scoring.rubric import KeyPoint, Rubric
from coach.scoring.semantic import normalise, similarity_matrix
from coach.scoring.text import keyword_hits, language_of

COVERED = 0.55
PARTIAL = 0.3
MEANING_SHARE = 0.5  # the rest is keyword evidence

Status = Literal["covered", "partial", "missed"]


@dataclass(frozen=True)
class PointMatch:
    point: KeyPoint
    coverage: float  # 0..1
    semantic: float  # 0..1 on the language pair's bar
    similarity: float  # raw cosine of the best segment
    keywords: tuple[str, ...]
    quote: str  # the answer segment that matches best

    @property
    def status(self) -> Status:
        if self.coverage >= COVERED:
            return "covered"
        return "partial" if self.coverage >= PARTIAL else "missed"


def match_points(segments: list[str], answer: str, rubric: Rubric) -> list[PointMatch]:
    answer_lang: Language = language_of(answer, default=rubric.lang)
    points = list(rubric.key_points)
    if not segments or not points:
        return [PointMatch(p, 0.0, 0.0, 0.0, (), "") for p in points]
    wordings = [(i, text) for i, p in enumerate(points) for text in _wordings(p, answer_lang)]
    sims = similarity_matrix(segments, [text for _, text in wordings])
    best: dict[int, tuple[float, float, int]] = {}  # point -> (normalised, raw, segment)
    for column, (i, text) in enumerate(wordings):
        row = int(sims[:, column].argmax())
        raw = float(sims[row, column])
        value = normalise(raw, answer_lang, language_of(text, default="zh"))
        if i not in best or value > best[i][0]:
            best[i] = (value, raw, row)
    matches = []
    for i, point in enumerate(points):
        semantic, raw, row = best[i]
        hits = tuple(keyword_hits(answer, point.keywords))
        evidence = min(1.0, len(hits) / 2)
        coverage = MEANING_SHARE * semantic + (1 - MEANING_SHARE) * evidence
        if hits and semantic < COVERED:
            # The meaning match is weak, so quote where the evidence actually is.
            counts = [len(keyword_hits(s, hits)) for s in segments]
            if max(counts) > counts[row]:
                row = counts.index(max(counts))
        matches.append(PointMatch(point, coverage, semantic, raw, hits, segments[row]))
    return matches


def _wordings(point: KeyPoint, answer_lang: Language) -> list[str]:
    """The point's wordings worth comparing: those in the answer's language (a mixed
    pair scores lower for the same meaning) and the corpus quote."""
    texts = point.texts()
    chosen = [t for t in texts if language_of(t, default="zh") == answer_lang]
    return list(dict.fromkeys([*chosen, point.quote])) if chosen else texts


def coverage_score(matches: list[PointMatch], rubric: Rubric) -> float:
    """Weighted coverage, 0-100."""
    if not matches:
        return 0.0
    return 100 * sum(m.coverage * m.point.weight for m in matches) / rubric.total_weight
