"""The end-of-interview report: per-question scores, the dimension profile,
strengths, weak areas with what to read (cited), and what to practise next;
as a dict for JSON and as Markdown for export."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from statistics import mean
from typing import Any

from coach.errors import BadInput
from coach.interview.bank import CATEGORY_NAMES, QuestionBank
from coach.language import Language
from coach.scoring.explain import DIMENSION_NAMES, VERDICT_NAMES
from coach.scoring.text import shorten
from coach.store import Record, Session, Store

STRENGTH_BAR = 70
MAX_WEAK_AREAS = 6


def _main_scores(records: list[Record]) -> list[Record]:
    return [r for r in records if r.kind == "score" and not r.payload.get("followup")]


def summarise(records: list[Record]) -> dict[str, Any]:
    scores = [r.payload["score"]["score"] for r in _main_scores(records)]
    return {
        "answered": len(scores),
        "average": round(mean(scores)) if scores else None,
        "scores": {
            r.payload["question_id"]: r.payload["score"]["score"] for r in _main_scores(records)
        },
    }


def shown_average(store: Store, session: Session) -> int | None:
    """An interview's average score so far, also while a practice session is active;
    a mock interview holds its scores until it ends, so this does too."""
    if session.status != "finished" and session.config.get("mode") == "mock":
        return None
    average: int | None = summarise(store.records(session.id))["average"]
    return average


def attempts(store: Store, question_id: str, owner: str | None = None) -> list[dict[str, Any]]:
    """Every scored main answer to one question, oldest first, to compare attempts."""
    return [
        {
            "session_id": r.session_id,
            "at": r.created_at,
            "score": r.payload["score"]["score"],
            "verdict": r.payload["score"]["verdict"],
        }
        for r in store.records_of_kind("score", owner=owner)
        if r.payload.get("question_id") == question_id and not r.payload.get("followup")
    ]


@dataclass
class Report:
    session_id: str
    lang: Language
    mode: str
    status: str
    created_at: str
    questions: list[dict[str, Any]]
    average: int | None
    profile: dict[str, int]
    strengths: list[str]
    weak_areas: list[dict[str, Any]]
    next_questions: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def build_report(store: Store, session_id: str, bank: QuestionBank | None = None) -> Report:
    session = store.find_session(session_id)
    if session is None or session.kind != "interview":
        raise BadInput(f"there is no interview session {session_id!r}; see `coach history`")
    bank = bank or QuestionBank.load()
    lang: Language = session.config.get("lang", "zh")
    records = store.records(session.id)
    by_question: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if "question_id" in record.payload:
            by_question[record.payload["question_id"]].append(record)
    questions = [
        _question_entry(qid, rs, store, session.id)
        for qid, rs in by_question.items()
        if any(r.kind == "score" for r in rs)
    ]
    mains = [r.payload["score"] for r in _main_scores(records)]
    profile = (
        {k: round(mean(s["dimensions"].get(k, 0) for s in mains)) for k in DIMENSION_NAMES["en"]}
        if mains
        else {}
    )
    strengths = _strengths(profile, mains, lang)
    weak = _weak_areas(records)
    notes = []
    if any((s.get("judge") or {}).get("status") == "malformed" for s in mains):
        notes.append(
            "模型评审输出有误的题目使用了规则评分。"
            if lang == "zh"
            else "Where the model judge's output was malformed, the rubric score was used."
        )
    return Report(
        session_id=session.id,
        lang=lang,
        mode=session.config.get("mode", "practice"),
        status=session.status,
        created_at=session.created_at,
        questions=questions,
        average=round(mean(s["score"] for s in mains)) if mains else None,
        profile=profile,
        strengths=strengths,
        weak_areas=weak,
        next_questions=_next_questions(bank, session.config, questions, store, lang),
        notes=notes,
    )


def _question_entry(
    qid: str, records: list[Record], store: Store, session_id: str
) -> dict[str, Any]:
    main_q = next(r for r in records if r.kind == "question" and not r.payload.get("followup"))
    main_s = next((r for r in records if r.kind == "score" and not r.payload.get("followup")), None)
    answer = next(
        (r for r in records if r.kind == "answer" and not r.payload.get("followup")), None
    )
    score = main_s.payload["score"] if main_s else None
    followups = []
    for r in records:
        if r.kind == "question" and r.payload.get("followup"):
            followups.append({"question": r.payload["text"], "score": None})
        elif r.kind == "score" and r.payload.get("followup") and followups:
            followups[-1]["score"] = r.payload["score"]["score"]
    earlier = [a for a in attempts(store, qid) if a["session_id"] != session_id]
    return {
        "question_id": qid,
        "number": main_q.payload["number"],
        "question": main_q.payload["text"],
        "answer": answer.payload["text"] if answer else "",
        "score": score["score"] if score else None,
        "verdict": score["verdict"] if score else None,
        "dimensions": score["dimensions"] if score else {},
        "feedback": score["feedback"] if score else "",
        "followups": followups,
        "earlier_attempts": earlier,
    }


def _strengths(profile: dict[str, int], mains: list[dict[str, Any]], lang: Language) -> list[str]:
    out = [
        f"{DIMENSION_NAMES[lang][k]} {v}"
        for k, v in sorted(profile.items(), key=lambda kv: -kv[1])
        if v >= STRENGTH_BAR
    ]
    for s in mains:
        out.extend(c["point"] for c in s["covered"] if c["coverage"] >= 0.8)
    return list(dict.fromkeys(out))[:8]


def _weak_areas(records: list[Record]) -> list[dict[str, Any]]:
    """Missed key points that a follow-up answer did not make up for, heaviest first."""
    later = {
        (r.payload["question_id"], c["id"])
        for r in records
        if r.kind == "score" and r.payload.get("followup")
        for c in r.payload["score"]["covered"]
    }
    areas: list[dict[str, Any]] = []
    for r in _main_scores(records):
        qid = r.payload["question_id"]
        areas.extend(
            {"question_id": qid, **m}
            for m in r.payload["score"]["missed"]
            if (qid, m["id"]) not in later
        )
    areas.sort(key=lambda a: (-a["weight"], a["coverage"]))
    return areas[:MAX_WEAK_AREAS]


def _next_questions(
    bank: QuestionBank,
    config: dict[str, Any],
    questions: list[dict[str, Any]],
    store: Store,
    lang: Language,
) -> list[dict[str, Any]]:
    scored = [q for q in questions if q["score"] is not None]
    out: list[dict[str, Any]] = []
    weakest = sorted(scored, key=lambda q: q["score"])[:1]
    out.extend(
        {**bank.get(q["question_id"]).summary(lang), "why": "retry"}
        for q in weakest
        if q["score"] < STRENGTH_BAR
    )
    seen = {r.payload.get("question_id") for r in store.records_of_kind("answer")}
    categories = [
        bank.get(q["question_id"]).category for q in sorted(scored, key=lambda q: q["score"])
    ]
    for category in dict.fromkeys(categories):
        for candidate in bank.select(category=category, count=len(bank), seed=0):
            if candidate.id not in seen and all(o["id"] != candidate.id for o in out):
                out.append({**candidate.summary(lang), "why": "same area"})
                break
        if len(out) >= 3:
            break
    return out


def _feedback_markdown(feedback: str) -> list[str]:
    """Feedback is lines of prose and "- " lists; each prose line becomes its own
    paragraph (Markdown would run them together), and it wraps on a narrow screen,
    which a code block would not."""
    out: list[str] = []
    for line in feedback.splitlines():
        if line.startswith("- "):
            out.append(line)
        elif line.strip():
            out += ["", line, ""]
    return out


def report_markdown(report: Report) -> str:
    zh = report.lang == "zh"
    names, verdicts = DIMENSION_NAMES[report.lang], VERDICT_NAMES[report.lang]
    out = [f"# {'面试报告' if zh else 'Interview report'} {report.session_id}", ""]
    mode = {"practice": "练习" if zh else "practice", "mock": "模拟" if zh else "mock"}[report.mode]
    avg = "—" if report.average is None else f"{report.average}/100"
    out += [
        f"- {'模式' if zh else 'Mode'}: {mode}",
        f"- {'日期' if zh else 'Date'}: {report.created_at}",
        f"- {'平均分' if zh else 'Average score'}: {avg}",
        "",
    ]
    out += [f"## {'维度画像' if zh else 'Dimension profile'}", ""]
    out += [f"| {'维度' if zh else 'Dimension'} | {'得分' if zh else 'Score'} |", "|---|---|"]
    out += [f"| {names[k]} | {v} |" for k, v in report.profile.items()] + [""]
    out += [f"## {'各题得分' if zh else 'Per question'}", ""]
    for q in report.questions:
        verdict = verdicts.get(q["verdict"] or "", "—")
        out += [
            f"### {q['number']}. {q['question']}",
            "",
            f"**{q['score']}/100 ({verdict})**",
            "",
            # The learner's answer in full, every line of it (never cut).
            *[f"> {line}" if line.strip() else ">" for line in (q["answer"] or "—").splitlines()],
            "",
        ]
        for f in q["followups"]:
            score = "—" if f["score"] is None else f"{f['score']}/100"
            out.append(f"- {'追问' if zh else 'Follow-up'}: {f['question']} → {score}")
        if q["earlier_attempts"]:
            history = " → ".join(str(a["score"]) for a in q["earlier_attempts"])
            out.append(f"- {'以往得分' if zh else 'Earlier attempts'}: {history} → {q['score']}")
        out += ["", *_feedback_markdown(q["feedback"]), ""]
    out += [f"## {'优势' if zh else 'Strengths'}", ""]
    out += [f"- {s}" for s in report.strengths] or ["- —"]
    out += ["", f"## {'薄弱环节与推荐阅读' if zh else 'Weak areas and what to read'}", ""]
    for w in report.weak_areas:
        where = f"{w['title']} ({w['source']})" if w.get("title") else w["source"]
        out.append(f"- **{w['point']}** — {where}: “{shorten(w['passage'], 120)}”")
    if not report.weak_areas:
        out.append("- —")
    out += ["", f"## {'下一步练习' if zh else 'Practise next'}", ""]
    for n in report.next_questions:
        why = {"retry": "重答" if zh else "retry", "same area": "同一领域" if zh else "same area"}[
            n["why"]
        ]
        category = CATEGORY_NAMES[report.lang].get(n["category"], n["category"])
        out.append(f"- `{n['id']}` ({category}, {why}): {n['question']}")
    out += [""] + [f"_{note}_" for note in report.notes]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n"
