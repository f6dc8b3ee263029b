"""Questions the library answers, written by hand for each coach note and article section.

e5-small matches a learner's question to a passage poorly when the two are worded
differently ("how can a lending product tell a rejected applicant why the model said
no?" against a note on explainability that speaks of a declined loan), yet two
questions that mean the same sit close together (about 0.92 against 0.81-0.86 for
other AI-PM questions). So each coach note and each section of a corpus article
carries questions it answers, in both languages, and a learner's question is
compared with them as well as with the passages: document expansion by query
prediction ("doc2query", Nogueira et al. 2019), or the "hypothetical questions"
variant of LangChain's MultiVectorRetriever, with the questions written by us from
the text instead of generated.

Files (``coach/data/asked``): ``notes/<note>.toml`` for the note family ``<note>``
(its ``.zh.md`` and ``.en.md`` versions) and ``articles/<file stem>.toml`` with one
``[[section]]`` table per heading of ``corpus/<file stem>.txt`` as ingest cuts it,
each with ``en`` and ``zh`` lists. A question is only written where the text states
its answer: a close match is taken as "this passage answers it".

Their vectors ship in ``vectors.npz`` (made by ``python -m coach.asked``), so that a
fresh index does not spend ~20 s embedding them; a question missing from that file
(edited since) is embedded on first use and cached like any query.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

import numpy as np

ASKED = ("data", "asked")
VECTORS = "vectors.npz"
MAX_LENGTH = 200


def bundled(*parts: str) -> Traversable:
    """``coach/<parts>``; this module reads no TOML until asked, so that checking a
    saved retrieval snapshot (``data_key``) needs neither pydantic nor the parsers."""
    return files("coach").joinpath(*parts)


@lru_cache(maxsize=1)
def models() -> tuple[Any, Any]:
    """The pydantic models of a note's and an article's question file."""
    from pydantic import BaseModel, ConfigDict, Field

    class Lists(BaseModel):
        model_config = ConfigDict(extra="forbid")
        en: list[str] = Field(default_factory=list)
        zh: list[str] = Field(default_factory=list)

    class Section(Lists):
        heading: str

    class ArticleFile(BaseModel):
        model_config = ConfigDict(extra="forbid")
        section: list[Section] = Field(default_factory=list)

    return Lists, ArticleFile


@dataclass(frozen=True)
class Asked:
    """One question a passage answers, and where: a coach note family ("note:<name>",
    as ``coach.snapshot.source_family`` names it) or an article section."""

    text: str
    language: Literal["zh", "en"]
    family: str  # "note:<name>" or the article's source file name
    heading: str | None = None  # the article section; None = the whole note


def _entries(lists: Any, family: str, heading: str | None) -> list[Asked]:
    out: list[Asked] = []
    for language in ("en", "zh"):
        for text in getattr(lists, language):
            text = " ".join(text.split())
            if text and len(text) <= MAX_LENGTH:
                out.append(Asked(text, language, family, heading))
    return out


@lru_cache(maxsize=1)
def load() -> tuple[Asked, ...]:
    """Every hand-written question, notes first, in file order."""
    from coach.datafiles import load_toml, toml_files

    lists, article_file = models()
    root = bundled(*ASKED)
    out: list[Asked] = []
    notes, articles = root / "notes", root / "articles"
    if notes.is_dir():
        for entry in toml_files(notes):
            out += _entries(load_toml(entry, lists), f"note:{_stem(entry)}", None)
    if articles.is_dir():
        for entry in toml_files(articles):
            parsed = load_toml(entry, article_file)
            for section in parsed.section:
                out += _entries(section, f"{_stem(entry)}.txt", section.heading)
    return tuple(dict.fromkeys(out))


def _stem(entry: Traversable) -> str:
    return entry.name.removesuffix(".toml")


@lru_cache(maxsize=1)
def data_key() -> str:
    """A hash of the question files as they are on disk: part of the retrieval
    snapshot's key. Read as bytes, not parsed, so that a search loading a current
    snapshot does not import pydantic for it."""
    digest = hashlib.sha256()
    root = bundled(*ASKED)
    for folder in ("notes", "articles"):
        entries = root / folder
        if not entries.is_dir():
            continue
        for entry in sorted(entries.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                digest.update(f"{folder}/{entry.name}\0".encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _shipped() -> dict[bytes, np.ndarray]:
    path = bundled(*ASKED, VECTORS)
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as f, np.load(f) as data:
            keys, vectors = data["keys"], data["vectors"].astype(np.float32)
    except (OSError, ValueError, KeyError):
        return {}
    return {k.tobytes(): v for k, v in zip(keys, vectors, strict=True)}


def vectors(texts: list[str]) -> np.ndarray:
    """Query vectors of ``texts``: from the shipped file, else embedded (and cached)."""
    from coach.embeddings import DIMENSIONS, embed_queries
    from coach.vector_cache import text_key

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    shipped = _shipped()
    found = {t: shipped[k] for t in texts if (k := text_key(t, "query")) in shipped}
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        found.update(zip(missing, embed_queries(missing), strict=True))
    return np.stack([found[t] for t in texts])


def write_vectors(path: Path) -> int:
    """Embed every question and write ``path`` (the shipped ``vectors.npz``)."""
    from coach.embeddings import compute_queries
    from coach.vector_cache import text_key

    texts = list(dict.fromkeys(a.text for a in load()))
    computed = compute_queries(texts)
    # Raw key bytes as a uint8 matrix: a bytes dtype would drop a key's trailing zeros.
    keys = np.array([list(text_key(t, "query")) for t in texts], dtype=np.uint8)
    np.savez_compressed(path, keys=keys, vectors=computed.astype(np.float16))
    return len(texts)


def main() -> int:
    path = Path(str(bundled(*ASKED, VECTORS)))
    count = write_vectors(path)
    print(f"{count} questions embedded into {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
