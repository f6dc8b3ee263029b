"""The Drills tab: pick a drill (with the next-drill suggestion), work through the
stages with a stepper that can go back, get per-stage feedback and a scorecard.

What is on screen is read back from the run's records, so a hint, a reload or a
language switch keeps the latest feedback and the hints given; stage names and
headings follow the UI language, the case and the learner's answers stay as written.
Handlers return updates keyed by component."""

from __future__ import annotations

import re
from typing import Any

import gradio as gr
from gradio.blocks import Block

from coach.drills import (
    DrillRun,
    bundled_library,
    feedback_markdown,
    scorecard_markdown,
    suggest_next,
)
from coach.drills.run import KIND
from coach.drills.scorecard import Attempt
from coach.errors import CoachError
from coach.language import Language
from coach.ui import notices
from coach.ui.downloads import markdown_file
from coach.ui.page import Page, serial
from coach.ui.state import Browser, lang_of, owner_of
from coach.ui.strings import t

Updates = dict[Block, Any]
HAN = re.compile(r"[\u4e00-\u9fff]")


def drill_choices(lang: Language) -> list[tuple[str, str]]:
    return [
        (
            t(
                "drill.choice",
                lang,
                title=v.title,
                difficulty=t(f"drill.{v.drill.difficulty}", lang),
                minutes=v.drill.minutes,
            ),
            v.id,
        )
        for v in bundled_library().versions(lang)
    ]


def _open(page: Page, session_id: str, owner: str) -> DrillRun | None:
    store = page.services.store
    session = store.get_session(session_id) if session_id else None
    if session is None or session.owner != owner or session.kind != KIND:
        return None
    return DrillRun.resume(store, session_id, reviewer=page.services.drill_reviewer())


def _latest(page: Page, owner: str) -> DrillRun | None:
    sessions = page.services.store.list_sessions(kind=KIND, owner=owner, limit=1)
    return _open(page, sessions[0].id, owner) if sessions else None


def stepper(run: DrillRun, lang: Language) -> dict[str, Any]:
    """The nine stages; answered ones marked, the ones not reached yet left out."""
    frontier = run.frontier()
    choices = []
    for stage in run.library.stages:
        if run.answered(stage.id) or stage.id == frontier:
            mark = "✓ " if run.answered(stage.id) else "→ "
            choices.append((f"{mark}{stage.number}. {stage.title[lang]}", stage.id))
    return gr.update(choices=choices, value=run.current)


def hints_given(run: DrillRun) -> str:
    """The hints already given for the current stage (they are numbered in the records)."""
    stage = run.stage()
    if stage is None:
        return ""
    given = run.hints_given.get(stage.id, 0)
    return "\n\n".join(f"※ {h}" for h in stage.hints[run.version.lang][:given])


def key_point_in_english(run: DrillRun, stage_id: str, quote: str, lang: Language) -> str | None:
    """For a Chinese passage in the English UI, the key point it backs, in English."""
    if lang != "en" or not HAN.search(quote):
        return None
    for point in run.version.drill.points_for(stage_id):
        if point.quote and (point.quote in quote or quote in point.quote):
            return point.text.get("en")
    return None


def feedback_text(run: DrillRun, attempt: Attempt | None, lang: Language) -> str:
    if attempt is None or attempt.score is None:
        return ""
    stage = run.library.stage(attempt.stage)
    heading = t("drill.feedback", lang, stage=stage.title[lang], score=attempt.score.score)
    lines = [f"#### {heading}", ""]
    fb = attempt.feedback
    lines += [feedback_markdown(fb.text if fb else attempt.score.feedback), ""]
    if fb is not None:
        if fb.pushback:
            lines += [f"**{t('drill.pushback', lang)}**: {fb.pushback}", ""]
        if fb.citations:
            lines.append(f"**{t('drill.sources', lang)}**")
            for c in fb.citations:
                # The article's title; its file name only when there is no title.
                where = c.get("title") or f"`{c.get('source', '')}`"
                quote = c.get("quote") or c.get("passage") or c.get("text") or ""
                lines.append(f"- {where}: “{quote}”")
                english = key_point_in_english(run, stage.id, str(quote), lang)
                if english:
                    lines.append(f"  - {t('iv.r.key_point', lang)}: {english}")
        if fb.note:
            lines += ["", f"> {fb.note}"]
    return "\n".join(lines)


