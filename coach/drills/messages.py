"""The drill's own wording, in Chinese and English (``messages.toml``)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files

from coach.language import Language


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    return tomllib.loads((files("coach.drills") / "messages.toml").read_text("utf-8"))


def message(lang: Language, key: str, **values: object) -> str:
    return _messages()[lang][key].format(**values)
