"""Dates as a learner reads them, in the learner's language (the store keeps ISO 8601,
UTC); the words (month names, order) are the ``ui`` catalogue's."""

from __future__ import annotations

from datetime import datetime

from coach.catalogue import t
from coach.language import Language


def _parse(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None


def _parts(when: datetime, lang: Language) -> dict[str, object]:
    return {
        "year": when.year,
        "month": t(f"month.{when.month}", lang),
        "day": when.day,
        "time": f"{when:%H:%M}",
    }


def readable(stamp: str, lang: Language) -> str:
    """``1 Dec 2026, 19:28 UTC`` / ``2026年12月1日 19:28（UTC）``."""
    when = _parse(stamp)
    if when is None:
        return stamp
    return t("date.readable", lang, **_parts(when, lang))


def short(stamp: str, lang: Language) -> str:
    """``1 Dec 19:28`` / ``12月1日 19:28``: a table cell or an axis label."""
    when = _parse(stamp)
    if when is None:
        return stamp
    return t("date.short", lang, **_parts(when, lang))
