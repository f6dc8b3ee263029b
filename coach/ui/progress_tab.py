"""The Progress tab: this browser's past sessions, scores over time, weak areas, and a
Markdown export of any session that has one."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from coach import interview as interview_mode
from coach.dates import short
from coach.drills import bundled_library, suggest_next, weak_areas
from coach.drills import run as drill_mode
from coach.drills.suggest import Area
from coach.errors import CoachError
from coach.interview import CATEGORY_NAMES
from coach.language import Language
from coach.progress import session_scores
from coach.scoring.explain import DIMENSION_NAMES
from coach.store import Session
from coach.ui import notices
from coach.ui.downloads import markdown_file
from coach.ui.page import Page, Refresh
from coach.ui.state import Browser, lang_of, owner_of
from coach.ui.strings import t

COLUMNS = ("date", "kind", "title", "status", "score", "id")


def weak_text(page: Page, owner: str | None, lang: Language) -> str:
    """Weak stages across drills and interviews, and the drill that trains them."""
    lines = [f"### {t('progress.weak', lang)}", ""]
    areas = weak_areas(page.services.store, owner=owner) if owner else []
    if not areas:
        return "\n".join([*lines, t("progress.weak_none", lang)])
    stages = bundled_library()
    lines += [f"- {area_line(stages.stage(a.stage).title[lang], a, lang)}" for a in areas]
    lines += ["", t("progress.weak_explain", lang)]
    hint = suggest_next(page.services.store, lang, owner=owner)
    lines += ["", f"※ {t('drill.suggested', lang, title=hint.version.title, reason=hint.reason)}"]
    return "\n".join(lines)


def _counted(key: str, n: int, lang: Language, **values: str) -> str:
    return t(f"{key}_one", lang, **values) if n == 1 else t(key, lang, n=n, **values)


def area_line(title: str, area: Area, lang: Language) -> str:
    """ "Recap: 23/100 (from …)". A stage named as a question ("方案：AI是不是对的工具？
    有什么数据？") takes no colon after its question mark."""
    sep = " " if title.endswith(("？", "?")) else t("colon", lang)
    return f"{title}{sep}{area.score}/100{area_basis(area, lang)}"


def area_basis(area: Area, lang: Language) -> str:
    """What a weak area's score rests on ("from the structure score of 3 interview
    answers"), so a stage the learner never drilled does not appear unexplained."""
    parts = []
    if area.drills:
        parts.append(_counted("progress.basis.drills", area.drills, lang))
    if area.interviews and area.via:
        name = DIMENSION_NAMES[lang].get(area.via, area.via)
        parts.append(_counted("progress.basis.via", area.interviews, lang, dimension=name))
    elif area.interviews:
        parts.append(_counted("progress.basis.interviews", area.interviews, lang))
    if not parts:
        return ""
    return t("progress.basis", lang, parts=t("progress.basis.sep", lang).join(parts))


def title_of(session: Session, lang: Language) -> str:
    """The session's title in ``lang``: an interview by its set-up, a drill by its case;
    chats and PRDs keep the learner's own words."""
    config = session.config
    if session.kind == interview_mode.KIND:
        mode = config.get("mode", "practice")
        category = config.get("category") or ""
        count = len(config.get("question_ids", [])) or config.get("count", 0)
        return " · ".join(
            (
                t(f"iv.{mode}", lang) if mode in ("practice", "mock") else str(mode),
                CATEGORY_NAMES[lang].get(category, t("iv.any", lang)),
                _counted("progress.questions", count, lang),
            )
        )
    if session.kind == drill_mode.KIND:
        drill = str(config.get("drill", ""))
        for version in bundled_library().versions(lang):
            if version.drill.id == drill:
                return version.title
    return session.title or "—"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def sessions_table(sessions: list[Session], lang: Language, scores: dict[str, float | None]) -> str:
    """A Markdown table (it wraps on a phone, where a data grid would not)."""
    head = [t(f"progress.col.{c}", lang) for c in COLUMNS]
    lines = [
        f"### {t('progress.sessions', lang)}",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for s in sessions:
        score = scores.get(s.id)
        status = s.status if s.status in ("active", "finished") else "active"
        row = [
            short(s.updated_at, lang),
            t(f"kind.{s.kind}", lang),
            _cell(title_of(s, lang)),
            t(f"state.{status}", lang),
            "—" if score is None else f"{score:.0f}",
            f"`{s.id}`",
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def score_points(
    sessions: list[Session], lang: Language, scores: dict[str, float | None]
) -> pd.DataFrame:
    """One point per scored session, oldest first; the date axis is categorical so
    sessions minutes apart stay readable (a time axis squeezes them together)."""
    scored = sorted(
        (s for s in sessions if scores.get(s.id) is not None), key=lambda s: s.updated_at
    )
    points = [
        {
            "date": short(s.updated_at, lang),
            "score": scores[s.id],
            "kind": t(f"kind.{s.kind}", lang),
        }
        for s in scored
    ]
    return pd.DataFrame(points, columns=["date", "score", "kind"])


def export_choices(page: Page, sessions: list[Session], lang: Language) -> list[tuple[str, str]]:
    return [
        (f"{t(f'kind.{s.kind}', lang)} · {title_of(s, lang)} · {short(s.updated_at, lang)}", s.id)
        for s in sessions
        if s.kind in page.exporters
    ]


def build(page: Page, tab: gr.Tab) -> None:
    new, lang, store = page.labels.new, page.lang, page.services.store
    new(gr.Markdown, value="progress.intro")
    refresh_button = new(gr.Button, value="progress.refresh", size="sm", elem_id="progress-refresh")
    # The plot's texts change with its data, in one update (``refresh``): updating its
    # titles on the language switch and its data in a second event left it blank.
    plot = gr.ScatterPlot(
        x="date",
        y="score",
        color="kind",
        label=t("progress.plot", lang),
        x_title=t("progress.plot_x", lang),
        y_title=t("progress.plot_y", lang),
        color_title=t("progress.plot_kind", lang),
        y_lim=[0, 100],
        x_label_angle=-90,  # upright dates never run into each other, also on a phone
        visible=False,
        elem_id="progress-plot",
    )
    weak = gr.Markdown("", elem_id="progress-weak")
    table = gr.Markdown(
        "", visible=False, elem_id="progress-sessions", elem_classes=["coach-table"]
    )
    empty = new(gr.Markdown, value="progress.none", elem_id="progress-empty")
    with gr.Row(equal_height=True):
        pick = new(
            gr.Dropdown,
            choices=[],
            label="progress.export_pick",
            scale=4,
            min_width=220,
            elem_id="progress-pick",
        )
        export = new(
            gr.Button, value="progress.export", scale=1, min_width=140, elem_id="progress-export"
        )
    download = new(
        gr.DownloadButton, label="progress.download", visible=False, elem_id="progress-download"
    )
    notice = notices.notice_block("progress-notice")

    def refresh(browser: Browser) -> dict[Any, Any]:
        lg, owner = lang_of(browser), owner_of(browser)
        sessions = store.list_sessions(owner=owner) if owner else []
        scores = session_scores(store, sessions)
        points = score_points(sessions, lg, scores)
        return {
            table: gr.update(value=sessions_table(sessions, lg, scores), visible=bool(sessions)),
            empty: gr.update(value=t("progress.none", lg), visible=not sessions),
            plot: gr.update(
                value=points,
                visible=not points.empty,
                sort=list(dict.fromkeys(points["date"])) or None,
                colors_in_legend=list(dict.fromkeys(points["kind"])) or None,
                label=t("progress.plot", lg),
                x_title=t("progress.plot_x", lg),
                y_title=t("progress.plot_y", lg),
                color_title=t("progress.plot_kind", lg),
            ),
            weak: weak_text(page, owner, lg),
            pick: gr.update(choices=export_choices(page, sessions, lg), value=None),
            download: gr.update(visible=False),
        }

    def make_export(session_id: str | None, browser: Browser) -> dict[Any, Any]:
        lg, owner = lang_of(browser), owner_of(browser)
        session = store.get_session(session_id) if session_id else None
        if session is None or owner is None or session.owner != owner:
            return {
                download: gr.update(visible=False),
                notice: notices.notice(t("progress.export_none", lg)),
            }
        try:
            text = page.exporters[session.kind](session.id, lg)
        except CoachError as exc:
            return {download: gr.update(visible=False), notice: notices.fail(exc, lg)}
        path = markdown_file(f"{session.kind}-{session.id[:8]}", text)
        return {download: gr.update(value=path, visible=True), notice: notices.clear()}

    def redraw(browser: Browser) -> dict[Any, Any]:
        # Gradio's plot keeps its old data when new titles and new data come in one
        # update; after a language switch the data is sent again on its own.
        lg, owner = lang_of(browser), owner_of(browser)
        sessions = store.list_sessions(owner=owner) if owner else []
        points = score_points(sessions, lg, session_scores(store, sessions))
        # Naming the legend's entries (they change with the language) redraws it too.
        kinds = list(dict.fromkeys(points["kind"])) or None
        return {plot: gr.update(value=points, colors_in_legend=kinds)}

    outputs = [table, empty, plot, weak, pick, download]
    page.on_refresh(refresh, outputs, then=Refresh(redraw, [plot]))
    refresh_button.click(refresh, [page.browser], outputs)
    tab.select(refresh, [page.browser], outputs)
    export.click(make_export, [pick, page.browser], [download, notice])
