"""What the browser keeps: an anonymous browser id and the chosen UI language.

The id lives in ``localStorage`` (``gr.BrowserState``) and names the ``owner`` of
every session in SQLite, so a reload finds the same sessions and two browsers never
see each other's. The value is encrypted with a secret kept under ``COACH_HOME``;
a fixed storage key and a stable secret let it survive a server restart.
"""

from __future__ import annotations

import re
import secrets
import uuid
from pathlib import Path
from typing import Any

import gradio as gr

from coach.settings import Settings
from coach.ui.strings import Lang, as_lang

STORAGE_KEY = "aipm-coach-browser"
SECRET_FILE = "ui-secret"
_OWNER = re.compile(r"^[0-9a-f]{32}$")

Browser = dict[str, Any]  # {"id": str, "lang": "zh" | "en" | ""}


def browser_secret(settings: Settings) -> str:
    """The secret for the browser state, created once per data directory."""
    path: Path = settings.home / SECRET_FILE
    if path.exists():
        secret = path.read_text("utf-8").strip()
        if secret:
            return secret
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(24)
    path.write_text(secret, "utf-8")
    path.chmod(0o600)
    return secret


def browser_state(settings: Settings) -> gr.BrowserState:
    return gr.BrowserState(
        {"id": "", "lang": ""}, storage_key=STORAGE_KEY, secret=browser_secret(settings)
    )


def new_browser_id() -> str:
    return uuid.uuid4().hex


def owner_of(browser: Browser | None) -> str | None:
    """The browser's id if it is one the UI issued, else None (page not loaded yet)."""
    value = (browser or {}).get("id", "")
    return value if isinstance(value, str) and _OWNER.match(value) else None


def lang_of(browser: Browser | None) -> Lang:
    return as_lang((browser or {}).get("lang"))
