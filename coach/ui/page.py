"""What every tab gets to build itself: the library, the label registry, the browser
state, and a way to ask for a refresh when the page loads or its language changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import gradio as gr
from gradio.blocks import Block

from coach.language import Language
from coach.ui.labels import Labels
from coach.ui.services import Services


@dataclass(frozen=True)
class Refresh:
    """Run ``fn(browser, *inputs)`` after load and after every language switch."""

    fn: Callable[..., Any]
    outputs: Sequence[Block]
    inputs: Sequence[Block] = ()
    then: Refresh | None = None  # run after ``fn`` has been applied


@dataclass
class Page:
    services: Services
    labels: Labels
    browser: gr.BrowserState
    lang: Language = "zh"  # the language the components are first built in
    refreshes: list[Refresh] = field(default_factory=list)
    # kind -> Markdown of one of its sessions, from the library's own exporter
    exporters: dict[str, Callable[[str, Language], str]] = field(default_factory=dict)
    # buttons that open another tab: (button, tab id)
    links: list[tuple[gr.Button, str]] = field(default_factory=list)

    def on_refresh(
        self,
        fn: Callable[..., Any],
        outputs: Sequence[Block],
        inputs: Sequence[Block] = (),
        then: Refresh | None = None,
    ) -> None:
        self.refreshes.append(Refresh(fn, outputs, inputs, then))

    def link(self, button: gr.Button, tab_id: str) -> None:
        """Clicking ``button`` opens the tab ``tab_id``."""
        self.links.append((button, tab_id))
