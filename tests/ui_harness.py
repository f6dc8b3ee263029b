"""Page actions for browser tests: open the app in a fresh browser context, switch
the language, open a tab, take a screenshot (to tests/artifacts/, gitignored).

The fixtures (``chromium``, ``app``, ``ui_settings``, ``ui_home``) come from the
pytest plugin ``tests/plugins/browser.py``; its names are re-exported here for test
modules written before the plugin.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.plugins.browser import RunningApp, chromium, home_with_corpus, running_app

__all__ = ["RunningApp", "chromium", "home_with_corpus", "running_app"]

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
        re.compile("资料库|语料库|[Cc]orpus|Library"), timeout=SLOW_MS
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


def set_question_count(page: Any, count: int) -> None:
    """Type the interview's question count and wait until the slider holds it: the
    number box and the range share one value, so the range showing it means the page
    (and so the next Start) has it, not only the box's text."""
    from playwright.sync_api import expect

    box = page.locator("#iv-count input[type=number]")
    box.fill(str(count))
    box.press("Enter")
    expect(page.locator("#iv-count input[type=range]")).to_have_value(str(count))


# The words of every table cell under ``root`` whose characters do not all sit on one
# line. A word is a run of Latin letters or digits, a Chinese term of two to four Han
# characters set apart by a space or a symbol (the 评审 of "PRD 评审", the 完整 of
# "✓ 完整"), or a whole cell that is a Chinese label of up to eight characters; Chinese
# inside a sentence (between Chinese punctuation) may wrap between characters.
BROKEN_WORDS_JS = """
(root) => {
  const broken = [];
  const cells = root.querySelectorAll("th, td");
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const short = /^[\\u4e00-\\u9fff]{2,8}$/.test(cell.innerText.trim());
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      const han = "\\u4e00-\\u9fff";
      const cjk = "\\u3000-\\u303f" + han + "\\uff00-\\uffef";  // with Chinese punctuation
      const term = new RegExp(`(?<![${cjk}])[${han}]{2,4}(?![${cjk}])`, "g");
      const words = short ? [/[\\u4e00-\\u9fff]+/g] : [/[A-Za-z0-9]+/g, term];
      for (const pattern of words) {
        for (const match of text.matchAll(pattern)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(match[0]);
        }
      }
    }
  }
  return broken;
}
"""


def broken_words(page: Any, selector: str) -> list[str]:
    return list(page.locator(selector).evaluate(BROKEN_WORDS_JS))
