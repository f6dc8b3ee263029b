"""Which language a piece of user text is in: Chinese or English.

The coach answers in the user's language and picks prompt files by it. Chinese
characters carry about as much meaning as an English word, so the rule compares
Han characters with Latin words: "What is 召回率?" stays English, while
"用 KANO 模型排优先级" is Chinese.

``Bilingual`` and ``BilingualList`` are how every data file (question bank, personas,
drills, frameworks) holds a text in both languages.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")
# A text read from a data file: surrounding whitespace dropped, never empty.
CleanText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


def detect_language(text: str, default: Language = "en") -> Language:
    """``"zh"`` when Han characters outweigh Latin words two to one, else ``"en"``.

    Text with neither (numbers, punctuation, empty) gets ``default``.
    """
    han = len(_HAN.findall(text))
    words = len(_LATIN_WORD.findall(text))
    if han == 0 and words == 0:
        return default
    return "zh" if han > 2 * words else "en"


class Bilingual(BaseModel):
    """One text in both languages, as the data files hold it (``x.zh = …``, ``x.en = …``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: CleanText
    en: CleanText

    def get(self, lang: Language) -> str:
        return self.zh if lang == "zh" else self.en

    def __getitem__(self, lang: Language) -> str:
        return self.get(lang)


class BilingualList(BaseModel):
    """A non-empty list of texts in each language (hints, outlines, constraints)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: tuple[CleanText, ...] = Field(min_length=1)
    en: tuple[CleanText, ...] = Field(min_length=1)

    def get(self, lang: Language) -> tuple[str, ...]:
        return self.zh if lang == "zh" else self.en

    def __getitem__(self, lang: Language) -> tuple[str, ...]:
        return self.get(lang)
