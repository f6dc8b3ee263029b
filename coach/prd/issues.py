"""Issues: what is wrong, where (section + quote), why, how to fix it, and what the
corpus says; built from the checklist findings and the heuristics, ranked, merged."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from coach.prd.checklist import SEVERITIES, Section, Severity, checklist, say, section
from coach.prd.citations import Citer, SourceQuote
from coach.prd.heuristics import Flag
from coach.prd.injection import Hit
from coach.prd.sections import Finding, Outline

GENERAL = "general"  # the whole document rather than one section
INTEGRITY = "integrity"  # instructions aimed at the reviewer

# Within one severity: tampering first, then requirements that can hurt someone, then
# gaps in the checklist, then the other sentences.
_KIND_ORDER = {
    "injection": 0,
    "automated_decision": 1,
    "personal_data": 2,
    "missing": 3,
    "absolute_claim": 4,
    "unmeasurable_goal": 5,
    "no_threshold": 6,
    "weak": 7,
    "gap": 8,
    "reviewer": 9,
    "vague": 10,
    "placeholder": 11,
}
SECTION_KINDS = ("missing", "weak", "gap")
MAX_SENTENCE_ISSUES = 8


@dataclass
class Issue:
    severity: Severity
    section: str
    quote: str
    message: str
    suggestion: str
    citation: SourceQuote | None = None
    kind: str = "weak"
    source: str = "checklist"  # checklist | heuristics | reviewer:<persona>
    position: int = -1
    also: list[str] = field(default_factory=list)  # other reviewers who raised it
    why: str = ""  # why it matters for an AI product

    @property
    def identity(self) -> str:
        """Stable across revisions: a section in one state (missing, weak, present with a
        gap), or a kind of problem at a quote. A section that moves from missing to
        present-with-a-gap is one issue fixed and another opened, never "still open"
        under a checklist mark that says otherwise."""
        if self.kind in SECTION_KINDS:
            return f"section:{self.section}:{self.kind}"
        return f"{self.kind}:{_norm(self.quote)[:60]}"

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "section": self.section,
            "section_name": section_name(self.section, lang),
            "quote": self.quote,
            "message": self.message,
            "suggestion": self.suggestion,
            "citation": self.citation.as_dict() if self.citation else None,
            "kind": self.kind,
            "why": self.why,
            "source": self.source,
            "also": list(self.also),
            "identity": self.identity,
        }


def section_name(key: str, lang: str) -> str:
    if key == INTEGRITY:
        return say(lang, "injection_section")
    if key == GENERAL:
        return say(lang, "whole_document")
    try:
        return section(key).name(lang)
    except KeyError:
        return key


def _join(lang: str, items: Iterable[str]) -> str:
    return say(lang, "list_sep").join(items)


def _cite(citer: Citer | None, item: Section, lang: str) -> SourceQuote | None:
    return citer.cite_section(item, lang) if citer else None


def checklist_issues(outline: Outline, lang: str, citer: Citer | None) -> list[Issue]:
    """One issue per section that is missing, weak, or present but short of an element;
    its kind is the section's status, so the checklist and the issues always agree."""
    issues: list[Issue] = []
    for item in checklist():
        found = outline.findings[item.key]
        if found.status == "present" and not found.unnumbered and not found.lacking:
            continue
        name = item.name(lang)
        everything = _join(lang, (e.name(lang) for e in item.elements))
        why = say(lang, f"why_{item.key}")
        if found.status == "missing":
            issues.append(
                Issue(
                    item.missing,
                    item.key,
                    "",
                    say(lang, "missing_message", name=name),
                    say(lang, "missing_suggestion", name=name, elements=everything),
                    _cite(citer, item, lang),
                    kind="missing",
                    why=why,
                )
            )
            continue
        lacking = _lacking(found, item, lang)
        kind = "weak" if found.status == "weak" else "gap"
        if found.how == "scattered":
            message = say(lang, "weak_scattered_message", name=name, where=found.where or "—")
            suggestion = say(lang, "weak_scattered_suggestion", name=name, elements=everything)
        elif found.thin:
            message = say(lang, "weak_thin_message", name=name)
            suggestion = say(lang, "missing_suggestion", name=name, elements=everything)
        elif kind == "gap":
            message = say(lang, "gap_message", name=name, missing=lacking)
            suggestion = say(lang, "weak_suggestion", name=name, missing=lacking)
        else:
            message = say(lang, "weak_heading_message", name=name, missing=lacking)
            suggestion = say(lang, "weak_suggestion", name=name, missing=lacking)
        severity = item.weak if kind == "weak" else "low"
        issues.append(
            Issue(
                severity,
                item.key,
                found.evidence,
                message,
                suggestion,
                _cite(citer, item, lang),
                kind=kind,
                position=found.position,
                why=why,
            )
        )
    return issues


