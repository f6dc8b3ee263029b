"""How a saved PRD critique reads on the page: score, section table, issues grouped
by severity, and what a revision fixed. Wording comes from the critique's own
message table (``coach.prd.checklist.say``) so the page and the export agree."""

from __future__ import annotations

from typing import Any

from coach.prd.checklist import say
from coach.prd.export import MARKS, citation_source, revision_item

SEVERITIES = ("high", "medium", "low")
BADGES = {"high": "▲", "medium": "■", "low": "●"}


def _cell(text: str, limit: int = 120) -> str:
    flat = " ".join(str(text).split()).replace("|", "\\|")
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "…"


def _quote(lang: str, text: str) -> str:
    return f"{say(lang, 'quote_open')}{text}{say(lang, 'quote_close')}"


def score_block(critique: dict[str, Any], version: int) -> str:
    lang = critique["lang"]
    lines = [f"## {say(lang, 'report_score', score=critique['score'])}", ""]
    lines.append(f"**{critique['title']}** · v{version}")
    if critique.get("mode") == "offline":
        lines += ["", f"> {say(lang, 'report_offline')}"]
    for note in critique.get("notes", []):
        lines += ["", f"> {note}"]
    return "\n".join(lines)


def section_table(critique: dict[str, Any], heading: tuple[str, str, str]) -> str:
    lang = critique["lang"]
    lines = [
        f"### {say(lang, 'report_sections')}",
        "",
        f"| {heading[0]} | {heading[1]} | {heading[2]} |",
        "|---|---|---|",
    ]
    for found in critique["sections"].values():
        status = f"{MARKS[found['status']]} {say(lang, 'status_' + found['status'])}"
        evidence = _quote(lang, _cell(found["evidence"])) if found["evidence"] else "—"
        lines.append(f"| {_cell(found['name'])} | {status} | {evidence} |")
    return "\n".join(lines)


def issues_block(critique: dict[str, Any]) -> str:
    lang = critique["lang"]
    issues = critique["issues"]
    lines = [f"### {say(lang, 'report_issues')}", ""]
    if not issues:
        return "\n".join([*lines, say(lang, "report_no_issues")])
    for severity in SEVERITIES:
        group = [i for i in issues if i["severity"] == severity]
        if not group:
            continue
        lines += [f"#### {BADGES[severity]} {say(lang, 'severity_' + severity)} ({len(group)})", ""]
        for issue in group:
            lines.append(f"- **{issue['section_name']}**: {issue['message']}")
            if issue.get("quote"):
                lines.append(f"  - {say(lang, 'report_quote')}: {_quote(lang, issue['quote'])}")
            if issue.get("why"):
                lines.append(f"  - {say(lang, 'report_why')}: {issue['why']}")
            lines.append(f"  - {say(lang, 'report_suggestion')}: {issue['suggestion']}")
            citation = issue.get("citation")
            if citation:
                quoted = _quote(lang, _cell(citation["text"], 200))
                source = citation_source(citation, lang)
                lines.append(f"  - {say(lang, 'report_citation')}: {quoted} ({source})")
        lines.append("")
    return "\n".join(lines).rstrip()


def revision_block(revision: dict[str, Any] | None, lang: str) -> str:
    if not revision:
        return ""
    delta = revision["delta"]
    title = say(
        lang,
        "report_revision",
        version=revision["previous_version"],
        score=revision["previous_score"],
    )
    lines = [f"### {title}: {'+' if delta >= 0 else ''}{delta}", ""]
    if revision["unchanged"]:
        return "\n".join([*lines, say(lang, "report_unchanged")])
    for key in ("fixed", "remaining", "new"):
        items = revision[key]
        if not items:
            continue
        lines.append(f"**{say(lang, 'report_' + key)}** ({len(items)})")
        lines += [f"- {revision_item(i, lang)}" for i in items]
        lines.append("")
    return "\n".join(lines).rstrip()
