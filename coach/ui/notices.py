"""Errors a user can cause or fix, shown as a visible notice while the session goes on.

A ``CoachError`` raised with a key says itself in either language (``exc.text``), and
the UI puts that sentence under a lead in the page's language. For the few sentences
that still come as plain English (the reasons ingest gives for a skipped upload), known
reasons are recognised and re-worded, and an unknown reason in the other language
gives way to a plain "check the input" in this one, so a notice is wholly in one
language. (No toast: Gradio titles its toasts in the browser's language, not the page's.)
"""

from __future__ import annotations

import re

import gradio as gr

from coach.errors import BadInput, CoachError, ServiceUnavailable
from coach.language import Language
from coach.ui.strings import t

HAN = re.compile(r"[\u4e00-\u9fff]")
_NAME = r"(?P<name>.+?)"
# Library sentences the UI can meet (file checks of uploads and PRDs), and their key.
REASONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^{_NAME} is empty$"), "reason.empty"),
    (re.compile(rf"^{_NAME} is a zip archive"), "reason.zip"),
    (re.compile(rf"^{_NAME} has no recognisable content"), "reason.no_content"),
    (re.compile(rf"^{_NAME} is not a readable \.docx file$"), "reason.unreadable"),
    (re.compile(rf"^{_NAME} cannot be read\b"), "reason.unreadable"),
    (
        re.compile(r"too long \((?P<n>\d+) characters; the limit is (?P<limit>\d+)\)"),
        "reason.too_long",
    ),
    (re.compile(r"答案太长（(?P<n>\d+) 字符，上限 (?P<limit>\d+)）"), "reason.too_long"),
    (re.compile(r"\btoo large\b"), "reason.too_large"),
    (re.compile(r"\bbinary\b|\bnot UTF-8\b"), "reason.binary"),
    (re.compile(r"\bno text layer\b"), "reason.no_text_layer"),
]


def in_lang(text: str, lang: Language) -> bool:
    """Whether ``text`` reads as ``lang``: Chinese has Han characters, English none."""
    return bool(HAN.search(text)) == (lang == "zh")


def reason(sentence: str, lang: Language, fallback: str = "reason.other") -> str:
    """The library's reason said in ``lang``."""
    sentence = sentence.strip().rstrip(".。")
    for pattern, key in REASONS:
        found = pattern.search(sentence)
        if found:
            return t(key, lang, **found.groupdict())
    return sentence if in_lang(sentence, lang) else t(fallback, lang)


def said(exc: CoachError, lang: Language, fallback: str = "reason.other") -> str:
    """The error's sentence in ``lang``: its own when it has a key, else re-worded."""
    if exc.key is not None:
        return exc.text(lang).strip().rstrip(".。")
    return reason(str(exc), lang, fallback)


def explain(exc: CoachError, lang: Language) -> str:
    if isinstance(exc, ServiceUnavailable):
        return t("notice.service", lang, error=said(exc, lang, "reason.service"))
    sentence = said(exc, lang)
    if isinstance(exc, BadInput):
        return t("notice.bad_input", lang, error=sentence)
    return t("notice.error", lang, error=sentence)


def notice(text: str) -> dict[str, object]:
    """An update showing ``text`` in a notice block (hidden when empty)."""
    return gr.update(value=f"⚠ {text}" if text else "", visible=bool(text))


def fail(exc: CoachError, lang: Language) -> dict[str, object]:
    """The notice-block update for ``exc``."""
    return notice(explain(exc, lang))


def clear() -> dict[str, object]:
    return notice("")


def notice_block(elem_id: str) -> gr.Markdown:
    return gr.Markdown("", visible=False, elem_id=elem_id, elem_classes=["coach-notice"])
