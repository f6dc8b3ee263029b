"""PRD critique: an AI-product checklist, heuristics and (with a model) reviewer
personas; ranked issues with quotes, fixes and corpus citations; a score; saved
versions compared with each other; Markdown export."""

from coach.prd.critique import Critique, critique
from coach.prd.document import PrdDocument, load_bytes, load_path, load_text
from coach.prd.history import Saved, save
from coach.prd.issues import Issue

__all__ = [
    "Critique",
    "Issue",
    "PrdDocument",
    "Saved",
    "critique",
    "load_bytes",
    "load_path",
    "load_text",
    "save",
]
