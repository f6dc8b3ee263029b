"""The Chat tab: grounded answers streamed as they are written. Every passage is shown
once: offline, the passages that state the answer are quoted in the answer itself and
related reading ("not an answer") sits in collapsed blocks; with a model, each cited
article is one collapsed block holding its cited sections. Sources are named by title
and section ("AIPM Coach note: …" for the coach's notes); file names stay in the
export. Every exchange is saved as it completes, so a reload shows the same
conversation, and the conversation so far can be downloaded as Markdown.

A learner's uploads are searched for that learner only: the browser's owner id goes
with every question."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from coach import transcript
from coach.budget import Turn
from coach.chat import GroundedAnswer
from coach.citations import snippet
from coach.errors import BadInput, CoachError, check_question
from coach.retrieval import source_title
from coach.store import Record, Store
from coach.ui import notices
from coach.ui.page import Page
from coach.ui.state import Browser, lang_of, owner_of
from coach.ui.strings import t

KIND = "chat"
TITLE_CHARS = 60
CHATBOT_HEIGHT = 330  # with the status area, tabs and input: above the fold at 1366×850
EXPORTS = "aipm-coach-chat"  # one folder in the temp dir, one file per conversation
EXAMPLES = ("chat.example1", "chat.example2", "chat.example3", "chat.example4")

Message = dict[str, Any]


def answer_payload(answer: GroundedAnswer) -> dict[str, Any]:
    citations = []
    for c in answer.citations:
        passage = answer.passages[c.n - 1] if 0 < c.n <= len(answer.passages) else None
        citations.append({**c.as_dict(), "passage": passage.text if passage else c.snippet})
    return {
        "text": answer.text,
        "brief": answer.brief,
        "mode": answer.mode,
        "verdict": answer.verdict,
        "lang": answer.language,
        "citations": citations,
    }


def _place(c: dict[str, Any], lang: str) -> str:
    title = source_title(str(c.get("title") or c.get("source", "")), str(c.get("kind", "")), lang)
    return f"{title} · {c['heading']}" if c.get("heading") else title


def source_messages(payload: dict[str, Any]) -> list[Message]:
    """Collapsed blocks for the passages not already in the answer's text: one per
    article (its cited sections inside), related reading marked "not an answer"."""
    lang = str(payload.get("lang") or "zh")
    offline = payload.get("mode") != "llm" and bool(payload.get("brief"))
    citations = [
        c
        for c in payload.get("citations") or []
        if not offline or c.get("role", "answer") == "related"
    ]
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for c in citations:
        key = (str(c.get("source", "")), str(c.get("kind", "")), str(c.get("role", "answer")))
        groups.setdefault(key, []).append(c)
    messages = []
    for (_, _, role), cited in groups.items():
        numbers = "".join(f"[{c['n']}]" for c in cited)
        first = cited[0]
        title = source_title(str(first.get("title", "")), str(first.get("kind", "")), lang)
        if role == "related":
            title = f"{t('chat.related', lang)} · {title}"
        bodies = []
        for c in cited:
            body = snippet(str(c.get("passage", "")), transcript.PASSAGE_CHARS)
            heading = f"**{c['heading']}**\n\n" if c.get("heading") else ""
            bodies.append(f"{heading}> {body}")
        messages.append(
            {
                "role": "assistant",
                "content": "\n\n".join(bodies),
                "metadata": {"title": f"{numbers} {title}", "status": "done"},
            }
        )
    return messages


def answer_messages(payload: dict[str, Any]) -> list[Message]:
    """The answer as shown: its text (offline: without the related passages), then
    the source blocks."""
    offline = payload.get("mode") != "llm" and bool(payload.get("brief"))
    text = str(payload.get("brief") if offline else payload.get("text", ""))
    return [{"role": "assistant", "content": text}, *source_messages(payload)]


def transcript_messages(records: list[Record]) -> list[Message]:
    messages: list[Message] = []
    for record in records:
        if record.kind == "question":
            messages.append({"role": "user", "content": record.payload["text"]})
        elif record.kind == "answer":
            messages.extend(answer_messages(record.payload))
    return messages


def history(records: list[Record]) -> list[Turn]:
    turns: list[Turn] = []
    for record in records:
        if record.kind == "question":
            turns.append(Turn("user", record.payload["text"]))
        elif record.kind == "answer":
            turns.append(Turn("assistant", record.payload["text"]))
    return turns


def export_file(session_id: str, text: str) -> str:
    """The conversation's Markdown at one path per conversation, rewritten after each
    answer (a new temporary folder per answer piled up without end)."""
    folder = Path(tempfile.gettempdir()) / EXPORTS
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch for ch in session_id if ch.isalnum() or ch in "-_")[:64] or "chat"
    path = folder / f"chat-{safe}.md"
    path.write_text(text, "utf-8")
    drop_served_copies(path.name)
    return str(path)


def drop_served_copies(name: str) -> None:
    """Remove Gradio's cached copies of earlier versions of the export ``name``.

    Gradio serves a file from a copy in its cache, one folder per content hash, so
    every answer left one more copy of the conversation behind (soak, 4 clients for
    240 s: +871 files, 26 MB). The link on screen is replaced by the new version in
    the same response, so the old copies serve nobody."""
    from gradio.utils import get_upload_folder

    for copy in Path(get_upload_folder()).glob(f"*/{name}"):
        with contextlib.suppress(OSError):
            copy.unlink()
            copy.parent.rmdir()  # only when nothing else is in that folder


def current_session(store: Store, owner: str) -> str:
    """The owner's open conversation, if any."""
    for session in store.list_sessions(kind=KIND, owner=owner, limit=5):
        if session.status == "active":
            return session.id
    return ""


