"""``coach ask``, ``coach chat`` and ``coach models``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coach.budget import Turn
from coach.catalogue import t
from coach.chat import GroundedAnswer, GroundedChat
from coach.citations import sources_block
from coach.cli import message_language
from coach.cli.output import print_json, say
from coach.errors import BadInput, check_question
from coach.index import ChunkIndex
from coach.llm import check_backend, describe_backend
from coach.retrieval import Retriever, ensure_index
from coach.settings import Settings, get_settings

EXIT_WORDS = {"exit", "quit", ":q", "退出"}


def register(sub: Any) -> None:
    p = sub.add_parser("ask", help="answer a question from the corpus, with citations")
    p.add_argument("question", metavar="QUESTION", help="the question ('-' reads stdin)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run_ask)

    p = sub.add_parser("chat", help="talk with the coach; it remembers the conversation")
    p.set_defaults(handler=run_chat)

    p = sub.add_parser("models", help="show the configured chat model and whether it answers")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--no-check", action="store_true", help="do not send a test request")
    p.set_defaults(handler=run_models)


def _chat(settings: Settings) -> GroundedChat:
    index = ChunkIndex(settings)
    ensure_index(settings, index, notify=say)
    return GroundedChat(settings, retriever=Retriever(settings, index))


def render(answer: GroundedAnswer) -> str:
    """The answer, then its sources; offline and uncited answers say so."""
    heading = t("chat.sources", answer.language)
    parts = [answer.text]
    if answer.mode == "llm" and answer.covered:
        block = sources_block(answer.citations, heading + ":", answer.language)
        if block:
            parts.append(block)
        else:
            parts.append(t("chat.uncited", answer.language))
    return "\n\n".join(parts)


def run_ask(args: argparse.Namespace) -> int:
    question = sys.stdin.read() if args.question == "-" else args.question
    if not question.strip():
        raise BadInput(key="empty_question")
    settings = get_settings()
    check_question(question.strip(), settings)
    answer = _chat(settings).ask(question)
    if args.json:
        print_json(answer.as_json())
    else:
        print(render(answer))
    return 0


def _piped_first_line() -> str | None:
    """The first piped line (None on a terminal); no input at all is a user error."""
    if sys.stdin.isatty():
        return None
    line = sys.stdin.readline()
    if not line:
        raise BadInput(
            "there was no question to answer; chat needs a terminal or questions piped in, "
            "one a line"
        )
    return line


def _read_question(piped: list[str]) -> str:
    if piped:  # already read, to make sure there was input
        print("you> ", end="", flush=True)
        return piped.pop().strip()
    return input("you> ").strip()


def run_chat(args: argparse.Namespace) -> int:
    first = _piped_first_line()
    piped = [] if first is None else [first]
    settings = get_settings()
    chat = _chat(settings)
    backend = describe_backend(settings)
    say(f"Coach chat — {backend.describe()}. Empty line or 'exit' to leave.")
    history: list[Turn] = []
    while True:
        try:
            question = _read_question(piped)
        except EOFError:
            print()
            return 0
        if not question or question.lower() in EXIT_WORDS:
            return 0
        try:
            check_question(question, settings)
        except BadInput as exc:
            # One sentence, and the conversation goes on.
            say(f"coach: {exc.text(message_language(args))}")
            continue
        final: GroundedAnswer | None = None
        print("coach> ", end="", flush=True)
        for event in chat.stream(question, history):
            if isinstance(event, str):
                print(event, end="", flush=True)
            else:
                final = event
        print()
        if final is None:
            continue
        if final.text and final.mode == "llm" and final.covered:
            # The streamed words were raw; show what survived the citation check.
            block = render(final)[len(final.text) :].strip()
            if final.removed_citations:
                say(f"(removed citations to passages not given: {final.removed_citations})")
            if block:
                print(block)
            say(f"tokens: prompt {final.tokens.prompt}, completion {final.tokens.completion}")
        history.extend(final.turns())


def run_models(args: argparse.Namespace) -> int:
    settings = get_settings()
    backend = describe_backend(settings)
    health = None if args.no_check or backend.mode == "offline" else check_backend(settings)
    if args.json:
        print_json({**backend.as_dict(), "health": health.as_dict() if health else None})
        return 0
    print(f"chat model: {backend.describe()}")
    if health is not None:
        state = "answers" if health.answers else "does not answer"
        print(f"status: {state} ({health.detail}; {health.seconds:.1f} s)")
    return 0 if health is None or health.answers else 3
