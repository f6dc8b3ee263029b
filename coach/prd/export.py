"""Markdown for a critique (what the CLI prints) and for a saved PRD session (every
version, oldest first), in the critique's language."""

from __future__ import annotations

from typing import Any

from coach.prd.checklist import say
from coach.prd.issues import section_name

MARKS = {"present": "✓", "weak": "△", "missing": "✗"}


def _quote(lang: str, text: str) -> str:
    return f"{say(lang, 'quote_open')}{text}{say(lang, 'quote_close')}"


def _persona_names(sources: list[str], lang: str) -> str:
    return say(lang, "list_sep").join(say(lang, f"persona_{s.split(':', 1)[1]}") for s in sources)


def citation_source(citation: dict[str, Any], lang: str) -> str:
    """How a cited passage is named: a coach note by its title, a corpus passage by its
    title and file."""
    title = citation.get("title") or citation["source"]
    if citation.get("note"):
        from coach.retrieval import source_title

        return source_title(title, "coach-note", lang)
    return f"{title}, `{citation['source']}`"


SECTION_STATUS = {"missing": "missing", "weak": "weak", "gap": "present"}


def _issue_lines(n: int, issue: dict[str, Any], lang: str) -> list[str]:
    severity = say(lang, f"severity_{issue['severity']}")
    lines = [f"{n}. **[{severity}] {issue['section_name']}**: {issue['message']}"]
    if issue.get("quote"):
        lines.append(f"   - {say(lang, 'report_quote')}: {_quote(lang, issue['quote'])}")
    if issue.get("why"):
        lines.append(f"   - {say(lang, 'report_why')}: {issue['why']}")
    lines.append(f"   - {say(lang, 'report_suggestion')}: {issue['suggestion']}")
    citation = issue.get("citation")
    if citation:
        lines.append(
            f"   - {say(lang, 'report_citation')}: {_quote(lang, citation['text'])} "
            f"({citation_source(citation, lang)})"
        )
    sources = (issue.get("source", ""), *issue.get("also", []))
    reviewers = [s for s in sources if s.startswith("reviewer:")]
    if reviewers:
        lines.append(f"   - {say(lang, 'report_reviewers', names=_persona_names(reviewers, lang))}")
    return lines


def render_critique(
    critique: dict[str, Any], revision: dict[str, Any] | None = None, *, heading_level: int = 1
) -> str:
    lang = critique["lang"]
    h = "#" * heading_level
    out = [f"{h} {say(lang, 'report_title', title=critique['title'])}", ""]
    out.append(f"**{say(lang, 'report_score', score=critique['score'])}**")
    out.append("")
    if critique.get("mode") == "offline":
        out += [f"> {say(lang, 'report_offline')}", ""]
    elif critique.get("reviewers"):
        names = _persona_names(critique["reviewers"], lang)
        out += [f"> {say(lang, 'report_reviewers', names=names)}", ""]
    for note in critique.get("notes", []):
        out += [f"> {note}", ""]
    if revision:
        out += _revision_lines(revision, lang, h)
    out += [f"{h}# {say(lang, 'report_sections')}", ""]
    for key, found in critique["sections"].items():
        status = say(lang, f"status_{found['status']}")
        evidence = f" — {_quote(lang, found['evidence'])}" if found["evidence"] else ""
        mark = MARKS[found["status"]]
        out.append(f"- {mark} {section_name(key, lang)}: {status}{evidence}")
    out += ["", f"{h}# {say(lang, 'report_issues')}", ""]
    if not critique["issues"]:
        out.append(say(lang, "report_no_issues"))
    for n, issue in enumerate(critique["issues"], 1):
        out += _issue_lines(n, issue, lang)
    return "\n".join(out).rstrip() + "\n"


def _revision_lines(revision: dict[str, Any], lang: str, h: str) -> list[str]:
    title = say(
        lang,
        "report_revision",
        version=revision["previous_version"],
        score=revision["previous_score"],
    )
    delta = revision["delta"]
    out = [f"{h}# {title}: {'+' if delta >= 0 else ''}{delta}", ""]
    if revision["unchanged"]:
        return [*out, say(lang, "report_unchanged"), ""]
    if revision["sections"]:
        out.append(f"**{say(lang, 'report_section_changes')}**")
        for key, change in revision["sections"].items():
            was, now = (say(lang, f"status_{change[s]}") for s in ("was", "now"))
            out.append(f"- {section_name(key, lang)}: {was} → {now}")
        out.append("")
    for label, items in (
        ("report_fixed", revision["fixed"]),
        ("report_remaining", revision["remaining"]),
        ("report_new", revision["new"]),
    ):
        if not items:
            continue
        out.append(f"**{say(lang, label)}** ({len(items)})")
        out += [f"- {revision_item(issue, lang)}" for issue in items]
        out.append("")
    return out


def revision_item(issue: dict[str, Any], lang: str) -> str:
    """One line of a revision list; a section's issue carries the checklist mark of the
    state it describes, so the list reads the same as the checklist."""
    quote = f" {_quote(lang, issue['quote'])}" if issue.get("quote") else ""
    status = SECTION_STATUS.get(issue.get("kind", ""))
    mark = f" {MARKS[status]} {say(lang, 'status_' + status)}" if status else ""
    return f"{issue['section_name']}{mark}: {issue['message']}{quote}"


def render_session(title: str, lang: str, payloads: list[dict[str, Any]]) -> str:
    """Every saved version of one PRD's critique."""
    out = [f"# {say(lang, 'report_title', title=title)}", ""]
    out += [f"## {say(lang, 'report_history')}", ""]
    for payload in payloads:
        critique = payload["critique"]
        out.append(f"- v{payload['version']}: {critique['score']}/100")
    out.append("")
    for payload in payloads:
        out.append(f"## v{payload['version']}")
        out.append("")
        out.append(render_critique(payload["critique"], payload.get("revision"), heading_level=3))
    return "\n".join(out).rstrip() + "\n"
