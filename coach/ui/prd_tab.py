"""The PRD review tab: upload or paste a PRD, see its score, section table, issues by
severity and, for a new version of the same document, what was fixed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from coach.errors import CoachError
from coach.language import Language
from coach.prd import PrdDocument, load_bytes, load_text
from coach.prd.actions import export_session, latest, review
from coach.prd.history import KIND
from coach.ui import notices, prd_view
from coach.ui.page import Page, serial
from coach.ui.state import Browser, lang_of, owner_of
from coach.ui.strings import t

FILE_TYPES = [".md", ".markdown", ".txt", ".html", ".htm", ".docx", ".pdf"]
Shown = tuple[Any, Any, Any, Any]


def show(payload: dict[str, Any] | None, lang: Language) -> Shown:
    """Score, revision, section table and issues of one saved critique version."""
    if payload is None:
        return "", gr.update(value="", visible=False), "", ""
    critique_ = payload["critique"]
    heading = (t("prd.col.section", lang), t("prd.col.status", lang), t("prd.col.evidence", lang))
    revision = prd_view.revision_block(payload.get("revision"), critique_["lang"])
    return (
        prd_view.score_block(critique_, payload["version"]),
        gr.update(value=revision, visible=bool(revision)),
        prd_view.section_table(critique_, heading),
        prd_view.issues_block(critique_),
    )


def build(page: Page, tab: gr.Tab) -> None:
    labels, lang, services = page.labels, page.lang, page.services
    store, settings = services.store, services.settings
    labels.add(gr.Markdown(t("prd.intro", lang)), value="prd.intro")
    with gr.Row():
        with gr.Column(scale=3, min_width=260):
            text = labels.add(
                gr.Textbox(
                    label=t("prd.text", lang),
                    placeholder=t("prd.placeholder", lang),
                    lines=8,
                    max_lines=20,
                    elem_id="prd-text",
                ),
                label="prd.text",
                placeholder="prd.placeholder",
            )
        with gr.Column(scale=1, min_width=200):
            run = labels.add(
                gr.Button(t("prd.run", lang), variant="primary", elem_id="prd-run"),
                value="prd.run",
            )
            upload = labels.add(
                gr.UploadButton(t("prd.upload", lang), file_types=FILE_TYPES, elem_id="prd-upload"),
                label="prd.upload",
            )
    notice = notices.notice_block("prd-notice")
    score = gr.Markdown("", elem_id="prd-score")
    revision = gr.Markdown("", visible=False, elem_id="prd-revision")
    sections = gr.Markdown("", elem_id="prd-sections", elem_classes=["coach-table"])
    issues = gr.Markdown("", elem_id="prd-issues")

    def reviewed(doc: PrdDocument, owner: str, lg: Language) -> dict[str, Any]:
        return review(
            doc, store, settings, citer=services.prd_citer(), lang=lg, owner=owner
        ).payload

    def run_text(pasted: str, browser: Browser) -> tuple[Any, ...]:
        lg, owner = lang_of(browser), owner_of(browser)
        if owner is None or not (pasted or "").strip():
            message = t("app.loading" if owner is None else "prd.empty", lg)
            return (*_unchanged(), notices.notice(message))
        try:
            payload = reviewed(load_text(pasted, settings=settings), owner, lg)
        except CoachError as exc:
            return (*_unchanged(), notices.fail(exc, lg))
        return (*show(payload, lg), notices.clear())

    def run_file(file: Any, browser: Browser) -> tuple[Any, ...]:
        lg, owner = lang_of(browser), owner_of(browser)
        if owner is None or file is None:
            return (*_unchanged(), notices.notice(t("app.loading", lg)))
        path = Path(getattr(file, "name", file))
        try:
            doc = load_bytes(path.read_bytes(), path.name, settings)
            payload = reviewed(doc, owner, lg)
        except CoachError as exc:
            return (*_unchanged(), notices.fail(exc, lg))
        return (*show(payload, lg), notices.clear())

    def restore(browser: Browser) -> Shown:
        owner = owner_of(browser)
        return show(latest(store, owner) if owner else None, lang_of(browser))

    outputs = [score, revision, sections, issues, notice]
    run.click(serial(run_text), [text, page.browser], outputs)
    upload.upload(run_file, [upload, page.browser], outputs)
    page.on_refresh(restore, [score, revision, sections, issues])
    page.exporters[KIND] = lambda session_id, lg: export(page, session_id)


def export(page: Page, session_id: str) -> str:
    return export_session(page.services.store, session_id)


def _unchanged() -> Shown:
    return gr.update(), gr.update(), gr.update(), gr.update()
