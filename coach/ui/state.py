"""What the browser keeps: its owner id and the chosen UI language.

The owner id names the ``owner`` of every session in SQLite, so a reload finds the
same sessions and two browsers never see each other's. The browser keeps it in
``localStorage`` (``gr.BrowserState``), but Gradio publishes that state's
encryption secret in ``/config``, so the stored value is effectively plain text and
any client can send any value. The id is therefore *signed*: ``<id>.<hmac>``, with a
key that lives under ``COACH_HOME`` and never leaves the server. An id without a
valid signature names no owner, so knowing another browser's id reads nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from pathlib import Path
from typing import Any

import gradio as gr

from coach.language import Language
from coach.settings import Settings
from coach.ui.strings import as_lang

STORAGE_KEY = "aipm-coach-browser"
SECRET_FILE = "ui-secret"  # BrowserState's encryption secret (public: sent in /config)
OWNER_KEY_FILE = "ui-owner-key"  # signs owner ids; never sent to a client
_SIGNED = re.compile(r"^([0-9a-f]{32})\.([0-9a-f]{64})$")
# Keys of the apps built in this process (one per data directory).
_OWNER_KEYS: dict[Path, bytes] = {}

Browser = dict[str, Any]  # {"id": "<id>.<sig>", "lang": "zh" | "en" | ""}


def _secret_file(path: Path) -> str:
    if path.exists():
        secret = path.read_text("utf-8").strip()
        if secret:
            return secret
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    path.write_text(secret, "utf-8")
    path.chmod(0o600)
    return secret


def browser_secret(settings: Settings) -> str:
    """The secret for the browser state, created once per data directory."""
    return _secret_file(settings.home / SECRET_FILE)


def owner_key(settings: Settings) -> bytes:
    """The key owner ids are signed with, created once per data directory."""
    home = settings.home.resolve()
    key = _OWNER_KEYS.get(home)
    if key is None:
        key = _secret_file(home / OWNER_KEY_FILE).encode("utf-8")
        _OWNER_KEYS[home] = key
    return key


def browser_state(settings: Settings) -> gr.BrowserState:
    owner_key(settings)  # owner_of() knows this app's key from now on
    return gr.BrowserState(
        {"id": "", "lang": ""},
        storage_key=STORAGE_KEY,
        secret=browser_secret(settings),
    )


def _signature(key: bytes, owner: str) -> str:
    return hmac.new(key, owner.encode("ascii"), hashlib.sha256).hexdigest()


def new_browser_id(settings: Settings) -> str:
    """A new owner id, signed with this data directory's key."""
    owner = uuid.uuid4().hex
    return f"{owner}.{_signature(owner_key(settings), owner)}"


def owner_of(browser: Browser | None) -> str | None:
    """The owner the browser's signed id names, or None (page not loaded yet, or an id
    the server did not issue: unsigned, re-signed or tampered with)."""
    value = (browser or {}).get("id", "")
    match = _SIGNED.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    owner, signature = match.groups()
    for key in _OWNER_KEYS.values():
        if hmac.compare_digest(_signature(key, owner), signature):
            return owner
    return None


def lang_of(browser: Browser | None) -> Language:
    return as_lang((browser or {}).get("lang"))
