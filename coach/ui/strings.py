"""The web UI's languages and its texts.

The texts live in the message catalogue (``coach/data/messages/ui.toml``, read by
``coach.catalogue``); keys are dotted by area. ``t(key, lang, **values)`` (the
catalogue's own, re-exported here for the tabs) formats one; a missing key is a bug
that the UI tests catch (``KeyError``), never a silently English label.
"""

from __future__ import annotations

from coach.catalogue import catalogue, t
from coach.language import Language

__all__ = ["LANG_CHOICES", "UI", "as_lang", "lang_from_header", "t"]

LANG_CHOICES: list[tuple[str, str]] = [("中文", "zh"), ("English", "en")]

UI = catalogue("ui")


def as_lang(value: object) -> Language:
    return "en" if value == "en" else "zh"


def lang_from_header(accept_language: str | None) -> Language:
    """The first language the browser prefers that the UI speaks (Chinese by default)."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"
