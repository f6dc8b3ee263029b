"""The status area: model backend (or how to connect one), corpus size, and ingest of
uploaded articles with a progress bar."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import gradio as gr

from coach.errors import CoachError
from coach.ingest import IngestReport
from coach.language import Language
from coach.llm import describe_backend
from coach.ui import notices
from coach.ui.page import Page
from coach.ui.state import Browser, lang_of, owner_of
from coach.ui.strings import t

UPLOAD_TYPES = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf"]


def backend_text(page: Page, lang: Language) -> str:
    backend = describe_backend(page.services.settings)
    if backend.mode == "offline":
        # One plain sentence for the learner; the set-up, which is for whoever runs the
        # app, folded in an expander (an HTML <details>, closed until clicked).
        return f"{t('status.offline', lang)}\n\n{connect_details(lang)}"
    return t("status.model", lang, model=backend.model, endpoint=backend.endpoint)


def connect_details(lang: Language) -> str:
    body = html.escape(t("status.connect_body", lang))
    body = re.sub(r"`([^`]+)`", r"<code>\1</code>", body).replace("\n\n", "<br>")
    body = body.replace("\n", "<br>")
    summary = html.escape(t("status.connect", lang))
    return f'<details id="status-connect"><summary>{summary}</summary><p>{body}</p></details>'


def corpus_text(page: Page, lang: Language, owner: str = "") -> str:
    try:
        size = page.services.corpus_size(owner)
    except CoachError as exc:
        return t("status.corpus_down", lang, error=str(exc))
    if size.chunks == 0:
        return t("status.corpus_empty", lang)
    text = t("status.corpus", lang, articles=size.articles, notes=size.notes, chunks=size.chunks)
    if size.uploads:
        text += t("status.corpus_uploads", lang, uploads=size.uploads)
    return text


def report_text(report: IngestReport, lang: Language) -> str:
    lines = [
        t(
            "status.ingest_done",
            lang,
            files=report.files_read,
            added=report.added,
            updated=report.updated,
            removed=report.removed,
            unchanged=report.unchanged,
        )
    ]
    lines += [
        "- "
        + t(
            "status.ingest_skipped",
            lang,
            name=Path(name).name,
            reason=notices.said(why, lang),
        )
        for name, why in report.skipped
    ]
    return "\n".join(lines)


def build(page: Page) -> None:
    labels, lang = page.labels, page.lang
    with gr.Group(elem_id="status-area", elem_classes=["coach-status"]):
        backend = gr.Markdown(backend_text(page, lang), elem_id="status-backend")
        corpus = gr.Markdown("", elem_id="status-corpus")
    add = gr.Accordion(t("status.add", lang), open=False, elem_id="status-add")
    with labels.add(add, label="status.add"):
        mb = page.services.settings.max_upload_mb
        labels.add(
            gr.Markdown(t("status.upload_hint", lang, mb=mb)),
            value=lambda lg: t("status.upload_hint", lg, mb=mb),
        )
        with gr.Row():
            upload = labels.add(
                gr.UploadButton(
                    t("status.upload", lang),
                    file_count="multiple",
                    file_types=UPLOAD_TYPES,
                    elem_id="status-upload",
                ),
                label="status.upload",
            )
            build_index = labels.add(
                gr.Button(t("status.build", lang), elem_id="status-build", variant="secondary"),
                value="status.build",
            )
        result = gr.Markdown("", elem_id="status-ingest")
        notice = notices.notice_block("status-notice")

    def refresh(browser: Browser) -> tuple[str, str]:
        lg = lang_of(browser)
        return backend_text(page, lg), corpus_text(page, lg, owner_of(browser) or "")

    def run_ingest(
        files: list[Any] | None,
        browser: Browser,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, str, dict[str, object]]:
        lg = lang_of(browser)
        paths = [Path(getattr(f, "name", f)) for f in files] if files is not None else None
        # An upload is the learner's own; the bundled corpus is the shared library.
        owner = owner_of(browser) or ""
        if paths is not None and not owner:
            return (
                gr.update(),
                corpus_text(page, lg, owner_of(browser) or ""),
                notices.notice(t("app.loading", lg)),
            )
        owner = owner if paths is not None else ""
        progress(0, desc=t("status.ingest_start", lg))

        def step(done: int, total: int, source: str) -> None:
            # Before the first batch ``source`` names the phase, not a file.
            desc = (
                t("status.ingesting", lg, source=source) if done else t("status.ingest_start", lg)
            )
            progress((done, max(total, 1)), desc=desc)

        try:
            report = page.services.ingest(paths, step, owner=owner)
        except CoachError as exc:
            return (
                gr.update(),
                corpus_text(page, lg, owner_of(browser) or ""),
                notices.fail(exc, lg),
            )
        if report.files_read == 0:
            message = t("status.ingest_nothing", lg)
            return (
                report_text(report, lg),
                corpus_text(page, lg, owner_of(browser) or ""),
                notices.notice(message),
            )
        return (
            report_text(report, lg),
            corpus_text(page, lg, owner_of(browser) or ""),
            notices.clear(),
        )

    upload.upload(run_ingest, [upload, page.browser], [result, corpus, notice], concurrency_limit=1)

    def run_corpus(
        browser: Browser,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[Any, str, dict[str, object]]:
        return run_ingest(None, browser, progress)

    build_index.click(
        run_corpus,
        [page.browser],
        [result, corpus, notice],
        concurrency_limit=1,
    )
    page.on_refresh(refresh, [backend, corpus])
