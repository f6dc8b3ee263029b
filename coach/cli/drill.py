"""``coach drill``: list, run (interactive or from an answers file), resume,
history, report (Markdown or JSON) and next (the suggested drill)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coach.cli.output import print_json, read_block, say, whole, write_output
from coach.drills import (
    DrillRun,
    Scorecard,
    bundled_library,
    read_answers,
    reviewer_for,
    scorecard_markdown,
    suggest_next,
)
from coach.drills.messages import message
from coach.drills.run import KIND
from coach.errors import BadInput
from coach.language import LANGUAGES, Language
from coach.progress import last_language, session_scores
from coach.settings import get_settings
from coach.store import Store


def register(sub: Any) -> None:
    p = sub.add_parser("drill", help="product design drills: a case in nine stages")
    drill = p.add_subparsers(dest="drill_command", required=True, metavar="ACTION")

    q = drill.add_parser("list", help="list the drills")
    q.add_argument("--lang", choices=LANGUAGES, help="only drills in this language")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=run_list)

    q = drill.add_parser("run", help="work through a drill (interactive unless --answers)")
    q.add_argument("drill_id", metavar="ID", help="a drill id from `coach drill list`")
    q.add_argument("--lang", choices=LANGUAGES, help="language, when ID has no -zh/-en suffix")
    q.add_argument("--answers", type=Path, metavar="FILE.json", help="one answer per stage")
    q.add_argument("--json", action="store_true", help="print the scorecard as JSON")
    q.set_defaults(handler=run_drill)

    q = drill.add_parser("resume", help="continue an interrupted drill run")
    q.add_argument("session", metavar="SESSION_ID")
    q.set_defaults(handler=run_resume)

    q = drill.add_parser("finish", help="finish a saved run now, with the stages answered")
    q.add_argument("session", metavar="SESSION_ID")
    q.add_argument("--json", action="store_true", help="print the scorecard as JSON")
    q.set_defaults(handler=run_finish)

    q = drill.add_parser("history", help="list drill runs")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=run_history)

    q = drill.add_parser("report", help="a drill run's scorecard")
    q.add_argument("session", metavar="SESSION_ID")
    q.add_argument("--format", choices=("md", "json"), default="md")
    q.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of stdout")
    q.set_defaults(handler=run_report)

    q = drill.add_parser("next", help="the drill to do next, from your weak areas")
    q.add_argument("--lang", choices=LANGUAGES, default=None)
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(handler=run_next)


# --- list / history / report / next --------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    versions = bundled_library().versions(args.lang)
    if args.json:
        print_json([v.listing() for v in versions])
        return 0
    for v in versions:
        print(f"{v.id:<24} {v.drill.difficulty:<7} {v.drill.minutes:>3} min  {v.title}")
    return 0


def run_history(args: argparse.Namespace) -> int:
    store = Store.open(get_settings())
    sessions = store.list_sessions(kind=KIND)
    scores = session_scores(store, sessions)
    rows = [
        {
            "session_id": s.id,
            "drill": s.config.get("version"),
            "title": s.title,
            "status": s.status,
            "overall": whole(scores[s.id]),
            "verdict": s.summary.get("verdict"),
            "updated_at": s.updated_at,
        }
        for s in sessions
    ]
    if args.json:
        print_json(rows)
    elif not rows:
        print("No drill runs yet.")
    for r in [] if args.json else rows:
        score = "" if r["overall"] is None else f"{r['overall']:>3} {r['verdict']}"
        print(f"{r['session_id']}  {r['status']:<8} {score:<14} {r['drill']}  {r['title']}")
    return 0


def _suggestion(store: Store, lang: Language) -> dict[str, Any]:
    return suggest_next(store, lang).as_dict()


def run_report(args: argparse.Namespace) -> int:
    store = Store.open(get_settings())
    run = DrillRun.resume(store, args.session)
    card = run.scorecard()
    suggestion = _suggestion(store, run.version.lang)
    if args.format == "json":
        import json

        text = json.dumps(_card_json(card, suggestion), ensure_ascii=False, indent=2) + "\n"
    else:
        text = scorecard_markdown(card, suggestion)
    if args.out:
        write_output(args.out, text)
    else:
        sys.stdout.write(text)
    return 0


def run_next(args: argparse.Namespace) -> int:
    store = Store.open(get_settings())
    lang: Language = args.lang or last_language(store)
    suggestion = _suggestion(store, lang)
    if args.json:
        print_json(suggestion)
    else:
        print(_next_line(lang, suggestion))
    return 0


def _next_line(lang: Language, suggestion: dict[str, Any]) -> str:
    title, drill_id, reason = suggestion["title"], suggestion["id"], suggestion["reason"]
    return message(lang, "cli_next", title=title, id=drill_id, reason=reason)


def _card_json(card: Scorecard, suggestion: dict[str, Any]) -> dict[str, Any]:
    return {**card.as_dict(), "next_drill": suggestion}


# --- run / resume ------------------------------------------------------------------


def run_drill(args: argparse.Namespace) -> int:
    settings = get_settings()
    version = bundled_library().find(args.drill_id, args.lang)
    if args.answers is None:
        _require_terminal()
        if args.json:
            raise BadInput(key="drill_json_needs_answers")
    answers = read_answers(args.answers) if args.answers else None
    store = Store.open(settings)
    reviewer = reviewer_for(settings, notify=say)
    run = DrillRun.start(store, version, reviewer=reviewer)
    if reviewer.mode == "offline":
        say(message(version.lang, "offline_mode"))
    if answers is None:
        return _interactive(run)
    for text in answers.values():  # in stage order
        run.answer(text)
    card = run.finish()
    if args.json:
        print_json(_card_json(card, _suggestion(store, version.lang)))
    else:
        _print_card(card, _suggestion(store, version.lang))
    return 0


def run_resume(args: argparse.Namespace) -> int:
    settings = get_settings()
    store = Store.open(settings)
    session = DrillRun.find_session(store, args.session)
    if session.status == "finished":
        raise BadInput(key="drill_finished", session=session.id)
    _require_terminal(BadInput(key="drill_resume_needs_terminal", session=session.id))
    run = DrillRun.resume(store, session.id, reviewer=reviewer_for(settings, notify=say))
    return _interactive(run)


def run_finish(args: argparse.Namespace) -> int:
    store = Store.open(get_settings())
    session = DrillRun.find_session(store, args.session)
    if session.status == "finished":
        raise BadInput(key="drill_finished", session=session.id)
    run = DrillRun.resume(store, session.id, reviewer=reviewer_for(get_settings(), notify=say))
    card = run.finish(early=True)
    suggestion = _suggestion(store, run.version.lang)
    if args.json:
        print_json(_card_json(card, suggestion))
    else:
        _print_card(card, suggestion)
    return 0


def _require_terminal(error: BadInput | None = None) -> None:
    if not sys.stdin.isatty():
        raise error or BadInput(key="drill_needs_terminal")


def _print_card(card: Scorecard, suggestion: dict[str, Any]) -> None:
    lang = card.version.lang
    print(message(lang, "report_title", title=card.version.title))
    for result in card.stages:
        title = result.stage.title[lang]
        if result.latest is None:
            score, verdict = "—", message(lang, "report_not_answered")
        else:
            score, verdict = str(result.score), result.verdict
        print(f"  {result.stage.number}. {title:<24} {score:>3}  {verdict}")
    print(message(lang, "report_overall", score=card.overall, verdict=card.verdict_text()))
    if not card.complete:
        print(card.unanswered_text())
    print(_next_line(lang, suggestion))
    say(message(lang, "cli_finished", session=card.session_id))


def _read_answer(lang: Language) -> str | None:
    """Lines until an empty one; None at end of input."""
    print(message(lang, "cli_prompt"))
    return read_block("> ", ":")


def _show_stage(run: DrillRun) -> None:
    stage = run.stage()
    if stage is None:
        return
    lang = run.version.lang
    print()
    print(message(lang, "stage_heading", n=stage.number, title=stage.title[lang]))
    print(stage.prompt[lang])


def _leave(run: DrillRun) -> None:
    """Saved, and how to come back; with stages answered, how to finish now instead."""
    lang = run.version.lang
    say(message(lang, "cli_saved", session=run.id))
    card = run.scorecard()
    if card.answered and not card.complete:
        say(
            message(
                lang,
                "cli_finish_later",
                session=run.id,
                done=len(card.answered),
                stages=card.unanswered_names(lang),
            )
        )


def _offer_finish(run: DrillRun) -> None:
    card = run.scorecard()
    if card.answered and not card.complete:
        lang = run.version.lang
        done, stages = len(card.answered), card.unanswered_names(lang)
        print(message(lang, "cli_finish_now", done=done, stages=stages))


def _command(run: DrillRun, text: str) -> bool | Scorecard:
    """Carry out a ``:command``; False means leave, a scorecard means finished."""
    lang = run.version.lang
    name, _, arg = text[1:].partition(" ")
    name, arg = name.strip().lower(), arg.strip()
    if name in ("quit", "q", "exit"):
        _leave(run)
        return False
    if name == "finish":
        try:
            return run.finish(early=True)
        except BadInput as exc:
            print(exc.text(lang))
            return True
    if name == "hint":
        hint = run.hint()
        print(message(lang, "cli_hint", text=hint) if hint else message(lang, "hint_none"))
    elif name in ("back", "retry"):
        try:
            stage = run.back(arg)
        except BadInput as exc:
            print(exc.text(lang))
        else:
            print(message(lang, "cli_went_back", n=stage.number))
            _show_stage(run)
    elif name == "stages":
        for result in run.scorecard().stages:
            mark = "→" if result.stage.id == run.current else " "
            score = f"{result.score:>3} {result.verdict}" if result.latest else ""
            print(f"{mark} {result.stage.number}. {result.stage.title[lang]:<24} {score}")
        _offer_finish(run)
    else:
        print(message(lang, "cli_commands"))
    return True


def _interactive(run: DrillRun) -> int:
    lang = run.version.lang
    drill = run.version.drill
    print(run.version.title)
    print(drill.context[lang])
    for constraint in drill.constraints[lang]:
        print(f"  - {constraint}")
    print(message(lang, "cli_minutes", minutes=drill.minutes, difficulty=drill.difficulty))
    print(message(lang, "cli_commands"))
    _show_stage(run)
    while run.current is not None:
        text = _read_answer(lang)
        if text is None:
            _leave(run)
            return 0
        if text.startswith(":"):
            done = _command(run, text)
            if isinstance(done, Scorecard):
                print()
                _print_card(done, _suggestion(run.store, lang))
                return 0
            if not done:
                return 0
            continue
        attempt = run.answer(text)
        assert attempt.score is not None
        assert attempt.feedback is not None
        print()
        print(message(lang, "cli_score", score=attempt.score.score, verdict=attempt.score.verdict))
        print(attempt.feedback.text)
        for c in attempt.feedback.citations:
            print(f"  [{c['n']}] {c.get('title') or c['source']} ({c['source']})")
        if attempt.feedback.note:
            say(attempt.feedback.note)
        if attempt.feedback.pushback:
            print(message(lang, "cli_pushback", text=attempt.feedback.pushback))
        _show_stage(run)
    card = run.finish()
    print()
    _print_card(card, _suggestion(run.store, lang))
    return 0
