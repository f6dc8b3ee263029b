"""The chat model: one factory for any OpenAI-compatible endpoint, and its failures.

OpenAI, DeepSeek, Qwen (DashScope compatible mode), Ollama, vLLM and the llama.cpp
server all speak the same API, so one ``ChatOpenAI`` covers them; what differs is
the base URL, the key and the model name, all from settings. With neither a key
nor a base URL the coach runs offline (see ``coach.chat``), and says so.

The openai client retries 429, 5xx, timeouts and dropped connections with
exponential backoff (honouring Retry-After); when it gives up, ``model_errors``
turns what went wrong into one sentence.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from coach.errors import CoachError, ServiceUnavailable
from coach.settings import Settings

if TYPE_CHECKING:
    from langchain_openai import ChatOpenAI

DEFAULT_MODEL = "gpt-4o-mini"
# Local servers (llama.cpp, vLLM without auth) ignore the key but the client needs one.
PLACEHOLDER_KEY = "not-needed"
CONNECT_HINT_EN = "set OPENAI_API_KEY (and OPENAI_BASE_URL / COACH_MODEL for other providers)"

Mode = Literal["llm", "offline"]


class ModelUnavailable(ServiceUnavailable):
    """The model endpoint did not give a usable answer, even after retries."""


class ModelNotConfigured(CoachError):
    """Something needs a model and none is configured."""


def mode_of(settings: Settings) -> Mode:
    return "llm" if settings.model_configured else "offline"


def model_name(settings: Settings) -> str:
    return settings.model or DEFAULT_MODEL


def endpoint(settings: Settings) -> str:
    """Where requests go, for messages: the base URL's host, or OpenAI's."""
    if not settings.base_url:
        return "api.openai.com"
    parts = urlsplit(settings.base_url)
    return parts.netloc or settings.base_url


def chat_model(settings: Settings, **overrides: Any) -> ChatOpenAI:
    """A LangChain chat model for the configured endpoint."""
    if not settings.model_configured:
        raise ModelNotConfigured(f"no chat model is configured; {CONNECT_HINT_EN}")
    from langchain_openai import ChatOpenAI

    key = settings.api_key.get_secret_value() if settings.api_key else PLACEHOLDER_KEY
    options: dict[str, Any] = {
        "model": model_name(settings),
        "api_key": key,
        "base_url": settings.base_url,
        "timeout": settings.request_timeout,
        "max_retries": settings.max_retries,
        "temperature": settings.temperature,
        # Token counts in streamed answers too (ignored by servers that lack it).
        "stream_usage": True,
    }
    if settings.base_url:
        # LangChain sends OpenAI's newer ``max_completion_tokens``; llama.cpp, older
        # vLLM and several hosted "compatible" APIs only know ``max_tokens``.
        options["extra_body"] = {"max_tokens": settings.answer_tokens}
    else:
        options["max_tokens"] = settings.answer_tokens
    options.update(overrides)
    return ChatOpenAI(**options)


def explain(exc: BaseException, settings: Settings) -> ModelUnavailable | None:
    """One sentence for a failed model call, or None when ``exc`` is not one."""
    import openai

    where = endpoint(settings)
    tries = settings.max_retries + 1
    after = f"after {tries} attempts" if tries > 1 else "on the only attempt"
    if isinstance(exc, openai.APITimeoutError):
        return ModelUnavailable(
            f"the model endpoint {where} did not answer within "
            f"{settings.request_timeout:g} s ({after}); check that it is running "
            "or raise COACH_REQUEST_TIMEOUT"
        )
    if isinstance(exc, openai.APIConnectionError):
        return ModelUnavailable(
            f"cannot reach the model endpoint {where} ({after}); check the base URL "
            "(COACH_BASE_URL / OPENAI_BASE_URL) and that the server is running"
        )
    if isinstance(exc, openai.RateLimitError):
        return ModelUnavailable(
            f"the model endpoint {where} kept answering 429 Too Many Requests ({after}); "
            "wait a minute or check the account's quota"
        )
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return ModelUnavailable(
            f"the model endpoint {where} refused the API key (HTTP {exc.status_code}); "
            "check OPENAI_API_KEY / COACH_API_KEY"
        )
    if isinstance(exc, openai.NotFoundError):
        return ModelUnavailable(
            f"the model endpoint {where} does not serve the model {model_name(settings)!r} "
            "or this API path (HTTP 404); check COACH_MODEL and the base URL"
        )
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code >= 500:
            return ModelUnavailable(
                f"the model endpoint {where} failed with HTTP {exc.status_code} ({after}); "
                "try again later"
            )
        return ModelUnavailable(
            f"the model endpoint {where} rejected the request with HTTP {exc.status_code}: "
            f"{_short(exc.message)}"
        )
    if isinstance(exc, openai.APIResponseValidationError | json.JSONDecodeError):
        return _malformed(where)
    if isinstance(exc, KeyError | TypeError | AttributeError) and _raised_in_openai_parsing(exc):
        return _malformed(where)
    return None


def _malformed(where: str) -> ModelUnavailable:
    return ModelUnavailable(
        f"the model endpoint {where} sent a reply that is not an OpenAI-compatible chat "
        "completion; check that the base URL points at its /v1 API"
    )


def _raised_in_openai_parsing(exc: BaseException) -> bool:
    """A KeyError/TypeError raised while LangChain or openai read a response body."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return False
    module = tb.tb_frame.f_globals.get("__name__", "")
    return module.startswith(("langchain_openai", "openai"))


def _short(message: str, limit: int = 200) -> str:
    flat = " ".join(str(message).split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


@contextmanager
def model_errors(settings: Settings) -> Iterator[None]:
    """Re-raise a failed model call as ``ModelUnavailable`` with one clear sentence."""
    try:
        yield
    except CoachError:
        raise
    except Exception as exc:
        mapped = explain(exc, settings)
        if mapped is None:
            raise
        raise mapped from exc


@dataclass(frozen=True)
class Backend:
    mode: Mode
    model: str | None
    endpoint: str | None
    key_set: bool

    def describe(self) -> str:
        if self.mode == "offline":
            return f"offline: no chat model configured; {CONNECT_HINT_EN}"
        key = "key set" if self.key_set else "no key"
        return f"{self.model} at {self.endpoint} ({key})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "model": self.model,
            "endpoint": self.endpoint,
            "key_set": self.key_set,
        }


@dataclass(frozen=True)
class Health:
    answers: bool
    detail: str
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return {"answers": self.answers, "detail": self.detail, "seconds": round(self.seconds, 3)}


def describe_backend(settings: Settings) -> Backend:
    if not settings.model_configured:
        return Backend(mode="offline", model=None, endpoint=None, key_set=False)
    return Backend(
        mode="llm",
        model=model_name(settings),
        endpoint=settings.base_url or "https://api.openai.com/v1",
        key_set=settings.api_key is not None,
    )


HEALTH_TIMEOUT = 20.0


def check_backend(settings: Settings) -> Health:
    """Ask the model for one token, once, to see whether it answers."""
    if not settings.model_configured:
        return Health(answers=False, detail="no model configured", seconds=0.0)
    checked = settings.model_copy(
        update={
            "max_retries": 0,
            "request_timeout": min(settings.request_timeout, HEALTH_TIMEOUT),
            "answer_tokens": 1,
        }
    )
    model = chat_model(checked)
    started = time.perf_counter()
    try:
        with model_errors(checked):
            model.invoke("ping")
    except ModelUnavailable as exc:
        return Health(answers=False, detail=str(exc), seconds=time.perf_counter() - started)
    return Health(answers=True, detail="answered", seconds=time.perf_counter() - started)
