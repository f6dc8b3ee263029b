"""Components whose visible text follows the UI language.

A tab builds such a component with ``labels.new(gr.Button, value="iv.start", ...)``:
each text property is named once, as a string key (or a function of the language);
the component is built with that text in the page's first language and registered,
and switching the language sends one update per registered component.
``add`` registers a component built elsewhere (kept for tabs that build their own).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr
from gradio.blocks import Block

from coach.language import Language
from coach.ui.strings import t

B = TypeVar("B", bound=Block)
Text = str | Callable[[Language], Any]
# The properties of a component that carry text the user reads.
TEXT_PROPS = frozenset(
    {"value", "label", "placeholder", "info", "choices", "x_title", "y_title", "color_title"}
)


class Labels:
    def __init__(self, lang: Language = "zh") -> None:
        self.lang = lang
        self._entries: list[tuple[Block, dict[str, Text]]] = []

    def new(self, cls: Callable[..., B], /, **kwargs: Any) -> B:
        """Build ``cls(**kwargs)``; text properties (see ``TEXT_PROPS``) given as a key
        or a function of the language are rendered now and follow every switch."""
        texts: dict[str, Text] = {
            prop: value
            for prop, value in kwargs.items()
            if prop in TEXT_PROPS and (callable(value) or _is_key(value))
        }
        rendered = {prop: _render(text, self.lang) for prop, text in texts.items()}
        return self.add(cls(**{**kwargs, **rendered}), **texts)

    def add(self, component: B, **props: Text) -> B:
        """Register ``component``; ``props`` maps a property to a string key or function."""
        self._entries.append((component, props))
        return component

    @property
    def components(self) -> list[Block]:
        return [component for component, _ in self._entries]

    def updates(self, lang: Language) -> list[dict[str, Any]]:
        return [
            gr.update(**{prop: _render(text, lang) for prop, text in props.items()})
            for _, props in self._entries
        ]

    def keyed_updates(self, lang: Language) -> dict[Block, Any]:
        return dict(zip(self.components, self.updates(lang), strict=True))


def _is_key(value: object) -> bool:
    from coach.ui.strings import UI

    return isinstance(value, str) and value in UI


def _render(text: Text, lang: Language) -> Any:
    return text(lang) if callable(text) else t(text, lang)


def markdown(key: str, lang: Language, **kwargs: Any) -> gr.Markdown:
    """A Markdown block whose body is the string ``key``."""
    return gr.Markdown(t(key, lang), **kwargs)
