"""Dates as a learner reads them, in the UI language (the store keeps ISO 8601, UTC)."""

from __future__ import annotations

from datetime import datetime

from coach.language import Language

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _parse(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None


def readable(stamp: str, lang: Language) -> str:
    """``1 Dec 2026, 19:28 UTC`` / ``2026年12月1日 19:28（UTC）``."""
    when = _parse(stamp)
    if when is None:
        return stamp
    if lang == "zh":
        return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}（UTC）"
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}, {when:%H:%M} UTC"


def short(stamp: str, lang: Language) -> str:
    """``1 Dec 19:28`` / ``12月1日 19:28``: a table cell or an axis label."""
    when = _parse(stamp)
    if when is None:
        return stamp
    if lang == "zh":
        return f"{when.month}月{when.day}日 {when:%H:%M}"
    return f"{when.day} {MONTHS[when.month - 1]} {when:%H:%M}"
