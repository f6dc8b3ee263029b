"""The Interview tab: set-up form, practice and mock flows (hint, model answer, timer,
follow-ups), and the end report with a dimension chart and clickable questions to
practise next. The session is the store's records, so a reload (or a language
switch) shows the interview at the question it stopped on, with the feedback on the
last answer and the hints already asked for. Handlers return updates keyed by
component."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd
from gradio.blocks import Block

from coach.drills import feedback_markdown
from coach.errors import CoachError
from coach.interview import (
    CATEGORIES,
    CATEGORY_NAMES,
    DIFFICULTIES,
    KIND,
    Interview,
    InterviewConfig,
    build_report,
)
from coach.interview import export as interview_report
from coach.language import Language
from coach.ui import notices
from coach.ui.downloads import markdown_file
from coach.ui.page import Page, serial
from coach.ui.state import Browser, lang_of, owner_of
from coach.ui.strings import LANG_CHOICES, t

MAX_COUNT = 10
MAX_NEXT = 3  # buttons under "Practise next"
Updates = dict[Block, Any]


def _category_choices(lang: Language) -> list[tuple[str, str]]:
    return [(t("iv.any", lang), ""), *[(CATEGORY_NAMES[lang][c], c) for c in CATEGORIES]]


def _choices(keys: tuple[str, ...], lang: Language) -> list[tuple[str, str]]:
    return [(t(f"iv.{k}", lang), k) for k in keys]


def timer_html(started: str, lang: Language) -> str:
    # The page's head script counts up from data-start every second (no server ticks).
    return (
        f'<span class="coach-timer-label">{t("iv.timer", lang)}</span> '
        f'<span class="coach-timer" data-start="{started}">00:00</span>'
    )


def answered(interview: Interview) -> int:
    return sum(1 for r in interview.records if r.kind == "score" and not r.payload.get("followup"))


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


def start_question(
    page: Page, question_id: str, lang: Language, persona: str, owner: str
) -> Interview:
    """A one-question practice interview on ``question_id`` (a "practise next" click)."""
    services = page.services
    question = services.bank().get(question_id)
    config = InterviewConfig(
        category=question.category, count=1, lang=lang, mode="practice", persona=persona
    )
    return Interview.start(
        config,
        store=services.store,
        settings=services.settings,
        bank=services.bank(),
        owner=owner,
        question_ids=[question_id],
    )


def extras(interview: Interview) -> str:
    """The hints and model answer asked for on the question now open."""
    shown: list[str] = []
    for record in reversed(interview.records):
        if record.kind == "question":
            break
        if record.kind == "hint":
            shown.append(f"※ {record.payload['text']}")
        elif record.kind == "model_answer":
            shown.append(f"◆ {record.payload['text']}")
    return "\n\n".join(reversed(shown))


def build(page: Page, tab: gr.Tab) -> None:
    new, lang, services = page.labels.new, page.lang, page.services
    new(gr.Markdown, value="iv.intro")
    notice = notices.notice_block("iv-notice")
    with new(gr.Accordion, label="iv.setup", open=True, elem_id="iv-setup") as setup:
        with gr.Row():
            category = new(
                gr.Dropdown,
                choices=_category_choices,
                value="",
                label="iv.category",
                elem_id="iv-category",
                min_width=200,
            )
            difficulty = new(
                gr.Dropdown,
                choices=lambda lg: _choices(("any", *DIFFICULTIES), lg),
                value="any",
                label="iv.difficulty",
                elem_id="iv-difficulty",
                min_width=160,
            )
            count = new(
                gr.Slider,
                minimum=1,
                maximum=MAX_COUNT,
                value=3,
                step=1,
                label="iv.count",
                elem_id="iv-count",
                min_width=200,
            )
        with gr.Row():
            mode = new(
                gr.Radio,
                choices=lambda lg: _choices(("practice", "mock"), lg),
                value="practice",
                label="iv.mode",
                elem_id="iv-mode",
                min_width=200,
            )
            persona = new(
                gr.Radio,
                choices=lambda lg: _choices(("friendly", "strict"), lg),
                value="friendly",
                label="iv.persona",
                elem_id="iv-persona",
                min_width=200,
            )
            qlang = new(
                gr.Radio,
                choices=LANG_CHOICES,
                value=lang,
                label="iv.qlang",
                elem_id="iv-qlang",
                min_width=200,
            )
        start = new(gr.Button, value="iv.start", variant="primary", elem_id="iv-start")
    with gr.Group(visible=False, elem_id="iv-session") as running:
        status = gr.Markdown("", elem_id="iv-progress")
        # Feedback on the answer just given sits above the next question, where the eye is.
        feedback = gr.Markdown("", elem_id="iv-feedback", elem_classes=["coach-feedback"])
        question = gr.Markdown("", elem_id="iv-question", elem_classes=["coach-question"])
        timer = gr.HTML("", elem_id="iv-timer")
        extra = gr.Markdown("", elem_id="iv-extra", elem_classes=["coach-extra"])
        answer = new(
            gr.Textbox,
            label="iv.answer",
            placeholder="iv.answer_ph",
            lines=6,
            max_lines=16,
            elem_id="iv-answer",
        )
        with gr.Row():
            submit = new(
                gr.Button, value="iv.submit", variant="primary", elem_id="iv-submit", min_width=120
            )
            hint = new(gr.Button, value="iv.hint", elem_id="iv-hint", min_width=100)
            reference = new(
                gr.Button, value="iv.model_answer", elem_id="iv-model-answer", min_width=100
            )
            end = new(gr.Button, value="iv.end", variant="stop", elem_id="iv-end", min_width=100)
        with gr.Group(visible=False, elem_id="iv-confirm") as confirm:
            confirm_text = gr.Markdown("", elem_id="iv-confirm-text")
            with gr.Row():
                confirm_yes = new(
                    gr.Button, value="iv.confirm_yes", variant="stop", elem_id="iv-confirm-yes"
                )
                confirm_no = new(gr.Button, value="iv.confirm_no", elem_id="iv-confirm-no")
    with gr.Group(visible=False, elem_id="iv-report-area") as finished:
        report_head = gr.Markdown("", elem_id="iv-report-head")
        profile = new(
            gr.BarPlot,
            x="dimension",
            y="score",
            label="iv.profile",
            x_title="iv.dimension",
            y_title="iv.score",
            y_lim=[0, 100],
            x_label_angle=-45,  # five dimension names side by side on a phone
            elem_id="iv-profile",
        )
        report = gr.Markdown("", elem_id="iv-report", elem_classes=["coach-report"])
        next_head = gr.Markdown("", elem_id="iv-next")
        next_buttons = [
            gr.Button("", visible=False, elem_id=f"iv-next-{n}", elem_classes=["coach-next"])
            for n in range(MAX_NEXT)
        ]
        with gr.Row(elem_classes=["coach-actions"]):
            download = new(gr.DownloadButton, label="iv.download", elem_id="iv-download")
            again = new(gr.Button, value="iv.again", elem_id="iv-again")
    session = gr.State("")
    next_ids = gr.State([])

    def view(interview: Interview | None, lg: Language) -> Updates:
        """Every display output, for no interview, one in progress, or one finished."""
        hidden = [gr.update(visible=False)] * MAX_NEXT
        base: Updates = {
            setup: gr.update(open=interview is None),
            running: gr.update(visible=False),
            confirm: gr.update(visible=False),
            finished: gr.update(visible=False),
            status: "",
            question: "",
            timer: "",
            extra: "",
            feedback: "",
            report_head: "",
            report: "",
            next_head: "",
            profile: None,
            download: gr.update(value=None),
            session: interview.id if interview else "",
            next_ids: [],
            **dict(zip(next_buttons, hidden, strict=True)),
        }
        if interview is None:
            return base
        if interview.finished:
            return {**base, **report_view(interview, lg)}
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
            said = t("iv.held", lg) if last.payload.get("held") else last.payload["text"]
            title = t("iv.feedback_on", lg, number=last.payload.get("number", ""))
            feedback_text = f"#### {title}\n\n{feedback_markdown(said)}"
        extra_text = extras(interview)
        if "×" in extra_text:
            extra_text += f"\n\n_{t('iv.weight_note', lg)}_"
        practice = interview.mode == "practice"
        return {
            **base,
            running: gr.update(visible=True),
            status: f"**{heading}**",
            question: f"### {ask.text}",
            timer: timer_html(asked.created_at, lg),
            extra: extra_text,
            feedback: feedback_text,
            hint: gr.update(visible=practice),
            reference: gr.update(visible=practice),
        }

    def report_view(interview: Interview, lg: Language) -> Updates:
        bank = services.bank()
        data = build_report(services.store, interview.id, bank)
        chart = pd.DataFrame(
            interview_report.profile_rows(data, lg), columns=["dimension", "score"]
        )
        items = interview_report.next_questions(data, lg, bank)[:MAX_NEXT]
        buttons = {
            button: gr.update(value=items[n].label, visible=True)
            if n < len(items)
            else gr.update(visible=False)
            for n, button in enumerate(next_buttons)
        }
        text = interview_report.export_markdown(data, lg, bank)
        return {
            finished: gr.update(visible=True),
            report_head: interview_report.heading(data, lg),
            report: interview_report.body(data, lg, bank),
            profile: chart,
            next_head: interview_report.next_markdown(items, lg),
            next_ids: [i.id for i in items],
            download: gr.update(value=markdown_file(f"interview-{interview.id[:8]}", text)),
            **buttons,
        }

    # Everything ``view`` fills (the hint and model-answer buttons are shown only in practice).
    display: list[Block] = [*view(None, lang).keys(), hint, reference]
    with_answer = [*display, answer, notice]

    def restore(browser: Browser) -> Updates:
        owner, lg = owner_of(browser), lang_of(browser)
        interview = _latest(page, owner) if owner else None
        if interview is not None and interview.finished and not answered(interview):
            interview = None  # an interview ended before any answer has no report
        # The question language follows the UI language until the learner picks one.
        return {**view(interview, lg), qlang: gr.update(value=lg)}

    def begin(
        cat: str, diff: str, n: float, md: str, who: str, ql: str, browser: Browser
    ) -> Updates:
        lg, owner = lang_of(browser), owner_of(browser)
        if owner is None:
            return {notice: notices.notice(t("app.loading", lg))}
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
                store=services.store,
                settings=services.settings,
                bank=services.bank(),
                owner=owner,
            )
            interview.current()
        except CoachError as exc:
            return {notice: notices.fail(exc, lg)}
        return {**view(interview, lg), answer: gr.update(value=""), notice: notices.clear()}

    def act(action: str, session_id: str, text: str, browser: Browser) -> Updates:
        lg, owner = lang_of(browser), owner_of(browser)
        interview = _open(page, session_id, owner) if owner else None
        if interview is None or interview.finished:
            return {notice: notices.notice(t("iv.none", lg))}
        if action == "answer" and not (text or "").strip():
            return {notice: notices.notice(t("iv.empty", lg))}
        if action == "end":  # ask first; the answer box keeps what was written
            ask = interview.current()
            done = answered(interview)
            total = ask.total if ask else done
            message = (
                t("iv.confirm_end", lg, n=done, total=total)
                if done
                else t("iv.confirm_discard", lg)
            )
            return {confirm: gr.update(visible=True), confirm_text: message}
        try:
            if action == "answer":
                interview.answer(text)
            elif action == "hint":
                interview.hint()
            elif action == "model_answer":
                interview.model_answer()
        except CoachError as exc:
            return {notice: notices.fail(exc, lg)}
        updates = {**view(interview, lg), notice: notices.clear()}
        if action == "answer":
            updates[answer] = gr.update(value="")
        return updates

    def end_now(session_id: str, browser: Browser) -> Updates:
        lg, owner = lang_of(browser), owner_of(browser)
        interview = _open(page, session_id, owner) if owner else None
        if interview is None:
            return {confirm: gr.update(visible=False), notice: notices.notice(t("iv.none", lg))}
        if not answered(interview):
            services.store.delete_session(interview.id)
            return {
                **view(None, lg),
                answer: gr.update(value=""),
                notice: notices.notice(t("iv.discarded", lg)),
            }
        interview.finish()
        return {**view(interview, lg), answer: gr.update(value=""), notice: notices.clear()}

    def practise(n: int, ids: list[str], who: str, browser: Browser) -> Updates:
        lg, owner = lang_of(browser), owner_of(browser)
        if owner is None or n >= len(ids):
            return {notice: notices.notice(t("app.loading", lg))}
        try:
            interview = start_question(page, ids[n], lg, who, owner)
            interview.current()
        except CoachError as exc:
            return {notice: notices.fail(exc, lg)}
        return {**view(interview, lg), answer: gr.update(value=""), notice: notices.clear()}

    def restart(browser: Browser) -> Updates:
        return {**view(None, lang_of(browser)), notice: notices.clear()}

    start.click(
        serial(begin),
        [category, difficulty, count, mode, persona, qlang, page.browser],
        with_answer,
    )
    for button, action in (
        (submit, "answer"),
        (hint, "hint"),
        (reference, "model_answer"),
        (end, "end"),
    ):
        button.click(
            serial(lambda s, a, b, action=action: act(action, s, a, b)),
            [session, answer, page.browser],
            [*with_answer, confirm_text],
        )
    confirm_yes.click(serial(end_now), [session, page.browser], with_answer)
    confirm_no.click(lambda: gr.update(visible=False), None, [confirm])
    for n, button in enumerate(next_buttons):
        button.click(
            serial(lambda ids, who, b, n=n: practise(n, ids, who, b)),
            [next_ids, persona, page.browser],
            with_answer,
        )
    again.click(serial(restart), [page.browser], [*display, notice])
    page.on_refresh(restore, [*display, qlang])
    page.exporters[KIND] = lambda session_id, lg: interview_report.export_markdown(
        build_report(services.store, session_id, services.bank()), lg, services.bank()
    )
