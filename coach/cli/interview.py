"""``coach interview``, ``coach grade``, ``coach history`` and ``coach report``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coach.catalogue import catalogue
from coach.cli.output import print_json, read_block, read_input_lines, say, whole, write_output
from coach.errors import BadInput
from coach.interview import (
    CATEGORIES,
    DIFFICULTIES,
    MODES,
    PERSONAS,
    Ask,
    Interview,
    InterviewConfig,
    QuestionBank,
    Reply,
    attempts,
    build_report,
    report_markdown,
)
from coach.progress import session_scores
from coach.settings import get_settings
from coach.store import Store

SAY = catalogue("interview")


def register(sub: Any) -> None:
    p = sub.add_parser("interview", help="practise interview questions (interactive, or --answers)")
    p.add_argument("--category", choices=CATEGORIES)
    p.add_argument("--difficulty", choices=DIFFICULTIES)
    p.add_argument("--count", type=int, default=5, help="number of questions (default 5)")
    # No argparse default: an explicit --lang also sets the language of errors (issue #18).
    p.add_argument("--lang", choices=("zh", "en"), help="interview language (default zh)")
    p.add_argument("--mode", choices=MODES, default="practice")
    p.add_argument("--persona", choices=PERSONAS, default="friendly")
    p.add_argument("--followups", type=int, default=1, help="follow-ups per question in mock mode")
    p.add_argument("--seed", type=int, help="fix the question choice")
    p.add_argument("--answers", metavar="FILE.jsonl", help="answers in order, one JSON per line")
    p.add_argument("--resume", metavar="SESSION_ID", help="continue an interrupted interview")
    p.add_argument("--json", action="store_true", help="print the run as JSON (with --answers)")
    p.set_defaults(handler=run_interview)

    p = sub.add_parser("grade", help="score answers: JSON lines {question, answer} ('-' = stdin)")
    p.add_argument("input", metavar="FILE", help="a JSONL file, or '-' for stdin")
    p.add_argument("--lang", choices=("zh", "en"), help="feedback language (default: the answer's)")
    p.add_argument("--json", action="store_true", help="one JSON line per input")
    p.set_defaults(handler=run_grade)

    p = sub.add_parser("history", help="list interview sessions")
    p.add_argument("--question", metavar="ID", help="compare attempts at one bank question")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_history)

    p = sub.add_parser("report", help="the report of an interview session")
    p.add_argument("session", metavar="SESSION_ID")
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    p.add_argument("--output", type=Path, help="write to this file instead of stdout")
    p.set_defaults(handler=run_report)


# --- interview ---------------------------------------------------------------------


def _open(args: argparse.Namespace) -> Interview:
    if args.resume:
        interview = Interview.resume(args.resume)
        args.lang = args.lang or interview.lang  # its errors in the interview's language
        if interview.finished:
            raise BadInput(key="interview_finished", session=interview.id)
        settled = interview.settle_pending()
        if settled is not None:
            say(SAY("cli_resumed_scored", interview.lang, score=settled.score.score))
        return interview
    config = InterviewConfig(
        category=args.category,
        difficulty=args.difficulty,
        count=args.count,
        lang=args.lang or "zh",
        mode=args.mode,
        persona=args.persona,
        followups=args.followups,
        seed=args.seed,
    )
    return Interview.start(config)


def run_interview(args: argparse.Namespace) -> int:
    if args.answers:
        answers = list(_read_answers(args.answers))
        interview = _open(args)
        return _run_batch(interview, answers, as_json=args.json)
    resumed = _open(args) if args.resume else None  # an unknown or finished session first
    if not sys.stdin.isatty():
        raise BadInput(key="interview_needs_terminal")
    return _run_interactive(resumed if resumed is not None else _open(args))


def _read_answers(path: str) -> Iterator[str]:
    for n, line in enumerate(read_input_lines(path, get_settings().max_file_bytes), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            raise BadInput(key="answers_line_not_json", path=path, n=n) from None
        text = item.get("answer") if isinstance(item, dict) else item
        if not isinstance(text, str):
            raise BadInput(key="answers_line_needs_answer", path=path, n=n)
        yield text


def _turn(ask: Ask, text: str, reply: Reply) -> dict[str, Any]:
    score = reply.score
    return {
        **ask.as_dict(),
        "answer": text,
        "score": score.score,
        "verdict": score.verdict,
        "dimensions": score.dimensions,
        "reason": score.reason,
        "feedback": reply.feedback,  # None in mock mode until the report
    }


def _run_batch(interview: Interview, answers: list[str], *, as_json: bool) -> int:
    turns = []
    for text in answers:
        ask = interview.current()
        if ask is None:
            break
        turns.append(_turn(ask, text, interview.answer(text)))
    pending = interview.current()
    result: dict[str, Any] = {
        "session_id": interview.id,
        "mode": interview.mode,
        "lang": interview.lang,
        "status": interview.session.status,
        "turns": turns,
        "next": pending.as_dict() if pending else None,
    }
    if interview.finished:
        result["report"] = build_report(interview.store, interview.id).as_dict()
    if as_json:
        print_json(result)
        return 0
    for turn in turns:
        print(f"[{turn['number']}/{turn['total']}] {turn['text']}\n> {turn['answer']}")
        print(turn["feedback"] or f"({turn['score']}/100, feedback held to the end)", end="\n\n")
    if interview.finished:
        print(report_markdown(build_report(interview.store, interview.id)))
    else:
        say(f"The answers ran out; continue with `coach interview --resume {interview.id}`.")
    return 0


def _run_interactive(interview: Interview) -> int:
    lang = interview.lang
    print(interview.greeting())
    print(SAY("cli_commands", lang))
    while (ask := interview.current()) is not None:
        label = SAY("cli_followup", lang) if ask.followup else f"{ask.number}/{ask.total}"
        print(f"\n[{label}] {ask.text}")
        text = read_block("> ", "/")
        if text is None or text == "/quit":
            say(f"Paused; continue with `coach interview --resume {interview.id}`.")
            return 0
        if text == "/hint":
            print(interview.hint())
            continue
        if text == "/model":
            print(interview.model_answer())
            continue
        reply = interview.answer("" if text == "/skip" else text)
        print(reply.feedback or SAY("cli_saved", lang))
    print("\n" + interview.persona["closing"] + "\n")
    print(report_markdown(build_report(interview.store, interview.id)))
    return 0


# --- grade -------------------------------------------------------------------------


def run_grade(args: argparse.Namespace) -> int:
    from coach.reading import printable_name
    from coach.scoring.grading import Grader

    settings = get_settings()
    grader = Grader(settings, lang=args.lang, notify=say)
    lines = read_input_lines(args.input, settings.max_file_bytes)
    failed = graded = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if len(line) > settings.max_question_chars + settings.max_answer_chars + 100:
            raise BadInput(
                key="grade_line_too_long",
                n=n,
                chars=len(line),
                max_question=settings.max_question_chars,
                max_answer=settings.max_answer_chars,
            )
        result = grader.grade_line(line, n)
        graded += 1
        failed += "error" in result
        if args.json:
            print_json(result)
        else:
            print(result.get("feedback") or f"line {n}: {result.get('error')}", end="\n\n")
    if not graded:
        if args.input == "-":
            raise BadInput(key="nothing_to_grade_stdin")
        raise BadInput(key="nothing_to_grade_file", path=printable_name(args.input))
    if failed:
        if graded == 1:
            raise BadInput(key="line_not_graded")
        raise BadInput(key="lines_not_graded", failed=failed, graded=graded)
    return 0


# --- history and report --------------------------------------------------------------


def run_history(args: argparse.Namespace) -> int:
    store = Store.open(get_settings())
    if args.question:
        QuestionBank.load().get(args.question)  # a clear error for an unknown id
        rows = attempts(store, args.question)
        if args.json:
            print_json(rows)
        else:
            for row in rows:
                print(f"{row['at']}  {row['session_id']}  {row['score']:>3}  {row['verdict']}")
            if not rows:
                print("No attempts at this question yet.")
        return 0
    sessions = store.list_sessions(kind="interview")
    scores = session_scores(store, sessions)
    rows = [
        {
            "session_id": s.id,
            "created_at": s.created_at,
            "mode": s.config.get("mode"),
            "lang": s.lang,
            "status": s.status,
            "questions": len(s.config.get("question_ids", [])),
            "answered": len(store.records(s.id, "score")),
            "average": whole(scores[s.id]),
            "title": s.title,
        }
        for s in sessions
    ]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("No interviews yet; start one with `coach interview`.")
    for r in rows:
        avg = "—" if r["average"] is None else str(r["average"])
        print(
            f"{r['session_id']}  {r['created_at']}  {r['mode']:<8} {r['lang']}  "
            f"{r['status']:<8} answers {r['answered']:>2}  avg {avg:>3}  {r['title']}"
        )
    return 0


def run_report(args: argparse.Namespace) -> int:
    report = build_report(Store.open(get_settings()), args.session)
    if args.format == "json":
        text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "md":
        text = report_markdown(report)
    else:
        text = _summary_text(report.as_dict())
    if args.output:
        write_output(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _summary_text(report: dict[str, Any]) -> str:
    avg = "—" if report["average"] is None else f"{report['average']}/100"
    lines = [
        f"Session {report['session_id']} ({report['mode']}, {report['status']}): average {avg}"
    ]
    lines += [
        f"  {q['number']}. {q['score']:>3}  {q['verdict']:<9} {q['question']}"
        for q in report["questions"]
        if q["score"] is not None
    ]
    lines += ["Profile: " + ", ".join(f"{k} {v}" for k, v in report["profile"].items())]
    lines += [f"Read: {w['point']} ({w['source']})" for w in report["weak_areas"][:3]]
    lines += [f"Next: {n['id']} {n['question']}" for n in report["next_questions"]]
    lines.append(f"Full report: coach report {report['session_id']} --format md")
    return "\n".join(lines) + "\n"
