"""Browser tests: the Interview, PRD review and Drills tabs offline, the Progress tab's
plot, weak areas and Markdown download, and an interview that survives a reload."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.conftest import DATA
from tests.ui_harness import (
    BROWSER_MARKS,
    PHONE,
    RunningApp,
    open_page,
    open_tab,
    set_question_count,
    shoot,
    switch_language,
    wait_ready,
)

pytestmark = BROWSER_MARKS

STRONG_ANSWER = (
    "I would start from the user problem and the business goal, then check whether AI is the "
    "right tool and what data we have. For a classifier I track precision and recall: in "
    "medical triage recall matters more, so I would set recall >= 95% at precision >= 80% "
    "on an offline test set of 10,000 labelled cases, then run an online A/B test on "
    "conversion and complaint rate. I plan a fallback to human review when confidence is "
    "below 0.7, monitor data drift weekly, and iterate with user feedback."
)


MOCK_ANSWER = (
    "我会先明确用户问题和业务目标，再判断是否适合用 AI 解决，并看看已有哪些数据。"
    "上线前用离线测试集评估效果，上线后看转化率。"
)


def start_interview(page: Any, *, count: int, mode: str = "Practice") -> None:
    open_tab(page, "Interview")
    set_question_count(page, count)
    page.locator("#iv-mode").get_by_label(mode, exact=True).check()
    page.locator("#iv-qlang").get_by_label("English", exact=True).check()
    page.locator("#iv-start").click()
    expect(page.locator("#iv-progress")).to_contain_text(f"Question 1 of {count}")


def test_practice_interview_with_hint_model_answer_reload_and_report(
    chromium: Any, app: RunningApp
) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    start_interview(page, count=2)
    question = page.locator("#iv-question").inner_text()
    expect(page.locator("#iv-timer")).to_contain_text(re.compile(r"00:0[1-9]"))

    page.locator("#iv-hint").click()
    expect(page.locator("#iv-extra")).to_contain_text("※")
    page.locator("#iv-model-answer").click()
    expect(page.locator("#iv-extra")).to_contain_text("◆")
    # The "×3" beside a model-answer point is explained where it shows.
    expect(page.locator("#iv-extra")).to_contain_text(re.compile(r"×\d"))
    expect(page.locator("#iv-extra")).to_contain_text("×N shows how much a point weighs")

    page.locator("#iv-answer textarea").fill(STRONG_ANSWER)
    page.locator("#iv-submit").click()
    expect(page.locator("#iv-progress")).to_contain_text("Question 2 of 2")
    expect(page.locator("#iv-feedback")).to_contain_text("Feedback on question 1")
    shoot(page, "interview-laptop-en")

    # Mid-interview reload: the same question 2 and the feedback on question 1 are back.
    second = page.locator("#iv-question").inner_text()
    assert second != question
    page.locator("#iv-answer textarea").fill("a half-written answer")
    page.reload()
    wait_ready(page)
    open_tab(page, "Interview")
    expect(page.locator("#iv-progress")).to_contain_text("Question 2 of 2")
    expect(page.locator("#iv-question")).to_have_text(second)
    expect(page.locator("#iv-feedback")).to_contain_text("Feedback on question 1")

    page.locator("#iv-answer textarea").fill("I don't know.")
    page.locator("#iv-submit").click()
    expect(page.locator("#iv-report-head")).to_contain_text("Interview report")
    expect(page.locator("#iv-profile")).to_be_visible()
    for dimension in ("AI appropriateness", "structure"):
        assert_drawn_inside(page, "#iv-profile", dimension)
    with page.expect_download() as download:
        page.locator("#iv-download").click()
    assert "Interview report" in Path(download.value.path()).read_text("utf-8")
    shoot(page, "interview-report-laptop-en")
    page.context.close()


def test_mock_interview_holds_feedback_and_asks_a_follow_up(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app, viewport=PHONE)
    switch_language(page, "zh")
    open_tab(page, "模拟面试")
    set_question_count(page, 1)
    page.locator("#iv-mode").get_by_label("模拟面试", exact=True).check()
    page.locator("#iv-qlang").get_by_label("中文", exact=True).check()
    page.locator("#iv-start").click()
    expect(page.locator("#iv-progress")).to_contain_text("第 1/1 题")
    expect(page.locator("#iv-hint")).to_be_hidden()
    page.locator("#iv-answer textarea").fill(MOCK_ANSWER)
    page.locator("#iv-submit").click()
    # The question is drawn at random; the library asks a follow-up when the answer
    # missed a key point it can probe, else the interview ends at once.
    followup = page.locator("#iv-progress").filter(has_text="追问")
    report = page.locator("#iv-report-head").filter(has_text="面试报告")
    expect(followup.or_(report)).to_be_visible()
    if followup.is_visible():
        expect(page.locator("#iv-feedback")).to_contain_text("反馈在结束后给出")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        shoot(page, "interview-mock-phone-zh")
        page.locator("#iv-end").click()
        page.locator("#iv-confirm-yes").click()
    expect(report).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.context.close()


def test_prd_review_paste_then_revision_and_bad_upload(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "zh")
    open_tab(page, "PRD 评审")
    page.locator("#prd-text textarea").fill((DATA / "prd" / "zh_mediocre.md").read_text("utf-8"))
    page.locator("#prd-run").click()
    expect(page.locator("#prd-score")).to_contain_text(re.compile(r"得分：\d+/100"))
    expect(page.locator("#prd-sections")).to_contain_text("章节")
    expect(page.locator("#prd-sections")).to_contain_text(re.compile("完整|薄弱|缺失"))
    expect(page.locator("#prd-issues")).to_contain_text(re.compile("▲|■|●"))
    shoot(page, "prd-laptop-zh")

    revised = (DATA / "prd" / "zh_mediocre_v2.md").read_text("utf-8")
    page.locator("#prd-text textarea").fill(revised)
    page.locator("#prd-run").click()
    expect(page.locator("#prd-revision")).to_contain_text("与上一版")
    expect(page.locator("#prd-score")).to_contain_text("v2")

    # A binary file is refused with a notice; the critique on screen stays.
    with page.expect_file_chooser() as chooser:
        page.locator("#prd-upload").click()
    chooser.value.set_files(
        files=[{"name": "broken.md", "mimeType": "text/markdown", "buffer": bytes(range(256)) * 8}]
    )
    expect(page.locator("#prd-notice")).to_be_visible()
    expect(page.locator("#prd-score")).to_contain_text("v2")

    # A PRD saved from a wiki page as PDF is read and critiqued like any other.
    with page.expect_file_chooser() as chooser:
        page.locator("#prd-upload").click()
    chooser.value.set_files(str(DATA / "prd" / "zh_plant_app.pdf"))
    expect(page.locator("#prd-score")).to_contain_text("拍照识植物", timeout=60_000)
    expect(page.locator("#prd-score")).to_contain_text(re.compile(r"得分：\d+/100"))
    page.context.close()


def test_drill_stepper_goes_back_and_ends_with_a_scorecard(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    open_tab(page, "Drills")
    expect(page.locator("#drill-suggestion")).to_contain_text("Suggested")
    page.locator("#drill-start").click()
    expect(page.locator("#drill-prompt")).to_contain_text("1/9")
    page.locator("#drill-hint").click()
    expect(page.locator("#drill-extra")).to_contain_text("※")

    for n in range(1, 10):
        expect(page.locator("#drill-prompt")).to_contain_text(f"{n}/9")
        page.locator("#drill-answer textarea").fill(STRONG_ANSWER)
        page.locator("#drill-submit").click()
        expect(page.locator("#drill-feedback")).to_contain_text("/100")
        if n == 2:
            # Back to stage 1: its answer comes back for editing, then on again.
            page.locator("#drill-stepper").get_by_text(re.compile(r"^✓ 1\.")).click()
            expect(page.locator("#drill-prompt")).to_contain_text("1/9")
            expect(page.locator("#drill-answer textarea")).to_have_value(STRONG_ANSWER)
            page.locator("#drill-answer textarea").fill(STRONG_ANSWER + " Updated.")
            page.locator("#drill-submit").click()
            expect(page.locator("#drill-prompt")).to_contain_text("3/9")
            shoot(page, "drill-laptop-en")
            page.locator("#drill-answer textarea").fill(STRONG_ANSWER)
            page.locator("#drill-submit").click()
            expect(page.locator("#drill-prompt")).to_contain_text("4/9")
            break
    for n in range(4, 10):
        expect(page.locator("#drill-prompt")).to_contain_text(f"{n}/9")
        page.locator("#drill-answer textarea").fill(STRONG_ANSWER)
        page.locator("#drill-submit").click()
    page.locator("#drill-finish").click()
    expect(page.locator("#drill-card")).to_contain_text("/100")
    shoot(page, "drill-scorecard-laptop-en")
    page.context.close()


def assert_drawn_inside(page: Any, plot: str, label: str) -> None:
    """``label`` is a text of the plot's SVG and lies wholly inside the plot's box."""
    text = page.locator(f"{plot} svg text", has_text=label).first
    expect(text).to_be_visible()
    inner, outer = text.bounding_box(), page.locator(plot).bounding_box()
    assert inner
    assert outer
    assert inner["y"] + inner["height"] <= outer["y"] + outer["height"], (label, inner, outer)
    assert inner["x"] + inner["width"] <= outer["x"] + outer["width"], (label, inner, outer)


def test_progress_plots_scores_and_downloads_markdown(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    open_tab(page, "PRD review")
    page.locator("#prd-text textarea").fill((DATA / "prd" / "en_mediocre.md").read_text("utf-8"))
    page.locator("#prd-run").click()
    expect(page.locator("#prd-score")).to_contain_text("Score:")
    start_interview(page, count=1)
    page.locator("#iv-answer textarea").fill("no idea")
    page.locator("#iv-submit").click()
    expect(page.locator("#iv-report")).to_be_visible()

    open_tab(page, "Progress")
    expect(page.locator("#progress-sessions")).to_contain_text("PRD review")
    expect(page.locator("#progress-sessions")).to_contain_text("Interview")
    expect(page.locator("#progress-plot")).to_be_visible()
    # The legend names each kind, inside the plot's box rather than cut off below it.
    for kind in ("PRD review", "Interview"):
        assert_drawn_inside(page, "#progress-plot", kind)
    expect(page.locator("#progress-weak")).to_contain_text("Weak areas")
    page.locator("#progress-pick input").click()
    page.get_by_role("option", name=re.compile("^PRD review")).click()
    page.locator("#progress-export").click()
    expect(page.locator("#progress-download")).to_be_visible()
    with page.expect_download() as download:
        page.locator("#progress-download").click()
    assert "PRD critique" in Path(download.value.path()).read_text("utf-8")
    shoot(page, "progress-laptop-en")
    page.context.close()
