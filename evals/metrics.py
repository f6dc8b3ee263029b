"""Deterministic metrics over a case's output.

Each metric returns a ``Measure``: a value in [0, 1] and whether it passed, or
``None`` with the reason it could not be computed for this case (a missing
expectation, no citations to check, ...). Averages skip the ``None``s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from coach.language import detect_language

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
MARKER = re.compile(r"[\[【](\d{1,3})[\]】]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Measure:
    value: float | None
    passed: bool | None
    detail: str = ""

    @classmethod
    def na(cls, why: str) -> Measure:
        return cls(None, None, why)

    @classmethod
    def ratio(cls, good: int, total: int, threshold: float, detail: str = "") -> Measure:
        value = good / total
        return cls(value, value >= threshold, detail or f"{good}/{total}")

    @classmethod
    def check(cls, ok: bool, detail: str = "") -> Measure:
        return cls(1.0 if ok else 0.0, ok, detail)

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "passed": self.passed, "detail": self.detail}


Metric = Callable[[dict[str, Any], dict[str, Any]], Measure]


# --- meaning-level matching --------------------------------------------------------


_VECTORS: dict[str, np.ndarray] = {}


def _embed(texts: Sequence[str]) -> np.ndarray:
    """Embeddings with a per-run cache: the same passages and points recur across cases."""
    from coach.embeddings import embed_passages

    todo = [t for t in dict.fromkeys(texts) if t not in _VECTORS]
    if todo:
        _VECTORS.update(zip(todo, embed_passages(todo), strict=True))
    return np.stack([_VECTORS[t] for t in texts])


def _bigrams(text: str) -> set[str]:
    flat = re.sub(r"\s+", "", text.lower())
    return {flat[i : i + 2] for i in range(len(flat) - 1)}


def supported(claim: str, evidence: str, *, threshold: float = 0.86) -> bool:
    """Whether ``evidence`` supports ``claim``, by shared wording or by meaning."""
    a, b = _bigrams(claim), _bigrams(evidence)
    if a and len(a & b) / len(a) >= 0.5:
        return True
    vectors = _embed([claim, evidence])
    return float(vectors[0] @ vectors[1]) >= threshold


def mentions(point: str, text: str, *, threshold: float = 0.85) -> bool:
    """Whether ``text`` covers the key point (literally, or a sentence close in meaning)."""
    if point.lower() in text.lower():
        return True
    sentences = [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 3]
    if not sentences:
        return False
    vectors = _embed([point, *sentences])
    return float(np.max(vectors[1:] @ vectors[0])) >= threshold


# --- metrics ---------------------------------------------------------------------


def citation_validity(output: dict[str, Any], expect: dict[str, Any]) -> Measure:
    """Every marker the model wrote points at a passage it was given."""
    valid, invalid = output.get("markers_valid"), output.get("markers_invalid")
    if valid is None or invalid is None:
        return Measure.na("no model text (offline or not a chat answer)")
    if output.get("declined"):
        return Measure.na("declined: nothing to cite")
    total = valid + invalid
    if total == 0:
        return Measure(0.0, False, "the answer cites nothing")
    return Measure.ratio(valid, total, 1.0, f"{valid}/{total} markers point at a given passage")


def cites_sources(output: dict[str, Any], expect: dict[str, Any]) -> Measure:
    wanted = expect.get("sources")
    if not wanted:
        return Measure.na("no expected sources")
    if output.get("declined"):
        return Measure.check(False, "declined")
    cited = {c["source"] for c in output.get("citations", [])}
    hit = [s for s in wanted if s in cited]
    return Measure.check(bool(hit), f"cited {sorted(cited) or 'nothing'}")


def groundedness(output: dict[str, Any], expect: dict[str, Any]) -> Measure:
    """Share of cited statements supported by the passage they cite (by meaning)."""
    text = output.get("text", "")
    passages = output.get("passage_texts", [])
    if output.get("declined") or not passages:
        return Measure.na("nothing to ground")
    claims: list[tuple[str, int]] = []
    for sentence in _SENTENCE.findall(text):
        for n in {int(n) for n in MARKER.findall(sentence)}:
            claim = MARKER.sub("", sentence).strip()
            if 1 <= n <= len(passages) and len(claim) > 4:
                claims.append((claim, n))
    if not claims:
        return Measure.na("no cited statements")
    good = sum(supported(claim, passages[n - 1]) for claim, n in claims)
    return Measure.ratio(good, len(claims), 0.6, f"{good}/{len(claims)} cited statements supported")


def key_points(output: dict[str, Any], expect: dict[str, Any]) -> Measure:
    points = expect.get("key_points")
    if not points:
        return Measure.na("no expected key points")
    text = output.get("text", "")
    covered = [p for p in points if mentions(p, text)]
    missed = [p for p in points if p not in covered]
    return Measure.ratio(
        len(covered),
        len(points),
        float(expect.get("key_point_share", 0.5)),
        f"missed: {', '.join(missed)}" if missed else "all covered",
    )


def language_match(output: dict[str, Any], expect: dict[str, Any]) -> Measure:
    wanted = expect.get("language")
    text = output.get("text", "")
    if not wanted or not text.strip():
        return Measure.na("no expected language")
    # Quoted corpus passages are Chinese whatever the question; judge the prose only.
    prose = "\n".join(line for line in text.splitlines() if not line.startswith(">"))
    got = detect_language(prose or text)
    return Measure.check(got == wanted, f"answered in {got}")


def declining(output: dict[str, Any], expect: dict[str, Any]) -> Measure:
    if "declined" not in expect:
        return Measure.na("no expectation about declining")
    want, got = bool(expect["declined"]), bool(output.get("declined"))
    return Measure.check(want == got, "declined" if got else "answered")


def schema(output: dict[str, Any], expect: dict[str, Any]) -> Measure:
    problems = output.get("schema_errors")
    if problems is None:
        return Measure.na("no schema for this output")
    return Measure.check(not problems, "; ".join(problems) or "valid")


def verdict(output: dict[str, Any], expect: dict[str, Any]) -> Measure:
    wanted = expect.get("verdict")
    if not wanted:
        return Measure.na("no expected verdict")
    allowed = wanted if isinstance(wanted, list) else [wanted]
    return Measure.check(output.get("verdict") in allowed, f"got {output.get('verdict')}")


def score_range(output: dict[str, Any], expect: dict[str, Any]) -> Measure:
    low, high = expect.get("score_min"), expect.get("score_max")
    score = output.get("score")
    if score is None or (low is None and high is None):
        return Measure.na("no expected score range")
    ok = (low is None or score >= low) and (high is None or score <= high)
    return Measure.check(ok, f"score {score}")


def flags(output: dict[str, Any], expect: dict[str, Any]) -> Measure:
    wanted = expect.get("flags")
    if not wanted:
        return Measure.na("no expected flags")
    found = set(output.get("flags", []))
    hit = [f for f in wanted if f in found]
    return Measure.ratio(
        len(hit),
        len(wanted),
        1.0,
        f"missing: {sorted(set(wanted) - found)}" if len(hit) < len(wanted) else "all raised",
    )


DETERMINISTIC: dict[str, Metric] = {
    "citation_validity": citation_validity,
    "cites_sources": cites_sources,
    "groundedness": groundedness,
    "key_points": key_points,
    "language": language_match,
    "declining": declining,
    "schema": schema,
    "verdict": verdict,
    "score_range": score_range,
    "flags": flags,
}
