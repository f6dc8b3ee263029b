"""The message catalogue: every text the coach shows in Chinese and English.

One mechanism for all bilingual wording. Each domain keeps its texts in
``coach/data/messages/<domain>.toml``, one table per key with both languages side
by side, so a translation is never far from its original::

    ["iv.start"]
    zh = "开始面试"
    en = "Start the interview"

``catalogue(domain).text(key, lang, **values)`` formats one text (``str.format``
fields, the same fields in both languages). A missing key raises ``KeyError``: a
bug the tests catch, never a silently English label. ``t(key, lang, **values)`` is
the ``ui`` domain's text, the one shorthand for it (the web UI, dates and report
headings that the CLI prints too). Domains: ``errors`` (what a
user can get wrong, shared by the CLI and the UI), ``prd`` (the PRD critique), ``ui`` (the
web UI), ``drills`` (what a drill says, shared by the UI, the CLI and exports),
``interview`` (what an interview says: hints, model answers, notes, the CLI's prompts)
and ``scoring`` (notes the scorer adds to a score).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

from coach.language import Language

_FIELD = re.compile(r"{(\w*)[^{}]*}")


class CatalogueError(ValueError):
    """A catalogue file that breaks the format (a missing language, mismatched fields)."""


class Catalogue:
    """The texts of one domain."""

    def __init__(self, domain: str, entries: dict[str, dict[Language, str]]) -> None:
        self.domain = domain
        self._entries = entries

    def text(self, key: str, lang: str, **values: object) -> str:
        """The text for ``key`` in ``lang`` (English for anything but ``"zh"``)."""
        entry = self._entries[key]
        text = entry["zh"] if lang == "zh" else entry["en"]
        return text.format(**values) if values else text

    __call__ = text

    def pair(self, key: str) -> tuple[str, str]:
        """``(zh, en)`` unformatted, for checks and for matching a text back to its key."""
        entry = self._entries[key]
        return entry["zh"], entry["en"]

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def fields(text: str) -> set[str]:
    """The ``str.format`` field names in ``text`` (``{{`` escapes left out)."""
    return set(_FIELD.findall(text.replace("{{", "").replace("}}", "")))


def parse(domain: str, source: str) -> Catalogue:
    """A catalogue from TOML text, checked: both languages, non-empty, same fields."""
    entries: dict[str, dict[Language, str]] = {}
    for key, entry in tomllib.loads(source).items():
        if not isinstance(entry, dict) or set(entry) != {"zh", "en"}:
            raise CatalogueError(f"{domain}: [{key}] needs exactly zh and en")
        zh, en = entry["zh"], entry["en"]
        if not (isinstance(zh, str) and isinstance(en, str) and zh and en):
            raise CatalogueError(f"{domain}: [{key}] has an empty or non-text language")
        if fields(zh) != fields(en):
            raise CatalogueError(f"{domain}: [{key}] has different fields in zh and en")
        entries[key] = {"zh": zh, "en": en}
    return Catalogue(domain, entries)


@cache
def catalogue(domain: str) -> Catalogue:
    """The catalogue of ``domain``, read once from the package data."""
    path = files("coach") / "data" / "messages" / f"{domain}.toml"
    return parse(domain, path.read_text("utf-8"))


def t(key: str, lang: str, **values: object) -> str:
    """The ``ui`` catalogue's text for ``key`` in ``lang`` (English for anything but
    ``"zh"``): the web UI's labels and the words the library shares with it."""
    return catalogue("ui").text(key, lang, **values)
