"""All configuration in one place: environment variables with the ``COACH_`` prefix.

The OpenAI conventions (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``) are honoured too, so
that any OpenAI-compatible endpoint works the way its own docs describe.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COACH_", env_file=None, extra="ignore", populate_by_name=True
    )

    # Where sessions, the index and reports live.
    home: Path = Path(".coach")
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    prompts_dir: Path = PROJECT_ROOT / "prompts"

    # Index: embedded Chroma under ``home`` unless a server URL is given.
    chroma_url: str | None = None
    collection: str = "aipm_corpus"

    # Chunking, in cl100k tokens. e5-small reads 512 tokens at most and its cost grows
    # with length, so chunks stay well below that.
    chunk_tokens: int = 220
    chunk_overlap_tokens: int = 40
    max_file_bytes: int = 5_000_000

    # Retrieval.
    top_k: int = 5
    rrf_k: int = 10  # reciprocal rank fusion constant (see coach.retrieval)

    # Chat model (any OpenAI-compatible endpoint).
    model: str | None = None
    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("COACH_API_KEY", "OPENAI_API_KEY")
    )
    base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("COACH_BASE_URL", "OPENAI_BASE_URL")
    )
    temperature: float = 0.2
    request_timeout: float = 60.0
    max_retries: int = 3
    # Whether replies that must be JSON (the judge's verdict) ask the endpoint to
    # constrain its output to their schema. "off" works with every endpoint;
    # "json_object" sends {"type": "json_object", "schema": ...} (llama-cpp-python's
    # server, Together, Anyscale); "json_schema" OpenAI's structured outputs (OpenAI,
    # vLLM, llama.cpp's own server). An endpoint without it may refuse the request.
    json_mode: Literal["off", "json_object", "json_schema"] = "off"

    # Token budgets for a prompt.
    context_tokens: int = 1800
    history_tokens: int = 1200
    answer_tokens: int = 700

    # --- Limits on what one input may cost (issue #18, `reliab`) ---
    # HTML nesting deeper than this is refused (parsing it is quadratic); real pages
    # nest a few dozen levels.
    max_html_depth: int = 1000
    # Longest question (chat, search, bank or drill prompt) and answer, in characters.
    max_question_chars: int = 4000
    max_answer_chars: int = 20000
    # One upload (a file added to the library) may become at most this many chunks
    # (about 0.5 s of embedding each on a laptop CPU).
    max_chunks_per_file: int = 600
    # Every model call, streams included, ends within this many seconds in total.
    request_deadline: float = 120.0
    # Crash tests only: the named point in the code kills its own process (SIGKILL).
    fault_point: str | None = None
    # --- end of `reliab` limits ---

    # The language of the CLI's messages and errors when a command has no --lang
    # of its own (``coach --lang zh ...`` sets it for one run).
    lang: Literal["zh", "en"] | None = None

    # Web UI.
    host: str = "127.0.0.1"
    port: int = 7860
    max_upload_mb: int = 5
    ui_concurrency: int = 4

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def db_path(self) -> Path:
        return self.home / "coach.sqlite3"

    @property
    def model_configured(self) -> bool:
        return bool(self.base_url or self.api_key)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()
