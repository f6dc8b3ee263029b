"""A drill run as Markdown: the case, each stage's answer, score, feedback and
pushback with their sources, the scorecard and the next drill to try."""

from __future__ import annotations

from typing import Any

from coach.drills.messages import message
from coach.drills.scorecard import Scorecard
from coach.language import Language


def _quote_block(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def _sources(citations: list[dict[str, Any]], lang: Language) -> list[str]:
    lines = []
    for c in citations:
        title = c.get("title") or c["source"]
        quote = " ".join(str(c.get("quote", "")).split())
        lines.append(f"- [{c['n']}] {title} (`{c['source']}`): “{quote}”")
    return lines


def scorecard_markdown(card: Scorecard, suggestion: dict[str, Any] | None = None) -> str:
    lang = card.version.lang
    drill = card.version.drill
    m = lambda key, **kw: message(lang, key, **kw)  # noqa: E731
    out = [f"# {m('report_title', title=card.version.title)}", ""]
    out += [f"**{m('report_context')}**: {drill.context[lang]}", ""]
    out += [f"**{m('report_constraints')}**:", *[f"- {c}" for c in drill.constraints[lang]], ""]
    mode = m("report_mode_llm") if card.mode == "llm" else m("report_mode_offline")
    out += [
        f"**{m('report_overall', score=card.overall, verdict=card.verdict_text())}**  ",
        m("report_mode", mode=mode),
        "",
        f"## {m('report_stage_scores')}",
        "",
        f"| # | {m('table_stage')} | {m('table_score')} | {m('table_verdict')} |",
        "|---|---|---|---|",
    ]
    for result in card.stages:
        cells = (result.stage.number, result.stage.title[lang], result.score, result.verdict)
        out.append("| " + " | ".join(str(c) for c in cells) + " |")
    out.append("")
    for result in card.stages:
        stage = result.stage
        out += [f"## {stage.number}. {stage.title[lang]}", "", f"*{stage.prompt[lang]}*", ""]
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
        out += [feedback.text if feedback else latest.score.feedback, ""]
        if feedback and feedback.note:
            out += [f"*{feedback.note}*", ""]
        if feedback and feedback.pushback:
            out += [f"**{m('report_pushback')}**: {feedback.pushback}", ""]
        if feedback and feedback.citations:
            out += [f"**{m('report_sources')}**", "", *_sources(feedback.citations, lang), ""]
    weak = card.weak_areas()
    if weak:
        out += [f"## {m('report_weak')}", ""]
        out += [f"- {w['title']}: {w['score']}" for w in weak]
        out.append("")
    if suggestion:
        out += [
            f"## {m('report_next')}",
            "",
            f"**{suggestion['title']}** (`{suggestion['id']}`, {suggestion['difficulty']})",
            "",
            suggestion["reason"],
            "",
        ]
    return "\n".join(out).rstrip() + "\n"
