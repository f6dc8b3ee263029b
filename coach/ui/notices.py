"""Errors a user can cause or fix, shown as a visible notice while the session goes on.

The library's ``CoachError`` carries one sentence; the UI puts it under a lead in the
page's language, in a notice block next to what failed. (No toast: Gradio titles its
toasts in the browser's language, not the page's.)
"""

from __future__ import annotations

import gradio as gr

from coach.errors import BadInput, CoachError, ServiceUnavailable
from coach.ui.strings import Lang, t


def explain(exc: CoachError, lang: Lang) -> str:
    sentence = str(exc).strip().rstrip(".")
    if isinstance(exc, ServiceUnavailable):
        return t("notice.service", lang, error=sentence)
    if isinstance(exc, BadInput):
        return t("notice.bad_input", lang, error=sentence)
    return t("notice.error", lang, error=sentence)


def notice(text: str) -> dict[str, object]:
    """An update showing ``text`` in a notice block (hidden when empty)."""
    return gr.update(value=f"⚠ {text}" if text else "", visible=bool(text))


def fail(exc: CoachError, lang: Lang) -> dict[str, object]:
    """The notice-block update for ``exc``."""
    return notice(explain(exc, lang))


def clear() -> dict[str, object]:
    return notice("")


def notice_block(elem_id: str) -> gr.Markdown:
    return gr.Markdown("", visible=False, elem_id=elem_id, elem_classes=["coach-notice"])
