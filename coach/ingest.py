"""Ingest: files → cleaned documents → chunks → the index, incrementally.

The bundled sources are the articles in ``corpus/`` and the coach's own notes in
``coach/data/notes/`` (framework and concept notes, zh and en): a note is indexed
like an article, with its ``# `` line as title and ``## `` headings as sections, and
marked ``kind = "coach-note"`` so it is shown as "AIPM Coach note: <title>".

Who may read a chunk is part of its metadata: ``owner = ""`` is the shared library
(the bundled sources and whatever an operator adds with ``coach ingest``); a
learner's upload carries that learner's id and only their searches see it.

A chunk's id is a hash of its text, so a second run over unchanged files embeds
nothing; a changed file has its changed chunks re-embedded and the old ones
removed; a file that disappeared from an ingested folder has its chunks removed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.chunking import Chunk, chunk_document
from coach.cleaning import clean
from coach.embeddings import embed_passages
from coach.errors import CoachError
from coach.index import ChunkIndex, Origin
from coach.lexical import tokenize
from coach.reading import UnreadableFile, discover, read_text_file
from coach.settings import PROJECT_ROOT, Settings

Progress = Callable[[int, int, str], None]
EMBED_BATCH = 8
NOTES_DIR = PROJECT_ROOT / "coach" / "data" / "notes"
NOTE_KINDS = {"frameworks": "framework", "concepts": "concept"}


def bundled_roots(settings: Settings) -> list[Path]:
    """What ``ingest(None)`` reads: the corpus and the coach's notes."""
    return [settings.corpus_dir, *([NOTES_DIR] if NOTES_DIR.is_dir() else [])]


def origin_of(path: Path, display: str, owner: str = "") -> Origin:
    """A Markdown file in ``notes/frameworks`` or ``notes/concepts`` is a coach note;
    anything else is an article, an upload when a learner owns it."""
    parts = path.resolve().parts
    if path.suffix.lower() == ".md" and len(parts) >= 3 and parts[-3] == "notes":
        note_kind = NOTE_KINDS.get(parts[-2])
        if note_kind:
            return Origin(display, kind="coach-note", note_kind=note_kind, owner=owner)
    return Origin(display, kind="upload" if owner else "article", owner=owner)


@dataclass
class IngestReport:
    files_read: int = 0
    # (file, why): the reason is a keyed error, said in the reader's language.
    skipped: list[tuple[str, CoachError]] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0
    seconds: float = 0.0

    def summary(self, lang: str = "en") -> str:
        from coach.catalogue import t

        return t(
            "ingest.summary",
            lang,
            read=self.files_read,
            skipped=len(self.skipped),
            added=self.added,
            updated=self.updated,
            removed=self.removed,
            unchanged=self.unchanged,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "files_read": self.files_read,
            "files_skipped": [{"file": f, "reason": str(r)} for f, r in self.skipped],
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "seconds": round(self.seconds, 2),
        }


@dataclass
class _Plan:
    to_embed: list[Chunk] = field(default_factory=list)
    to_relabel: list[Chunk] = field(default_factory=list)
    to_delete: list[str] = field(default_factory=list)


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path.resolve())


def _same_placement(chunk: Chunk, meta: dict[str, Any], origin: Origin) -> bool:
    return (
        meta.get("kind") == origin.kind
        and meta.get("owner", "") == origin.owner
        and meta.get("start") == chunk.start
        and meta.get("end") == chunk.end
        and meta.get("ordinal") == chunk.ordinal
        and meta.get("heading") == chunk.heading
        and meta.get("title") == chunk.title
    )


def _stored_path(display: str) -> Path:
    where = Path(display)
    return where if where.is_absolute() else PROJECT_ROOT / where


def assign_sources(files: list[Path], stored: dict[str, str]) -> dict[Path, str]:
    """The name each file is known by in the index: its file name, unless another
    file already goes by that name, then as many parent folders as tell them apart
    ("a/notes.md", "b/notes.md").

    ``stored`` maps the names in the index to the paths they were read from. A name
    whose file is still there belongs to it; a file seen again at the same path
    keeps its name (so re-ingest is incremental and a re-upload replaces the old
    copy), and so does one whose old file is gone (it moved).
    """
    owners = dict(stored)
    names: dict[Path, str] = {}
    for path in files:
        display = _display_path(path)
        parts = path.resolve().parts
        candidates = ["/".join(parts[-n:]) for n in range(1, len(parts))] or [display]
        for name in [*candidates, display]:
            owner = owners.get(name)
            if owner is None or owner == display or not _stored_path(owner).exists():
                break
        owners[name] = display
        names[path] = name
    return names