def last_attempt(run: DrillRun, stage_id: str) -> Attempt | None:
    """The stage's latest scored attempt, as the run's scorecard holds it."""
    return next((r.latest for r in run.scorecard().stages if r.stage.id == stage_id), None)


def build(page: Page, tab: gr.Tab) -> None:
    new, lang, services = page.labels.new, page.lang, page.services
    new(gr.Markdown, value="drill.intro")
    notice = notices.notice_block("drill-notice")
    with gr.Group(elem_id="drill-picker") as picker:
        suggestion = gr.Markdown("", elem_id="drill-suggestion")
        with gr.Row(equal_height=True):
            pick = new(
                gr.Dropdown,
                choices=drill_choices,
                # The value follows the switch with the choices: a value from the other
                # language's list would make Start fail until the refresh picks one.
                value=lambda lg: drill_choices(lg)[0][1],
                label="drill.pick",
                scale=4,
                min_width=240,
                elem_id="drill-pick",
            )
            start = new(
                gr.Button,
                value="drill.start",
                variant="primary",
                scale=1,
                min_width=140,
                elem_id="drill-start",
            )
    with gr.Group(visible=False, elem_id="drill-run") as running:
        context = gr.Markdown("", elem_id="drill-context")
        steps = new(gr.Radio, choices=[], label="drill.stages", elem_id="drill-stepper")
        # The latest feedback sits right under the stepper, above the next stage's prompt.
        feedback = gr.Markdown("", elem_id="drill-feedback", elem_classes=["coach-feedback"])
        prompt = gr.Markdown("", elem_id="drill-prompt", elem_classes=["coach-question"])
        extra = gr.Markdown("", elem_id="drill-extra", elem_classes=["coach-extra"])
        answer = new(
            gr.Textbox,
            label="drill.answer",
            placeholder="drill.answer_ph",
            lines=5,
            max_lines=14,
            elem_id="drill-answer",
        )
        with gr.Row():
            submit = new(
                gr.Button,
                value="drill.submit",
                variant="primary",
                elem_id="drill-submit",
                min_width=120,
            )
            hint = new(gr.Button, value="drill.hint", elem_id="drill-hint", min_width=100)
            finish = new(gr.Button, value="drill.finish", elem_id="drill-finish", min_width=160)
        # Shown after "Finish" with stages left; its label carries the count, so it is
        # written by the handler (and hidden again by every redraw, a language switch too).
        finish_now = gr.Button(
            "", visible=False, variant="primary", elem_id="drill-finish-now", min_width=200
        )
    with gr.Group(visible=False, elem_id="drill-card-area") as finished:
        card = gr.Markdown("", elem_id="drill-card", elem_classes=["coach-table"])
        with gr.Row(elem_classes=["coach-actions"]):
            download = new(gr.DownloadButton, label="drill.download", elem_id="drill-download")
            again = new(gr.Button, value="drill.again", elem_id="drill-again")
    session = gr.State("")

    def suggestion_text(owner: str | None, lg: Language) -> Updates:
        if owner is None:
            return {suggestion: ""}
        hint_ = suggest_next(services.store, lg, owner=owner)
        text = t("drill.suggested", lg, title=hint_.version.title, reason=hint_.reason)
        return {suggestion: f"※ {text}", pick: gr.update(value=hint_.version.id)}

    def view(run: DrillRun | None, lg: Language, owner: str | None) -> Updates:
        base: Updates = {
            picker: gr.update(visible=run is None),
            running: gr.update(visible=False),
            finished: gr.update(visible=False),
            context: "",
            prompt: "",
            extra: "",
            feedback: "",
            card: "",
            download: gr.update(value=None),
            finish_now: gr.update(visible=False),
            session: run.id if run else "",
        }
        if run is None:
            return {**base, **suggestion_text(owner, lg)}
        if run.finished:
            suggested = suggest_next(services.store, lg, owner=owner).as_dict()
            text = scorecard_markdown(run.scorecard(), suggested, lang=lg)
            return {
                **base,
                finished: gr.update(visible=True),
                card: text,
                download: gr.update(value=markdown_file(f"drill-{run.id[:8]}", text)),
            }
        v = run.version
        constraints = "\n".join(f"- {c}" for c in v.drill.constraints[v.lang])
        stage = run.stage()
        prompt_text = ""
        if stage is not None:
            title = stage.title[lg]
            prompt_text = f"**{stage.number}/9 · {title}**\n\n{stage.prompt[v.lang]}"
        return {
            **base,
            running: gr.update(visible=True),
            context: f"### {v.title}\n\n{v.drill.context[v.lang]}\n\n{constraints}",
            steps: stepper(run, lg),
            prompt: prompt_text,
            extra: hints_given(run),
            feedback: feedback_text(run, run.latest_attempt(), lg),
        }

    display: list[Block] = [*view(None, lang, None).keys(), suggestion, pick, steps]
    # finish_now is in ``view``'s keys, so every handler below may show or hide it.
    with_answer = [*display, answer, notice]

    def restore(browser: Browser) -> Updates:
        owner, lg = owner_of(browser), lang_of(browser)
        return view(_latest(page, owner) if owner else None, lg, owner)

    def begin(version_id: str | None, browser: Browser) -> Updates:
        owner, lg = owner_of(browser), lang_of(browser)
        if owner is None or not version_id:
            return {notice: notices.notice(t("app.loading", lg))}
        try:
            run = DrillRun.start(
                services.store,
                bundled_library().find(version_id),
                reviewer=services.drill_reviewer(),
                owner=owner,
            )
        except CoachError as exc:
            return {notice: notices.fail(exc, lg)}
        return {**view(run, lg, owner), answer: gr.update(value=""), notice: notices.clear()}

    def act(
        action: str, session_id: str, text: str, stage_id: str | None, browser: Browser
    ) -> Updates:
        owner, lg = owner_of(browser), lang_of(browser)
        run = _open(page, session_id, owner) if owner else None
        if run is None or run.finished:
            return {notice: notices.notice(t("drill.none", lg))}
        if action == "answer" and not (text or "").strip():
            return {notice: notices.notice(t("drill.empty", lg))}
        updates: Updates = {}
        if action == "finish":
            card_now = run.scorecard()
            if not card_now.answered:
                return {notice: notices.notice(t("drill.left_none", lg))}
            if not card_now.complete:
                done = len(card_now.answered)
                stages = card_now.unanswered_names(lg)
                left = t("drill.left", lg, n=len(card_now.unanswered), stages=stages, done=done)
                return {
                    notice: notices.notice(left),
                    finish_now: gr.update(value=t("drill.finish_now", lg, n=done), visible=True),
                }
        try:
            if action == "answer":
                run.answer(text)
                updates[answer] = gr.update(value="")
            elif action == "hint":
                if run.hint() is None:
                    return {notice: notices.notice(t("drill.hints_done", lg))}
            elif action == "goto" and stage_id and stage_id != run.current:
                run.go_to(stage_id)
                previous = last_attempt(run, stage_id)
                updates[answer] = gr.update(value=previous.answer if previous else "")
            elif action == "finish":
                run.finish()
            elif action == "finish_now":
                run.finish(early=True)
        except CoachError as exc:
            return {notice: notices.fail(exc, lg)}
        return {**view(run, lg, owner), **updates, notice: notices.clear()}

    def restart(browser: Browser) -> Updates:
        owner, lg = owner_of(browser), lang_of(browser)
        return {**view(None, lg, owner), notice: notices.clear()}

    start.click(serial(begin), [pick, page.browser], with_answer)
    for button, action in (
        (submit, "answer"),
        (hint, "hint"),
        (finish, "finish"),
        (finish_now, "finish_now"),
    ):
        button.click(
            serial(lambda s, a, st, b, action=action: act(action, s, a, st, b)),
            [session, answer, steps, page.browser],
            with_answer,
        )
    steps.input(
        serial(lambda s, a, st, b: act("goto", s, a, st, b)),
        [session, answer, steps, page.browser],
        with_answer,
    )
    again.click(serial(restart), [page.browser], [*display, notice])
    page.on_refresh(restore, display)
    page.exporters[KIND] = lambda session_id, lg: export(page, session_id, lg)


def export(page: Page, session_id: str, lang: Language) -> str:
    run = DrillRun.resume(page.services.store, session_id)
    return scorecard_markdown(run.scorecard(), lang=lang)
