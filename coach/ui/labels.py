"""Components whose visible text follows the UI language.

Each tab registers a component with the properties that carry text (a label, a
placeholder, a button's value, a Markdown body) and the string key (or a function
of the language) for each. Switching the language sends one update per component.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr
from gradio.blocks import Block

from coach.ui.strings import Lang, t

B = TypeVar("B", bound=Block)
Text = str | Callable[[Lang], Any]


class Labels:
    def __init__(self) -> None:
        self._entries: list[tuple[Block, dict[str, Text]]] = []

    def add(self, component: B, **props: Text) -> B:
        """Register ``component``; ``props`` maps a property to a string key or function."""
        self._entries.append((component, props))
        return component

    @property
    def components(self) -> list[Block]:
        return [component for component, _ in self._entries]

    def updates(self, lang: Lang) -> list[dict[str, Any]]:
        return [
            gr.update(**{prop: _render(text, lang) for prop, text in props.items()})
            for _, props in self._entries
        ]


def _render(text: Text, lang: Lang) -> Any:
    return text(lang) if callable(text) else t(text, lang)


def markdown(key: str, lang: Lang, **kwargs: Any) -> gr.Markdown:
    """A Markdown block whose body is the string ``key``."""
    return gr.Markdown(t(key, lang), **kwargs)
