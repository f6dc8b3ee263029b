"""Critique a PRD: checklist, heuristics and (with a model) reviewer personas.

The score comes only from what the document states: the checklist ratings minus
penalties for vague claims and placeholders. Reviewers add issues but never move
the score, and sentences addressed to the reviewer are removed before anything
reads the document, so text inside a PRD cannot talk its way to a better result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from coach.errors import CoachError, ServiceUnavailable
from coach.prd.checklist import checklist, say, section
from coach.prd.citations import Citer
from coach.prd.document import PrdDocument
from coach.prd.heuristics import flag_sentences
from coach.prd.injection import screen
from coach.prd.issues import (
    Issue,
    checklist_issues,
    injection_issues,
    merge,
    rank,
    section_name,
    sentence_issues,
)
from coach.prd.sections import Classifier, Finding, Outline, find_sections

VAGUE_PENALTY, VAGUE_CAP = 2, 10
PLACEHOLDER_PENALTY, PLACEHOLDER_CAP = 2, 6
PENALTY_SHARE = 0.25


class Reviewer(Protocol):
    """A model persona reading the screened PRD (see ``coach.prd.reviewers``)."""

    name: str

    def review(self, doc: PrdDocument, outline: Outline, lang: str) -> list[Issue]: ...


@dataclass
class Critique:
    title: str
    name: str
    lang: str
    score: int
    findings: dict[str, Finding]
    issues: list[Issue]
    digest: str
    mode: Literal["offline", "llm"] = "offline"
    reviewers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "sections": {
                key: {
                    "status": found.status,
                    "evidence": found.evidence,
                    "where": found.where,
                    "name": section_name(key, self.lang),
                }
                for key, found in self.findings.items()
            },
            "issues": [issue.as_dict(self.lang) for issue in self.issues],
            "title": self.title,
            "name": self.name,
            "lang": self.lang,
            "mode": self.mode,
            "reviewers": list(self.reviewers),
            "notes": list(self.notes),
            "digest": self.digest,
        }


def credit(found: Finding) -> float:
    """Share of a section's weight it earns: a present section 0.75-1, a weak one
    0.3-0.8, a topic only touched on elsewhere 0.1-0.4, a missing one nothing."""
    if found.status == "present":
        return 0.75 + 0.25 * found.ratio
    if found.status == "weak":
        if found.how == "scattered":
            return 0.1 + 0.3 * found.ratio
        return 0.3 + 0.5 * found.ratio
    return 0.0


def score(findings: dict[str, Finding], issues: Sequence[Issue]) -> int:
    total = 0.0
    for item in checklist():
        found = findings[item.key]
        total += item.weight * credit(found)
    vague = sum(1 for i in issues if i.kind == "vague")
    placeholders = sum(1 for i in issues if i.kind == "placeholder")
    penalty = min(VAGUE_CAP, VAGUE_PENALTY * vague)
    penalty += min(PLACEHOLDER_CAP, PLACEHOLDER_PENALTY * placeholders)
    # Penalties take at most a quarter of what was earned, so that two thin drafts
    # still differ by what they do say.
    total -= min(penalty, PENALTY_SHARE * total)
    weights = sum(item.weight for item in checklist())
    return max(0, min(100, round(total * 100 / weights)))


def critique(
    doc: PrdDocument,
    *,
    lang: str | None = None,
    citer: Citer | None = None,
    classify: Classifier | None = None,
    reviewers: Sequence[Reviewer] = (),
) -> Critique:
    lang = lang or doc.lang
    blocks, hits = screen(doc.blocks, doc.raw)
    screened = PrdDocument(
        doc.name, doc.title, doc.kind, doc.encoding, tuple(blocks), doc.raw, doc.lang
    )
    outline = find_sections(blocks, classify)
    found = (
        injection_issues(hits, lang)
        + checklist_issues(outline, lang, citer)
        + sentence_issues(flag_sentences(blocks, outline.owner), outline, lang, citer)
    )
    result = Critique(
        title=doc.title,
        name=doc.name,
        lang=lang,
        score=score(outline.findings, found),
        findings=outline.findings,
        issues=found,
        digest=doc.digest,
    )
    for reviewer in reviewers:
        try:
            extra = reviewer.review(screened, outline, lang)
        except ServiceUnavailable as exc:  # the endpoint is down: do not try the others
            result.notes.append(say(lang, "report_reviewer_failed", name=reviewer.name, reason=exc))
            break
        except CoachError as exc:  # one persona's bad reply leaves the rest of the critique
            result.notes.append(say(lang, "report_reviewer_failed", name=reviewer.name, reason=exc))
            continue
        for issue in extra:
            if issue.citation is None and citer and issue.section in outline.findings:
                issue.citation = citer.cite_section(section(issue.section), lang)
        result.issues = merge(result.issues, extra)
        result.reviewers.append(reviewer.name)
        result.mode = "llm"
    result.issues = rank(result.issues)
    return result
