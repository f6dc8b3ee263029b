"""One browser's history is its own (issue #18, item 6): the owner id a browser
presents must carry the server's signature. Sending another browser's id, unsigned or
signed with a key of one's own, reads nothing; the id the server issued reads all.

The handlers are the app's own (the Progress tab's history and the Interview tab's
restore, as the page calls them); the ``/config`` a client can fetch is checked to
hold no key that could sign an id."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest

from coach.settings import Settings
from coach.store import Store
from coach.ui import build_app
from coach.ui.state import OWNER_KEY_FILE, browser_secret, new_browser_id, owner_of

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def handler(demo: Any, module: str, name: str) -> Any:
    """The event function ``name`` defined in ``coach.ui.<module>``."""
    for block_fn in demo.fns.values():
        fn = block_fn.fn
        if fn is not None and fn.__module__ == f"coach.ui.{module}" and fn.__name__ == name:
            return fn
    raise AssertionError(f"no handler {name} in {module}")


@pytest.fixture
def app(tmp_path: Path) -> tuple[Any, Settings, str]:
    settings = Settings(home=tmp_path / "home")
    demo = build_app(settings)
    victim = new_browser_id(settings)
    owner = victim.split(".")[0]
    store = Store.open(settings)
    session = store.create_session("prd", title="Victim's private PRD", lang="en", owner=owner)
    store.update_session(session.id, status="finished", summary={"score": 41})
    return demo, settings, victim


def test_a_forged_owner_id_reads_no_history(app: tuple[Any, Settings, str]) -> None:
    demo, settings, victim = app
    owner = victim.split(".")[0]
    history = handler(demo, "progress_tab", "refresh")

    def table(browser: dict[str, str]) -> str:
        updates = history(browser)
        shown = next(
            v for k, v in updates.items() if getattr(k, "elem_id", "") == "progress-sessions"
        )
        return str(shown.get("value", "")) if shown.get("visible") else ""

    assert "Victim's private PRD" in table({"id": victim, "lang": "en"})
    mine = new_browser_id(settings).split(".")[1]  # a valid signature, of another id
    home_made = hmac.new(b"guessed", owner.encode(), hashlib.sha256).hexdigest()
    for forged in (owner, f"{owner}.{mine}", f"{owner}.{home_made}", f"{owner}.{'0' * 64}"):
        assert owner_of({"id": forged}) is None
        assert table({"id": forged, "lang": "en"}) == "", forged


def test_the_signing_key_is_not_in_the_config_a_client_reads(
    app: tuple[Any, Settings, str],
) -> None:
    demo, settings, _ = app
    config = json.dumps(demo.get_config_file(), default=str)
    key = (settings.home / OWNER_KEY_FILE).read_text("utf-8").strip()
    assert key
    assert key not in config
    # (The browser state's own encryption secret is published, which is why ids are signed.)
    assert browser_secret(settings) in config
