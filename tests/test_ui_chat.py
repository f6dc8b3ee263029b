"""Browser tests: the page shell (status area, language switch, layouts) and the Chat
tab, offline, against a copy of the bundled corpus index."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from coach.settings import Settings
from tests.ui_harness import (
    BROWSER_MARKS,
    PHONE,
    RunningApp,
    chromium,
    home_with_corpus,
    open_page,
    open_tab,
    running_app,
    shoot,
    switch_language,
    wait_ready,
)

pytestmark = BROWSER_MARKS
__all__ = ["chromium"]

HAN = re.compile(r"[\u4e00-\u9fff]")
QUESTION_ZH = "AI 产品经理如何评估模型效果？"
# English labels that must be gone in Chinese, including Gradio's own widget texts.
ENGLISH_LABELS = (
    "Send",
    "New chat",
    "Interface language",
    "Offline mode",
    "Add articles",
    "Start the",
    "Critique",
    "Upload",
    "Drill",
    "Export",
    "Refresh",
    "Drop File Here",
    "Click to Upload",
)


@pytest.fixture(scope="module")
def app(corpus_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    home = home_with_corpus(corpus_home, tmp_path_factory.mktemp("ui-chat") / "home")
    with running_app(Settings(home=home)) as running:
        yield running


def ask(page: Any, question: str) -> None:
    page.locator("#chat-question textarea").fill(question)
    page.locator("#chat-send").click()


def chat_log(page: Any) -> Any:
    return page.locator("#chat-log")


def test_status_area_says_offline_and_counts_the_corpus(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "zh")
    expect(page.locator("#status-backend")).to_contain_text("离线模式")
    expect(page.locator("#status-backend")).to_contain_text("OPENAI_API_KEY")
    expect(page.locator("#status-corpus")).to_contain_text(re.compile(r"\d+ 篇文章，\d+ 个片段"))
    switch_language(page, "en")
    expect(page.locator("#status-backend")).to_contain_text("Offline mode")
    expect(page.locator("#status-corpus")).to_contain_text(
        re.compile(r"\d+ articles, \d+ passages")
    )
    assert app.outside == []
    page.context.close()


def test_offline_chat_cites_expandable_sources_and_survives_reload(
    chromium: Any, app: RunningApp
) -> None:
    page = open_page(chromium, app)
    switch_language(page, "zh")
    ask(page, QUESTION_ZH)
    log = chat_log(page)
    expect(log).to_contain_text("原样引用", timeout=90_000)
    # Each cited source is a collapsed block titled "[n] title"; opening it shows the file.
    source = log.get_by_role("button", name=re.compile(r"^\[1\] ")).first
    expect(source).to_be_visible()
    expect(log).not_to_contain_text("◆")
    source.click()
    expect(log.get_by_text("◆").first).to_contain_text(re.compile(r"\.(txt|md|html)"))
    shoot(page, "chat-laptop-zh")
    # The conversation so far downloads as Markdown, with the passages it cited.
    with page.expect_download() as download:
        page.locator("#chat-download").click()
    exported = Path(download.value.path()).read_text("utf-8")
    assert exported.startswith("# 问答记录")
    assert f"## 问：{QUESTION_ZH}" in exported
    assert "*引用的原文*" in exported
    assert re.search(r"`\d{3}_\w+\.txt", exported)

    page.reload()
    wait_ready(page)
    expect(chat_log(page)).to_contain_text(QUESTION_ZH)
    expect(chat_log(page)).to_contain_text("原样引用")
    expect(chat_log(page).get_by_role("button", name=re.compile(r"^\[1\] ")).first).to_be_visible()

    page.locator("#chat-new").click()
    expect(chat_log(page)).not_to_contain_text(QUESTION_ZH)
    expect(page.locator("#chat-download")).to_be_hidden()
    assert app.outside == []
    page.context.close()


def test_empty_question_shows_a_notice(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    page.locator("#chat-send").click()
    expect(page.locator("#chat-notice")).to_contain_text("Type a question first")
    page.context.close()


def test_language_switch_changes_every_label(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    expect(page.locator("#chat-send")).to_have_text("Send")
    expect(page.locator("#status-backend")).to_contain_text("Offline mode")
    shoot(page, "shell-laptop-en")
    # Apart from the "中文" choices themselves, no Chinese is left on any tab.
    for name in ("Chat", "Interview", "PRD review", "Drills", "Progress"):
        open_tab(page, name)
        page.wait_for_timeout(500)
        visible = page.locator("body").inner_text().replace("中文", "")
        assert not HAN.findall(visible), (name, HAN.findall(visible)[:20])
    open_tab(page, "Chat")

    switch_language(page, "zh")
    expect(page.locator("#chat-send")).to_have_text("发送")
    expect(page.locator("#status-backend")).to_contain_text("离线模式")
    for name in ("问答", "模拟面试", "PRD 评审", "设计练习", "学习进度"):
        open_tab(page, name)
        page.wait_for_timeout(500)
        text = page.locator("body").inner_text()
        for english in ENGLISH_LABELS:
            assert english not in text, (name, english)
    open_tab(page, "问答")
    # The choice is remembered by this browser.
    page.reload()
    wait_ready(page)
    expect(page.locator("#chat-send")).to_have_text("发送")
    page.context.close()


def test_phone_width_fits_without_sideways_scrolling(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app, viewport=PHONE)
    switch_language(page, "zh")
    ask(page, QUESTION_ZH)
    expect(chat_log(page)).to_contain_text("原样引用", timeout=90_000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, width
    shoot(page, "chat-phone-zh")
    switch_language(page, "en")
    open_tab(page, "Progress")
    expect(page.locator("#progress-sessions")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shoot(page, "progress-phone-en")
    page.context.close()


def test_two_browsers_never_see_each_others_sessions(chromium: Any, app: RunningApp) -> None:
    first = open_page(chromium, app)
    second = open_page(chromium, app)
    switch_language(first, "en")
    switch_language(second, "en")
    ask(first, "How should an AI PM choose between precision and recall?")
    expect(chat_log(first)).to_contain_text("[1]", timeout=90_000)

    second.reload()
    wait_ready(second)
    expect(chat_log(second)).not_to_contain_text("precision and recall")
    open_tab(second, "Progress")
    expect(second.locator("#progress-empty")).to_contain_text("Nothing yet")

    open_tab(first, "Progress")
    expect(first.locator("#progress-sessions")).to_contain_text("precision and recall")
    first.context.close()
    second.context.close()
