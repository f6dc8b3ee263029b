"""The end-of-interview report: per-question scores, the dimension profile,
strengths, weak areas with what to read (cited), and what to practise next;
as a dict for JSON and as Markdown for export."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from statistics import mean
from typing import Any

from coach.catalogue import catalogue
from coach.errors import BadInput
from coach.interview.bank import QuestionBank
from coach.language import Language
from coach.scoring.explain import DIMENSION_NAMES
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
        notes.append(catalogue("interview").text("judge_malformed", lang))
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
