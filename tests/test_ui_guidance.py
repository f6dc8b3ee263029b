"""Browser tests for a learner's first hour (issue #15): the first screen points to
Interview and Drills, defaults follow the UI language, nothing the learner did
disappears (feedback across Hint, a language switch and a reload; the draft; the
open tab), "practise next" is clickable, an interview ended before any answer makes
no empty report, notices speak one language, and the Progress chart survives a
language switch and fits a phone."""

from __future__ import annotations

import itertools
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from coach.store import Store
from tests.conftest import DATA
from tests.ui_harness import (
    BROWSER_MARKS,
    PHONE,
    RunningApp,
    broken_words,
    open_page,
    open_tab,
    set_question_count,
    shoot,
    switch_language,
    wait_ready,
)

pytestmark = BROWSER_MARKS

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]+")


def latin_words(text: str, *names: str) -> list[str]:
    """English words in a Chinese text, leaving out file names and the acronyms AI, PRD."""
    for name in names:
        text = text.replace(name, "")
    return [w for w in LATIN.findall(text) if w not in ("AI", "PRD")]


STRONG_ANSWER = (
    "I would start from the user problem and the business goal, then check whether AI is the "
    "right tool and what data we have. For a classifier I track precision and recall: in "
    "medical triage recall matters more, so I would set recall >= 95% at precision >= 80% "
    "on an offline test set of 10,000 labelled cases, then run an online A/B test on "
    "conversion and complaint rate. I plan a fallback to human review when confidence is "
    "below 0.7, monitor data drift weekly, and iterate with user feedback."
)


def selected_tab(page: Any) -> str:
    return str(page.locator("#coach-tabs [role=tab][aria-selected=true]").inner_text()).strip()


def test_first_screen_points_to_interview_with_english_defaults_and_no_empty_report(
    chromium: Any, app: RunningApp
) -> None:
    page = open_page(chromium, app, tab=None)  # an English browser, a new learner
    expect(page.locator("#home-welcome")).to_contain_text("Start here")
    expect(page.locator("#home-interview")).to_be_visible()
    expect(page.locator("#home-drills")).to_be_visible()
    expect(page.locator("#status-backend")).to_contain_text("Offline mode")
    key = page.locator("#status-connect code", has_text="OPENAI_API_KEY")
    expect(key).to_be_hidden()  # the set-up details are one click away
    page.locator("#status-connect").get_by_text("How to connect a model").click()
    expect(key).to_be_visible()

    page.locator("#home-interview").click()
    expect(page.locator("#iv-start")).to_be_visible()
    expect(page.locator("#iv-qlang").get_by_label("English", exact=True)).to_be_checked()
    page.locator("#iv-start").click()  # all defaults
    expect(page.locator("#iv-progress")).to_contain_text("Question 1 of 3")
    assert not HAN.search(page.locator("#iv-question").inner_text())

    # Ending before any answer asks first, then leaves no report behind.
    page.locator("#iv-end").click()
    expect(page.locator("#iv-confirm-text")).to_contain_text("not answered any question")
    page.locator("#iv-confirm-no").click()
    expect(page.locator("#iv-confirm-text")).to_be_hidden()
    expect(page.locator("#iv-progress")).to_contain_text("Question 1 of 3")
    page.locator("#iv-end").click()
    page.locator("#iv-confirm-yes").click()
    expect(page.locator("#iv-notice")).to_contain_text("no report")
    expect(page.locator("#iv-report-area")).to_be_hidden()
    expect(page.locator("#iv-start")).to_be_visible()
    page.reload()
    wait_ready(page)
    expect(page.locator("#iv-report-area")).to_be_hidden()
    expect(page.locator("#iv-start")).to_be_visible()
    page.context.close()