def _lacking(found: Finding, item: Section, lang: str) -> str:
    names = [item.elements[n].name(lang) for n in found.lacking]
    names += [
        say(lang, "needs_number", element=item.elements[n].name(lang)) for n in found.unnumbered
    ]
    return _join(lang, names)


def sentence_issues(
    flags: Sequence[Flag], outline: Outline, lang: str, citer: Citer | None
) -> list[Issue]:
    """Issues from the requirement-level pass: every high flag, then the others up to
    a limit so that a long draft's vague wording does not bury the rest."""
    issues: list[Issue] = []
    minor = 0
    for flag in flags:
        if flag.severity != "high":
            minor += 1
            if minor > MAX_SENTENCE_ISSUES:
                continue
        where = outline.owner(flag.sentence.block) or GENERAL
        values = {"effect": "", "lacking": ""}
        if flag.kind == "automated_decision":
            values["effect"] = say(lang, f"effect_{flag.detail}")
        if flag.kind == "personal_data":
            values["lacking"] = _join(
                lang, (say(lang, f"privacy_{part}") for part in flag.detail.split("+"))
            )
        issues.append(
            Issue(
                flag.severity,
                where,
                flag.sentence.text,
                say(lang, f"{flag.kind}_message", **values),
                say(lang, f"{flag.kind}_suggestion"),
                citer.cite_topic(flag.kind, lang) if citer else None,
                kind=flag.kind,
                source="heuristics",
                position=flag.sentence.block,
                why=say(lang, f"{flag.kind}_why"),
            )
        )
    return issues


def injection_issues(hits: Sequence[Hit], lang: str) -> list[Issue]:
    return [
        Issue(
            "high",
            INTEGRITY,
            hit.quote,
            say(lang, "injection_hidden_message" if hit.hidden else "injection_message"),
            say(lang, "injection_suggestion"),
            kind="injection",
            source="heuristics",
            position=hit.position,
        )
        for hit in hits
    ]


def rank(issues: Iterable[Issue]) -> list[Issue]:
    def weight(key: str) -> int:
        try:
            return section(key).weight
        except KeyError:
            return 0

    return sorted(
        issues,
        key=lambda i: (
            SEVERITIES.index(i.severity),
            _KIND_ORDER.get(i.kind, 9),
            -weight(i.section),
            i.position,
        ),
    )


def merge(base: list[Issue], extra: Iterable[Issue]) -> list[Issue]:
    """Add reviewers' issues, folding each duplicate into the issue it repeats."""
    merged = list(base)
    for issue in extra:
        twin = next((old for old in merged if _same(old, issue)), None)
        if twin is None:
            merged.append(issue)
            continue
        if SEVERITIES.index(issue.severity) < SEVERITIES.index(twin.severity):
            twin.severity = issue.severity
        if issue.source not in twin.also and issue.source != twin.source:
            twin.also.append(issue.source)
    return merged


def _same(old: Issue, new: Issue) -> bool:
    if old.section != new.section:
        return False
    a, b = _norm(old.quote), _norm(new.quote)
    if a and b and (a in b or b in a):
        return True
    if old.kind in SECTION_KINDS and not b:
        return True  # a reviewer restating a gap the checklist already reports
    return _overlap(old.message, new.message) >= 0.5


_WORDS = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]")


def _overlap(a: str, b: str) -> float:
    x, y = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    return len(x & y) / (len(x | y) or 1)


def _norm(text: str) -> str:
    return "".join(_WORDS.findall(text.lower()))
