"""The Chat tab: grounded answers streamed as they are written, each cited source an
expandable block with its file, title and passage. Every exchange is saved as it
completes, so a reload shows the same conversation, and the conversation so far can be
downloaded as Markdown with its cited passages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from coach import transcript
from coach.budget import Turn
from coach.chat import GroundedAnswer
from coach.citations import snippet
from coach.errors import CoachError
from coach.store import Record, Store
from coach.ui import notices
from coach.ui.downloads import markdown_file
from coach.ui.page import Page
from coach.ui.state import Browser, lang_of, owner_of
from coach.ui.strings import t

KIND = "chat"
TITLE_CHARS = 60

Message = dict[str, Any]


def answer_payload(answer: GroundedAnswer) -> dict[str, Any]:
    citations = []
    for c in answer.citations:
        passage = answer.passages[c.n - 1] if 0 < c.n <= len(answer.passages) else None
        citations.append(
            {
                **c.as_dict(),
                "heading": c.heading,
                "passage": passage.text if passage else c.snippet,
            }
        )
    return {"text": answer.text, "mode": answer.mode, "citations": citations}


def source_messages(citations: list[dict[str, Any]]) -> list[Message]:
    """One collapsed block per cited source: ``[n] title · file``, then the passage."""
    messages = []
    for c in citations:
        where = transcript.cited_place(c)
        body = snippet(str(c.get("passage", "")), transcript.PASSAGE_CHARS)
        messages.append(
            {
                "role": "assistant",
                "content": f"◆ `{where}`\n\n> {body}",
                "metadata": {"title": f"[{c['n']}] {c['title']}", "status": "done"},
            }
        )
    return messages


def transcript_messages(records: list[Record]) -> list[Message]:
    messages: list[Message] = []
    for record in records:
        if record.kind == "question":
            messages.append({"role": "user", "content": record.payload["text"]})
        elif record.kind == "answer":
            messages.append({"role": "assistant", "content": record.payload["text"]})
            messages.extend(source_messages(record.payload.get("citations", [])))
    return messages


def history(records: list[Record]) -> list[Turn]:
    turns: list[Turn] = []
    for record in records:
        if record.kind == "question":
            turns.append(Turn("user", record.payload["text"]))
        elif record.kind == "answer":
            turns.append(Turn("assistant", record.payload["text"]))
    return turns


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
            height=480,
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
                lines=2,
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
        return gr.update(value=markdown_file(f"chat-{session_id}", text), visible=True)

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
        if session_id and (s := store.get_session(session_id)) and s.owner != owner:
            session_id = ""  # never continue someone else's conversation
        records = store.records(session_id) if session_id else []
        shown = [*transcript_messages(records), {"role": "user", "content": text}]
        yield shown, "", session_id, notices.clear(), gr.update()
        written = ""
        try:
            for part in page.services.chat().stream(text, history(records)):
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
                store.append(session_id, "answer", answer_payload(part))
                final = [*shown, {"role": "assistant", "content": part.text}]
                final += source_messages(answer_payload(part)["citations"])
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
    new.click(start_over, [session, page.browser], outputs)
    chatbot.clear(start_over, [session, page.browser], outputs)
    page.on_refresh(restore, [chatbot, session, download])
    page.exporters[KIND] = lambda session_id, lg: transcript.to_markdown(store, session_id)
