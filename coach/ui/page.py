"""What every tab gets to build itself: the library, the label registry, the browser
state, and a way to ask for a refresh when the page loads or its language changes.

A refresh and a learner's action can run at once (Gradio runs different event
listeners concurrently, and the refresh chain after a language switch is a set of
``.then`` events queued behind the switch). A refresh that read the learner's
sessions before an action saved its own, and finished after it, would put the old
state back over the action's result: Start pressed right after a language switch
showed the drill for a moment, then the empty picker again. So the refreshes and
every action that writes what a refresh writes run one at a time per learner
(``serial``); the learner's other pages, and other learners, are not held up.

Running one at a time is not enough on its own: the browser applies results in the
order they reach it, and Gradio sends a handler's result only after post-processing
it, outside the handler. A refresh that let go of the lock could still be sending
its old picture while Start, next in line, saved its drill and sent the new one
first; the old picture then landed last (seen under load: Start's result sent 14 ms
before the released refresh's). So ``serial`` is a one-item generator: Gradio queues
a yielded item for the browser before it asks for the next one, and only then does
``serial`` let go. The next holder's result is queued after it.

(Gradio's closing message for a generator repeats its last item, and is queued just
after the lock is let go, with no post-processing left to do, so in practice well
before the next holder's handler has even returned; the next holder's own closing
message repeats its result in any case. A second item of ``gr.skip()`` to make the
closing message empty does not work: Gradio sends the second item as edits to the
first, and the browser applies them to the very object it had shown: the interview
report's chart and download button went missing in the browser tests.)
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import gradio as gr
from gradio.blocks import Block

from coach.language import Language
from coach.ui.labels import Labels
from coach.ui.services import Services
from coach.ui.state import owner_of

T = TypeVar("T")
# One lock per learner would grow without bound; learners share a fixed set of locks,
# picked by their id, so two learners rarely (and then only briefly) wait on each other.
# Plain locks, not RLocks: the worker thread that resumes a generator to let go may
# not be the one that took the lock.
_LOCKS = tuple(threading.Lock() for _ in range(64))


def serial(fn: Callable[..., T]) -> Callable[..., Iterator[T]]:
    """``fn`` (an event handler given the browser state among its inputs) run while
    holding its learner's lock, as a one-item generator; the lock is let go once the
    item has been queued for the browser (if the page goes away first, Gradio closes
    the generator, which lets go too). A handler with no signed browser id runs
    without the lock."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Iterator[T]:
        owner = next(
            (o for a in (*args, *kwargs.values()) if isinstance(a, dict) and (o := owner_of(a))),
            None,
        )
        if owner is None:
            yield fn(*args, **kwargs)
            return
        with _LOCKS[hash(owner) % len(_LOCKS)]:
            yield fn(*args, **kwargs)

    return run


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
