"""Files the browser downloads: each export is written to a fresh temporary folder
(Gradio serves files from the system temp directory) under a readable name."""

from __future__ import annotations

import tempfile
from pathlib import Path


def markdown_file(stem: str, text: str) -> str:
    """Write ``text`` to ``<stem>.md`` in a new temporary folder; return its path."""
    path = Path(tempfile.mkdtemp(prefix="aipm-coach-")) / f"{stem}.md"
    path.write_text(text, "utf-8")
    return str(path)
