"""Browser tests: what goes wrong shows as a notice and the session goes on — a model
endpoint that is down, a file that is not an article — and ingest of uploaded
articles with its progress bar."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from pydantic import SecretStr

from coach.settings import Settings
from evals.record_tests import free_port
from tests.ui_harness import (
    BROWSER_MARKS,
    RunningApp,
    open_page,
    shoot,
    switch_language,
)

pytestmark = BROWSER_MARKS

ARTICLE = """# 多模态大模型的产品化要点

多模态模型能同时理解图片和文字。产品经理在规划时需要先确认用户场景，例如拍照识别植物、
识别发票或审核商品图片。评估时要分别统计识别准确率、召回率和响应时延。

## 数据准备

训练数据需要覆盖真实的拍摄光线和角度，并由标注团队复核。上线后通过用户反馈持续补充难例。
"""


TOPICS = ("拍照识别植物", "发票识别", "商品图片审核", "医疗影像初筛", "工业质检", "智能客服")


def long_article() -> str:
    """Enough distinct sections to take several embedding batches (the bar moves)."""
    parts = [ARTICLE]
    for n, topic in enumerate(TOPICS * 3, 1):
        parts.append(
            f"## 案例 {n}：{topic}\n\n"
            + f"在{topic}场景中，第 {n} 期迭代的目标是把准确率提升到 {80 + n}% 以上。" * 12
        )
    return "\n\n".join(parts)


@pytest.fixture(scope="module")
def ui_settings(ui_home: Path) -> Settings:
    """A model is configured, but nothing listens at its address: the endpoint is down."""
    # (base_url and api_key are read through their environment aliases, so copy them in)
    return Settings(home=ui_home).model_copy(
        update={
            "base_url": f"http://127.0.0.1:{free_port()}/v1",
            "api_key": SecretStr("sk-test-dummy-key"),
            "model": "down-model",
            "max_retries": 0,
            "request_timeout": 5,
        }
    )


def test_endpoint_down_shows_a_notice_and_the_chat_goes_on(chromium: Any, app: RunningApp) -> None:
    page = open_page(chromium, app)
    switch_language(page, "en")
    expect(page.locator("#status-backend")).to_contain_text("Chat model: down-model at")
    question = "What does an AI product manager do?"
    page.locator("#chat-question textarea").fill(question)
    page.locator("#chat-send").click()
    notice = page.locator("#chat-notice")
    expect(notice).to_contain_text("cannot reach the model endpoint", timeout=60_000)
    # The question is back in the box to retry; the page still answers.
    expect(page.locator("#chat-question textarea")).to_have_value(question)
    shoot(page, "error-endpoint-down-laptop-en")
    page.locator("#chat-new").click()
    expect(notice).to_be_hidden()
    page.context.close()


def test_upload_articles_with_progress_and_reject_a_bad_file(
    chromium: Any, app: RunningApp, tmp_path: Path
) -> None:
    page = open_page(chromium, app)
    switch_language(page, "zh")
    corpus = page.locator("#status-corpus")
    expect(corpus).to_contain_text("个片段")
    before = int(re.search(r"(\d+) 个片段", corpus.inner_text()).group(1))  # type: ignore[union-attr]
    page.locator("#status-add").get_by_text("添加文章").click()

    article = tmp_path / "multimodal.md"
    article.write_text(long_article(), "utf-8")
    with page.expect_file_chooser() as chooser:
        page.locator("#status-upload").click()
    chooser.value.set_files(str(article))
    expect(page.locator(".progress-level").first).to_be_visible(timeout=60_000)
    shoot(page, "ingest-progress-laptop-zh")
    expect(page.locator("#status-ingest")).to_contain_text("已导入", timeout=90_000)
    expect(page.locator("#status-ingest")).to_contain_text("读取 1 个文件")
    after = int(re.search(r"(\d+) 个片段", corpus.inner_text()).group(1))  # type: ignore[union-attr]
    assert after > before

    broken = tmp_path / "broken.txt"
    broken.write_bytes(bytes(range(256)) * 8)
    with page.expect_file_chooser() as chooser:
        page.locator("#status-upload").click()
    chooser.value.set_files(str(broken))
    expect(page.locator("#status-notice")).to_contain_text("没有可导入的内容", timeout=60_000)
    expect(page.locator("#status-ingest")).to_contain_text("跳过 broken.txt")
    shoot(page, "error-bad-upload-laptop-zh")

    # An article saved as PDF goes in too.
    pdf = Path(__file__).parent / "data" / "pdf" / "zh_article.pdf"
    with page.expect_file_chooser() as chooser:
        page.locator("#status-upload").click()
    chooser.value.set_files(str(pdf))
    expect(page.locator("#status-ingest")).to_contain_text("已导入", timeout=90_000)
    expect(page.locator("#status-ingest")).to_contain_text("读取 1 个文件")
    with_pdf = int(re.search(r"(\d+) 个片段", corpus.inner_text()).group(1))  # type: ignore[union-attr]
    assert with_pdf > after
    page.context.close()
