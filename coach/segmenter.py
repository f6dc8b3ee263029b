"""Chinese word segmentation: jieba, with its dictionary looked up word by word.

jieba loads its whole dictionary (every word and every prefix of one, about 580,000
entries; ~0.6 s from its own cache) before it cuts the first sentence, and
``jieba.posseg`` then reads the dictionary file again for the part-of-speech tags
(~0.4 s). A command cuts a few sentences, so most of that was start-up (issue #17).

Here jieba gets the same dictionary as two SQLite tables read on demand: the
entries, frequencies and total are the ones jieba's own loader makes
(``Tokenizer.gen_pfdict``), the tags the ones ``POSTokenizer.load_word_tag`` reads,
and jieba's algorithms are untouched, so every cut is the cut jieba makes with its
dictionary in memory (tests/test_segmenter.py compares the two). The file is made
once per jieba release by the first process that needs it, which itself uses the
dictionary in memory; like jieba's own cache it lives in the temporary directory
(it describes the installed package, not a learner), named by user and checked to
belong to them. When it cannot be made or read, jieba loads as it always did.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import os
import sqlite3
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TypeVar

V = TypeVar("V", int, str)
FORMAT = 1


class WordTable(Mapping[str, V]):
    """A read-only dict over one table; answers are kept, so a word costs one query."""

    def __init__(self, db: sqlite3.Connection, table: str, lock: threading.Lock) -> None:
        self._db, self._lock = db, lock
        self._query = f"SELECT value FROM {table} WHERE word = ?"
        self._table = table
        self._known: dict[str, V | None] = {}

    def _value(self, word: object) -> V | None:
        try:
            return self._known[word]  # type: ignore[index]
        except KeyError:
            pass
        except TypeError:  # not hashable: not a word
            return None
        if not isinstance(word, str):
            return None
        with self._lock:
            row = self._db.execute(self._query, (word,)).fetchone()
        value: V | None = row[0] if row else None
        self._known[word] = value
        return value

    def __getitem__(self, word: str) -> V:
        value = self._value(word)
        if value is None:
            raise KeyError(word)
        return value

    def __contains__(self, word: object) -> bool:
        return self._value(word) is not None

    def get(self, word: str, default: V | None = None) -> V | None:  # type: ignore[override]
        value = self._value(word)
        return default if value is None else value

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            words = [w for (w,) in self._db.execute(f"SELECT word FROM {self._table}")]
        return iter(words)

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._db.execute(f"SELECT count(*) FROM {self._table}").fetchone()
        return int(count)


@lru_cache(maxsize=1)
def jieba_module() -> ModuleType:
    """The jieba module, ready to cut (and quiet: it logs its dictionary load)."""
    jieba = importlib.import_module("jieba")
    jieba.setLogLevel(logging.WARNING)
    tables = _tables()
    if tables is None:
        jieba.initialize()
    else:
        freq, _, total = tables
        jieba.dt.FREQ = freq
        jieba.dt.total = total
        jieba.dt.initialized = True
    return jieba


@lru_cache(maxsize=1)
def pos_module() -> ModuleType:
    """``jieba.posseg``, its tags read like the dictionary when the file is there."""
    jieba = jieba_module()
    tables = _tables()
    if tables is None or "jieba.posseg" in sys.modules:
        return importlib.import_module("jieba.posseg")
    # Importing jieba.posseg makes its default tagger, which reads every tag from the
    # dictionary file: let it read an empty one, then give it the table.
    jieba.dt.get_dict_file = lambda: io.BytesIO(b"")
    try:
        posseg = importlib.import_module("jieba.posseg")
    finally:
        del jieba.dt.get_dict_file
    posseg.dt.word_tag_tab = tables[1]
    return posseg


@lru_cache(maxsize=1)
def _tables() -> tuple[WordTable[int], WordTable[str], int] | None:
    """The frequency and tag tables and the total, or None: jieba loads in memory."""
    path = dictionary_path()
    if path is None:
        return None
    db = _open(path)
    if db is None:
        with contextlib.suppress(OSError, sqlite3.Error):
            _build(path)
        return None  # this process has jieba's dictionary in memory now
    lock = threading.Lock()
    (total,) = db.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()
    return WordTable(db, "freq", lock), WordTable(db, "tags", lock), int(total)


def dictionary_path() -> Path | None:
    """The file for the installed jieba and its dictionary (None if it has none)."""
    import jieba

    try:
        source = os.stat(Path(jieba.__file__).parent / "dict.txt")
    except OSError:
        return None
    name = f"jieba-{jieba.__version__}-{source.st_size}-{source.st_mtime_ns}-f{FORMAT}"
    return Path(tempfile.gettempdir()) / f"coach-{os.getuid()}-{name}.sqlite3"


def _open(path: Path) -> sqlite3.Connection | None:
    try:
        if os.stat(path).st_uid != os.getuid():
            return None  # someone else's file in a shared directory: not trusted
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        db.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()
    except (OSError, sqlite3.Error, TypeError):
        return None
    return db


def _build(path: Path) -> None:
    """Load jieba's dictionary and tags the usual way, and write them to ``path``."""
    import jieba
    import jieba.posseg

    jieba.initialize()
    spare = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        db = sqlite3.connect(spare)
        try:
            for table in ("freq", "tags"):
                kind = "INTEGER" if table == "freq" else "TEXT"
                db.execute(
                    f"CREATE TABLE {table} (word TEXT PRIMARY KEY, value {kind} NOT NULL) "
                    "WITHOUT ROWID"
                )
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
            db.executemany("INSERT INTO freq VALUES (?, ?)", jieba.dt.FREQ.items())
            db.executemany("INSERT INTO tags VALUES (?, ?)", jieba.posseg.dt.word_tag_tab.items())
            db.execute("INSERT INTO meta VALUES ('total', ?)", (jieba.dt.total,))
            db.commit()
        finally:
            db.close()
        os.chmod(spare, 0o644)
        os.replace(spare, path)  # complete or absent, never half written
    finally:
        with contextlib.suppress(OSError):
            spare.unlink(missing_ok=True)
