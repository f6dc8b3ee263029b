"""The one cassette policy, shared by the tests (``tests/plugins/llm.py``) and by
``evals`` (``evals/recording.py``).

- **What is never written**: credentials and cookies (``SECRET_HEADERS``) and headers
  that only identify the machine (``NOISE_HEADERS``), in requests and in responses.
- **How a request finds its recording**: method, API path and JSON body. The path is
  compared without the ``/v1`` prefix (``/v1/chat/completions`` and DeepSeek-style
  ``/chat/completions`` alike) and the model name is left out of the body, so that
  cassettes recorded from the local SmolLM2 or from a hosted model replay the same
  way, while two different prompts never replay each other's answer.
- **A missing recording fails loudly**: replay runs with record mode ``none`` and the
  network blocked (``--block-network`` for pytest, ``evals.network`` for evals), so a
  request with no recording raises instead of calling a live model.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import vcr
    from vcr.request import Request

# Never written to a cassette: credentials and cookies...
SECRET_HEADERS = (
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
)
# ...and volatile or identifying headers that say nothing about the exchange.
NOISE_HEADERS = ("x-stainless-os", "x-stainless-arch", "x-stainless-runtime-version")
FILTERED_HEADERS = frozenset({*SECRET_HEADERS, *NOISE_HEADERS})
MATCH_ON = ("method", "api_path", "json_body")
RecordMode = Literal["none", "all", "rewrite", "once", "new_episodes"]


def api_path(path: str) -> str:
    """``/v1/chat/completions`` and ``/chat/completions`` (DeepSeek-style) alike."""
    return path.split("/v1", 1)[-1] if "/v1/" in path else path


def request_json(request: Request) -> Any:
    """The request body as JSON without the model name (the raw body if not JSON)."""
    body = request.body
    if not body:
        return None
    try:
        data = json.loads(body.decode("utf-8") if isinstance(body, bytes) else body)
    except (ValueError, UnicodeDecodeError):
        return body
    if isinstance(data, dict):
        data.pop("model", None)
    return data


def match_api_path(r1: Request, r2: Request) -> None:
    assert api_path(r1.path) == api_path(r2.path), f"{r1.path} != {r2.path}"


def match_json_body(r1: Request, r2: Request) -> None:
    assert request_json(r1) == request_json(r2), "the JSON bodies differ"


MATCHERS = {"api_path": match_api_path, "json_body": match_json_body}


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop secret and noise headers from a response before it is written."""
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in FILTERED_HEADERS:
            del headers[name]
    return response


def vcr_options() -> dict[str, Any]:
    """The vcrpy options every cassette is recorded and replayed with."""
    return {
        "filter_headers": sorted(FILTERED_HEADERS),
        "match_on": list(MATCH_ON),
        "decode_compressed_response": True,
        "before_record_response": scrub_response,
    }


def register_matchers(recorder: vcr.VCR) -> vcr.VCR:
    for name, matcher in MATCHERS.items():
        recorder.register_matcher(name, matcher)
    return recorder


def recorder(record_mode: RecordMode) -> vcr.VCR:
    """A vcrpy recorder with this policy (``"none"`` replays, ``"all"`` records)."""
    import vcr

    return register_matchers(vcr.VCR(record_mode=record_mode, **vcr_options()))
