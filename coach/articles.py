"""The titles of the corpus articles: one table for everything that names an article
(bank and drill key points, model answers, "where this comes from").

The corpus manifest (``corpus/manifest.json``) lists each article with its title, the
same title ingest gives its chunks (``tests/test_articles.py`` holds the two
together). An article the manifest does not list is read and cleaned for its title.
The table is built once per manifest (its path and modification time, and the names
of the files beside it) and kept for the process, so grading an answer no longer
parses the corpus.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

MANIFEST = "manifest.json"


def article_titles(corpus_dir: Path | None = None) -> dict[str, str]:
    """Article file name → title, for the configured corpus (or ``corpus_dir``)."""
    if corpus_dir is None:
        from coach.settings import get_settings

        corpus_dir = get_settings().corpus_dir
    if not corpus_dir.is_dir():
        return {}
    manifest = corpus_dir / MANIFEST
    try:
        stamp = manifest.stat().st_mtime_ns
    except OSError:
        stamp = 0
    names = tuple(sorted(p.name for p in corpus_dir.iterdir() if p.name != MANIFEST))
    return dict(_table(corpus_dir, stamp, names))


def article_title(source: str, corpus_dir: Path | None = None) -> str:
    """The title of the article ``source`` (a file name), or "" when it is not known."""
    return article_titles(corpus_dir).get(source, "")


@lru_cache(maxsize=4)
def _table(corpus_dir: Path, stamp: int, names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The titles, from the manifest where it has them and from the article otherwise.
    ``stamp`` and ``names`` are the cache key: a changed manifest or folder rebuilds it."""
    listed = _manifest_titles(corpus_dir / MANIFEST) if stamp else {}
    titles: dict[str, str] = {}
    for name in names:
        title = listed.get(name) or _read_title(corpus_dir / name)
        if title:
            titles[name] = title
    return tuple(titles.items())


def _manifest_titles(path: Path) -> dict[str, str]:
    try:
        articles = json.loads(path.read_text("utf-8"))["articles"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {
        a["file"]: a.get("title", "")
        for a in articles
        if isinstance(a, dict) and isinstance(a.get("file"), str)
    }


def _read_title(path: Path) -> str:
    from coach.cleaning import clean
    from coach.reading import TEXT_SUFFIXES, UnreadableFile, read_text_file
    from coach.settings import get_settings

    if not path.is_file() or path.name.startswith(".") or path.suffix.lower() not in TEXT_SUFFIXES:
        return ""
    try:
        return clean(read_text_file(path, max_bytes=get_settings().max_file_bytes)).title
    except (UnreadableFile, OSError):
        return ""
