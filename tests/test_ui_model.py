"""Browser test: the Chat tab with a model configured, replaying a recorded response
(tests/cassettes/test_ui_model/; re-record with
``uv run --group record python -m evals.record_tests tests/test_ui_model.py``).

The app runs in this process, so the cassette that pytest-recording activates for
the test answers the app's request to the model."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pydantic import SecretStr

from coach.settings import Settings
from coach.store import Store
from tests.plugins.llm import CHAT_BUDGETS, _record_target
from tests.ui_harness import (
    BROWSER_MARKS,
    RunningApp,
    open_page,
    shoot,
    switch_language,
)

pytestmark = [*BROWSER_MARKS, pytest.mark.vcr]


@pytest.fixture(scope="module")
def ui_settings(ui_home: Path) -> Settings:
    """The same model settings as the other cassette tests (small budgets, no retries)."""
    base_url, model, key = _record_target()
    budgets = {name.removeprefix("COACH_").lower(): value for name, value in CHAT_BUDGETS.items()}
    return Settings(home=ui_home, **budgets).model_copy(  # type: ignore[arg-type]
        update={
            "base_url": base_url,
            "model": model,
            "api_key": SecretStr(key),
            "max_retries": 0,
            "request_timeout": float(os.environ.get("COACH_RECORD_TIMEOUT", "30")),
        }
    )


def test_chat_streams_a_recorded_model_answer(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    expect(page.locator("#status-backend")).to_contain_text("Chat model:")
    page.locator("#chat-question textarea").fill("What does an AI product manager do?")
    page.locator("#chat-send").click()
    log = page.locator("#chat-log")
    store = Store.open(app.settings)
    for _ in range(240):  # the answer is saved once the stream has ended
        if store.records_of_kind("answer"):
            break
        page.wait_for_timeout(500)
    answer = store.records_of_kind("answer")[0].payload
    assert answer["mode"] == "llm"
    assert answer["text"].strip()
    first_line = answer["text"].strip().splitlines()[0]
    expect(log).to_contain_text(re.sub(r"^[\s\-*#>\d.]+", "", first_line)[:20])
    expect(page.locator("#chat-notice")).to_be_hidden()
    # A generated answer, not the offline quotes.
    expect(log).not_to_contain_text("quoted as written")
    shoot(page, "chat-model-laptop-en")
    page.context.close()
