"""Browser test (#15): a drill with stages left can be finished now. "Finish" names
the stages left and offers "Finish now with N of 9 stages"; the scorecard then
scores only the stages answered and names the others, in the UI language."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.ui_harness import (
    BROWSER_MARKS,
    RunningApp,
    open_page,
    open_tab,
    shoot,
    switch_language,
)

pytestmark = BROWSER_MARKS

HAN = re.compile(r"[\u4e00-\u9fff]")
ANSWER = (
    "The goal is to cut the time a support agent spends per ticket by 30% within a quarter, "
    "without lowering customer satisfaction; success is measured as handle time and CSAT, "
    "and the scope is the email channel first, with a human reviewing every AI draft."
)


def test_finish_now_with_the_stages_answered(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    open_tab(page, "Drills")
    page.locator("#drill-start").click()
    finish_now = page.locator("#drill-finish-now")
    notice = page.locator("#drill-notice")

    page.locator("#drill-finish").click()  # nothing answered yet: no way to finish
    expect(notice).to_contain_text("No stage has an answer yet")
    expect(finish_now).to_be_hidden()

    for n in (2, 3):
        page.locator("#drill-answer textarea").fill(ANSWER)
        page.locator("#drill-submit").click()
        expect(page.locator("#drill-prompt")).to_contain_text(f"{n}/9")
    page.locator("#drill-finish").click()
    expect(notice).to_contain_text("7 stages have no answer yet")
    expect(notice).to_contain_text("3. Pain points")
    expect(notice).to_contain_text("9. Recap")
    expect(finish_now).to_have_text("Finish now with 2 of 9 stages")

    finish_now.click()
    card = page.locator("#drill-card")
    expect(card).to_contain_text("Finished early with 2 of 9 stages")
    expect(card).to_contain_text("Pain points")
    expect(card).to_contain_text("(not answered)")
    expect(page.locator("#drill-run")).to_be_hidden()
    text = card.inner_text()
    assert "incomplete" in text
    assert not re.search(r"Pain points\s+0\b", text), text  # never a score it did not earn
    shoot(page, "drill-finished-early-en")

    switch_language(page, "zh")
    expect(card).to_contain_text("提前结束，完成了 2/9 个阶段")
    expect(card).to_contain_text("痛点")
    page.context.close()


def test_finish_now_in_chinese(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app, locale="zh-CN")
    switch_language(page, "zh")
    open_tab(page, "设计练习")
    page.locator("#drill-start").click()
    page.locator("#drill-answer textarea").fill("目标是在一个季度内把客服处理单量时间降低30%。")
    page.locator("#drill-submit").click()
    expect(page.locator("#drill-prompt")).to_contain_text("2/9")
    page.locator("#drill-finish").click()
    notice = page.locator("#drill-notice")
    expect(notice).to_contain_text("还有 8 步没有回答")
    expect(notice).to_contain_text("2. 用户与场景")
    finish_now = page.locator("#drill-finish-now")
    expect(finish_now).to_have_text("现在结束（已完成 1/9 个阶段）")
    finish_now.click()
    expect(page.locator("#drill-card")).to_contain_text("提前结束，完成了 1/9 个阶段")
    shoot(page, "drill-finished-early-zh")
    page.context.close()
