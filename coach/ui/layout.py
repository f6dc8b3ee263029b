"""The page: header with the language switch, status area, one tab per mode.

``build_app`` returns the Blocks; ``launch_options`` what ``launch`` needs (theme,
CSS, upload limit, no footer links) since Gradio 6 takes those at launch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from coach.language import Language
from coach.settings import Settings
from coach.ui import (
    chat_tab,
    drills_tab,
    home_tab,
    interview_tab,
    prd_tab,
    progress_tab,
    status,
)
from coach.ui.labels import Labels
from coach.ui.page import Page, Refresh, serial
from coach.ui.services import Services
from coach.ui.state import Browser, browser_state, lang_of, new_browser_id, owner_of
from coach.ui.strings import LANG_CHOICES, as_lang, lang_from_header, t

STYLE = Path(__file__).with_name("style.css")
BASE_LANG: Language = "zh"
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
// Unsent answers survive a reload: each answer box is saved on every keystroke, with
// the question it answers, and put back when the page shows that question again.
(function () {
  var BOXES = {"iv-answer": "#iv-question", "drill-answer": "#drill-prompt"};
  var PREFIX = "aipm-coach-draft:";
  function anchor(id) {
    var el = document.querySelector(BOXES[id]);
    return el ? el.innerText.trim() : "";
  }
  document.addEventListener("input", function (e) {
    var box = e.target && e.target.closest ? e.target.closest("#iv-answer, #drill-answer") : null;
    if (!box || e.target.tagName !== "TEXTAREA") return;
    localStorage.setItem(PREFIX + box.id,
      JSON.stringify({at: anchor(box.id), text: e.target.value}));
  }, true);
  function restore() {
    Object.keys(BOXES).forEach(function (id) {
      var raw = localStorage.getItem(PREFIX + id);
      var box = document.querySelector("#" + id + " textarea");
      if (!raw || !box || box.value) return;
      var draft = JSON.parse(raw);
      if (!draft.text || !draft.at || draft.at !== anchor(id)) return;
      box.value = draft.text;
      box.dispatchEvent(new Event("input", {bubbles: true}));
    });
  }
  // The open tab survives a reload too: remembered by position once the page has
  // restored it (so the first tab shown while loading does not overwrite it).
  var TAB_KEY = "aipm-coach-tab";
  var restored = false;
  function tabButtons() {
    return Array.prototype.slice.call(document.querySelectorAll("#coach-tabs [role=tab]"));
  }
  function saveTab() {
    if (!restored) return;
    var index = tabButtons().findIndex(function (b) {
      return b.getAttribute("aria-selected") === "true";
    });
    if (index >= 0) localStorage.setItem(TAB_KEY, String(index));
  }
  setInterval(saveTab, 500);  // also catches tabs opened by a button (Start screen)
  window.addEventListener("pagehide", saveTab);
  window.coachRestore = function () {
    var saved = parseInt(localStorage.getItem(TAB_KEY) || "", 10);
    var button = tabButtons()[saved];
    if (button && button.getAttribute("aria-selected") !== "true") button.click();
    setTimeout(function () { restored = true; }, 300);
    for (var n = 1; n <= 20; n++) setTimeout(restore, n * 300);
  };
  document.addEventListener("click", function (e) {
    var tab = e.target && e.target.closest ? e.target.closest("#coach-tabs [role=tab]") : null;
    if (!tab) return;
    var index = tabButtons().indexOf(tab);
    if (restored && index >= 0) localStorage.setItem(TAB_KEY, String(index));
    setTimeout(restore, 300); setTimeout(restore, 1000);
  }, true);
})();
</script>"""

# (tab id, label key, module); a module builds the tab's content.
TABS: list[tuple[str, str, Any]] = [
    ("home", "tab.home", home_tab),
    ("chat", "tab.chat", chat_tab),
    ("interview", "tab.interview", interview_tab),
    ("prd", "tab.prd", prd_tab),
    ("drills", "tab.drills", drills_tab),
    ("progress", "tab.progress", progress_tab),
]


