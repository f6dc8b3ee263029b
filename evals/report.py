"""Eval reports: a rich table in the terminal, Markdown + HTML with plots on disk."""

from __future__ import annotations

import base64
import html
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

REPORTS = Path(__file__).resolve().parent / "reports"


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def print_tables(summary: dict[str, Any], regressions: list[Any], console: Console) -> None:
    cases = Table(title="Eval cases", show_lines=False)
    for col in ("case", "mode", "result", "failed metrics / error"):
        cases.add_column(col)
    for r in summary["results"]:
        failed = [f"{k} ({m['detail']})" for k, m in r["metrics"].items() if m["passed"] is False]
        cases.add_row(
            r["id"],
            r["mode"],
            "[green]pass[/]" if r["passed"] else "[red]FAIL[/]",
            r["error"] or "; ".join(failed),
        )
    console.print(cases)
    metrics = sorted({m for mode in summary["by_mode"].values() for m in mode})
    table = Table(title="Metric means by mode (n/a: not computable for these cases)")
    table.add_column("mode")
    for m in metrics:
        table.add_column(m)
    for mode, values in summary["by_mode"].items():
        table.add_row(mode, *(_fmt(values.get(m)) for m in metrics))
    console.print(table)
    console.print(
        f"{summary['passed']}/{summary['cases']} cases passed"
        + (
            f"; {len(regressions)} regression(s) against the baseline:"
            if regressions
            else "; no regressions against the baseline"
        )
    )
    for reg in regressions:
        console.print(f"  [red]regression[/] {reg}")


def _plot(summary: dict[str, Any]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    modes = list(summary["by_mode"])
    metrics = sorted({m for v in summary["by_mode"].values() for m in v})
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5), gridspec_kw={"width_ratios": [3, 1]})
    width = 0.8 / max(len(modes), 1)
    for i, mode in enumerate(modes):
        values = [summary["by_mode"][mode].get(m, float("nan")) for m in metrics]
        left.bar([x + i * width for x in range(len(metrics))], values, width, label=mode)
    left.set_xticks([x + width * (len(modes) - 1) / 2 for x in range(len(metrics))])
    left.set_xticklabels(metrics, rotation=30, ha="right")
    left.set_ylim(0, 1.05)
    left.set_ylabel("mean (0–1)")
    left.set_title("Metrics by mode")
    left.legend(fontsize=8)
    passed = [sum(r["passed"] for r in summary["results"] if r["mode"] == m) for m in modes]
    failed = [sum(not r["passed"] for r in summary["results"] if r["mode"] == m) for m in modes]
    right.bar(modes, passed, color="#4caf50", label="passed")
    right.bar(modes, failed, bottom=passed, color="#e53935", label="failed")
    right.set_title("Cases")
    right.legend(fontsize=8)
    right.tick_params(axis="x", rotation=30)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def write_reports(
    summary: dict[str, Any], regressions: list[Any], folder: Path | None = None
) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = folder or REPORTS / stamp
    folder.mkdir(parents=True, exist_ok=True)
    png = _plot(summary)
    (folder / "metrics.png").write_bytes(png)
    metrics = sorted({m for v in summary["by_mode"].values() for m in v})

    md = [
        f"# Eval report {stamp}",
        "",
        f"**{summary['passed']}/{summary['cases']} cases passed.**",
        "",
        "![metrics](metrics.png)",
        "",
        "## Metric means by mode",
        "",
        "| mode | " + " | ".join(metrics) + " |",
        "|---" * (len(metrics) + 1) + "|",
    ]
    for mode, values in summary["by_mode"].items():
        md.append(f"| {mode} | " + " | ".join(_fmt(values.get(m)) for m in metrics) + " |")
    md += ["", "## Regressions", ""]
    md += [f"- {r}" for r in regressions] or ["None against the baseline."]
    md += ["", "## Cases", "", "| case | mode | result | details |", "|---|---|---|---|"]
    for r in summary["results"]:
        details = r["error"] or "; ".join(
            f"{k}: {_fmt(m['value'])} ({m['detail']})" for k, m in r["metrics"].items()
        )
        md.append(
            f"| {r['id']} | {r['mode']} | {'pass' if r['passed'] else 'FAIL'} | "
            f"{details.replace('|', '/')} |"
        )
    (folder / "report.md").write_text("\n".join(md) + "\n", "utf-8")

    rows = "".join(
        f"<tr class='{'ok' if r['passed'] else 'bad'}'><td>{html.escape(r['id'])}</td>"
        f"<td>{r['mode']}</td><td>{'pass' if r['passed'] else 'FAIL'}</td><td>"
        + html.escape(
            r["error"]
            or "; ".join(
                f"{k}: {_fmt(m['value'])} ({m['detail']})" for k, m in r["metrics"].items()
            )
        )
        + "</td></tr>"
        for r in summary["results"]
    )
    regs = "".join(f"<li>{html.escape(str(r))}</li>" for r in regressions) or "<li>None</li>"
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Eval report {stamp}</title><style>
body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ddd;padding:4px 6px;
font-size:14px;vertical-align:top}}tr.bad td{{background:#fdecea}}img{{max-width:100%}}
</style></head><body><h1>Eval report {stamp}</h1>
<p><b>{summary["passed"]}/{summary["cases"]} cases passed.</b></p>
<img alt="metrics by mode" src="data:image/png;base64,{base64.b64encode(png).decode()}">
<h2>Regressions</h2><ul>{regs}</ul>
<h2>Cases</h2><table><tr><th>case</th><th>mode</th><th>result</th><th>details</th></tr>
{rows}</table></body></html>"""
    (folder / "report.html").write_text(page, "utf-8")
    return folder
