"""``score_answer``: a 0-100 score, a verdict and the reasons, deterministic.

The answer is analysed once (``coach.scoring.analysis``); the question's type
framework is applied to the rubric once (``coach.scoring.typed``). The score is
mostly coverage of the key points, where a point counts only when a sentence makes
it with substance, and partly the form dimensions (structure, specificity, AI
appropriateness where the type calls for it, communication). Form is gated by
coverage, so a tidy answer to a different question stays low; an answer that is
long on buzzwords and short on substance is capped at ``FLUFF_CAP``; an answer
about another question or case (``coach.scoring.subject``) covers no point and is
capped at ``OFF_SUBJECT_CAP``, and one barely about the question is discounted. ``rejected``
is kept for non-answers (empty, don't know, copied question, gibberish, injection)
and for answers about something else entirely: never for a substantive answer on
the question's topic.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from coach.catalogue import catalogue
from coach.language import Language
from coach.scoring.analysis import Analysis, analyse
from coach.scoring.coverage import coverage_score, match_points
from coach.scoring.coverage import missed as missed_point
from coach.scoring.detectors import OFF_TOPIC, Rejection, detect_non_answer
from coach.scoring.dimensions import measure
from coach.scoring.explain import covered_items, feedback_text, missed_items
from coach.scoring.rubric import Rubric
from coach.scoring.semantic import embed_many, normalise
from coach.scoring.subject import SubjectFit, subject_fit
from coach.scoring.typed import apply_type

Verdict = Literal["strong", "adequate", "weak", "rejected"]

COVERAGE_WEIGHT = 0.55
FORM_WEIGHTS = {
    "structure": 0.10,
    "specificity": 0.15,
    "ai_appropriateness": 0.10,
    "communication": 0.10,
}
STRONG, ADEQUATE = 70, 50
FLUFF_CAP = 30
OFF_TOPIC_RELEVANCE = 0.25  # the answer's closest sentence to the question, on the bar
ON_TOPIC_POINTS = 0.3  # a point this relevant means the answer is on the question's topic
UNTYPED_CAP = 75  # no key points to grade against: substance and form alone go this far
OFF_SUBJECT_CAP = 20  # an answer about another question or case, however good
OFF_SUBJECT_FLOOR = 0.35  # share of its score an answer barely about the question keeps


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
    question_type: str | None = None  # the type whose framework was applied
    type_confidence: float = 0.0
    off_subject: bool = False  # about another question or case: capped, no point covered

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


def score_answer(
    question: str,
    answer: str,
    rubric: Rubric,
    lang: Language | None = None,
    *,
    analysis: Analysis | None = None,
) -> Score:
    """Score ``answer`` to ``question`` against ``rubric`` (plus its type framework);
    feedback in ``lang``."""
    lang = lang or rubric.lang
    rubric = apply_type(rubric)
    rejection = detect_non_answer(question, answer)
    if rejection:
        return _rejected(rejection, rubric, lang, 0)
    reading = analysis or analyse(answer, lang)
    matches = match_points(reading, rubric)
    relevance = _relevance(question, reading)
    notes = list(rubric.notes)
    # Whether any sentence is about a point at all: an answer with none is rejected
    # as off topic below, before its subject is weighed.
    touches_points = any(m.relevance >= ON_TOPIC_POINTS for m in matches)
    subject = subject_fit(question, reading, rubric)
    if subject.off:
        # A point is made for this question only by a sentence about its subject: an
        # answer about something else covers none, whatever words it shares.
        matches = [missed_point(m.point) for m in matches]
    form = measure(reading, lang).as_dict()
    weights = dict(FORM_WEIGHTS)
    if rubric.ai is False:
        weights.pop("ai_appropriateness")
        form.pop("ai_appropriateness")
    form_share = 1 - COVERAGE_WEIGHT
    form_score = sum(form[k] * w for k, w in weights.items()) / sum(weights.values())
    if rubric.key_points:
        coverage = coverage_score(matches, rubric)
        on_topic = touches_points
        gate = min(1.0, 0.3 + coverage / 45)
        total = COVERAGE_WEIGHT * coverage + form_share * gate * form_score
    else:
        # No points to grade against: structure and substance only, and it says so.
        coverage = 100 * relevance
        on_topic = relevance >= OFF_TOPIC_RELEVANCE
        total = min(UNTYPED_CAP, form_score * (0.6 + 0.4 * relevance))
    dimensions = {"coverage": round(coverage), **{k: round(v) for k, v in form.items()}}
    if not on_topic and relevance < OFF_TOPIC_RELEVANCE and not _shares_terms(question, reading):
        return _rejected(OFF_TOPIC, rubric, lang, min(10, round(total)), dimensions)
    if subject.off:
        total = min(total, OFF_SUBJECT_CAP)
        notes.append(_off_subject_note(lang, subject))
    else:
        # Partly about something else: partly counted.
        total *= OFF_SUBJECT_FLOOR + (1 - OFF_SUBJECT_FLOOR) * subject.fit
        if subject.fit < 0.5:
            key = "partly_off_subject" if subject.about else "generic_for_question"
            notes.append(catalogue("scoring").text(key, lang, about=subject.about))
    if reading.fluffy:
        total = min(total, FLUFF_CAP)
        notes.append(_fluff_note(lang, reading))
    score = round(total)
    verdict = verdict_for(score)
    covered, missed_list = covered_items(matches), missed_items(matches)
    return Score(
        score=score,
        verdict=verdict,
        dimensions=dimensions,
        covered=covered,
        missed=missed_list,
        feedback=feedback_text(
            score=score,
            verdict=verdict,
            lang=lang,
            covered=covered,
            missed=missed_list,
            dimensions=dimensions,
            notes=notes,
            reading=[p.as_dict() for p in rubric.reading],
        ),
        lang=lang,
        notes=notes,
        rubric_origin=rubric.origin,
        question_id=rubric.question_id,
        question_type=rubric.type_id,
        type_confidence=rubric.type_confidence,
        off_subject=subject.off,
    )


def _fluff_note(lang: Language, reading: Analysis) -> str:
    texts = catalogue("scoring")
    words = texts.text("list_sep", lang).join(reading.buzzwords[:4])
    if words:
        return texts.text("fluff.buzzwords", lang, words=words, cap=FLUFF_CAP)
    return texts.text("fluff.generic", lang, cap=FLUFF_CAP)


def _off_subject_note(lang: Language, subject: SubjectFit) -> str:
    texts = catalogue("scoring")
    if subject.rival:
        return texts.text("off_case", lang, about=subject.rival, cap=OFF_SUBJECT_CAP)
    about = subject.about or texts.text("off_subject_unnamed", lang)
    return texts.text("off_subject", lang, about=about, cap=OFF_SUBJECT_CAP)


def _shares_terms(question: str, reading: Analysis) -> bool:
    """Whether the answer uses a content word of the question: then it is about the
    question, however thin, and is graded (low) rather than rejected as off topic."""
    from coach.lexical import tokenize

    asked = {t.lower() for t in tokenize(question) if len(t) >= 2} - _FUNCTION_WORDS
    return bool(asked & {t.lower() for t in reading.tokens})


_FUNCTION_WORDS = frozenset(
    [
        "什么",
        "怎么",
        "如何",
        "为什么",
        "哪些",
        "你会",
        "我们",
        "一个",
        "这个",
        "可以",
        "需要",
        "进行",
        "the",
        "and",
        "you",
        "your",
        "what",
        "how",
        "why",
        "would",
        "which",
        "with",
        "for",
        "are",
        "this",
        "that",
        "does",
        "should",
    ]
)


def _relevance(question: str, reading: Analysis) -> float:
    """How close the answer's closest sentence comes to the question, 0..1."""
    if not reading.sentences:
        return 0.0
    from coach.scoring.text import language_of

    sims = reading.embeddings @ embed_many([question])[0]
    return normalise(float(sims.max()), reading.lang, language_of(question))


def _rejected(
    rejection: Rejection,
    rubric: Rubric,
    lang: Language,
    score: int,
    dimensions: dict[str, int] | None = None,
) -> Score:
    missed = missed_items([missed_point(p) for p in rubric.key_points])  # all still to say
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
        question_type=rubric.type_id,
        type_confidence=rubric.type_confidence,
    )