# Gradio keeps a copy of every file it serves (each rewritten chat export, each report)
# in its cache, a folder per content hash, so the copies grew with every answer (soak,
# 4 clients: +57 files in 60 s). Every 10 minutes the copies older than an hour go; a
# download link older than that is renewed by the next answer or export.
CACHE_SWEEP = (600, 3600)


def build_app(settings: Settings, services: Services | None = None) -> gr.Blocks:
    services = services or Services(settings)
    labels = Labels(BASE_LANG)
    with gr.Blocks(title="AIPM Coach", analytics_enabled=False, delete_cache=CACHE_SWEEP) as demo:
        page = Page(services, labels, browser_state(settings), lang=BASE_LANG)
        with gr.Row(elem_id="coach-header", equal_height=True):
            with gr.Column(scale=4, min_width=260):
                labels.new(gr.Markdown, value=_title)
                labels.new(gr.Markdown, value="app.tagline", elem_id="coach-tagline")
            with gr.Column(scale=1, min_width=180):
                language = labels.new(
                    gr.Radio,
                    choices=LANG_CHOICES,
                    value=BASE_LANG,
                    label="app.language",
                    elem_id="coach-language",
                )
        status.build(page)
        with gr.Tabs(elem_id="coach-tabs", overflow_behavior="wrap") as tabs:
            for tab_id, key, module in TABS:
                tab = labels.new(gr.Tab, label=key, id=tab_id, elem_id=f"tab-{tab_id}")
                with tab:
                    module.build(page, tab)
        _wire(demo, page, language, tabs)
    built: gr.Blocks = demo
    return built


def _title(lang: Language) -> str:
    return f"## {t('app.title', lang)}"


def _wire(demo: gr.Blocks, page: Page, language: gr.Radio, tabs: gr.Tabs) -> None:
    labelled = page.labels.components
    settings = page.services.settings

    def start(browser: Browser | None, request: gr.Request) -> dict[Any, Any]:
        # First visit (or an id the server did not sign): a new owner id, and the
        # language the browser asks for. (The page script reopens the tab last open.)
        browser = dict(browser or {})
        if owner_of(browser) is None:
            browser["id"] = new_browser_id(settings)
        if browser.get("lang") not in ("zh", "en"):
            browser["lang"] = lang_from_header(request.headers.get("accept-language"))
        lang = lang_of(browser)
        updates = page.labels.keyed_updates(lang)
        updates[language] = gr.update(value=lang, label=t("app.language", lang))
        return {page.browser: browser, **updates}

    def switch(choice: str, browser: Browser | None) -> dict[Any, Any]:
        lang = as_lang(choice)
        updates = page.labels.keyed_updates(lang)
        # ``input`` fired because the learner chose ``choice``: leave the radio's value be.
        updates[language] = gr.update(label=t("app.language", lang))
        return {page.browser: {**(browser or {}), "lang": lang}, **updates}

    outputs = [page.browser, *labelled]  # the language radio is labelled
    loaded = demo.load(start, [page.browser], outputs)
    # ``input`` (not ``change``): only the user's choice, not the value set on load.
    switched = language.input(switch, [language, page.browser], outputs)
    for event in (loaded, switched):
        for refresh in page.refreshes:
            step: Refresh | None = refresh
            chained: Any = event
            while step is not None:
                inputs = [page.browser, *step.inputs]
                chained = chained.then(serial(step.fn), inputs, list(step.outputs))
                step = step.then
    loaded.then(None, js="() => { window.coachRestore && window.coachRestore(); }")
    for button, tab_id in page.links:
        button.click(_open_tab(tab_id, tabs), None, [tabs])


def _open_tab(tab_id: str, tabs: gr.Tabs) -> Any:
    def open_tab() -> dict[Any, Any]:
        return {tabs: gr.update(selected=tab_id)}

    return open_tab


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
