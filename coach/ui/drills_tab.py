"""The Drills tab: pick a drill (with the next-drill suggestion), work through the
stages with a stepper that can go back, get per-stage feedback and a scorecard."""

from __future__ import annotations

from typing import Any

import gradio as gr

from coach.drills import DrillRun, library, scorecard_markdown, suggest_next
from coach.drills.run import KIND
from coach.drills.scorecard import Attempt
from coach.errors import CoachError
from coach.ui import notices
from coach.ui.downloads import markdown_file
from coach.ui.page import Page
from coach.ui.state import Browser, lang_of, owner_of
from coach.ui.strings import Lang, t

N_OUT = 12  # display outputs filled by ``view``


def drill_choices(lang: Lang) -> list[tuple[str, str]]:
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
        for v in library().versions(lang)
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


def stepper(run: DrillRun) -> dict[str, Any]:
    """The nine stages; answered ones marked, the ones not reached yet left out."""
    lang, frontier = run.version.lang, run.frontier()
    choices = []
    for stage in run.library.stages:
        if run.answered(stage.id) or stage.id == frontier:
            mark = "✓ " if run.answered(stage.id) else "→ "
            choices.append((f"{mark}{stage.number}. {stage.title[lang]}", stage.id))
    return gr.update(choices=choices, value=run.current)


def feedback_text(run: DrillRun, attempt: Attempt | None, lang: Lang) -> str:
    if attempt is None or attempt.score is None:
        return ""
    stage = run.library.stage(attempt.stage)
    title = stage.title[run.version.lang]
    lines = [f"#### {t('drill.feedback', lang, stage=title, score=attempt.score.score)}", ""]
    fb = attempt.feedback
    if fb is not None:
        lines += [fb.text, ""]
        if fb.pushback:
            lines += [f"**{t('drill.pushback', lang)}**: {fb.pushback}", ""]
        if fb.citations:
            lines.append(f"**{t('drill.sources', lang)}**")
            for c in fb.citations:
                where = c.get("title") or c.get("source", "")
                quote = c.get("quote") or c.get("passage") or c.get("text") or ""
                lines.append(f"- {where} (`{c.get('source', '')}`): “{quote}”")
        if fb.note:
            lines += ["", f"> {fb.note}"]
    return "\n".join(lines)


def _last_attempt(run: DrillRun, stage_id: str | None) -> Attempt | None:
    attempts = run.attempts.get(stage_id or "", [])
    return attempts[-1] if attempts else None


