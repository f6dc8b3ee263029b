"""The PRD actions a person can take, one call each, shared by the CLI and the web UI:
review a document (critique, save, compare with the last version), find the latest
saved review, export a saved PRD session. The adapters only parse and print."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from coach.errors import BadInput, ServiceUnavailable
from coach.prd.checklist import say
from coach.prd.critique import Reviewer, critique
from coach.prd.export import render_session
from coach.prd.history import KIND, RECORD, save, versions
from coach.prd.sections import Classifier
from coach.reading import printable_name

if TYPE_CHECKING:
    from coach.prd.citations import Citer
    from coach.prd.document import PrdDocument
    from coach.retrieval import Retriever
    from coach.settings import Settings
    from coach.store import Store

Notify = Callable[[str], None]


@dataclass(frozen=True)
class Reviewed:
    session_id: str
    version: int
    payload: dict[str, Any]  # the saved record: version, critique, revision, text…

    @property
    def critique(self) -> dict[str, Any]:
        return dict(self.payload["critique"])

    @property
    def revision(self) -> dict[str, Any] | None:
        revision = self.payload.get("revision")
        return dict(revision) if revision else None


def review(
    doc: PrdDocument,
    store: Store,
    settings: Settings,
    *,
    citer: Citer | None,
    lang: str | None = None,
    owner: str = "",
    session_id: str | None = None,
    link: bool = True,
    classify: Classifier | None = None,
    reviewers: Sequence[Reviewer] | None = None,
    notify: Notify | None = None,
) -> Reviewed:
    """Critique ``doc`` (with the configured model's reviewers unless given), note a
    missing corpus index, save it as the next version of its PRD session and return
    the saved record."""
    if classify is None:
        from coach.prd.meaning import classify_headings

        classify = classify_headings
    if reviewers is None:
        from coach.prd.reviewers import model_reviewers

        reviewers = model_reviewers(settings)
    # A file name with bytes that are not UTF-8 reaches here as lone surrogates, which
    # SQLite cannot store; the critique is saved under the name with U+FFFD instead.
    doc = replace(doc, name=printable_name(doc.name), title=printable_name(doc.title))
    lang = lang or doc.lang
    if reviewers and notify is not None:
        notify(say(lang, "report_asking"))
    result = critique(doc, lang=lang, citer=citer, classify=classify, reviewers=reviewers)
    if citer is None:
        result.notes.append(say(lang, "report_no_index"))
    saved = save(store, doc, result, session_id=session_id, link=link, owner=owner)
    record = store.records(saved.session.id, RECORD)[-1].payload
    return Reviewed(saved.session.id, saved.version, record)


def latest(store: Store, owner: str) -> dict[str, Any] | None:
    """The newest saved review among ``owner``'s PRD sessions, or None."""
    sessions = store.list_sessions(kind=KIND, owner=owner, limit=1)
    records = store.records(sessions[0].id, RECORD) if sessions else []
    return records[-1].payload if records else None


def export_session(store: Store, session_id: str) -> str:
    """Every saved version of one PRD session as Markdown."""
    session, payloads = versions(store, session_id)
    if not payloads:
        raise BadInput(f"the PRD session {session.id} has no critique yet")
    return render_session(session.title, payloads[-1]["critique"]["lang"], payloads)


def corpus_citer(
    settings: Settings, notify: Notify, retriever: Callable[[], Retriever] | None = None
) -> Citer | None:
    """Citations from the corpus index (built on first use, unless ``retriever`` gives
    one to share, as the web UI does); None, with a note, when it is down."""
    from coach.index import ChunkIndex
    from coach.prd.citations import CorpusCiter
    from coach.retrieval import Retriever, ensure_index

    try:
        if retriever is not None:
            return CorpusCiter(retriever())
        index = ChunkIndex(settings)
        ensure_index(settings, index, notify=notify)
        return CorpusCiter(Retriever(settings, index))
    except ServiceUnavailable as exc:
        notify(f"coach: citations skipped: {exc}")
        return None
