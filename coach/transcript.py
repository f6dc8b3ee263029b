"""A saved chat conversation as Markdown: every question and answer in order, each
answer followed by the passages it cited (file, title, heading and the text itself),
so the export can be read, shared or checked without the app."""

from __future__ import annotations

import re
from typing import Any

from coach.citations import snippet
from coach.errors import BadInput
from coach.language import Language
from coach.retrieval import source_title
from coach.store import Record, Store

KIND = "chat"
PASSAGE_CHARS = 700  # of a cited passage, here and in the chat on screen

_LABELS: dict[Language, dict[str, str]] = {
    "zh": {
        "title": "问答记录",
        "sep": "：",
        "date": "日期",
        "model": "模型生成",
        "offline": "离线：原文段落，未经模型",
        "question": "问",
        "answer": "答",
        "sources": "引用的原文",
        "none": "（这段对话还没有内容）",
        "related": "相关阅读，并非答案",
    },
    "en": {
        "title": "Chat transcript",
        "sep": ": ",
        "date": "Date",
        "model": "written by the chat model",
        "offline": "offline: passages quoted as they are, no model",
        "question": "Q",
        "answer": "A",
        "sources": "Cited passages",
        "none": "(this conversation is empty)",
        "related": "related reading, not an answer",
    },
}


def cited_place(citation: dict[str, Any]) -> str:
    """Where a cited passage sits: its file, and its heading when it has one."""
    source = str(citation["source"])
    return f"{source} · {citation['heading']}" if citation.get("heading") else source


def cited_title(citation: dict[str, Any], lang: Language) -> str:
    """The title a reader knows the passage by ("AIPM Coach note: …" for notes)."""
    title = str(citation.get("title") or citation["source"])
    return source_title(title, str(citation.get("kind", "")), lang)


def _answer_lines(payload: dict[str, object], words: dict[str, str], lang: Language) -> list[str]:
    mode = words["offline"] if payload.get("mode") == "offline" else words["model"]
    # Offline answers quote their passages; the brief keeps them to the list below.
    text = payload.get("brief") or payload.get("text", "")
    lines = [f"**{words['answer']}** ({mode})", "", str(text).strip(), ""]
    citations = payload.get("citations") or []
    if isinstance(citations, list) and citations:
        lines += [f"*{words['sources']}*", ""]
        for c in citations:
            where = cited_place(c)
            related = f" — {words['related']}" if c.get("role") == "related" else ""
            lines.append(f"- [{c['n']}] {cited_title(c, lang)}{related} (`{where}`)")
            passage = snippet(str(c.get("passage") or c.get("snippet") or ""), PASSAGE_CHARS)
            if passage:
                lines.append(f"  > {passage}")
        lines.append("")
    return lines


def to_markdown(store: Store, session_id: str) -> str:
    """The conversation ``session_id`` as Markdown, in the language it was held in."""
    session = store.get_session(session_id)
    if session is None or session.kind != KIND:
        raise BadInput(f"there is no chat conversation {session_id!r}")
    lang: Language = "en" if session.lang == "en" else "zh"
    words = _LABELS[lang]
    out = [
        f"# {words['title']}{words['sep']}{session.title or session.id}",
        "",
        f"- {words['date']}{words['sep']}{session.created_at.replace('T', ' ')[:16]}",
        "",
    ]
    records: list[Record] = store.records(session.id)
    for record in records:
        if record.kind == "question":
            out += [
                f"## {words['question']}{words['sep']}{' '.join(record.payload['text'].split())}",
                "",
            ]
        elif record.kind == "answer":
            out += _answer_lines(record.payload, words, lang)
    if not records:
        out.append(words["none"])
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).rstrip() + "\n"
