"""Reviewer personas (tech lead, data scientist, compliance) backed by the chat model.

Each persona gets the screened PRD between markers, the checklist's findings (so it
adds rather than repeats) and must answer one JSON object; the reply is validated,
quotes that are not in the document are dropped, sections are mapped onto the
checklist, and the issues are merged with the checklist's by ``critique``.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from coach.errors import CoachError
from coach.prd.checklist import checklist
from coach.prd.document import PrdDocument
from coach.prd.issues import GENERAL, Issue
from coach.prd.sections import Outline, heading_keys
from coach.settings import Settings

PROMPT = "prd_reviewer"
LIMIT = 5  # issues per persona
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)
_WORDS = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]")


class ReviewerFailed(CoachError):
    """A persona's reply could not be used (not JSON, or not the agreed shape)."""


class ReviewerIssue(BaseModel):
    severity: Literal["high", "medium", "low"]
    section: str = GENERAL
    quote: str = ""
    message: str = Field(min_length=1)
    suggestion: str = ""

    @field_validator("severity", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class ReviewerReply(BaseModel):
    issues: list[ReviewerIssue] = Field(default_factory=list)


@dataclass(frozen=True)
class Persona:
    key: str
    zh: str
    en: str
    focus_zh: str
    focus_en: str

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def focus(self, lang: str) -> str:
        return self.focus_zh if lang == "zh" else self.focus_en


@lru_cache(maxsize=1)
def personas() -> tuple[Persona, ...]:
    data = tomllib.loads((files("coach.prd") / "personas.toml").read_text("utf-8"))
    return tuple(Persona(**raw) for raw in data["persona"])


class ModelReviewer:
    def __init__(self, persona: Persona, settings: Settings, model: Any = None):
        self.persona = persona
        self.settings = settings
        self.name = f"reviewer:{persona.key}"
        self._model = model

    def review(self, doc: PrdDocument, outline: Outline, lang: str) -> list[Issue]:
        from langchain_core.messages import HumanMessage, SystemMessage

        from coach.llm import chat_model, model_errors
        from coach.prompts import load_prompt
        from coach.tokens import truncate_to_tokens

        prompt = load_prompt(PROMPT, "zh" if lang == "zh" else "en", self.settings.prompts_dir)
        budget = self.settings.context_tokens + self.settings.history_tokens
        values = {
            "persona": self.persona.name(lang),
            "focus": self.persona.focus(lang),
            "limit": LIMIT,
            "sections": json.dumps([item.key for item in checklist()] + [GENERAL]),
            "findings": _findings(outline) or "-",
            "document": truncate_to_tokens(doc.text, budget),
        }
        messages = [
            SystemMessage(prompt.system.format(**values)),
            HumanMessage(prompt.user.format(**values)),
        ]
        model = self._model or chat_model(self.settings)
        with model_errors(self.settings):
            reply = model.invoke(messages)
        return parse_reply(str(reply.content), source=self.name, document=doc.text)


def model_reviewers(settings: Settings) -> list[ModelReviewer]:
    """One reviewer per persona when a model is configured, none offline."""
    if not settings.model_configured:
        return []
    return [ModelReviewer(persona, settings) for persona in personas()]


def _findings(outline: Outline) -> str:
    return "\n".join(
        f"- {key}: {found.status}"
        for key, found in outline.findings.items()
        if found.status != "present"
    )


def parse_reply(text: str, *, source: str, document: str) -> list[Issue]:
    """Validated issues from a persona's reply; quotes must occur in the document."""
    try:
        reply = ReviewerReply.model_validate(_json_object(text))
    except ValidationError as exc:
        raise ReviewerFailed(
            f"{source} answered JSON that does not match the issue format "
            f"({exc.error_count()} problems)"
        ) from exc
    body = _norm(document)
    issues = []
    for item in reply.issues[:LIMIT]:
        quote = " ".join(item.quote.split())
        if quote and _norm(quote) not in body:
            quote = ""  # an invented quote is worse than none
        issues.append(
            Issue(
                severity=item.severity,
                section=_section_key(item.section),
                quote=quote,
                message=item.message.strip()[:400],
                suggestion=item.suggestion.strip()[:400],
                kind="reviewer",
                source=source,
                position=document.find(quote) if quote else -1,
            )
        )
    return issues


def _json_object(text: str) -> Any:
    text = _FENCE.sub("", text.strip())
    start, end = text.find("{"), text.rfind("}")
    if start == -1 or end <= start:
        raise ReviewerFailed("the reviewer's reply holds no JSON object")
    try:
        return json.loads(text[start : end + 1])
    except json.JSONDecodeError as exc:
        raise ReviewerFailed(f"the reviewer's reply is not valid JSON ({exc.msg})") from exc


def _section_key(value: str) -> str:
    value = value.strip()
    for item in checklist():
        if value.lower() in (item.key, item.zh.lower(), item.en.lower()):
            return item.key
    keys = heading_keys(value)
    return min(keys, key=[i.key for i in checklist()].index) if keys else GENERAL


def _norm(text: str) -> str:
    return "".join(_WORDS.findall(text.lower()))
