"""Browser tests for the phone layout (issue #15): on a 390×844 screen no table
breaks a word across lines ("Stat/us", "得/分"), and the PRD checklist, the drill
scorecard and the past-sessions table fit the width without sideways scrolling.

A word is what ``tests.ui_harness.broken_words`` says: Latin letters or digits, a
short Chinese term (the 完整 of "✓ 完整"), or a whole cell that is a Chinese label
(得分, 不予评分, 目标与成功指标); a long Chinese sentence may wrap between
characters, as Chinese text does."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import DATA
from tests.ui_harness import (
    BROWSER_MARKS,
    PHONE,
    RunningApp,
    broken_words,
    open_page,
    shoot,
    switch_language,
)

pytestmark = BROWSER_MARKS


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_prd_checklist_keeps_words_whole_on_a_phone(
    chromium: Any, app: RunningApp, lang: str
) -> None:
    page = open_page(chromium, app, PHONE, tab="prd")
    switch_language(page, lang)
    name = "en_mediocre.md" if lang == "en" else "zh_mediocre.md"
    page.locator("#prd-text textarea").fill((DATA / "prd" / name).read_text("utf-8"))
    page.locator("#prd-run").click()
    expect(page.locator("#prd-sections table")).to_be_visible()
    headers = page.locator("#prd-sections th").all_inner_texts()
    assert headers, "no checklist table"
    shoot(page, f"screen-prd-checklist-phone-{lang}")
    assert broken_words(page, "#prd-sections") == []
    assert fits(page)
    page.context.close()


def test_drill_scorecard_keeps_words_whole_on_a_phone(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app, PHONE, tab="drills")
    switch_language(page, "zh")
    page.locator("#drill-start").click()
    expect(page.locator("#drill-prompt")).to_contain_text("1/9")
    page.locator("#drill-answer textarea").fill("先明确目标：半年内把每周识别次数提升 20%。")
    page.locator("#drill-submit").click()
    expect(page.locator("#drill-prompt")).to_contain_text("2/9")
    page.locator("#drill-finish").click()
    page.locator("#drill-finish-now").click()
    expect(page.locator("#drill-card table").first).to_be_visible()
    assert broken_words(page, "#drill-card") == []
    assert fits(page)
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_first_screen_shows_start_an_interview_above_the_fold_on_a_phone(
    chromium: Any, app: RunningApp, lang: str
) -> None:
    page = open_page(chromium, app, PHONE, tab=None, locale="zh-CN" if lang == "zh" else "en-US")
    button = page.locator("#home-interview")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box
    assert box["y"] + box["height"] <= PHONE["height"], box
    page.context.close()
