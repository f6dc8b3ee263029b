"""A learner's action is never undone by a refresh of older state (issue #15).

After a language switch the page refreshes every tab in ``.then`` events that run
beside the learner's own clicks. A drill refresh that read "no drill yet" just before
Start saved one, and finished just after it, used to put the empty picker back over
the new drill. Here the refresh is held right after its read (the library's lookup of
the latest drill is wrapped to wait), Start is pressed in that gap, and the page must
end on the drill's first stage.

Running one at a time is not enough: the browser applies results in the order they
arrive, and Gradio post-processes and sends a result after the handler returned. A
refresh that had let go of its learner's lock but was still being sent was overtaken
by Start's result, and its old picture landed last (a flake under load). So the
refresh is held in a second place too: while its drill prompt is post-processed, on
the way to the browser, after the handler returned."""

from __future__ import annotations

import threading
import time
from typing import Any

import gradio as gr
import pytest
from playwright.sync_api import expect

from coach.drills.run import KIND
from coach.ui import drills_tab
from tests.ui_harness import BROWSER_MARKS, RunningApp, open_page, switch_language

pytestmark = BROWSER_MARKS

GAP_S = 4.0  # how long Start is given to finish while the refresh is held


def _drills(app: RunningApp) -> int:
    return len(_store(app).list_sessions(kind=KIND, limit=50))


def _shown(page: Any) -> bool:
    """Start's drill is on the page (its first stage's prompt)."""
    return bool(page.locator("#drill-prompt", has_text="1/9").count())


def _store(app: RunningApp) -> Any:
    from coach.store import Store

    return Store.open(app.settings)


@pytest.mark.parametrize("held", ["reading", "sending"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_start_right_after_a_language_switch_keeps_the_new_drill(
    chromium: Any, app: RunningApp, monkeypatch: pytest.MonkeyPatch, lang: str, held: str
) -> None:
    page = open_page(chromium, app, tab="drills", locale="en-US" if lang == "zh" else "zh-CN")
    expect(page.locator("#drill-start")).to_be_visible()
    page.wait_for_timeout(1000)  # the load's own refreshes are done with
    read, holding, release, answered = (threading.Event() for _ in range(4))
    latest = drills_tab._latest

    def hold() -> None:
        holding.set()
        release.wait(timeout=60)
        answered.set()

    def noted_after_reading(tab_page: Any, owner: str) -> Any:
        found = latest(tab_page, owner)
        if not read.is_set():  # the first refresh after the switch only
            read.set()
            if held == "reading":
                hold()
        return found

    monkeypatch.setattr(drills_tab, "_latest", noted_after_reading)
    if held == "sending":
        postprocess = gr.Markdown.postprocess

        def held_on_the_way(block: Any, value: Any) -> Any:
            # The refresh's drill prompt (its first one after the read), not Start's.
            if block.elem_id == "drill-prompt" and read.is_set() and not holding.is_set():
                hold()
            return postprocess(block, value)

        monkeypatch.setattr(gr.Markdown, "postprocess", held_on_the_way)
    before = _drills(app)
    switch_language(page, lang)
    assert holding.wait(timeout=60), "the drill refresh did not run after the switch"
    page.locator("#drill-start").click()
    # Give Start its chance to save and show its drill while the refresh is held
    # (it cannot while the refresh has the learner's turn, which is the fix).
    deadline = time.monotonic() + GAP_S
    while not _shown(page) and time.monotonic() < deadline:
        time.sleep(0.1)
    release.set()
    assert answered.wait(timeout=60)
    expect(page.locator("#drill-prompt")).to_contain_text("1/9")
    page.wait_for_timeout(2000)  # anything still on its way has arrived
    expect(page.locator("#drill-prompt")).to_contain_text("1/9")
    expect(page.locator("#drill-answer textarea")).to_be_visible()
    assert _drills(app) == before + 1
    page.context.close()
