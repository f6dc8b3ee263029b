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
from coach.store import Store

UPLOADS = "uploads"


def owner_folder(owner: str) -> str:
    """A file-system-safe folder name for an owner id (never the id itself)."""
    return hashlib.sha256(owner.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class CorpusSize:
    chunks: int
    articles: int


class Services:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = Store.open(settings)
        self._lock = threading.Lock()
        self._ingest_lock = threading.Lock()
        self._index: ChunkIndex | None = None
        self._retriever: Retriever | None = None
        self._chat: GroundedChat | None = None
        self._size: tuple[int, CorpusSize] | None = None
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

    def corpus_size(self) -> CorpusSize:
        index = self.index()
        count = index.count()
        cached = self._size
        if cached is not None and cached[0] == count:
            return cached[1]
        size = CorpusSize(chunks=count, articles=len(index.metadata_by_source()) if count else 0)
        self._size = (count, size)
        return size

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
