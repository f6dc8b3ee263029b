"""The Chroma collection that holds chunks, embedded or behind a Chroma server.

One class serves both: ``PersistentClient`` under ``COACH_HOME`` by default, or
``HttpClient`` when ``COACH_CHROMA_URL`` is set (``chroma run`` or a cluster).

Chroma is opened (and imported, about a second) on first use, not when a
``ChunkIndex`` is made, as long as the index has a generation: a reader that finds
a current retrieval snapshot (``coach.snapshot``) never needs it. The generation of
an embedded index is a random token in a file beside Chroma's own, replaced after
every write made through this class (from any process), so a snapshot tagged with
the token read before it was built is current exactly while the token is unchanged.
A Chroma server has none (other machines write to it), and neither has an index
made before generations existed until this class first opens it.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from coach.errors import ServiceUnavailable
from coach.settings import Settings

if TYPE_CHECKING:
    from coach.chunking import Chunk


class IndexUnavailable(ServiceUnavailable):
    """The vector store cannot be opened; the message says what to do."""


@dataclass(frozen=True)
class StoredChunk:
    id: str
    source: str
    title: str
    heading: str
    text: str
    start: int
    end: int
    ordinal: int
    lexical: list[str]
    kind: str = "article"  # "article" | "coach-note" | "upload"
    owner: str = ""  # "" = the shared library; else the learner who uploaded it


@dataclass(frozen=True)
class DenseHit:
    id: str
    similarity: float


def _client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise IndexUnavailable(key="chroma_bad_url", url=settings.chroma_url)
        try:
            client = chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as exc:
            raise IndexUnavailable(
                key="chroma_unreachable", url=settings.chroma_url, name=type(exc).__name__
            ) from exc
        return client
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)
    except Exception as exc:
        raise IndexUnavailable(
            key="index_unavailable", path=settings.index_dir, reason=exc
        ) from exc


class ChunkIndex:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._client: Any = None
        self._collection: Any = None
        # Bumped by every write through this object: a reader caching the chunks
        # (Retriever) compares it too, since a re-upload can replace chunks and keep
        # the count, and a cache keyed on the count then names ids that are gone.
        self.revision = 0
        if self.generation() is None:
            # Nothing can stand in for Chroma (a server, a new or older index): open it
            # now, so an index that is down fails here, where callers expect it.
            _ = self.collection

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = _client(self.settings)
        return self._client

    @property
    def collection(self) -> Any:
        if self._collection is None:
            self._collection = self._open()
        return self._collection

    def _open(self) -> Any:
        from coach.chroma_embedding import E5Embeddings

        collection = self.client.get_or_create_collection(
            name=self.settings.collection,
            embedding_function=E5Embeddings(),
            configuration={"hnsw": {"space": "cosine"}},
        )
        path = self._generation_path()
        if path is not None and not path.exists():
            self._new_generation()  # an index made before generations existed
        return collection

    def _generation_path(self) -> Path | None:
        """Where an embedded index keeps its generation (None behind a Chroma server,
        which other machines write to without telling us)."""
        if self.settings.chroma_url:
            return None
        return self.settings.index_dir / f"coach-{self.settings.collection}.generation"

    def generation(self) -> str | None:
        """The token naming the index's current contents, read without opening
        Chroma; None when there is none to trust (a server, or never written)."""
        path = self._generation_path()
        if path is None:
            return None
        try:
            return path.read_text("ascii").strip() or None
        except (OSError, UnicodeDecodeError):
            return None

    def _new_generation(self) -> None:
        """Replace the token after a write (atomically: a reader sees old or new)."""
        self.revision += 1
        path = self._generation_path()
        if path is None:
            return
        spare = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            spare.write_text(uuid.uuid4().hex, "ascii")
            os.replace(spare, path)
        except OSError:
            # No new token: no token at all, so no reader trusts an old snapshot.
            with contextlib.suppress(OSError):
                spare.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)

    def reset(self) -> None:
        # A missing collection is fine when rebuilding.
        with contextlib.suppress(Exception):
            self.client.delete_collection(self.settings.collection)
        self._collection = None
        self._collection = self._open()
        self._new_generation()

    def count(self) -> int:
        return int(self.collection.count())

    def metadata_by_source(self) -> dict[str, dict[str, dict[str, Any]]]:
        """{source: {chunk id: metadata}} for every stored chunk."""
        out: dict[str, dict[str, dict[str, Any]]] = {}
        got = self.collection.get(include=["metadatas"])
        for chunk_id, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            out.setdefault(str(meta["source"]), {})[chunk_id] = dict(meta)
        return out

    def all_chunks(self) -> list[StoredChunk]:
        got = self.collection.get(include=["metadatas", "documents"])
        chunks = []
        for chunk_id, meta, text in zip(
            got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True
        ):
            chunks.append(
                StoredChunk(
                    id=chunk_id,
                    source=str(meta["source"]),
                    title=str(meta.get("title", "")),
                    heading=str(meta.get("heading", "")),
                    text=text or "",
                    start=int(meta.get("start", 0)),
                    end=int(meta.get("end", 0)),
                    ordinal=int(meta.get("ordinal", 0)),
                    lexical=str(meta.get("lexical", "")).split(),
                    kind=str(meta.get("kind", "article")),
                    owner=str(meta.get("owner", "")),
                )
            )
        chunks.sort(key=lambda c: (c.source, c.ordinal))
        return chunks

    def vectors(self, ids: Sequence[str]) -> np.ndarray:
        """The stored embeddings of ``ids``, one row each, in that order."""
        if not ids:
            return np.zeros((0, 0), dtype=np.float32)
        got = self.collection.get(ids=list(ids), include=["embeddings"])
        found = dict(zip(got["ids"], got["embeddings"], strict=True))
        return np.asarray([found[i] for i in ids], dtype=np.float32)

    def add(
        self,
        chunks: list[Chunk],
        vectors: np.ndarray,
        lexical: list[list[str]],
        origins: list[Origin],
    ) -> None:
        if not chunks:
            return
        try:
            self.collection.upsert(
                ids=[c.id for c in chunks],
                embeddings=[v.tolist() for v in vectors],
                documents=[c.text for c in chunks],
                metadatas=[
                    chunk_metadata(c, t, o)
                    for c, t, o in zip(chunks, lexical, origins, strict=True)
                ],
            )
        finally:  # a write that failed half-way still changed the contents
            self._new_generation()

    def update_metadata(
        self, chunks: list[Chunk], lexical: list[list[str]], origins: list[Origin]
    ) -> None:
        if chunks:
            try:
                self.collection.update(
                    ids=[c.id for c in chunks],
                    metadatas=[
                        chunk_metadata(c, t, o)
                        for c, t, o in zip(chunks, lexical, origins, strict=True)
                    ],
                )
            finally:
                self._new_generation()

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if ids:
            try:
                self.collection.delete(ids=ids)
            finally:
                self._new_generation()

    def dense(
        self, vector: np.ndarray, n: int, only: Sequence[str] | None = None
    ) -> list[DenseHit]:
        """The ``n`` chunks nearest ``vector``; among the ids ``only`` when given."""
        total = self.count() if only is None else len(only)
        if total == 0:
            return []
        got = self.collection.query(
            query_embeddings=[vector.tolist()],
            n_results=min(n, total),
            include=["distances"],
            ids=list(only) if only is not None else None,
        )
        ids = got["ids"][0]
        distances = (got["distances"] or [[]])[0]
        return [DenseHit(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]


@dataclass(frozen=True)
class Origin:
    """Where a chunk's file came from and who may read it."""

    path: str
    kind: str = "article"  # "article" (bundled or operator), "coach-note", "upload"
    note_kind: str = ""  # for coach notes: "framework" | "concept"
    owner: str = ""  # "" = shared library


def chunk_metadata(chunk: Chunk, lexical: list[str], origin: Origin) -> dict[str, Any]:
    return {
        "source": chunk.source,
        "path": origin.path,
        "kind": origin.kind,
        "note_kind": origin.note_kind,
        "owner": origin.owner,
        "title": chunk.title,
        "heading": chunk.heading,
        "start": chunk.start,
        "end": chunk.end,
        "ordinal": chunk.ordinal,
        "tokens": chunk.tokens,
        "lexical": " ".join(lexical),
    }
