"""The library objects the web UI calls, opened once per app and shared by its tabs.

Opening the index and building the lexical side of retrieval is slow, so one
``Retriever`` serves every browser; the store opens a connection per call and is
safe to share. Ingest runs one at a time.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coach.chat import GroundedChat
from coach.drills import StageReviewer, reviewer_for
from coach.index import ChunkIndex
from coach.ingest import IngestReport, ingest
from coach.interview import QuestionBank
from coach.prd.actions import corpus_citer
from coach.prd.citations import Citer
from coach.retrieval import Retriever
from coach.settings import Settings
from coach.snapshot import source_family
from coach.store import Store

UPLOADS = "uploads"


def owner_folder(owner: str) -> str:
    """A file-system-safe folder name for an owner id (never the id itself)."""
    return hashlib.sha256(owner.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class CorpusSize:
    """What the library holds for one learner: the shared articles, the coach's notes
    (a note in zh and en counts once), the learner's own uploads (never another's)."""

    chunks: int
    articles: int
    notes: int = 0
    uploads: int = 0


class Services:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = Store.open(settings)
        self._lock = threading.Lock()
        self._ingest_lock = threading.Lock()
        self._index: ChunkIndex | None = None
        self._retriever: Retriever | None = None
        self._chat: GroundedChat | None = None
        # chunk count -> {source: (kind, owner, chunks)}, read once per index change
        self._sources: tuple[int, dict[str, tuple[str, str, int]]] | None = None
        self._bank: QuestionBank | None = None
        self._reviewer: StageReviewer | None = None

    def drill_reviewer(self) -> StageReviewer:
        """The rubric's reviewer offline; with a model, one that writes cited feedback
        (made once, on the retriever every browser shares)."""
        with self._lock:
            reviewer = self._reviewer
        if reviewer is None:
            reviewer = reviewer_for(self.settings, retriever=self.retriever)
            with self._lock:
                self._reviewer = reviewer
        return reviewer

    def bank(self) -> QuestionBank:
        if self._bank is None:
            self._bank = QuestionBank.load()
        return self._bank

    def index(self) -> ChunkIndex:
        with self._lock:
            if self._index is None:
                self._index = ChunkIndex(self.settings)
            return self._index

    def retriever(self) -> Retriever:
        index = self.index()
        with self._lock:
            if self._retriever is None:
                self._retriever = Retriever(self.settings, index=index)
            return self._retriever

    def chat(self) -> GroundedChat:
        retriever = self.retriever()
        with self._lock:
            if self._chat is None:
                self._chat = GroundedChat(self.settings, retriever=retriever)
            return self._chat

    def prd_citer(self) -> Citer | None:
        """Corpus citations for PRD issues; None (and a note) when the index is down."""
        return corpus_citer(self.settings, lambda message: None, retriever=self.retriever)

    def corpus_size(self, owner: str = "") -> CorpusSize:
        index = self.index()
        count = index.count()
        if self._sources is None or self._sources[0] != count:
            sources = {}
            for source, chunks in (index.metadata_by_source() if count else {}).items():
                meta = next(iter(chunks.values()))
                kind, own = str(meta.get("kind", "article")), str(meta.get("owner", ""))
                sources[source] = (kind, own, len(chunks))
            self._sources = (count, sources)
        sources = self._sources[1]
        mine = {s: v for s, v in sources.items() if not v[1] or v[1] == owner}
        notes = {source_family(s, v[0]) for s, v in mine.items() if v[0] == "coach-note"}
        return CorpusSize(
            chunks=sum(v[2] for v in mine.values()),
            articles=sum(1 for v in mine.values() if v[0] == "article"),
            notes=len(notes),
            uploads=sum(1 for v in mine.values() if v[0] == "upload" and owner),
        )

    def ingest(
        self,
        paths: list[Path] | None,
        progress: Callable[[int, int, str], None],
        owner: str = "",
    ) -> IngestReport:
        """Add uploaded files (copied under ``COACH_HOME``) or, with None, the bundled corpus.

        Uploads belong to ``owner`` (the learner's browser id): only their searches
        see them, and two learners' files of the same name never replace each other.
        """
        with self._ingest_lock:
            kept = [self._keep(path, owner) for path in paths] if paths is not None else None
            return ingest(kept, self.settings, progress=progress, index=self.index(), owner=owner)

    def _keep(self, upload: Path, owner: str = "") -> Path:
        # Gradio deletes its upload cache; the index keeps a path, so keep a copy,
        # in a folder of the learner's own.
        folder = self.settings.home / UPLOADS / (owner_folder(owner) if owner else "shared")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / upload.name
        shutil.copyfile(upload, target)
        return target
