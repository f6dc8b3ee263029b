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
QUESTION_ZH = "美国AI产品经理的平均年薪是多少？"
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
    expect(page.locator("#status-corpus")).to_contain_text(
        re.compile(r"\d+ 篇文章和 \d+ 篇 AIPM Coach 笔记.*\d+ 个片段")
    )
    switch_language(page, "en")
    expect(page.locator("#status-backend")).to_contain_text("Offline mode")
    expect(page.locator("#status-corpus")).to_contain_text(
        re.compile(r"\d+ articles and \d+ AIPM Coach notes.*\d+ passages")
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
    # Sources are named by title and section; file names stay in the export.
    expect(log).to_contain_text(re.compile(r"\[1\] \S"))
    expect(log).not_to_contain_text(re.compile(r"\d{3}_[0-9a-f]{16}\.txt"))
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

    page.locator("#chat-new").click()
    expect(chat_log(page)).not_to_contain_text(QUESTION_ZH)
    expect(page.locator("#chat-download")).to_be_hidden()
    assert app.outside == []
    page.context.close()


def test_each_passage_is_shown_once_with_related_reading_apart(
    chromium: Any, app: RunningApp
) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    ask(page, "How can I use the KANO model to prioritize features?")
    log = chat_log(page)
    expect(log).to_contain_text("Offline mode", timeout=90_000)
    # Open every collapsed source block, then no passage text may appear twice.
    for block in log.get_by_role("button", name=re.compile(r"^(\[\d+\])+ ")).all():
        block.click()
    page.wait_for_timeout(500)
    text = log.inner_text()
    quotes = [line[2:62] for line in text.splitlines() if line.startswith("> ")]
    quotes += [
        line[:60] for line in text.splitlines() if len(line) > 80 and not line.startswith("[")
    ]
    assert quotes
    for quote in quotes:
        assert text.count(quote) == 1, quote
    assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", text)
    page.context.close()


def test_enter_sends_and_shift_enter_adds_a_line(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    box = page.locator("#chat-question textarea")
    box.fill("What does an AI product manager do?")
    box.press("Shift+Enter")
    assert "\n" in box.input_value()
    box.fill("What does an AI product manager do?")
    box.press("Enter")
    expect(chat_log(page)).to_contain_text("What does an AI product manager do?", timeout=90_000)
    expect(box).to_have_value("")
    page.context.close()


def test_input_and_examples_are_above_the_fold_on_a_laptop(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app, viewport={"width": 1366, "height": 850})
    switch_language(page, "en")
    for selector in ("#chat-question textarea", "#chat-send"):
        box = page.locator(selector).bounding_box()
        assert box is not None, selector
        assert box["y"] + box["height"] <= 850, (selector, box)
    examples = page.locator(".chat-example")
    assert 3 <= examples.count() <= 4
    examples.first.click()
    expect(chat_log(page)).to_contain_text("Offline mode", timeout=90_000)
    page.context.close()


def test_a_code_switched_question_is_declined_naming_what_is_covered(
    chromium: Any, app: RunningApp
) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    ask(page, "how do I cook 红烧肉")
    log = chat_log(page)
    expect(log).to_contain_text("does not cover this question", timeout=90_000)
    expect(log).to_contain_text("Closest to your question, the library covers")
    expect(log).not_to_contain_text("quoted as written")
    page.context.close()


def test_an_uncovered_neighbouring_topic_is_declined(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "zh")
    ask(page, "快速排序的时间复杂度是多少？")
    log = chat_log(page)
    expect(log).to_contain_text("资料库没有覆盖这个问题", timeout=90_000)
    expect(log).to_contain_text("与你的问题最接近")
    page.context.close()


def test_an_uploaded_english_article_is_found_from_a_chinese_question(
    chromium: Any, app: RunningApp
) -> None:
    article = Path(__file__).parent / "data" / "uploads" / "recommender-evaluation.en.md"
    question = "推荐系统上线做A/B测试时，除了点击率还要盯哪些护栏指标？"
    page = open_page(chromium, app)
    switch_language(page, "zh")
    page.locator("#status-add").get_by_text("添加文章").click()
    with page.expect_file_chooser() as chooser:
        page.locator("#status-upload").click()
    chooser.value.set_files(str(article))
    expect(page.locator("#status-ingest")).to_contain_text("已导入", timeout=120_000)
    ask(page, question)
    log = chat_log(page)
    expect(log).to_contain_text("Judging a recommender model", timeout=90_000)
    # Another learner's browser never sees it.
    other = open_page(chromium, app)
    switch_language(other, "zh")
    ask(other, question)
    expect(chat_log(other)).to_contain_text("离线模式", timeout=90_000)
    expect(chat_log(other)).not_to_contain_text("Judging a recommender model")
    page.context.close()
    other.context.close()


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
