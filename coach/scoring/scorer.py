"""``score_answer``: a 0-100 score, a verdict and the reasons, deterministic.

The score is half coverage of the rubric's key points and half the form
dimensions (structure, specificity, AI appropriateness, communication). The form
half is gated by coverage, so a tidy, number-rich answer to a different question
stays low: form earns its full weight only once about 40% of the points are there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from coach.language import Language
from coach.scoring.coverage import coverage_score, match_points
from coach.scoring.detectors import OFF_TOPIC, Rejection, detect_non_answer
from coach.scoring.dimensions import measure
from coach.scoring.explain import covered_items, feedback_text, missed_items
from coach.scoring.rubric import Rubric
from coach.scoring.semantic import normalise, similarity_matrix
from coach.scoring.text import language_of, segments

Verdict = Literal["strong", "adequate", "weak", "rejected"]

COVERAGE_WEIGHT = 0.5
FORM_WEIGHTS = {
    "structure": 0.12,
    "specificity": 0.14,
    "ai_appropriateness": 0.14,
    "communication": 0.10,
}
STRONG, ADEQUATE = 70, 50
OFF_TOPIC_SEMANTIC = 0.2  # best key-point match below this, with no keyword either …
OFF_TOPIC_RELEVANCE = 0.25  # … and this little in common with the question: off topic
UNGROUNDED_COVERAGE_CAP = 60.0


@dataclass
class Score:
    score: int
    verdict: Verdict
    dimensions: dict[str, int]
    covered: list[dict[str, Any]]
    missed: list[dict[str, Any]]
    feedback: str
    lang: Language
    rejection: str | None = None  # the detector that fired
    reason: str | None = None
    notes: list[str] = field(default_factory=list)
    rubric_origin: str = "bank"
    question_id: str | None = None
    judge: dict[str, Any] | None = None  # what the LLM judge said, or why it was not used

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Score:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def verdict_for(score: float) -> Verdict:
    if score >= STRONG:
        return "strong"
    return "adequate" if score >= ADEQUATE else "weak"


def score_answer(question: str, answer: str, rubric: Rubric, lang: Language | None = None) -> Score:
    """Score ``answer`` to ``question`` against ``rubric``; feedback in ``lang``."""
    lang = lang or rubric.lang
    rejection = detect_non_answer(question, answer)
    if rejection:
        return _rejected(rejection, rubric, lang, 0)
    pieces = segments(answer)
    matches = match_points(pieces, answer, rubric)
    relevance = _relevance(question, answer, pieces)
    notes = list(rubric.notes)
    if rubric.grounded:
        coverage = coverage_score(matches, rubric)
        off_topic = (
            max(m.semantic for m in matches) < OFF_TOPIC_SEMANTIC
            and not any(m.keywords for m in matches)
            and relevance < OFF_TOPIC_RELEVANCE
        )
    else:
        # Nothing in the corpus to grade against: how closely the answer keeps to the
        # question is all we can measure, and the feedback says so.
        coverage = min(UNGROUNDED_COVERAGE_CAP, 100 * relevance)
        off_topic = relevance < OFF_TOPIC_RELEVANCE
    form = measure(answer, pieces, lang).as_dict()
    gate = min(1.0, 0.25 + coverage / 50)
    total = COVERAGE_WEIGHT * coverage + gate * sum(form[k] * w for k, w in FORM_WEIGHTS.items())
    dimensions = {"coverage": round(coverage), **{k: round(v) for k, v in form.items()}}
    if off_topic:
        return _rejected(OFF_TOPIC, rubric, lang, min(10, round(total)), dimensions)
    score = round(total)
    verdict = verdict_for(score)
    covered, missed = covered_items(matches), missed_items(matches)
    return Score(
        score=score,
        verdict=verdict,
        dimensions=dimensions,
        covered=covered,
        missed=missed,
        feedback=feedback_text(
            score=score,
            verdict=verdict,
            lang=lang,
            covered=covered,
            missed=missed,
            dimensions=dimensions,
            notes=notes,
        ),
        lang=lang,
        notes=notes,
        rubric_origin=rubric.origin,
        question_id=rubric.question_id,
    )


def _relevance(question: str, answer: str, pieces: list[str]) -> float:
    """How close the answer's closest segment comes to the question, 0..1."""
    if not pieces:
        return 0.0
    sims = similarity_matrix(pieces, [question])
    return normalise(float(sims.max()), language_of(answer), language_of(question))


def _rejected(
    rejection: Rejection,
    rubric: Rubric,
    lang: Language,
    score: int,
    dimensions: dict[str, int] | None = None,
) -> Score:
    missed = missed_items(
        [_unmatched(p) for p in rubric.key_points]  # everything is still to be said
    )
    reason = rejection.reason(lang)
    dims = dimensions or dict.fromkeys(["coverage", *FORM_WEIGHTS], 0)
    return Score(
        score=score,
        verdict="rejected",
        dimensions=dims,
        covered=[],
        missed=missed,
        feedback=feedback_text(
            score=score,
            verdict="rejected",
            lang=lang,
            covered=[],
            missed=missed,
            dimensions=dims,
            reason=reason,
            notes=list(rubric.notes),
        ),
        lang=lang,
        rejection=rejection.kind,
        reason=reason,
        notes=list(rubric.notes),
        rubric_origin=rubric.origin,
        question_id=rubric.question_id,
    )


def _unmatched(point: Any) -> Any:
    from coach.scoring.coverage import PointMatch

    return PointMatch(point, 0.0, 0.0, 0.0, (), "")