def read_chunks(path: Path, settings: Settings, source: str | None = None) -> list[Chunk]:
    """Read, clean and chunk one file (raises UnreadableFile with the reason)."""
    raw = read_text_file(path, max_bytes=settings.max_file_bytes, source=source)
    doc = clean(raw)
    if len(doc.text.strip()) < 2:
        raise UnreadableFile(key="no_article_text")
    return chunk_document(doc, budget=settings.chunk_tokens, overlap=settings.chunk_overlap_tokens)


def ingest(
    paths: list[Path] | None,
    settings: Settings,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    index: ChunkIndex | None = None,
    owner: str = "",
) -> IngestReport:
    """Index ``paths`` (None: the bundled sources) for ``owner`` ("" = shared)."""
    started = time.perf_counter()
    report = IngestReport()
    index = index or ChunkIndex(settings)
    stored = index.metadata_by_source()
    dropped: set[str] = set()
    if rebuild:
        dropped = {cid for metas in stored.values() for cid in metas}
        index.reset()
        stored = {}
    # Where each stored source was read from (every chunk of a source has the same path).
    stored_paths = {
        source: str(next(iter(metas.values())).get("path", ""))
        for source, metas in stored.items()
        if metas
    }
    roots = paths if paths else bundled_roots(settings)
    files, skipped = discover(roots)
    report.skipped.extend((_display_path(p), why) for p, why in skipped)
    sources = assign_sources(files, stored_paths)
    origin = {sources[p]: origin_of(p, _display_path(p), owner) for p in files}
    plan = _Plan()
    relabel_lexical: list[list[str]] = []
    seen_sources: set[str] = set()
    for path in files:
        source = sources[path]
        try:
            chunks = read_chunks(path, settings, source)
        except UnreadableFile as exc:
            report.skipped.append((_display_path(path), exc))
            continue
        report.files_read += 1
        seen_sources.add(source)
        old = stored.get(source, {})
        new_ids = {c.id for c in chunks}
        fresh = [c for c in chunks if c.id not in old]
        gone = [i for i in old if i not in new_ids]
        for chunk in chunks:
            if chunk.id in old:
                report.unchanged += 1
                if not _same_placement(chunk, old[chunk.id], origin[source]):
                    plan.to_relabel.append(chunk)
                    relabel_lexical.append(str(old[chunk.id].get("lexical", "")).split())
        paired = min(len(fresh), len(gone))
        report.updated += paired
        report.added += len(fresh) - paired
        report.removed += len(gone) - paired
        plan.to_embed.extend(fresh)
        plan.to_delete.extend(gone)

    # Files that vanished from an ingested folder take their chunks with them.
    folders = [r.resolve() for r in roots if r.is_dir()]
    for source, stored_path in stored_paths.items():
        if source in seen_sources:
            continue
        where = _stored_path(stored_path)
        if any(folder in where.parents for folder in folders) and not where.exists():
            plan.to_delete.extend(stored[source])
            report.removed += len(stored[source])

    total = len(plan.to_embed)
    if progress:
        progress(0, total, "embedding")
    for i in range(0, total, EMBED_BATCH):
        batch = plan.to_embed[i : i + EMBED_BATCH]
        vectors = embed_passages([c.embedding_text() for c in batch])
        lexical = [tokenize(c.lexical_text()) for c in batch]
        index.add(batch, vectors, lexical, [origin[c.source] for c in batch])
        report.embedded += len(batch)
        if progress:
            progress(min(i + EMBED_BATCH, total), total, batch[-1].source)
    index.update_metadata(
        plan.to_relabel, relabel_lexical, [origin[c.source] for c in plan.to_relabel]
    )
    index.delete(plan.to_delete)
    # A rebuild drops everything first; what did not come back counts as removed.
    report.removed += len(dropped - {c.id for c in plan.to_embed})
    report.seconds = time.perf_counter() - started
    return report


__all__ = ["NOTES_DIR", "IngestReport", "bundled_roots", "ingest", "origin_of", "read_chunks"]