def build(page: Page, tab: gr.Tab) -> None:
    labels, lang, store = page.labels, page.lang, page.services.store
    labels.add(gr.Markdown(t("chat.intro", lang)), value="chat.intro")
    chatbot = labels.add(
        gr.Chatbot(
            label=t("chat.chatbot", lang),
            show_label=False,
            elem_id="chat-log",
            height=CHATBOT_HEIGHT,
            buttons=["copy"],
            feedback_options=None,
            layout="bubble",
        ),
        label="chat.chatbot",
    )
    notice = notices.notice_block("chat-notice")
    with gr.Row(equal_height=True, elem_classes=["coach-ask"]):
        question = labels.add(
            gr.Textbox(
                label=t("chat.question", lang),
                placeholder=t("chat.placeholder", lang),
                # One line: Enter sends; Shift+Enter adds a line (it grows to six).
                lines=1,
                max_lines=6,
                scale=5,
                min_width=240,
                elem_id="chat-question",
            ),
            label="chat.question",
            placeholder="chat.placeholder",
        )
        with gr.Column(scale=1, min_width=120):
            send = labels.add(
                gr.Button(t("chat.send", lang), variant="primary", elem_id="chat-send"),
                value="chat.send",
            )
            new = labels.add(gr.Button(t("chat.new", lang), elem_id="chat-new"), value="chat.new")
    with gr.Row(elem_classes=["coach-examples"]):
        labels.add(gr.Markdown(t("chat.examples", lang)), value="chat.examples")
        # Each example follows the UI language; clicking one asks it.
        examples = [
            labels.add(
                gr.Button(
                    t(key, lang), size="sm", variant="secondary", elem_classes=["chat-example"]
                ),
                value=key,
            )
            for key in EXAMPLES
        ]
    download = labels.add(
        gr.DownloadButton(
            t("chat.download", lang), visible=False, size="sm", elem_id="chat-download"
        ),
        label="chat.download",
    )
    session = gr.State("")

    def export(session_id: str) -> Any:
        """The download button, holding the conversation so far (hidden while empty)."""
        if not session_id or not store.records(session_id):
            return gr.update(value=None, visible=False)
        text = transcript.to_markdown(store, session_id)
        return gr.update(value=export_file(session_id, text), visible=True)

    def restore(browser: Browser) -> tuple[list[Message], str, Any]:
        owner = owner_of(browser)
        if owner is None:
            return [], "", export("")
        session_id = current_session(store, owner)
        messages = transcript_messages(store.records(session_id)) if session_id else []
        return messages, session_id, export(session_id)

    def ask(text: str, session_id: str, browser: Browser) -> Iterator[tuple[Any, ...]]:
        lg, owner = lang_of(browser), owner_of(browser)
        text = (text or "").strip()
        if owner is None or not text:
            message = t("app.loading" if owner is None else "chat.empty", lg)
            yield gr.update(), gr.update(), session_id, notices.notice(message), gr.update()
            return
        try:
            check_question(text, page.services.settings)
        except BadInput as exc:  # refused before it is shown or searched; the box keeps it
            yield gr.update(), gr.update(), session_id, notices.fail(exc, lg), gr.update()
            return
        if session_id and (s := store.get_session(session_id)) and s.owner != owner:
            session_id = ""  # never continue someone else's conversation
        records = store.records(session_id) if session_id else []
        shown = [*transcript_messages(records), {"role": "user", "content": text}]
        yield shown, "", session_id, notices.clear(), gr.update()
        written = ""
        try:
            for part in page.services.chat().stream(text, history(records), owner=owner):
                if isinstance(part, str):
                    written += part
                    streamed = [*shown, {"role": "assistant", "content": written}]
                    yield streamed, "", session_id, gr.update(), gr.update()
                    continue
                session_id = (
                    session_id
                    or store.create_session(
                        KIND, title=text[:TITLE_CHARS], lang=part.language, owner=owner
                    ).id
                )
                store.append(session_id, "question", {"text": text})
                payload = answer_payload(part)
                store.append(session_id, "answer", payload)
                final = [*shown, *answer_messages(payload)]
                yield final, "", session_id, gr.update(), export(session_id)
        except CoachError as exc:
            # The question goes back in the box; the saved conversation is unchanged.
            yield transcript_messages(records), text, session_id, notices.fail(exc, lg), gr.update()

    def start_over(session_id: str, browser: Browser) -> tuple[Any, ...]:
        owner = owner_of(browser)
        if session_id and owner and (s := store.get_session(session_id)) and s.owner == owner:
            store.update_session(session_id, status="finished")
        return [], "", "", notices.clear(), export("")

    outputs = [chatbot, question, session, notice, download]
    send.click(ask, [question, session, page.browser], outputs)
    question.submit(ask, [question, session, page.browser], outputs)
    for example in examples:
        example.click(ask, [example, session, page.browser], outputs)
    new.click(start_over, [session, page.browser], outputs)
    chatbot.clear(start_over, [session, page.browser], outputs)
    page.on_refresh(restore, [chatbot, session, download])
    page.exporters[KIND] = lambda session_id, lg: transcript.to_markdown(store, session_id)
