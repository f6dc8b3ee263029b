"""A learner's progress across modes: each saved session's 0-100 result, and the
language they last worked in. One place, read by ``coach history``, ``coach drill
history``/``next`` and the web UI's Progress tab, so they cannot disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.language import Language
    from coach.store import Session, Store


def score_keys() -> dict[str, str]:
    """Where each kind's summary keeps its 0-100 result, by the kind its module names:
    an interview's summary is ``coach.interview.report.summarise``'s, a drill's
    ``Scorecard.summary``'s, a PRD critique's its score."""
    from coach.drills.run import KIND as DRILL
    from coach.interview import KIND as INTERVIEW
    from coach.prd.history import KIND as PRD

    return {INTERVIEW: "average", DRILL: "overall", PRD: "score"}


def session_score(store: Store, session: Session) -> float | None:
    """The session's 0-100 result: its stored summary's, or for an interview still in
    progress its average so far (none for a mock interview, which holds its scores
    until the end); None for a session with no result yet."""
    from coach.interview import KIND as INTERVIEW
    from coach.interview.report import shown_average

    found = session.summary.get(score_keys().get(session.kind, ""))
    value = found if isinstance(found, int | float) and not isinstance(found, bool) else None
    if value is None and session.kind == INTERVIEW and session.status != "finished":
        value = shown_average(store, session)
    return None if value is None else float(value)


def session_scores(store: Store, sessions: list[Session]) -> dict[str, float | None]:
    return {session.id: session_score(store, session) for session in sessions}


def last_language(store: Store, owner: str | None = None) -> Language:
    """The language of the learner's most recent session (Chinese when there is none)."""
    recent = store.list_sessions(limit=1, owner=owner)
    return "en" if recent and recent[0].lang == "en" else "zh"
