"""Cassettes for eval cases: one vcrpy file per case, under the cassette policy the
tests use too (``evals/cassette_policy.py``: secrets scrubbed; requests match on
method, API path and JSON body), so a changed prompt never replays another prompt's
answer: it fails, naming the case to re-record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

from coach.errors import CoachError
from evals.cassette_policy import recorder

CASSETTES = Path(__file__).resolve().parent / "cassettes"
META = CASSETTES / "meta.json"


class MissingRecording(CoachError):
    exit_code = 2


@dataclass
class Recording:
    """What one cassette context wrote: ``written`` is False when the case made no
    model request while recording (its old cassette, if any, is left as it was)."""

    written: bool = False


@contextmanager
def cassette(case_id: str, *, record: bool) -> Iterator[Recording]:
    from vcr.errors import CannotOverwriteExistingCassetteException

    path = CASSETTES / f"{case_id}.yaml"
    # Recording writes a fresh file and swaps it in at the end: vcrpy's "all" mode
    # would otherwise keep every earlier interaction in the cassette forever, and an
    # interrupted recording leaves the old cassette as it was.
    target = path.with_name(f".{path.name}.recording") if record else path
    if record:
        target.unlink(missing_ok=True)
    outcome = Recording()
    try:
        with recorder("all" if record else "none").use_cassette(str(target)):
            yield outcome
        if record and target.exists():
            target.replace(path)
            outcome.written = True
    except CannotOverwriteExistingCassetteException as exc:
        raise MissingRecording(
            f"no recorded response matches case {case_id} (prompt or inputs changed?); "
            f"re-record it with `evals record --case {case_id}`"
        ) from exc


def load_meta() -> dict[str, Any] | None:
    if not META.exists():
        return None
    return dict(json.loads(META.read_text("utf-8")))


def save_meta(meta: dict[str, Any]) -> None:
    META.parent.mkdir(parents=True, exist_ok=True)
    META.write_text(json.dumps(meta, indent=2) + "\n", "utf-8")


def replay_base_url(base_url: str | None) -> str:
    """The recorded endpoint's path on a host that cannot be reached."""
    parsed = urlparse(base_url or "https://api.openai.com/v1")
    return urlunparse(parsed._replace(scheme="http", netloc="replay.invalid"))


def replay_model(meta: dict[str, Any]) -> Any:
    """The same chat model the recording used, pointed at nowhere: only cassettes answer.

    ``recorded_base_url`` only says whether a base URL was set (it changes the body
    LangChain sends); its host is never contacted.
    """
    from pydantic import SecretStr

    from coach.llm import chat_model
    from coach.settings import Settings

    settings = Settings(
        model=meta["model"],
        base_url=meta.get("recorded_base_url"),
        api_key=SecretStr("replay-only"),
        max_retries=0,
        request_timeout=5,
    )
    # Same request bodies as the recording; only the host differs.
    return chat_model(settings, temperature=0, base_url=meta["base_url"])
