"""Fixtures for browser tests: Debian's Chromium driven by Playwright, and the web UI
served on 127.0.0.1 at a free port in this process (so recorded model responses
replay into it).

- ``chromium``: one headless browser for the whole test session, closed at its end.
- ``ui_home``: a fresh COACH_HOME per test module holding a copy of the shared,
  already-built corpus index.
- ``ui_settings``: the settings the module's app runs with; a module that needs a
  model (or a model that is down) overrides this fixture, and only this one.
- ``app``: the running app for the module, closed when the module is done.

Page actions (open a page, switch the language, take a screenshot) are plain
functions in ``tests/ui_harness.py``.
"""

from __future__ import annotations

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


@dataclass
class RunningApp:
    url: str
    settings: Settings
    demo: Any
    outside: list[str] = field(default_factory=list)  # requests that left 127.0.0.1


def home_with_corpus(corpus_home: Path, target: Path) -> Path:
    """A fresh COACH_HOME holding a copy of the shared, already-built corpus index."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(corpus_home / "index", target / "index")
    return target


@contextmanager
def running_app(settings: Settings) -> Iterator[RunningApp]:
    """The Gradio app on 127.0.0.1 at a free port, closed on the way out."""
    from coach.ui import build_app, launch_options

    settings = settings.model_copy(update={"host": "127.0.0.1", "port": free_port()})
    demo = build_app(settings)
    demo.queue(default_concurrency_limit=settings.ui_concurrency)
    demo.launch(**launch_options(settings), prevent_thread_lock=True, quiet=True)
    try:
        yield RunningApp(f"http://127.0.0.1:{settings.port}/", settings, demo)
    finally:
        demo.close()


class _SharedBrowser:
    """One Playwright and one Chromium per test session. Playwright's sync API cannot
    start twice in a thread, so a test module that still imports ``chromium`` under its
    own name (and so gets a second fixture of that name) shares this browser too."""

    playwright: Any = None
    browser: Any = None

    @classmethod
    def get(cls) -> Any:
        if cls.browser is None:
            from playwright.sync_api import sync_playwright

            cls.playwright = sync_playwright().start()
            cls.browser = cls.playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
        return cls.browser

    @classmethod
    def stop(cls) -> None:
        if cls.browser is not None:
            cls.browser.close()
            cls.playwright.stop()
        cls.browser = cls.playwright = None


@pytest.fixture(scope="session")
def chromium() -> Any:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (run `make browser-deps`)")
    return _SharedBrowser.get()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _SharedBrowser.stop()


@pytest.fixture(scope="module")
def ui_home(corpus_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return home_with_corpus(corpus_home, tmp_path_factory.mktemp("ui") / "home")


@pytest.fixture(scope="module")
def ui_settings(ui_home: Path) -> Settings:
    """Offline: no model configured."""
    return Settings(home=ui_home)


@pytest.fixture(scope="module")
def app(ui_settings: Settings) -> Iterator[RunningApp]:
    with running_app(ui_settings) as running:
        yield running
