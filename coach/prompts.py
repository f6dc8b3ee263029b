"""Prompt templates are files in ``prompts/``, one per prompt and language.

``prompts/grounded_answer.zh.md`` is the Chinese version of ``grounded_answer``. A
file holds either one text, or messages under the exact headings ``## system`` and
``## user``. Placeholders are ``{name}``; a literal brace is written twice (``{{``),
the f-string convention LangChain templates use. Changing a prompt's behaviour
means a new name (``grounded_answer_v2``), so recorded cassettes keep matching the
prompt they were made with.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from coach.errors import CoachError
from coach.language import Language
from coach.settings import get_settings

_SECTION = re.compile(r"^## (system|user)[ \t]*$", re.MULTILINE)


class PromptMissing(CoachError):
    """A prompt file the code asks for is not in the prompts folder."""


@dataclass(frozen=True)
class Prompt:
    name: str
    language: Language
    system: str
    user: str

    @property
    def text(self) -> str:
        """The whole prompt, for single-text prompts (kept in ``system``)."""
        return self.system

    @property
    def variables(self) -> set[str]:
        found: set[str] = set()
        for part in (self.system, self.user):
            found.update(f for _, f, _, _ in string.Formatter().parse(part) if f)
        return found

    def format(self, **values: object) -> str:
        """Fill a single-text prompt (messages are filled by a chat template)."""
        return self.system.format(**values)


def load_prompt(name: str, language: Language, prompts_dir: Path | None = None) -> Prompt:
    folder = prompts_dir or get_settings().prompts_dir
    return _load(folder.resolve(), name, language)


@lru_cache(maxsize=64)
def _load(folder: Path, name: str, language: Language) -> Prompt:
    path = folder / f"{name}.{language}.md"
    try:
        raw = path.read_text("utf-8")
    except FileNotFoundError:
        raise PromptMissing(f"the prompt file {path} is missing") from None
    return parse_prompt(name, language, raw)


def parse_prompt(name: str, language: Language, raw: str) -> Prompt:
    parts = _SECTION.split(raw)
    if len(parts) == 1:
        return Prompt(name, language, raw.strip(), "")
    sections = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
    return Prompt(name, language, sections.get("system", ""), sections.get("user", ""))