def test_interview_keeps_feedback_hint_draft_and_tab_then_practise_next_starts(
    chromium: Any, app: RunningApp
) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    open_tab(page, "Interview")
    set_question_count(page, 2)
    page.locator("#iv-start").click()
    expect(page.locator("#iv-progress")).to_contain_text("Question 1 of 2")
    page.locator("#iv-answer textarea").fill(STRONG_ANSWER)
    page.locator("#iv-submit").click()
    expect(page.locator("#iv-progress")).to_contain_text("Question 2 of 2")
    feedback = page.locator("#iv-feedback")
    expect(feedback).to_contain_text("Feedback on question 1")
    # Shown where the eye is: above the next question.
    feedback_box = feedback.bounding_box()
    question_box = page.locator("#iv-question").bounding_box()
    assert feedback_box
    assert question_box
    assert feedback_box["y"] < question_box["y"]

    page.locator("#iv-hint").click()
    expect(page.locator("#iv-extra")).to_contain_text("※")
    expect(feedback).to_contain_text("Feedback on question 1")  # the hint kept it

    switch_language(page, "zh")
    expect(feedback).to_contain_text("第 1 题的反馈")
    expect(page.locator("#iv-extra")).to_contain_text("※")
    switch_language(page, "en")
    expect(feedback).to_contain_text("Feedback on question 1")

    page.locator("#iv-answer textarea").fill("A half-written draft about metrics")
    page.reload()
    wait_ready(page)
    expect(page.locator("#coach-tabs [role=tab][aria-selected=true]")).to_have_text("Interview")
    expect(page.locator("#iv-progress")).to_contain_text("Question 2 of 2")
    expect(page.locator("#iv-answer textarea")).to_have_value("A half-written draft about metrics")
    expect(feedback).to_contain_text("Feedback on question 1")
    expect(page.locator("#iv-extra")).to_contain_text("※")

    page.locator("#iv-answer textarea").fill("I don't know.")
    page.locator("#iv-submit").click()
    head = page.locator("#iv-report-head")
    expect(head).to_contain_text("Interview report · Practice")
    expect(head).to_contain_text(re.compile(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC"))
    assert not re.search(r"[0-9a-f]{12}", head.inner_text())
    expect(page.locator("#iv-report")).to_contain_text(STRONG_ANSWER)  # in full
    with page.expect_download() as download:
        page.locator("#iv-download").click()
    assert STRONG_ANSWER in Path(download.value.path()).read_text("utf-8")

    first_next = page.locator("#iv-next-0")
    expect(first_next).to_be_visible()
    expect(page.locator("#iv-next")).to_contain_text("Practise next")
    question = first_next.inner_text().removeprefix("Practise: ").strip()
    first_next.click()
    expect(page.locator("#iv-progress")).to_contain_text("Question 1 of 1")
    expect(page.locator("#iv-question")).to_have_text(question)
    page.context.close()


def test_drill_keeps_feedback_and_hints_and_names_the_stages_left_in_the_ui_language(
    chromium: Any, app: RunningApp
) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    open_tab(page, "Drills")
    page.locator("#drill-start").click()
    expect(page.locator("#drill-prompt")).to_contain_text("1/9")
    page.locator("#drill-answer textarea").fill(STRONG_ANSWER)
    page.locator("#drill-submit").click()
    expect(page.locator("#drill-prompt")).to_contain_text("2/9")
    feedback = page.locator("#drill-feedback")
    expect(feedback).to_contain_text("Feedback on “Clarify the goal”")
    page.locator("#drill-hint").click()
    expect(page.locator("#drill-extra")).to_contain_text("※")
    expect(feedback).to_contain_text("Feedback on “Clarify the goal”")  # the hint kept it

    page.locator("#drill-finish").click()
    notice = page.locator("#drill-notice")
    expect(notice).to_contain_text("8 stages have no answer yet")
    expect(notice).to_contain_text("Users and scenarios")
    assert not HAN.search(notice.inner_text())

    switch_language(page, "zh")
    expect(feedback).to_contain_text("「澄清目标」的反馈")
    expect(page.locator("#drill-stepper")).to_contain_text("用户与场景")
    expect(page.locator("#drill-extra")).to_contain_text("※")
    page.locator("#drill-finish").click()
    expect(notice).to_contain_text("还有 8 步没有回答")
    text = notice.inner_text()
    assert "用户与场景" in text, text
    assert not latin_words(text), text

    page.locator("#drill-answer textarea").fill("写到一半的草稿：先访谈十位用户")
    page.reload()
    wait_ready(page)
    expect(page.locator("#coach-tabs [role=tab][aria-selected=true]")).to_have_text("设计练习")
    expect(feedback).to_contain_text("「澄清目标」的反馈")
    expect(page.locator("#drill-prompt")).to_contain_text("2/9")
    expect(page.locator("#drill-answer textarea")).to_have_value("写到一半的草稿：先访谈十位用户")
    page.context.close()


def upload(page: Any, button: str, name: str, data: bytes) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator(button).click()
    chooser.value.set_files(files=[{"name": name, "mimeType": "text/plain", "buffer": data}])


def test_notices_speak_only_the_ui_language(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "zh")
    open_tab(page, "PRD 评审")
    upload(page, "#prd-upload", "empty.md", b"")
    notice = page.locator("#prd-notice")
    expect(notice).to_contain_text("empty.md 是空的")
    assert not latin_words(notice.inner_text(), "empty.md"), notice.inner_text()

    switch_language(page, "en")
    upload(page, "#prd-upload", "empty.md", b"")
    expect(notice).to_contain_text("empty.md is empty")
    assert not HAN.search(notice.inner_text())

    # An upload to the corpus that is not text: the skipped reason follows the UI too.
    page.locator("#status-add").get_by_text("Add articles").click()
    upload(page, "#status-upload", "broken.txt", bytes(range(256)) * 8)
    expect(page.locator("#status-ingest")).to_contain_text("Skipped broken.txt")
    assert not HAN.search(page.locator("#status-ingest").inner_text())
    switch_language(page, "zh")
    upload(page, "#status-upload", "broken.txt", bytes(range(256)) * 8)
    expect(page.locator("#status-ingest")).to_contain_text(
        "跳过 broken.txt：这是二进制文件（含有 NUL 字节）"
    )
    page.context.close()


def add_earlier_sessions(app: RunningApp, days: int) -> None:
    """PRD critiques by the learner of the latest session, dated 1..days days back."""
    store = Store.open(app.settings)
    owner = store.list_sessions(limit=1)[0].owner
    now = datetime.now(UTC)
    dated = []
    for day in range(1, days + 1):
        session = store.create_session("prd", title=f"Draft {day}", lang="en", owner=owner)
        store.update_session(session.id, status="finished", summary={"score": 30 + day * 5})
        dated.append(((now - timedelta(days=day)).isoformat(timespec="seconds"), session.id))
    with closing(sqlite3.connect(store.path)) as conn, conn:
        conn.executemany("UPDATE sessions SET updated_at = ? WHERE id = ?", dated)


def x_axis_labels(page: Any) -> list[dict[str, float]]:
    labels = page.locator("#progress-plot .role-axis-label").first.locator("text")
    return [box for box in (labels.nth(n).bounding_box() for n in range(labels.count())) if box]


def test_progress_chart_survives_a_language_switch_and_fits_a_phone(
    chromium: Any, app: RunningApp
) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    open_tab(page, "PRD review")
    for name in ("en_mediocre.md", "en_mediocre.md"):
        page.locator("#prd-text textarea").fill((DATA / "prd" / name).read_text("utf-8"))
        page.locator("#prd-run").click()
        expect(page.locator("#prd-score")).to_contain_text("Score:")
    open_tab(page, "Interview")
    set_question_count(page, 1)
    page.locator("#iv-start").click()
    page.locator("#iv-answer textarea").fill(STRONG_ANSWER)
    page.locator("#iv-submit").click()
    expect(page.locator("#iv-report")).to_be_visible()

    open_tab(page, "Progress")
    plot = page.locator("#progress-plot")
    expect(plot.locator("svg text", has_text="PRD review").first).to_be_visible()
    switch_language(page, "zh")
    expect(plot).to_be_visible()
    expect(plot.locator("svg text", has_text="PRD 评审").first).to_be_visible()
    expect(plot.locator("svg text", has_text="面试").first).to_be_visible()
    expect(plot.locator(".role-axis-label text").first).to_contain_text("月")
    table = page.locator("#progress-sessions")
    expect(table).to_contain_text("练习 · 不限 · 1 题")
    expect(table).not_to_contain_text("practice · mixed")

    # A learner who practised on several days: the date labels must not collide on a phone.
    add_earlier_sessions(app, days=6)
    page.locator("#progress-refresh").click()
    expect(plot.locator(".role-axis-label").first.locator("text")).to_have_count(7)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(1000)  # the plot redraws at the new width
    boxes = x_axis_labels(page)
    assert len(boxes) == 7, boxes
    for left, right in itertools.pairwise(boxes):
        overlap_x = min(left["x"] + left["width"], right["x"] + right["width"]) - max(
            left["x"], right["x"]
        )
        overlap_y = min(left["y"] + left["height"], right["y"] + right["height"]) - max(
            left["y"], right["y"]
        )
        assert overlap_x <= 1 or overlap_y <= 1, (left, right)
    plot_box = plot.bounding_box()
    assert plot_box
    assert all(b["x"] >= plot_box["x"] - 1 for b in boxes)
    assert broken_words(page, "#progress-sessions") == []  # "PRD 评审", not "PRD 评/审"
    shoot(page, "screen-progress-phone-zh")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.context.close()
