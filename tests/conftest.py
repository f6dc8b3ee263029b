"""Shared fixtures: every test gets its own COACH_HOME and no model configuration;
the corpus index is built once per session and shared read-only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.settings import PROJECT_ROOT, Settings, reset_settings

DATA = Path(__file__).parent / "data"
CORPUS = PROJECT_ROOT / "corpus"

_MODEL_ENV = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "COACH_API_KEY",
    "COACH_BASE_URL",
    "COACH_MODEL",
    "COACH_CHROMA_URL",
    "COACH_HOME",
)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in _MODEL_ENV:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    reset_settings()
    yield home
    reset_settings()


@pytest.fixture(scope="session")
def corpus_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A COACH_HOME whose index holds the bundled corpus (built once, ~20 s)."""
    from coach.ingest import ingest

    home = tmp_path_factory.mktemp("corpus-home")
    ingest(None, Settings(home=home))
    return home


@pytest.fixture
def corpus_settings(corpus_home: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings pointing at the shared, already-built corpus index."""
    monkeypatch.setenv("COACH_HOME", str(corpus_home))
    reset_settings()
    return Settings(home=corpus_home)


def _jsonl(name: str) -> list[dict[str, object]]:
    lines = (DATA / name).read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def retrieval_set() -> list[dict[str, object]]:
    """The labelled set retrieval was tuned on."""
    return _jsonl("retrieval_set.jsonl")


@pytest.fixture(scope="session")
def retrieval_holdout() -> list[dict[str, object]]:
    """Questions written blind, after tuning, to see whether it generalises."""
    return _jsonl("retrieval_holdout.jsonl")


pytest_plugins = ["tests.plugins.llm", "tests.plugins.browser"]
