"""The page: header with the language switch, status area, one tab per mode.

``build_app`` returns the Blocks; ``launch_options`` what ``launch`` needs (theme,
CSS, upload limit, no footer links) since Gradio 6 takes those at launch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from coach.settings import Settings
from coach.ui import chat_tab, drills_tab, interview_tab, prd_tab, progress_tab, status
from coach.ui.labels import Labels
from coach.ui.page import Page
from coach.ui.services import Services
from coach.ui.state import Browser, browser_state, lang_of, new_browser_id
from coach.ui.strings import LANG_CHOICES, Lang, as_lang, lang_from_header, t

STYLE = Path(__file__).with_name("style.css")
BASE_LANG: Lang = "zh"
# Counts up every ``.coach-timer`` from its data-start time, in the browser: a server
# tick per second per page would queue behind real work.
TIMER_SCRIPT = """<script>
setInterval(function () {
  document.querySelectorAll(".coach-timer[data-start]").forEach(function (el) {
    var s = Math.max(0, Math.floor((Date.now() - Date.parse(el.dataset.start)) / 1000));
    el.textContent = String(Math.floor(s / 60)).padStart(2, "0") + ":" +
      String(s % 60).padStart(2, "0");
  });
}, 1000);
</script>"""

# (tab id, label key, module); a module builds the tab's content.
TABS: list[tuple[str, str, Any]] = [
    ("chat", "tab.chat", chat_tab),
    ("interview", "tab.interview", interview_tab),
    ("prd", "tab.prd", prd_tab),
    ("drills", "tab.drills", drills_tab),
    ("progress", "tab.progress", progress_tab),
]


def build_app(settings: Settings, services: Services | None = None) -> gr.Blocks:
    services = services or Services(settings)
    labels = Labels()
    with gr.Blocks(title="AIPM Coach", analytics_enabled=False) as demo:
        page = Page(services, labels, browser_state(settings), lang=BASE_LANG)
        with gr.Row(elem_id="coach-header", equal_height=True):
            with gr.Column(scale=4, min_width=260):
                labels.add(gr.Markdown(f"## {t('app.title', BASE_LANG)}"), value=_title)
                labels.add(gr.Markdown(t("app.tagline", BASE_LANG)), value="app.tagline")
            with gr.Column(scale=1, min_width=180):
                language = gr.Radio(
                    LANG_CHOICES,
                    value=BASE_LANG,
                    label=t("app.language", BASE_LANG),
                    elem_id="coach-language",
                )
        status.build(page)
        with gr.Tabs(elem_id="coach-tabs", overflow_behavior="wrap"):
            for tab_id, key, module in TABS:
                tab = gr.Tab(t(key, BASE_LANG), id=tab_id, elem_id=f"tab-{tab_id}")
                labels.add(tab, label=key)
                with tab:
                    module.build(page, tab)
        _wire(demo, page, language)
    return demo


def _title(lang: Lang) -> str:
    return f"## {t('app.title', lang)}"


def _wire(demo: gr.Blocks, page: Page, language: gr.Radio) -> None:
    labelled = page.labels.components

    def start(browser: Browser | None, request: gr.Request) -> list[Any]:
        # First visit: a new anonymous id, and the language the browser asks for.
        browser = dict(browser or {})
        if not browser.get("id"):
            browser["id"] = new_browser_id()
        if browser.get("lang") not in ("zh", "en"):
            browser["lang"] = lang_from_header(request.headers.get("accept-language"))
        lang = lang_of(browser)
        radio = gr.update(value=lang, label=t("app.language", lang))
        return [browser, radio, *page.labels.updates(lang)]

    def switch(choice: str, browser: Browser | None) -> list[Any]:
        lang = as_lang(choice)
        browser = {**(browser or {}), "lang": lang}
        radio = gr.update(label=t("app.language", lang))
        return [browser, radio, *page.labels.updates(lang)]

    outputs = [page.browser, language, *labelled]
    loaded = demo.load(start, [page.browser], outputs)
    # ``input`` (not ``change``): only the user's choice, not the value set on load.
    switched = language.input(switch, [language, page.browser], outputs)
    for event in (loaded, switched):
        for refresh in page.refreshes:
            event.then(refresh.fn, [page.browser, *refresh.inputs], list(refresh.outputs))


def launch_options(settings: Settings) -> dict[str, Any]:
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "max_file_size": f"{settings.max_upload_mb}mb",
        "footer_links": [],
        "run_history": False,
        "show_error": False,
        "theme": gr.themes.Soft(
            primary_hue="teal",
            font=["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "system-ui", "sans-serif"],
            font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
        ),
        "css_paths": [STYLE],
        "head": TIMER_SCRIPT,
    }


__all__ = ["build_app", "launch_options"]
