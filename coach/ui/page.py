"""What every tab gets to build itself: the library, the label registry, the browser
state, and a way to ask for a refresh when the page loads or its language changes.

A refresh and a learner's action can run at once (Gradio runs different event
listeners concurrently, and the refresh chain after a language switch is a set of
``.then`` events queued behind the switch). A refresh that read the learner's
sessions before an action saved its own, and finished after it, would put the old
state back over the action's result: Start pressed right after a language switch
showed the drill for a moment, then the empty picker again. So the refreshes and
every action that writes what a refresh writes run one at a time per learner
(``Page.serial``); the learner's other pages, and other learners, are not held up.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import gradio as gr
from gradio.blocks import Block

from coach.language import Language
from coach.ui.labels import Labels
from coach.ui.services import Services
from coach.ui.state import owner_of

F = TypeVar("F", bound=Callable[..., Any])
# One lock per learner would grow without bound; learners share a fixed set of locks,
# picked by their id, so two learners rarely (and then only briefly) wait on each other.
_LOCKS = tuple(threading.RLock() for _ in range(64))


def serial(fn: F) -> F:
    """``fn`` (an event handler given the browser state among its inputs) run while
    holding its learner's lock; a handler with no signed browser id runs as it is."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        owner = next(
            (o for a in (*args, *kwargs.values()) if isinstance(a, dict) and (o := owner_of(a))),
            None,
        )
        if owner is None:
            return fn(*args, **kwargs)
        with _LOCKS[hash(owner) % len(_LOCKS)]:
            return fn(*args, **kwargs)

    return run  # type: ignore[return-value]


@dataclass(frozen=True)
class Refresh:
    """Run ``fn(browser, *inputs)`` after load and after every language switch (one at
    a time with the learner's actions: see ``serial``)."""

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
