"""The Interview tab: set-up form, practice and mock flows (hint, model answer, timer,
follow-ups), and the end report with a dimension chart. The session is the store's
records, so a reload picks the interview up at the question it stopped on."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from coach.errors import CoachError
from coach.interview import KIND, Interview, InterviewConfig
from coach.questions import CATEGORIES, CATEGORY_NAMES, DIFFICULTIES
from coach.report import build_report, to_markdown
from coach.scoring.explain import DIMENSION_NAMES
from coach.ui import notices
from coach.ui.downloads import markdown_file
from coach.ui.page import Page
from coach.ui.state import Browser, lang_of, owner_of
from coach.ui.strings import LANG_CHOICES, Lang, t

MAX_COUNT = 10


def _category_choices(lang: Lang) -> list[tuple[str, str]]:
    return [(t("iv.any", lang), ""), *[(CATEGORY_NAMES[lang][c], c) for c in CATEGORIES]]


def _choices(keys: tuple[str, ...], lang: Lang) -> list[tuple[str, str]]:
    return [(t(f"iv.{k}", lang), k) for k in keys]


def timer_html(started: str, lang: Lang) -> str:
    # The page's head script counts up from data-start every second (no server ticks).
    return (
        f'<span class="coach-timer-label">{t("iv.timer", lang)}</span> '
        f'<span class="coach-timer" data-start="{started}">00:00</span>'
    )


def _latest(page: Page, owner: str) -> Interview | None:
    sessions = page.services.store.list_sessions(kind=KIND, owner=owner, limit=1)
    return _open(page, sessions[0].id, owner) if sessions else None


def _open(page: Page, session_id: str, owner: str) -> Interview | None:
    session = page.services.store.get_session(session_id) if session_id else None
    if session is None or session.owner != owner or session.kind != KIND:
        return None
    services = page.services
    return Interview.resume(
        session_id, store=services.store, settings=services.settings, bank=services.bank()
    )


def build(page: Page, tab: gr.Tab) -> None:
    labels, lang = page.labels, page.lang
    labels.add(gr.Markdown(t("iv.intro", lang)), value="iv.intro")
    notice = notices.notice_block("iv-notice")
    setup = labels.add(
        gr.Accordion(t("iv.setup", lang), open=True, elem_id="iv-setup"), label="iv.setup"
    )
    with setup:
        with gr.Row():
            category = labels.add(
                gr.Dropdown(
                    _category_choices(lang),
                    value="",
                    label=t("iv.category", lang),
                    elem_id="iv-category",
                    min_width=200,
                ),
                label="iv.category",
                choices=_category_choices,
            )
            difficulty = labels.add(
                gr.Dropdown(
                    _choices(("any", *DIFFICULTIES), lang),
                    value="any",
                    label=t("iv.difficulty", lang),
                    elem_id="iv-difficulty",
                    min_width=160,
                ),
                label="iv.difficulty",
                choices=lambda lg: _choices(("any", *DIFFICULTIES), lg),
            )
            count = labels.add(
                gr.Slider(
                    1,
                    MAX_COUNT,
                    value=3,
                    step=1,
                    label=t("iv.count", lang),
                    elem_id="iv-count",
                    min_width=200,
                ),
                label="iv.count",
            )
        with gr.Row():
            mode = labels.add(
                gr.Radio(
                    _choices(("practice", "mock"), lang),
                    value="practice",
                    label=t("iv.mode", lang),
                    elem_id="iv-mode",
                    min_width=200,
                ),
                label="iv.mode",
                choices=lambda lg: _choices(("practice", "mock"), lg),
            )
            persona = labels.add(
                gr.Radio(
                    _choices(("friendly", "strict"), lang),
                    value="friendly",
                    label=t("iv.persona", lang),
                    elem_id="iv-persona",
                    min_width=200,
                ),
                label="iv.persona",
                choices=lambda lg: _choices(("friendly", "strict"), lg),
            )
            qlang = labels.add(
                gr.Radio(
                    LANG_CHOICES,
                    value=lang,
                    label=t("iv.qlang", lang),
                    elem_id="iv-qlang",
                    min_width=200,
                ),
                label="iv.qlang",
            )
        start = labels.add(
            gr.Button(t("iv.start", lang), variant="primary", elem_id="iv-start"), value="iv.start"
        )
    with gr.Group(visible=False, elem_id="iv-session") as running:
        status = gr.Markdown("", elem_id="iv-progress")
        question = gr.Markdown("", elem_id="iv-question", elem_classes=["coach-question"])
        timer = gr.HTML("", elem_id="iv-timer")
        answer = labels.add(
            gr.Textbox(
                label=t("iv.answer", lang),
                placeholder=t("iv.answer_ph", lang),
                lines=6,
                max_lines=16,
                elem_id="iv-answer",
            ),
            label="iv.answer",
            placeholder="iv.answer_ph",
        )
        with gr.Row():
            submit = labels.add(
                gr.Button(
                    t("iv.submit", lang), variant="primary", elem_id="iv-submit", min_width=120
                ),
                value="iv.submit",
            )
            hint = labels.add(
                gr.Button(t("iv.hint", lang), elem_id="iv-hint", min_width=100), value="iv.hint"
            )
            reference = labels.add(
                gr.Button(t("iv.model_answer", lang), elem_id="iv-model-answer", min_width=100),
                value="iv.model_answer",
            )
            end = labels.add(
                gr.Button(t("iv.end", lang), variant="stop", elem_id="iv-end", min_width=100),
                value="iv.end",
            )
        extra = gr.Markdown("", elem_id="iv-extra")
        feedback = gr.Markdown("", elem_id="iv-feedback")
    with gr.Group(visible=False, elem_id="iv-report-area") as finished:
        profile = labels.add(
            gr.BarPlot(
                x="dimension",
                y="score",
                label=t("iv.profile", lang),
                x_title=t("iv.dimension", lang),
                y_title=t("iv.score", lang),
                y_lim=[0, 100],
                elem_id="iv-profile",
            ),
            label="iv.profile",
            x_title="iv.dimension",
            y_title="iv.score",
        )
        report = gr.Markdown("", elem_id="iv-report")
        with gr.Row():
            download = labels.add(
                gr.DownloadButton(t("iv.download", lang), elem_id="iv-download"),
                label="iv.download",
            )
            again = labels.add(gr.Button(t("iv.again", lang), elem_id="iv-again"), value="iv.again")
    session = gr.State("")

    def view(interview: Interview | None, lg: Lang, extra_text: str = "") -> list[Any]:
        """Every display output, for no interview, one in progress, or one finished."""
        if interview is None:
            return [
                gr.update(open=True),
                gr.update(visible=False),
                "",
                "",
                "",
                "",
                "",
                gr.update(visible=False),
                gr.update(visible=False),
                "",
                None,
                gr.update(value=None),
                "",
            ]
        if interview.finished:
            data = build_report(page.services.store, interview.id, page.services.bank())
            names = DIMENSION_NAMES[lg]
            chart = pd.DataFrame(
                [{"dimension": names.get(k, k), "score": v} for k, v in data.profile.items()],
                columns=["dimension", "score"],
            )
            text = to_markdown(data)
            path = markdown_file(f"interview-{interview.id}", text)
            return [
                gr.update(open=False),
                gr.update(visible=False),
                "",
                "",
                "",
                "",
                "",
                gr.update(visible=False),
                gr.update(visible=True),
                text,
                chart,
                gr.update(value=path),
                interview.id,
            ]
        ask = interview.current()
        if ask is None:  # every question answered but not closed: close it now
            interview.finish()
            return view(interview, lg)
        asked = next(r for r in reversed(interview.records) if r.kind == "question")
        heading = t("iv.progress", lg, number=ask.number, total=ask.total)
        if ask.followup:
            heading += f" · {t('iv.followup', lg)}"
        last = next((r for r in reversed(interview.records) if r.kind == "feedback"), None)
        feedback_text = ""
        if last is not None:
            body = t("iv.held", lg) if last.payload.get("held") else last.payload["text"]
            feedback_text = f"#### {t('iv.feedback', lg)}\n\n{body}"
        practice = interview.mode == "practice"
        return [
            gr.update(open=False),
            gr.update(visible=True),
            f"**{heading}**",
            f"### {ask.text}",
            timer_html(asked.created_at, lg),
            extra_text,
            feedback_text,
            gr.update(visible=practice),
            gr.update(visible=False),
            "",
            None,
            gr.update(value=None),
            interview.id,
        ]

    # view() fills these, in this order; hint/model-answer buttons share one visibility.
    display = [
        setup,
        running,
        status,
        question,
        timer,
        extra,
        feedback,
        hint,
        finished,
        report,
        profile,
        download,
        session,
    ]

    def _show(interview: Interview | None, lg: Lang, extra_text: str = "") -> list[Any]:
        shown = view(interview, lg, extra_text)
        practice = shown[7]
        return [*shown, practice]  # the model-answer button follows the hint button

    outputs = [*display, reference]

    def restore(browser: Browser) -> list[Any]:
        owner = owner_of(browser)
        return _show(_latest(page, owner) if owner else None, lang_of(browser))

    def begin(
        cat: str, diff: str, n: float, md: str, who: str, ql: str, browser: Browser
    ) -> list[Any]:
        lg, owner = lang_of(browser), owner_of(browser)
        if owner is None:
            return [*_same(), notices.notice(t("app.loading", lg))]
        config = InterviewConfig(
            category=cat or None,
            difficulty=None if diff in ("", "any") else diff,
            count=int(n),
            lang="en" if ql == "en" else "zh",
            mode=md,
            persona=who,
        )
        try:
            interview = Interview.start(
                config,
                store=page.services.store,
                settings=page.services.settings,
                bank=page.services.bank(),
                owner=owner,
            )
            interview.current()
        except CoachError as exc:
            return [*_same(), notices.fail(exc, lg)]
        return [*_show(interview, lg), notices.clear()]

    def act(action: str, session_id: str, text: str, browser: Browser) -> list[Any]:
        lg, owner = lang_of(browser), owner_of(browser)
        interview = _open(page, session_id, owner) if owner else None
        if interview is None:
            return [*_same(), gr.update(), notices.notice(t("iv.none", lg))]
        if action == "answer" and not (text or "").strip():
            return [*_same(), gr.update(), notices.notice(t("iv.empty", lg))]
        extra_text, keep = "", gr.update(value="")
        try:
            if action == "answer":
                interview.answer(text)
            elif action == "hint":
                extra_text, keep = f"※ {interview.hint()}", gr.update()
            elif action == "model_answer":
                extra_text, keep = f"◆ {interview.model_answer()}", gr.update()
            else:
                interview.finish()
        except CoachError as exc:
            return [*_same(), gr.update(), notices.fail(exc, lg)]
        return [*_show(interview, lg, extra_text), keep, notices.clear()]

    def restart(browser: Browser) -> list[Any]:
        return [*_show(None, lang_of(browser)), notices.clear()]

    start.click(
        begin, [category, difficulty, count, mode, persona, qlang, page.browser], [*outputs, notice]
    )
    for button, action in (
        (submit, "answer"),
        (hint, "hint"),
        (reference, "model_answer"),
        (end, "end"),
    ):
        button.click(
            lambda s, a, b, action=action: act(action, s, a, b),
            [session, answer, page.browser],
            [*outputs, answer, notice],
        )
    again.click(restart, [page.browser], [*outputs, notice])
    page.on_refresh(restore, outputs)
    page.exporters[KIND] = lambda session_id, lg: to_markdown(
        build_report(page.services.store, session_id, page.services.bank())
    )


def _same() -> list[Any]:
    return [gr.update() for _ in range(14)]
