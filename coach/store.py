"""SQLite persistence for sessions: interviews, PRD critiques, drills, chats.

Every turn is written as it happens (one transaction per record), so a crash or a
closed tab loses nothing and an interrupted session can be resumed. A session is a
row in ``sessions``; what happened in it is an ordered list of ``records`` whose
payload is JSON, so each mode keeps its own shape without new tables.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.settings import Settings

SCHEMA_VERSION = 1

_MIGRATIONS: list[str] = [
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,              -- interview | prd | drill | chat
        title TEXT NOT NULL DEFAULT '',
        lang TEXT NOT NULL DEFAULT 'zh',
        owner TEXT NOT NULL DEFAULT '',  -- browser id in the web UI, '' on the CLI
        status TEXT NOT NULL DEFAULT 'active',  -- active | finished
        config TEXT NOT NULL DEFAULT '{}',
        summary TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE records (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,              -- e.g. question, answer, score, feedback, critique
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (session_id, seq)
    );
    CREATE INDEX records_by_kind ON records(kind);
    CREATE INDEX sessions_by_owner ON sessions(owner, kind, updated_at);
    """,
]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Session:
    id: str
    kind: str
    title: str
    lang: str
    owner: str
    status: str
    config: dict[str, Any]
    summary: dict[str, Any]
    created_at: str
    updated_at: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Record:
    id: int
    session_id: str
    seq: int
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""


class StoreUnavailable(CoachError):
    """The data directory (COACH_HOME) cannot be created, written or read."""


def _why(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or exc)


class Store:
    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(key="store_unavailable", path=path, reason=_why(exc)) from exc

    @classmethod
    def open(cls, settings: Settings) -> Store:
        return cls(settings.db_path)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def _migrate(self) -> None:
        with self._connect() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version, len(_MIGRATIONS)):
                conn.executescript(_MIGRATIONS[step])
                conn.execute(f"PRAGMA user_version = {step + 1}")

    # --- sessions -----------------------------------------------------------------

    def create_session(
        self,
        kind: str,
        *,
        title: str = "",
        lang: str = "zh",
        owner: str = "",
        config: dict[str, Any] | None = None,
    ) -> Session:
        now = _now()
        session = Session(
            id=uuid.uuid4().hex[:12],
            kind=kind,
            title=title,
            lang=lang,
            owner=owner,
            status="active",
            config=config or {},
            summary={},
            created_at=now,
            updated_at=now,
        )
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session.id,
                    kind,
                    title,
                    lang,
                    owner,
                    session.status,
                    _dump(session.config),
                    _dump(session.summary),
                    now,
                    now,
                ),
            )
        return session

    def get_session(self, session_id: str) -> Session | None:
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return _session(row) if row else None

    def find_session(self, prefix: str) -> Session | None:
        """Look a session up by its id or an unambiguous prefix of it."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM sessions WHERE id LIKE ? LIMIT 2", (prefix + "%",)
            ).fetchall()
        return _session(rows[0]) if len(rows) == 1 else None

    def list_sessions(
        self, *, kind: str | None = None, owner: str | None = None, limit: int = 200
    ) -> list[Session]:
        query = "SELECT * FROM sessions WHERE 1 = 1"
        args: list[Any] = []
        if kind:
            query += " AND kind = ?"
            args.append(kind)
        if owner is not None:
            query += " AND owner = ?"
            args.append(owner)
        query += " ORDER BY created_at DESC, rowid DESC LIMIT ?"
        args.append(limit)
        with self._connect() as conn:
            return [_session(r) for r in conn.execute(query, args).fetchall()]

    def update_session(
        self,
        session_id: str,
        *,
        status: str | None = None,
        title: str | None = None,
        summary: dict[str, Any] | None = None,
        config: dict[str, Any] | None = None,
    ) -> None:
        sets, args = ["updated_at = ?"], [_now()]
        for column, value in (("status", status), ("title", title)):
            if value is not None:
                sets.append(f"{column} = ?")
                args.append(value)
        for column, blob in (("summary", summary), ("config", config)):
            if blob is not None:
                sets.append(f"{column} = ?")
                args.append(_dump(blob))
        with self._connect() as conn:
            conn.execute(f"UPDATE sessions SET {', '.join(sets)} WHERE id = ?", (*args, session_id))

    def delete_session(self, session_id: str) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # --- records ------------------------------------------------------------------

    def append(self, session_id: str, kind: str, payload: dict[str, Any]) -> Record:
        now = _now()
        with self._connect() as conn:
            seq = conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM records WHERE session_id = ?", (session_id,)
            ).fetchone()[0]
            cur = conn.execute(
                "INSERT INTO records (session_id, seq, kind, payload, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (session_id, seq, kind, _dump(payload), now),
            )
            conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (now, session_id))
        return Record(int(cur.lastrowid or 0), session_id, seq, kind, payload, now)

    def records(self, session_id: str, kind: str | None = None) -> list[Record]:
        query = "SELECT * FROM records WHERE session_id = ?"
        args: list[Any] = [session_id]
        if kind:
            query += " AND kind = ?"
            args.append(kind)
        with self._connect() as conn:
            rows = conn.execute(query + " ORDER BY seq", args).fetchall()
        return [_record(r) for r in rows]

    def records_of_kind(self, kind: str, *, owner: str | None = None) -> list[Record]:
        """Records of one kind across sessions (e.g. every score), oldest first."""
        query = "SELECT r.* FROM records r JOIN sessions s ON s.id = r.session_id WHERE r.kind = ?"
        args: list[Any] = [kind]
        if owner is not None:
            query += " AND s.owner = ?"
            args.append(owner)
        with self._connect() as conn:
            rows = conn.execute(query + " ORDER BY r.created_at, r.id", args).fetchall()
        return [_record(r) for r in rows]


def _dump(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False)


def _session(row: sqlite3.Row) -> Session:
    return Session(
        id=row["id"],
        kind=row["kind"],
        title=row["title"],
        lang=row["lang"],
        owner=row["owner"],
        status=row["status"],
        config=json.loads(row["config"]),
        summary=json.loads(row["summary"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _record(row: sqlite3.Row) -> Record:
    return Record(
        id=row["id"],
        session_id=row["session_id"],
        seq=row["seq"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        created_at=row["created_at"],
    )
