"""The Progress tab: this browser's past sessions, scores over time, weak areas, and a
Markdown export of any session that has one."""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from coach.drills import library, suggest_next, weak_areas
from coach.errors import CoachError
from coach.report import shown_average
from coach.store import Session, Store
from coach.ui import notices
from coach.ui.downloads import markdown_file
from coach.ui.page import Page
from coach.ui.state import Browser, lang_of, owner_of
from coach.ui.strings import Lang, t

COLUMNS = ("date", "kind", "title", "status", "score", "id")


def _date(stamp: str) -> str:
    return stamp.replace("T", " ")[:16]


# Where each kind's summary keeps its 0-100 result (PRD, interview, drill).
SCORE_KEYS = ("score", "average", "overall")


def session_scores(store: Store, sessions: list[Session]) -> dict[str, float | None]:
    """Each session's 0-100 result: the stored summary's, or for an interview still
    in progress its average so far (none for a mock interview, which holds scores)."""
    scores: dict[str, float | None] = {}
    for session in sessions:
        value = next(
            (
                session.summary[k]
                for k in SCORE_KEYS
                if isinstance(session.summary.get(k), int | float)
            ),
            None,
        )
        if value is None and session.kind == "interview" and session.status != "finished":
            value = shown_average(store, session)
        scores[session.id] = None if value is None else float(value)
    return scores


def weak_text(page: Page, owner: str | None, lang: Lang) -> str:
    """Weak stages across drills and interviews, and the drill that trains them."""
    lines = [f"### {t('progress.weak', lang)}", ""]
    areas = weak_areas(page.services.store, owner=owner) if owner else []
    if not areas:
        return "\n".join([*lines, t("progress.weak_none", lang)])
    stages = library()
    for area in areas:
        lines.append(f"- {stages.stage(area.stage).title[lang]}: {area.score}/100")
    hint = suggest_next(page.services.store, lang, owner=owner)
    lines += ["", f"※ {t('drill.suggested', lang, title=hint.version.title, reason=hint.reason)}"]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def sessions_table(sessions: list[Session], lang: Lang, scores: dict[str, float | None]) -> str:
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
            _date(s.updated_at),
            t(f"kind.{s.kind}", lang),
            _cell(s.title or "—"),
            t(f"state.{status}", lang),
            "—" if score is None else f"{score:.0f}",
            f"`{s.id}`",
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def score_points(
    sessions: list[Session], lang: Lang, scores: dict[str, float | None]
) -> pd.DataFrame:
    """One point per scored session, oldest first; the date axis is categorical so
    sessions minutes apart stay readable (a time axis squeezes them together)."""
    scored = sorted(
        (s for s in sessions if scores.get(s.id) is not None), key=lambda s: s.updated_at
    )
    points = [
        {"date": _date(s.updated_at)[5:], "score": scores[s.id], "kind": t(f"kind.{s.kind}", lang)}
        for s in scored
    ]
    return pd.DataFrame(points, columns=["date", "score", "kind"])


def export_choices(page: Page, sessions: list[Session], lang: Lang) -> list[tuple[str, str]]:
    return [
        (f"{t(f'kind.{s.kind}', lang)} · {s.title or s.id} · {_date(s.updated_at)}", s.id)
        for s in sessions
        if s.kind in page.exporters
    ]


def build(page: Page, tab: gr.Tab) -> None:
    labels, lang, store = page.labels, page.lang, page.services.store
    labels.add(gr.Markdown(t("progress.intro", lang)), value="progress.intro")
    refresh_button = labels.add(
        gr.Button(t("progress.refresh", lang), size="sm", elem_id="progress-refresh"),
        value="progress.refresh",
    )
    plot = labels.add(
        gr.ScatterPlot(
            x="date",
            y="score",
            color="kind",
            label=t("progress.plot", lang),
            x_title=t("progress.plot_x", lang),
            y_title=t("progress.plot_y", lang),
            color_title=t("progress.plot_kind", lang),
            y_lim=[0, 100],
            visible=False,
            elem_id="progress-plot",
        ),
        label="progress.plot",
        x_title="progress.plot_x",
        y_title="progress.plot_y",
        color_title="progress.plot_kind",
    )
    weak = gr.Markdown("", elem_id="progress-weak")
    table = gr.Markdown(
        "", visible=False, elem_id="progress-sessions", elem_classes=["coach-table"]
    )
    empty = gr.Markdown(t("progress.none", lang), elem_id="progress-empty")
    with gr.Row(equal_height=True):
        pick = labels.add(
            gr.Dropdown(
                [],
                label=t("progress.export_pick", lang),
                scale=4,
                min_width=220,
                elem_id="progress-pick",
            ),
            label="progress.export_pick",
        )
        export = labels.add(
            gr.Button(
                t("progress.export", lang), scale=1, min_width=140, elem_id="progress-export"
            ),
            value="progress.export",
        )
    download = labels.add(
        gr.DownloadButton(t("progress.download", lang), visible=False, elem_id="progress-download"),
        label="progress.download",
    )
    notice = notices.notice_block("progress-notice")

    def refresh(browser: Browser) -> tuple[Any, ...]:
        lg, owner = lang_of(browser), owner_of(browser)
        sessions = store.list_sessions(owner=owner) if owner else []
        scores = session_scores(store, sessions)
        points = score_points(sessions, lg, scores)
        return (
            gr.update(value=sessions_table(sessions, lg, scores), visible=bool(sessions)),
            gr.update(value=t("progress.none", lg), visible=not sessions),
            gr.update(value=points, visible=not points.empty),
            weak_text(page, owner, lg),
            gr.update(choices=export_choices(page, sessions, lg), value=None),
            gr.update(visible=False),
        )

    def make_export(session_id: str | None, browser: Browser) -> tuple[Any, Any]:
        lg, owner = lang_of(browser), owner_of(browser)
        session = store.get_session(session_id) if session_id else None
        if session is None or owner is None or session.owner != owner:
            return gr.update(visible=False), notices.notice(t("progress.export_none", lg))
        try:
            text = page.exporters[session.kind](session.id, lg)
        except CoachError as exc:
            return gr.update(visible=False), notices.fail(exc, lg)
        path = markdown_file(f"{session.kind}-{session.id}", text)
        return gr.update(value=path, visible=True), notices.clear()

    outputs = [table, empty, plot, weak, pick, download]
    page.on_refresh(refresh, outputs)
    refresh_button.click(refresh, [page.browser], outputs)
    tab.select(refresh, [page.browser], outputs)
    export.click(make_export, [pick, page.browser], [download, notice])
