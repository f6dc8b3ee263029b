"""The interview report as a learner reads it, in the web UI and from ``coach report``
alike: the library's ``Report`` in the learner's language, with a readable title and
date, every answer in full, feedback with its sections apart, and for a Chinese passage
in the English UI the key point it supports in English next to it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from coach.catalogue import t
from coach.dates import readable
from coach.drills import feedback_markdown
from coach.errors import BadInput
from coach.interview.bank import CATEGORY_NAMES, QuestionBank
from coach.interview.report import Report
from coach.language import Language
from coach.scoring.explain import DIMENSION_NAMES, VERDICT_NAMES, dimension_label

STRENGTH_BAR = 70


HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class NextQuestion:
    id: str
    label: str  # the button's text
    line: str  # the Markdown line under "Practise next"


def heading(report: Report, lang: Language) -> str:
    mode = t(f"iv.{report.mode}", lang) if report.mode in ("practice", "mock") else report.mode
    average = "—" if report.average is None else f"{report.average}/100"
    meta = t(
        "iv.r.meta",
        lang,
        date=readable(report.created_at, lang),
        answered=len(report.questions),
        average=average,
    )
    return f"## {t('iv.r.title', lang, mode=mode)}\n\n{meta}"


def _point_in(bank: QuestionBank, question_id: str, point_id: str, lang: Language) -> str | None:
    try:
        question = bank.get(question_id)
    except BadInput:
        return None
    for point in question.key_points:
        if point.id == point_id:
            return point.point[lang]
    return None


def strengths(report: Report, lang: Language) -> list[str]:
    dims = [
        f"{dimension_label(k, lang)} {v}"
        for k, v in sorted(report.profile.items(), key=lambda kv: -kv[1])
        if v >= STRENGTH_BAR
    ]
    # The library lists dimension strengths first (in the session's language), then points.
    own = {f"{name} {report.profile.get(k)}" for k, name in DIMENSION_NAMES[report.lang].items()}
    return [*dims, *(s for s in report.strengths if s not in own)]


def body(report: Report, lang: Language, bank: QuestionBank) -> str:
    verdicts = VERDICT_NAMES[lang]
    out = [f"### {t('iv.r.per_question', lang)}", ""]
    for q in report.questions:
        verdict = verdicts.get(q["verdict"] or "", "—")
        out += [f"#### {q['number']}. {q['question']}", "", f"**{q['score']}/100 · {verdict}**"]
        out += ["", f"**{t('iv.r.answer', lang)}**", ""]
        out += [f"> {line}" if line.strip() else ">" for line in (q["answer"] or "—").splitlines()]
        out.append("")
        for f in q["followups"]:
            score = "—" if f["score"] is None else f"{f['score']}/100"
            out.append(f"- {t('iv.r.followup', lang)}: {f['question']} → {score}")
        if q["earlier_attempts"]:
            history = " → ".join(str(a["score"]) for a in q["earlier_attempts"])
            out.append(f"- {t('iv.r.earlier', lang)}: {history} → {q['score']}")
        if q["feedback"]:
            out += ["", f"**{t('iv.r.feedback', lang)}**", "", feedback_markdown(q["feedback"])]
        out.append("")
    out += [f"### {t('iv.r.strengths', lang)}", ""]
    out += [f"- {s}" for s in strengths(report, lang)] or ["- —"]
    out += ["", f"### {t('iv.r.weak', lang)}", ""]
    for w in report.weak_areas:
        # The article's title; its file name stays in the downloaded report.
        where = w.get("title") or w["source"]
        line = f"- **{w['point']}** — {where}: “{w['passage']}”"
        # A Chinese session's point next to a Chinese passage: say it in English too.
        if lang == "en" and HAN.search(w.get("point", "")):
            english = _point_in(bank, w["question_id"], w["id"], "en")
            if english:
                line += f"\n  - {t('iv.r.key_point', lang)}: {english}"
        out.append(line)
    if not report.weak_areas:
        out.append("- —")
    if report.notes:
        out += ["", f"_{t('iv.r.malformed', lang)}_"]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def next_questions(report: Report, lang: Language, bank: QuestionBank) -> list[NextQuestion]:
    items = []
    for n in report.next_questions:
        try:
            prompt = bank.get(n["id"]).prompt(lang)
        except BadInput:
            continue
        category = CATEGORY_NAMES[lang].get(n["category"], n["category"])
        why = t("iv.r.retry" if n["why"] == "retry" else "iv.r.same_area", lang)
        items.append(
            NextQuestion(
                n["id"],
                t("iv.r.next_button", lang, question=prompt),
                f"- {prompt} ({category}, {why})",
            )
        )
    return items


def next_markdown(items: list[NextQuestion], lang: Language) -> str:
    if not items:
        return ""
    return "\n".join([f"### {t('iv.r.next', lang)}", "", t("iv.r.next_hint", lang)])


def export_markdown(report: Report, lang: Language, bank: QuestionBank) -> str:
    """The whole report, for download: heading, profile table, body, what to practise."""
    out = [heading(report, lang).replace("## ", "# ", 1), ""]
    if report.profile:
        out += [f"### {t('iv.profile', lang)}", ""]
        out += [f"| {t('iv.dimension', lang)} | {t('iv.score', lang)} |", "|---|---|"]
        out += [f"| {dimension_label(k, lang)} | {v} |" for k, v in report.profile.items()]
        out.append("")
    out.append(body(report, lang, bank))
    items = next_questions(report, lang, bank)
    if items:
        out += [f"### {t('iv.r.next', lang)}", "", *(i.line for i in items)]
    return "\n".join(out).rstrip() + "\n"


def profile_rows(report: Report, lang: Language) -> list[dict[str, Any]]:
    return [{"dimension": dimension_label(k, lang), "score": v} for k, v in report.profile.items()]


def report_markdown(
    report: Report, lang: Language | None = None, bank: QuestionBank | None = None
) -> str:
    """The downloadable report (``coach report``, ``coach interview`` at the end, the web
    UI's download): in ``lang``, the session's own language by default."""
    return export_markdown(report, lang or report.lang, bank or QuestionBank.load())
