"""Server mode: the same ingest and search code against `chroma run` on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.index import ChunkIndex
from coach.ingest import ingest
from coach.retrieval import Retriever
from coach.settings import Settings
from evals.record_tests import free_port, stop

pytestmark = [pytest.mark.server, pytest.mark.block_network(allowed_hosts=["127.0.0.1"])]


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    proc = subprocess.Popen(
        [
            exe,
            "run",
            "--path",
            str(tmp_path / "server-data"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited: {(tmp_path / 'chroma.log').read_text()}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("chroma run did not start listening within 30 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc, timeout=10)
        log.close()


def test_ingest_and_search_through_a_chroma_server(tmp_path: Path, chroma_url: str) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "metrics.md").write_text(
        "# 指标\n召回率衡量真实正例中被找出来的比例。\n\n# 上线\n上线后持续监控模型效果。",
        encoding="utf-8",
    )
    settings = Settings(
        home=tmp_path / "home", chroma_url=chroma_url, chunk_tokens=30, chunk_overlap_tokens=0
    )
    first = ingest([folder], settings)
    assert first.added >= 2
    assert ingest([folder], settings).embedded == 0
    index = ChunkIndex(settings)
    assert index.count() == first.added
    # Nothing was written to the embedded store: the server holds the chunks.
    assert not (settings.index_dir / "chroma.sqlite3").exists()
    hits = Retriever(settings, index).search("What does recall measure?")
    assert hits
    assert hits[0].source == "metrics.md"
    assert "召回率" in hits[0].text
