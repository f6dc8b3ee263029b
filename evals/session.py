"""Running and recording the suite: context, cassettes, progress, baseline."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from coach.errors import CoachError
from coach.index import ChunkIndex
from coach.retrieval import Retriever, ensure_index
from coach.settings import Settings, get_settings
from evals import baseline as baseline_mod
from evals.cases import Case, load_cases
from evals.metrics import Measure
from evals.network import blocked_network
from evals.recording import (
    CASSETTES,
    cassette,
    load_meta,
    replay_base_url,
    replay_model,
    save_meta,
)
from evals.report import print_tables, write_reports
from evals.runner import CaseResult, EvalContext, run_case, summarise


class NoModel(CoachError):
    exit_code = 2


def _context(settings: Settings, model: Any, console: Console) -> EvalContext:
    index = ChunkIndex(settings)
    ensure_index(settings, index, notify=lambda m: console.print(m))
    return EvalContext(settings=settings, retriever=Retriever(settings, index), model=model)


def _progress(console: Console, label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
    )


def _loop(
    cases: list[Case], console: Console, label: str, body: Callable[[Case], CaseResult]
) -> list[CaseResult]:
    results = []
    with _progress(console, label) as bar:
        task = bar.add_task("", total=len(cases))
        for case in cases:
            bar.update(task, description=case.id)
            results.append(body(case))
            bar.advance(task)
    return results


def extra_metrics() -> dict[str, Callable[..., Measure]]:
    from evals.judge import judge_metric

    return {"judge": judge_metric}


def run_cases(
    cases: list[Case],
    console: Console,
    *,
    tolerance: float,
    update_baseline: bool,
    write_report: bool,
    partial: bool,
    settings: Settings | None = None,
) -> tuple[dict[str, Any], list[baseline_mod.Regression], Path | None]:
    settings = settings or get_settings()
    counts: dict[str, int] = {}
    for c in load_cases():
        counts[c.mode] = counts.get(c.mode, 0) + 1
    meta = load_meta()
    ctx = _context(settings, replay_model(meta) if meta else None, console)
    extra = extra_metrics()

    def body(case: Case) -> CaseResult:
        with blocked_network(), cassette(case.id, record=False):
            return run_case(case, ctx, extra)

    results = _loop(cases, console, "evals", body)
    summary = summarise(results)
    base = baseline_mod.load()
    if partial and base:
        # Only what was run can be compared: per-case results, and the per-mode means
        # of modes that ran whole.
        ran = {c.mode for c in cases}
        whole = {m for m in ran if sum(c.mode == m for c in cases) == counts.get(m, 0)}
        base = {
            "cases": base.get("cases", {}),
            "by_mode": {m: v for m, v in base.get("by_mode", {}).items() if m in whole},
        }
    regressions = baseline_mod.compare(summary, base, tolerance)
    print_tables(summary, regressions, console)
    folder = write_reports(summary, regressions) if write_report else None
    if update_baseline:
        if partial:
            raise CoachError("--update-baseline needs the whole suite (no --case/--mode)")
        baseline_mod.save(summary)
        console.print(f"baseline updated: {baseline_mod.BASELINE}")
        regressions = []
    return summary, regressions, folder


# A small local model on a laptop CPU takes minutes per prompt: the learner-facing
# limits (60 s a request, 120 s a call) would cut the recording short.
RECORDING_TIMEOUT = 900.0
RECORDING_DEADLINE = 1800.0


def recording_settings(settings: Settings) -> Settings:
    """The same settings with time limits long enough to record from a slow model."""
    return settings.model_copy(
        update={
            "request_timeout": max(settings.request_timeout, RECORDING_TIMEOUT),
            "request_deadline": max(settings.request_deadline, RECORDING_DEADLINE),
        }
    )


def record_cases(
    cases: list[Case], console: Console, settings: Settings | None = None, *, local: bool = False
) -> int:
    """Re-record the cases' model calls: from the configured model, or with ``local``
    from SmolLM2 served by llama.cpp on 127.0.0.1 (started and stopped here)."""
    if local:
        from evals.record_tests import local_server

        with local_server() as target:
            local_settings = Settings(
                model=target.model,
                base_url=target.base_url,
                api_key=SecretStr(target.api_key),
            )
            return record_cases(cases, console, local_settings)
    settings = recording_settings(settings or get_settings())
    if not settings.model_configured:
        raise NoModel(
            "recording needs a model: set OPENAI_BASE_URL/COACH_MODEL (and a key), "
            "or pass --local to start the bundled SmolLM2"
        )
    from coach.llm import chat_model, model_name

    model = chat_model(settings, temperature=0)
    ctx = _context(settings, model, console)
    extra = extra_metrics()
    CASSETTES.mkdir(parents=True, exist_ok=True)

    def body(case: Case) -> CaseResult:
        with cassette(case.id, record=True) as recording:
            result = run_case(case, ctx, extra)
        if case.needs_model and result.error is None and not recording.written:
            # The mode caught a failed model call and answered offline (a drill's
            # feedback does): nothing was recorded, so replay would not match.
            result.error = (
                "no model response was recorded (the call failed or timed out and the "
                "case fell back to its offline path); the old cassette is unchanged"
            )
        return result

    results = _loop(cases, console, "recording", body)
    save_meta(
        {
            "model": model_name(settings),
            "base_url": replay_base_url(settings.base_url),
            "recorded_base_url": replay_base_url(settings.base_url) if settings.base_url else None,
        }
    )
    for r in results:
        if r.error:
            console.print(f"[red]{r.case.id}[/]: {r.error}")
    return sum(r.error is None for r in results)


__all__ = ["json", "record_cases", "run_cases"]
