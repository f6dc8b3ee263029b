"""Critiques are saved as they are made: one ``prd`` session per document, one
``critique`` record per version, so a re-critique is compared with the last one.

A new version finds its session by a document key (the normalised title, else
the file name without version marks such as ``_v2`` or ``修订版``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from coach.errors import BadInput
from coach.prd.critique import Critique
from coach.prd.document import PrdDocument
from coach.prd.revision import Revision, compare
from coach.store import Session, Store

KIND = "prd"
RECORD = "critique"
_VERSION_MARK = re.compile(
    r"(?:[\s_\-.（(]*(?:v\d+(?:\.\d+)*|rev\d*|revised|final|draft|修订版?|第.版|终版|定稿|最终版)[)）]?)+$",
    re.IGNORECASE,
)
_NOISE = re.compile(r"[\s\W_]+")


@dataclass
class Saved:
    session: Session
    version: int
    revision: Revision | None


def document_key(doc: PrdDocument) -> str:
    base = doc.title or doc.name.rsplit(".", 1)[0]
    base = _VERSION_MARK.sub("", base.strip())
    return _NOISE.sub("", base.lower()) or doc.digest


def save(
    store: Store,
    doc: PrdDocument,
    result: Critique,
    *,
    session_id: str | None = None,
    link: bool = True,
    owner: str = "",
) -> Saved:
    """Append the critique to the document's session (new or found) and diff it."""
    session = _session_for(store, doc, result, session_id=session_id, link=link, owner=owner)
    earlier = store.records(session.id, RECORD)
    payload = result.as_dict()
    revision = None
    if earlier:
        last = earlier[-1].payload
        revision = compare(last["critique"], payload, int(last["version"]))
    version = len(earlier) + 1
    store.append(
        session.id,
        RECORD,
        {
            "version": version,
            "critique": payload,
            "revision": revision.as_dict() if revision else None,
            "text": doc.text,
            "kind": doc.kind,
            "encoding": doc.encoding,
        },
    )
    store.update_session(
        session.id,
        title=result.title,
        summary={"score": result.score, "versions": version, "lang": result.lang},
    )
    return Saved(session, version, revision)


def _session_for(
    store: Store,
    doc: PrdDocument,
    result: Critique,
    *,
    session_id: str | None,
    link: bool,
    owner: str,
) -> Session:
    if session_id:
        session = store.find_session(session_id)
        if session is None or session.kind != KIND:
            raise BadInput(f"there is no PRD session {session_id!r}")
        return session
    key = document_key(doc)
    if link:
        for session in store.list_sessions(kind=KIND, owner=owner):
            if session.config.get("doc_key") == key:
                return session
    return store.create_session(
        KIND,
        title=result.title,
        lang=result.lang,
        owner=owner,
        config={"doc_key": key, "name": doc.name},
    )


def versions(store: Store, session_id: str) -> tuple[Session, list[dict[str, Any]]]:
    session = store.find_session(session_id)
    if session is None or session.kind != KIND:
        raise BadInput(f"there is no PRD session {session_id!r}")
    return session, [record.payload for record in store.records(session.id, RECORD)]
