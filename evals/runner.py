"""Run cases through the real chains, replaying recorded model responses.

Each case that needs the model replays its own cassette (evals/cassettes/<id>.yaml)
with the network blocked; a case whose cassette is missing fails with a message
saying how to record it. Cases that run without a model (rubric grading, checklist
critique) need no cassette.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from evals.cases import Case
from evals.metrics import DETERMINISTIC, Measure

Output = dict[str, Any]
ModeRunner = Callable[[Case, "EvalContext"], Output]


@dataclass
class EvalContext:
    settings: Any
    retriever: Any
    model: Any | None  # a chat model, or None for offline-only cases
    cache: dict[str, Any] = field(default_factory=dict)


@dataclass
class CaseResult:
    case: Case
    output: Output
    measures: dict[str, Measure]
    error: str | None = None
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        if self.error:
            return False
        return all(m.passed is not False for m in self.measures.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.case.id,
            "mode": self.case.mode,
            "passed": self.passed,
            "error": self.error,
            "seconds": round(self.seconds, 3),
            "metrics": {k: m.as_dict() for k, m in self.measures.items()},
        }


def mode_runners() -> dict[str, ModeRunner]:
    from evals.modes import RUNNERS

    return RUNNERS


def describe_error(case: Case, exc: BaseException) -> str:
    """One sentence; a request with no matching recording says how to record it."""
    chain: BaseException | None = exc
    while chain is not None:
        if (
            chain.__class__.__name__ == "CannotOverwriteExistingCassetteException"
            or "Can't overwrite existing cassette" in str(chain)
        ):
            return (
                f"no recorded response matches this request (prompt or inputs changed?); "
                f"re-record it with `evals record --case {case.id}`"
            )
        chain = chain.__cause__ or chain.__context__
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{exc.__class__.__name__}: {first}"


def run_case(case: Case, ctx: EvalContext, extra: dict[str, Callable[..., Measure]]) -> CaseResult:
    started = time.perf_counter()
    runner = mode_runners().get(case.mode)
    if runner is None:
        return CaseResult(case, {}, {}, error=f"no runner for mode {case.mode!r}")
    try:
        output = runner(case, ctx)
    except Exception as exc:  # noqa: BLE001 - one broken case must not stop the suite
        return CaseResult(
            case, {}, {}, error=describe_error(case, exc), seconds=time.perf_counter() - started
        )
    measures = {name: metric(output, case.expect) for name, metric in DETERMINISTIC.items()}
    for name, metric in extra.items():
        try:
            measures[name] = metric(case, output, ctx)
        except Exception as exc:  # noqa: BLE001 - a metric that cannot run says why
            measures[name] = Measure.na(f"could not be computed: {describe_error(case, exc)}")
    return CaseResult(case, output, measures, seconds=time.perf_counter() - started)


def summarise(results: list[CaseResult]) -> dict[str, Any]:
    by_mode: dict[str, dict[str, list[float]]] = {}
    overall: dict[str, list[float]] = {}
    for r in results:
        for name, m in r.measures.items():
            if m.value is None:
                continue
            by_mode.setdefault(r.case.mode, {}).setdefault(name, []).append(m.value)
            overall.setdefault(name, []).append(m.value)

    def mean(values: list[float]) -> float:
        return round(sum(values) / len(values), 4)

    return {
        "cases": len(results),
        "passed": sum(r.passed for r in results),
        "failed": sum(not r.passed for r in results),
        "metrics": {k: mean(v) for k, v in sorted(overall.items())},
        "by_mode": {
            mode: {k: mean(v) for k, v in sorted(metrics.items())}
            for mode, metrics in sorted(by_mode.items())
        },
        "results": [r.as_dict() for r in results],
    }
