"""``coach ingest`` and ``coach search``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coach.cli import message_language
from coach.cli.output import print_json, progress_bar, say
from coach.errors import BadInput, check_question, error_text
from coach.index import ChunkIndex
from coach.ingest import ingest
from coach.retrieval import Passage, Retriever, ensure_index
from coach.settings import get_settings


def register(sub: Any) -> None:
    p = sub.add_parser("ingest", help="add articles to the index (default: the bundled corpus)")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    p.add_argument("--rebuild", action="store_true", help="drop the index and start over")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=run_ingest)

    p = sub.add_parser("search", help="find passages for a question ('-' reads stdin)")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--k", type=int, default=None, help="number of passages (default 5)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=run_search)


def run_ingest(args: argparse.Namespace) -> int:
    settings = get_settings()
    with progress_bar("ingest") as update:
        report = ingest(args.paths or None, settings, rebuild=args.rebuild, progress=update)
    lang = message_language(args)
    for name, reason in report.skipped:
        say(error_text(lang, "ingest_skipped", name=name, reason=reason))
    if args.json:
        print_json(report.as_dict())
    else:
        print(report.summary(lang))
    if args.paths and report.files_read == 0:
        raise BadInput(key="nothing_ingested")
    return 0


def _hit_lines(passages: list[Passage], lang: str = "en") -> str:
    from coach.catalogue import t

    lines = []
    for n, p in enumerate(passages, 1):
        where = f"{p.source} · {p.heading}" if p.heading else p.source
        snippet = " ".join(p.text[p.lead :].split())  # from the part that matched
        if len(snippet) > 240:
            snippet = snippet[:240] + "…"
        score = t("search.score", lang, score=f"{p.score:.2f}")
        lines.append(f"[{n}] {p.title}\n    {where}  {score}\n    {snippet}")
    return "\n".join(lines) if lines else t("search.none", lang)


def run_search(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.k is not None and not 1 <= args.k <= 50:
        raise BadInput(key="k_out_of_range")
    if args.query != "-":
        if not args.query.strip():
            raise BadInput(key="empty_query")
        check_question(args.query.strip(), settings)  # before the index is opened
    index = ChunkIndex(settings)
    ensure_index(settings, index, notify=say)
    retriever = Retriever(settings, index)
    if args.query == "-":
        if not args.json:
            raise BadInput(key="stdin_queries_need_json")
        answered = 0
        for line in sys.stdin:
            query = line.strip()
            if not query:
                continue
            check_question(query, settings)
            hits = retriever.search(query, k=args.k)
            print_json({"query": query, "hits": [h.as_hit() for h in hits]})
            answered += 1
        if not answered:
            raise BadInput(key="no_query_on_stdin")
        return 0
    hits = retriever.search(args.query, k=args.k)
    if args.json:
        print_json([h.as_hit() for h in hits])
    else:
        print(_hit_lines(hits, message_language(args)))
    return 0
