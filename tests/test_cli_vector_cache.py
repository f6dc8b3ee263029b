"""The on-disk vector cache behind ``coach.embeddings.embed_passages`` (issue #17:
a cold ``coach grade`` spent most of its time embedding the same framework texts
again). A cached vector is the vector the model gives; a changed text misses; a
home that cannot be written only costs speed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import coach.embeddings as embeddings
from coach.embeddings import embed_passages
from coach.vector_cache import VectorCache

TEXTS = ["把主指标定为七日留存", "Define the primary metric first", "把主指标定为七日留存"]


def _count_model_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real = embeddings.compute_passages

    def counting(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return real(texts)

    monkeypatch.setattr(embeddings, "compute_passages", counting)
    return calls


def test_a_second_process_reads_the_vectors_the_first_computed(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_model_calls(monkeypatch)
    first = embed_passages(TEXTS)
    assert calls == [TEXTS[:2]]  # the repeated text is embedded once
    second = embed_passages(TEXTS)
    assert calls == [TEXTS[:2]]  # nothing new: all from the file
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(second[0], embeddings.compute_passages([TEXTS[0]])[0], atol=1e-6)
    assert (isolated_home / "cache" / "vectors.sqlite3").exists()


def test_a_changed_text_is_embedded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_model_calls(monkeypatch)
    embed_passages(["Guardrail: latency p95"])
    embed_passages(["Guardrail: latency p99"])
    assert calls == [["Guardrail: latency p95"], ["Guardrail: latency p99"]]


def test_an_unwritable_home_only_costs_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.settings import reset_settings

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("COACH_HOME", str(blocker / "home"))
    reset_settings()
    calls = _count_model_calls(monkeypatch)
    vectors = embed_passages(TEXTS[:2])
    assert vectors.shape == (2, embeddings.DIMENSIONS)
    embed_passages(TEXTS[:2])
    assert len(calls) == 2  # computed both times, no error


def test_the_oldest_vectors_go_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coach.vector_cache as vector_cache

    monkeypatch.setattr(vector_cache, "MAX_VECTORS", 3)
    cache = VectorCache(tmp_path / "v.sqlite3")
    vector = np.ones(embeddings.DIMENSIONS, dtype=np.float32)
    for n in range(5):
        cache.put({f"text {n}": vector * n})
    assert set(cache.get([f"text {n}" for n in range(5)])) == {"text 2", "text 3", "text 4"}


def test_a_query_vector_is_kept_apart_from_the_passage_vector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = embeddings.compute_query

    def counting(text: str) -> np.ndarray:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(embeddings, "compute_query", counting)
    text = "How would you measure whether a recommendation feature works?"
    passage = embed_passages([text])[0]
    first = embeddings.embed_query(text)
    assert calls == [text]  # the passage vector of the same text is not a query vector
    second = embeddings.embed_query(text)
    assert calls == [text]  # the second time it comes from the file
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(second, real(text))  # exactly what the model gives
    assert not np.array_equal(first, passage)
