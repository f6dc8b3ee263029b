"""The drill's own wording, in Chinese and English: the ``drills`` domain of the
message catalogue (``coach/data/messages/drills.toml``, read by ``coach.catalogue``)."""

from __future__ import annotations

from coach.catalogue import catalogue
from coach.language import Language


def message(lang: Language, key: str, **values: object) -> str:
    return catalogue("drills").text(key, lang, **values)
