"""A drill run as Markdown: the case, each stage's answer, score, feedback and
pushback with their sources, the scorecard and the next drill to try."""

from __future__ import annotations

import re
from typing import Any

from coach.drills.messages import message
from coach.drills.scorecard import Scorecard
from coach.language import Language
from coach.scoring.explain import VERDICT_NAMES


def feedback_markdown(text: str) -> str:
    """Scoring feedback (prose, section leads such as "Covered:", "- " items) as
    Markdown whose sections stay apart: each lead is its own bold paragraph, since
    Markdown would run it into the list item above. Shared by every view of feedback."""
    out: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("- "):
            out.append(stripped)
        elif stripped:
            lead = stripped.endswith((":", "："))
            out += ["", f"**{stripped}**" if lead else stripped, ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def verdict_text(card: Scorecard, lang: Language) -> str:
    if not card.complete:
        return message(lang, "verdict_incomplete")
    return VERDICT_NAMES[lang].get(card.verdict, card.verdict)


def _quote_block(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def _sources(citations: list[dict[str, Any]], lang: Language) -> list[str]:
    lines = []
    for c in citations:
        title = c.get("title") or f"`{c['source']}`"  # the file name only without a title
        quote = " ".join(str(c.get("quote", "")).split())
        lines.append(f"- [{c['n']}] {title}: “{quote}”")
    return lines


def scorecard_markdown(
    card: Scorecard, suggestion: dict[str, Any] | None = None, lang: Language | None = None
) -> str:
    """The run in ``lang`` (default: the drill's language). Headings, stage names and
    verdicts follow ``lang``; the case and the learner's answers stay as written."""
    case_lang = card.version.lang
    lang = lang or case_lang
    drill = card.version.drill

    def m(key: str, **kw: Any) -> str:
        return message(lang, key, **kw)

    out = [f"# {m('report_title', title=card.version.title)}", ""]
    colon = m("colon")
    out += [f"**{m('report_context')}**{colon}{drill.context[case_lang]}", ""]
    constraints = drill.constraints[case_lang]
    out += [f"**{m('report_constraints')}**{colon.strip()}", *[f"- {c}" for c in constraints], ""]
    mode = m("report_mode_llm") if card.mode == "llm" else m("report_mode_offline")
    verdict = card.verdict_text() if lang == case_lang else verdict_text(card, lang)
    out += [
        f"**{m('report_overall', score=card.overall, verdict=verdict)}**  ",
        m("report_mode", mode=mode),
        "",
        *([card.unanswered_text(lang), ""] if not card.complete else []),
        f"## {m('report_stage_scores')}",
        "",
        f"| # | {m('table_stage')} | {m('table_score')} | {m('table_verdict')} |",
        "|---|---|---|---|",
    ]
    for result in card.stages:
        verdict = VERDICT_NAMES[lang].get(result.verdict, result.verdict)
        score: object = result.score
        if result.latest is None:  # not answered: no score, never a 0 that looks earned
            score, verdict = "—", m("report_not_answered")
        cells = (result.stage.number, result.stage.title[lang], score, verdict)
        out.append("| " + " | ".join(str(c) for c in cells) + " |")
    out.append("")
    for result in card.stages:
        stage = result.stage
        out += [f"## {stage.number}. {stage.title[lang]}", "", f"*{stage.prompt[case_lang]}*", ""]
        latest = result.latest
        if latest is None or latest.score is None:
            out += [m("report_not_answered"), ""]
            continue
        out += [f"**{m('report_answer')}**", "", _quote_block(latest.answer), ""]
        if len(result.attempts) > 1:
            history = " → ".join(str(a.score.score) for a in result.attempts if a.score)
            out += [m("report_attempts", n=len(result.attempts), history=history), ""]
        feedback = latest.feedback
        out += [f"**{m('report_feedback')}**", ""]
        out += [feedback_markdown(feedback.text if feedback else latest.score.feedback), ""]
        if feedback and feedback.note:
            out += [f"*{feedback.note}*", ""]
        if feedback and feedback.pushback:
            out += [f"**{m('report_pushback')}**{colon}{feedback.pushback}", ""]
        if feedback and feedback.citations:
            out += [f"**{m('report_sources')}**", "", *_sources(feedback.citations, lang), ""]
    weak = card.weak_areas()
    if weak:
        out += [f"## {m('report_weak')}", ""]
        titles = {r.stage.id: r.stage.title[lang] for r in card.stages}
        out += [f"- {titles.get(w.get('stage', ''), w['title'])}: {w['score']}" for w in weak]
        out.append("")
    if suggestion:
        out += [
            f"## {m('report_next')}",
            "",
            f"**{suggestion['title']}** ({suggestion['difficulty']})",
            "",
            suggestion["reason"],
            "",
        ]
    return "\n".join(out).rstrip() + "\n"
