"""``coach prd``: critique a PRD file (or stdin), save it, compare with the last
version, export a saved critique as Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coach.cli.output import print_json, say, write_output
from coach.errors import BadInput
from coach.settings import Settings, get_settings


def register(sub: Any) -> None:
    p = sub.add_parser(
        "prd",
        help="critique a PRD for an AI product ('-' reads stdin)",
        description="Critique a PRD (Markdown, text, HTML, .docx or .pdf; UTF-8 or GBK) against "
        "the AI-product checklist. Every critique is saved; a new version of the same "
        "document is compared with the previous one.",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="the PRD file, or '-' for stdin")
    p.add_argument("--json", action="store_true", help="print the critique as JSON")
    p.add_argument("--lang", choices=("zh", "en"), help="critique language (default: the PRD's)")
    p.add_argument("--session", metavar="ID", help="add this critique to a saved PRD session")
    p.add_argument("--new", action="store_true", help="start a new session, do not link versions")
    p.add_argument("--export", metavar="ID", help="print a saved PRD session as Markdown")
    p.add_argument("--out", type=Path, metavar="PATH", help="with --export: write to this file")
    p.set_defaults(handler=run_prd)


def run_prd(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.export:
        return _export(args.export, args.out, settings)
    if not args.file:
        raise BadInput(key="prd_needs_file")
    if args.out:
        raise BadInput(key="out_needs_export")
    if args.session and args.new:
        raise BadInput(key="session_and_new")

    from coach.prd import load_bytes, load_path
    from coach.prd.actions import corpus_citer, review
    from coach.prd.checklist import say as phrase
    from coach.prd.export import render_critique
    from coach.store import Store

    if args.file == "-":
        limit = settings.max_upload_mb * 1_000_000
        doc = load_bytes(sys.stdin.buffer.read(limit + 1), "stdin", settings)
    else:
        doc = load_path(Path(args.file), settings)
    reviewed = review(
        doc,
        Store.open(settings),
        settings,
        citer=corpus_citer(settings, notify=say),
        lang=args.lang,
        session_id=args.session,
        link=not args.new,
        notify=None if args.json else say,
    )
    if args.json:
        print_json(
            {
                **reviewed.critique,
                "session": reviewed.session_id,
                "version": reviewed.version,
                "revision": reviewed.revision,
            }
        )
        return 0
    sys.stdout.write(render_critique(reviewed.critique, reviewed.revision))
    lang = reviewed.critique["lang"]
    say(phrase(lang, "report_saved", session=reviewed.session_id, version=reviewed.version))
    return 0


def _export(session_id: str, out: Path | None, settings: Settings) -> int:
    from coach.prd.actions import export_session
    from coach.store import Store

    text = export_session(Store.open(settings), session_id)
    if out is None:
        sys.stdout.write(text)
        return 0
    write_output(out, text)
    return 0
