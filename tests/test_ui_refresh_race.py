"""A learner's action is never undone by a refresh of older state (issue #15).

After a language switch the page refreshes every tab in ``.then`` events that run
beside the learner's own clicks. A drill refresh that read "no drill yet" just before
Start saved one, and finished just after it, used to put the empty picker back over
the new drill. Here the refresh is held right after its read (the library's lookup of
the latest drill is wrapped to wait), Start is pressed in that gap, and the page must
end on the drill's first stage."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from coach.drills.run import KIND
from coach.ui import drills_tab
from tests.ui_harness import BROWSER_MARKS, RunningApp, open_page, switch_language

pytestmark = BROWSER_MARKS

GAP_S = 4.0  # how long Start is given to finish while the refresh is held


def _drills(app: RunningApp) -> int:
    return len(_store(app).list_sessions(kind=KIND, limit=50))


def _store(app: RunningApp) -> Any:
    from coach.store import Store

    return Store.open(app.settings)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_start_right_after_a_language_switch_keeps_the_new_drill(
    chromium: Any, app: RunningApp, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    page = open_page(chromium, app, tab="drills", locale="en-US" if lang == "zh" else "zh-CN")
    expect(page.locator("#drill-start")).to_be_visible()
    page.wait_for_timeout(1000)  # the load's own refreshes are done with
    read, release, answered = threading.Event(), threading.Event(), threading.Event()
    latest = drills_tab._latest

    def held_after_reading(tab_page: Any, owner: str) -> Any:
        found = latest(tab_page, owner)
        if not read.is_set():  # the first refresh after the switch only
            read.set()
            release.wait(timeout=60)
            answered.set()
        return found

    monkeypatch.setattr(drills_tab, "_latest", held_after_reading)
    before = _drills(app)
    switch_language(page, lang)
    assert read.wait(timeout=60), "the drill refresh did not run after the switch"
    page.locator("#drill-start").click()
    # Give Start its chance to save and show its drill while the refresh is held
    # (it cannot while the refresh has the learner's turn, which is the fix).
    deadline = time.monotonic() + GAP_S
    while _drills(app) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    release.set()
    assert answered.wait(timeout=60)
    expect(page.locator("#drill-prompt")).to_contain_text("1/9")
    page.wait_for_timeout(2000)  # anything still on its way has arrived
    expect(page.locator("#drill-prompt")).to_contain_text("1/9")
    expect(page.locator("#drill-answer textarea")).to_be_visible()
    assert _drills(app) == before + 1
    page.context.close()
