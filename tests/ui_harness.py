"""Running the web UI for browser tests: one app server per test module, on
127.0.0.1 at a free port in this process (so recorded model responses replay into
it), driven by Debian's Chromium through Playwright. Screenshots go to
tests/artifacts/.

Test modules import the fixtures they use from here.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from coach.settings import Settings
from evals.record_tests import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# Generous: the first event after start loads the embedding model and the index.
SLOW_MS = 90_000
EXPECT_MS = 30_000

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.block_network(allowed_hosts=["127.0.0.1"]),
    pytest.mark.timeout(600),
    # Gradio's own use of pandas, not ours.
    pytest.mark.filterwarnings("ignore:'future.no_silent_downcasting'"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The default formatting of datetime"),
    pytest.mark.filterwarnings("ignore:is_categorical_dtype is deprecated"),
]


def home_with_corpus(corpus_home: Path, target: Path) -> Path:
    """A fresh COACH_HOME holding a copy of the shared, already-built corpus index."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(corpus_home / "index", target / "index")
    return target


@dataclass
class RunningApp:
    url: str
    settings: Settings
    demo: Any
    outside: list[str] = field(default_factory=list)


@contextmanager
def running_app(settings: Settings) -> Iterator[RunningApp]:
    from coach.ui import build_app, launch_options

    settings = settings.model_copy(update={"host": "127.0.0.1", "port": free_port()})
    demo = build_app(settings)
    demo.queue(default_concurrency_limit=settings.ui_concurrency)
    demo.launch(**launch_options(settings), prevent_thread_lock=True, quiet=True)
    try:
        yield RunningApp(f"http://127.0.0.1:{settings.port}/", settings, demo)
    finally:
        demo.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (run `make browser-deps`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(
    browser: Any,
    app: RunningApp,
    viewport: dict[str, int] = LAPTOP,
    *,
    tab: str | None = "chat",
    locale: str = "en-US",
) -> Any:
    """A new browser context (its own localStorage) with the app loaded and ready, on
    the tab with id ``tab`` (the Chat tab, as the tests written before the Start tab
    expect; ``None`` stays on the first screen a new learner sees)."""
    from playwright.sync_api import expect

    # Scoring and retrieval take seconds on a busy CI machine; 5 s (the default) flakes.
    expect.set_options(timeout=EXPECT_MS)
    context = browser.new_context(viewport=viewport, locale=locale, accept_downloads=True)
    context.set_default_timeout(SLOW_MS)
    page = context.new_page()
    page.on("request", lambda r: _note_outside(app, r.url))
    page.goto(app.url)
    wait_ready(page)
    if tab is not None:
        from coach.ui.strings import t

        names = "|".join(re.escape(t(f"tab.{tab}", lang)) for lang in ("zh", "en"))
        tabs = page.locator("#coach-tabs").get_by_role("tab", name=re.compile(f"^({names})$"))
        tabs.click()
    return page


def wait_ready(page: Any) -> None:
    """Wait until the load event has run: the status line names the corpus."""
    from playwright.sync_api import expect

    expect(page.locator("#status-corpus")).to_contain_text(
        re.compile("语料库|[Cc]orpus"), timeout=SLOW_MS
    )


def _note_outside(app: RunningApp, url: str) -> None:
    if not url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
        app.outside.append(url)


def shoot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def switch_language(page: Any, lang: str) -> None:
    from playwright.sync_api import expect

    label = "中文" if lang == "zh" else "English"
    page.locator("#coach-language").get_by_label(label, exact=True).check()
    tab = "问答" if lang == "zh" else "Chat"
    expect(page.locator("#coach-tabs").get_by_role("tab", name=tab)).to_be_visible()


def open_tab(page: Any, name: str) -> None:
    page.locator("#coach-tabs").get_by_role("tab", name=name).click()