def build(page: Page, tab: gr.Tab) -> None:
    labels, lang, services = page.labels, page.lang, page.services
    labels.add(gr.Markdown(t("drill.intro", lang)), value="drill.intro")
    notice = notices.notice_block("drill-notice")
    with gr.Group(elem_id="drill-picker") as picker:
        suggestion = gr.Markdown("", elem_id="drill-suggestion")
        with gr.Row(equal_height=True):
            pick = labels.add(
                gr.Dropdown(
                    drill_choices(lang),
                    label=t("drill.pick", lang),
                    scale=4,
                    min_width=240,
                    elem_id="drill-pick",
                ),
                label="drill.pick",
                choices=drill_choices,
            )
            start = labels.add(
                gr.Button(
                    t("drill.start", lang),
                    variant="primary",
                    scale=1,
                    min_width=140,
                    elem_id="drill-start",
                ),
                value="drill.start",
            )
    with gr.Group(visible=False, elem_id="drill-run") as running:
        context = gr.Markdown("", elem_id="drill-context")
        steps = labels.add(
            gr.Radio([], label=t("drill.stages", lang), elem_id="drill-stepper"),
            label="drill.stages",
        )
        prompt = gr.Markdown("", elem_id="drill-prompt", elem_classes=["coach-question"])
        extra = gr.Markdown("", elem_id="drill-extra")
        answer = labels.add(
            gr.Textbox(
                label=t("drill.answer", lang),
                placeholder=t("drill.answer_ph", lang),
                lines=5,
                max_lines=14,
                elem_id="drill-answer",
            ),
            label="drill.answer",
            placeholder="drill.answer_ph",
        )
        with gr.Row():
            submit = labels.add(
                gr.Button(
                    t("drill.submit", lang),
                    variant="primary",
                    elem_id="drill-submit",
                    min_width=120,
                ),
                value="drill.submit",
            )
            hint = labels.add(
                gr.Button(t("drill.hint", lang), elem_id="drill-hint", min_width=100),
                value="drill.hint",
            )
            finish = labels.add(
                gr.Button(t("drill.finish", lang), elem_id="drill-finish", min_width=160),
                value="drill.finish",
            )
        feedback = gr.Markdown("", elem_id="drill-feedback")
    with gr.Group(visible=False, elem_id="drill-card-area") as finished:
        card = gr.Markdown("", elem_id="drill-card", elem_classes=["coach-table"])
        with gr.Row():
            download = labels.add(
                gr.DownloadButton(t("drill.download", lang), elem_id="drill-download"),
                label="drill.download",
            )
            again = labels.add(
                gr.Button(t("drill.again", lang), elem_id="drill-again"), value="drill.again"
            )
    session = gr.State("")

    def suggestion_text(owner: str | None, lg: Lang) -> tuple[str, Any]:
        if owner is None:
            return "", gr.update()
        hint_ = suggest_next(services.store, lg, owner=owner)
        text = t("drill.suggested", lg, title=hint_.version.title, reason=hint_.reason)
        return f"※ {text}", gr.update(value=hint_.version.id)

    def view(
        run: DrillRun | None,
        lg: Lang,
        owner: str | None,
        shown: Attempt | None = None,
        extra_text: str = "",
    ) -> list[Any]:
        if run is None:
            tip, chosen = suggestion_text(owner, lg)
            return [
                gr.update(visible=True),
                tip,
                chosen,
                gr.update(visible=False),
                "",
                gr.update(),
                "",
                "",
                "",
                gr.update(visible=False),
                "",
                gr.update(value=None),
                "",
            ]
        if run.finished:
            suggestion_ = suggest_next(services.store, run.version.lang, owner=owner).as_dict()
            text = scorecard_markdown(run.scorecard(), suggestion_)
            path = markdown_file(f"drill-{run.id}", text)
            return [
                gr.update(visible=False),
                gr.update(),
                gr.update(),
                gr.update(visible=False),
                "",
                gr.update(),
                "",
                "",
                "",
                gr.update(visible=True),
                text,
                gr.update(value=path),
                run.id,
            ]
        v = run.version
        constraints = "\n".join(f"- {c}" for c in v.drill.constraints[v.lang])
        context_text = f"### {v.title}\n\n{v.drill.context[v.lang]}\n\n{constraints}"
        stage = run.stage()
        prompt_text = ""
        if stage is not None:
            prompt_text = f"**{stage.number}/9 · {stage.title[v.lang]}**\n\n{stage.prompt[v.lang]}"
        if shown is None:
            shown = _last_attempt(run, run.current)
        return [
            gr.update(visible=False),
            gr.update(),
            gr.update(),
            gr.update(visible=True),
            context_text,
            stepper(run),
            prompt_text,
            extra_text,
            feedback_text(run, shown, lg),
            gr.update(visible=False),
            "",
            gr.update(value=None),
            run.id,
        ]

    display = [
        picker,
        suggestion,
        pick,
        running,
        context,
        steps,
        prompt,
        extra,
        feedback,
        finished,
        card,
        download,
        session,
    ]

    def restore(browser: Browser) -> list[Any]:
        owner, lg = owner_of(browser), lang_of(browser)
        run = _latest(page, owner) if owner else None
        return view(run, lg, owner)

    def begin(version_id: str | None, browser: Browser) -> list[Any]:
        owner, lg = owner_of(browser), lang_of(browser)
        if owner is None or not version_id:
            return [*_same(), notices.notice(t("app.loading", lg))]
        try:
            run = DrillRun.start(
                services.store,
                library().find(version_id),
                reviewer=services.drill_reviewer(),
                owner=owner,
            )
        except CoachError as exc:
            return [*_same(), notices.fail(exc, lg)]
        return [*view(run, lg, owner), notices.clear()]

    def act(
        action: str, session_id: str, text: str, stage_id: str | None, browser: Browser
    ) -> list[Any]:
        owner, lg = owner_of(browser), lang_of(browser)
        run = _open(page, session_id, owner) if owner else None
        if run is None:
            return [*_same(), gr.update(), notices.notice(t("drill.none", lg))]
        if action == "answer" and not (text or "").strip():
            return [*_same(), gr.update(), notices.notice(t("drill.empty", lg))]
        shown: Attempt | None = None
        extra_text, keep = "", gr.update(value="")
        try:
            if action == "answer":
                shown = run.answer(text)
            elif action == "hint":
                given = run.hint()
                extra_text = f"※ {given}" if given else "※ —"
                keep = gr.update()
            elif action == "goto" and stage_id and stage_id != run.current:
                run.go_to(stage_id)
                previous = _last_attempt(run, stage_id)
                keep = gr.update(value=previous.answer if previous else "")
            elif action == "finish":
                run.finish()
        except CoachError as exc:
            return [*_same(), gr.update(), notices.fail(exc, lg)]
        return [*view(run, lg, owner, shown, extra_text), keep, notices.clear()]

    def restart(browser: Browser) -> list[Any]:
        owner, lg = owner_of(browser), lang_of(browser)
        return [*view(None, lg, owner), notices.clear()]

    start.click(begin, [pick, page.browser], [*display, notice])
    for button, action in ((submit, "answer"), (hint, "hint"), (finish, "finish")):
        button.click(
            lambda s, a, st, b, action=action: act(action, s, a, st, b),
            [session, answer, steps, page.browser],
            [*display, answer, notice],
        )
    steps.input(
        lambda s, a, st, b: act("goto", s, a, st, b),
        [session, answer, steps, page.browser],
        [*display, answer, notice],
    )
    again.click(restart, [page.browser], [*display, notice])
    page.on_refresh(restore, display)
    page.exporters[KIND] = lambda session_id, lg: export(page, session_id)


def export(page: Page, session_id: str) -> str:
    run = DrillRun.resume(page.services.store, session_id)
    return scorecard_markdown(run.scorecard())


def _same() -> list[Any]:
    return [gr.update() for _ in range(N_OUT + 1)]
