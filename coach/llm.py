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
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from coach.errors import CoachError, ServiceUnavailable
from coach.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage
    from langchain_core.runnables import Runnable
    from langchain_openai import ChatOpenAI

DEFAULT_MODEL = "gpt-4o-mini"
# Local servers (llama.cpp, vLLM without auth) ignore the key but the client needs one.
PLACEHOLDER_KEY = "not-needed"
CONNECT_HINT_EN = "set OPENAI_API_KEY (and OPENAI_BASE_URL / COACH_MODEL for other providers)"

Mode = Literal["llm", "offline"]


# Secrets an endpoint may echo back in an error (a gateway that repeats the request's
# Authorization header or key): bearer tokens, OpenAI-style keys, "api_key=..." pairs.
_SECRETS = re.compile(
    r"(?i)(bearer\s+)[\w.~+/=-]{6,}"
    r"|\b(?:sk|pk|rk)-[\w-]{8,}"
    r"|((?:api[_-]?key|access[_-]?token|authorization|x-api-key|secret)[\"']?\s*[:=]\s*[\"']?(?:bearer\s+)?)"
    r"[^\s\"',;}]{4,}"
)
REDACTED = "[redacted]"


def redact(text: str, settings: Settings | None = None) -> str:
    """``text`` with API keys and tokens replaced by ``[redacted]``: every endpoint
    error passes through here before it is shown, logged or stored."""
    key = settings.api_key.get_secret_value() if settings and settings.api_key else ""
    if len(key) >= 4:
        text = text.replace(key, REDACTED)
    return _SECRETS.sub(lambda m: (m.group(1) or m.group(2) or "") + REDACTED, text)


class ModelUnavailable(ServiceUnavailable):
    """The model endpoint did not give a usable answer, even after retries.

    Its message is redacted of anything that looks like a key (the configured one
    is taken out where the message is made, by ``explain``)."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


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
        "timeout": attempt_timeout(settings),
        "max_retries": settings.max_retries,
        "http_client": _deadline_client(settings),
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


def configured_model(settings: Settings, **overrides: Any) -> ChatOpenAI | None:
    """The chat model when one is configured, None offline: the one place that decides
    whether a practice mode uses a model."""
    return chat_model(settings, **overrides) if settings.model_configured else None


def constrained_to(
    model: BaseChatModel, schema: dict[str, Any], name: str, settings: Settings
) -> Runnable[Any, BaseMessage]:
    """``model`` asking its endpoint for a reply that fits ``schema`` (a JSON schema),
    in the dialect ``settings.json_mode`` names; unchanged when it is "off", so an
    endpoint without constrained output is never sent a field it may refuse. The reply
    is still validated by the caller: a constraint is a help, not a guarantee."""
    match settings.json_mode:
        case "json_object":
            return model.bind(response_format={"type": "json_object", "schema": schema})
        case "json_schema":
            spec = {"name": name, "schema": schema, "strict": False}
            return model.bind(response_format={"type": "json_schema", "json_schema": spec})
        case _:
            return model


def attempt_timeout(settings: Settings) -> float:
    """Seconds one attempt may take, so that every attempt together (the first and
    each retry) fits in ``request_deadline``: a hung endpoint fails in bounded time."""
    tries = settings.max_retries + 1
    return min(settings.request_timeout, settings.request_deadline / tries)


def _deadline_client(settings: Settings) -> Any:
    return _client_with_deadline(attempt_timeout(settings))


@lru_cache(maxsize=8)
def _client_with_deadline(seconds: float) -> Any:
    """An HTTP client whose responses, streamed ones included, end with a timeout
    once an attempt has run past ``seconds`` (a server that trickles a byte now and
    then would otherwise never hit the per-read timeout). One client per deadline is
    shared by every model, as LangChain shares its default one: a client per call
    would keep a connection pool per call alive."""
    import httpx2
    import openai

    class DeadlineStream(httpx2.SyncByteStream):
        def __init__(self, inner: Any, ends: float, request: httpx2.Request) -> None:
            self.inner, self.ends, self.request = inner, ends, request

        def __iter__(self) -> Iterator[bytes]:
            for part in self.inner:
                if time.monotonic() > self.ends:
                    raise httpx2.ReadTimeout(
                        "the answer ran past its deadline", request=self.request
                    )
                yield part

        def close(self) -> None:
            self.inner.close()

    class DeadlineTransport(httpx2.BaseTransport):
        def __init__(self, inner: httpx2.BaseTransport, seconds: float) -> None:
            self.inner, self.seconds = inner, seconds

        def handle_request(self, request: httpx2.Request) -> httpx2.Response:
            ends = time.monotonic() + self.seconds
            response = self.inner.handle_request(request)
            response.stream = DeadlineStream(response.stream, ends, request)
            return response

        def close(self) -> None:
            self.inner.close()

    transport = DeadlineTransport(httpx2.HTTPTransport(), seconds)
    return openai.DefaultHttpxClient(transport=transport)


def explain(exc: BaseException, settings: Settings) -> ModelUnavailable | None:
    """One sentence for a failed model call, or None when ``exc`` is not one."""
    import openai

    where = endpoint(settings)
    tries = settings.max_retries + 1
    after = f"after {tries} attempts" if tries > 1 else "on the only attempt"
    if isinstance(exc, openai.APITimeoutError):
        return ModelUnavailable(
            f"the model endpoint {where} did not answer within "
            f"{attempt_timeout(settings):g} s ({after}); check that it is running "
            "or raise COACH_REQUEST_TIMEOUT / COACH_REQUEST_DEADLINE"
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
            f"{_short(redact(str(exc.message), settings))}"
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
    module = str(tb.tb_frame.f_globals.get("__name__", ""))
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
