"""``coach prd``: critique a PRD file (or stdin), save it, compare with the last
version, export a saved critique as Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from coach.cli.output import print_json, say, write_output
from coach.errors import BadInput, ServiceUnavailable
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
        raise BadInput("give a PRD file, '-' for stdin, or --export ID")
    if args.out:
        raise BadInput("--out only goes with --export")
    if args.session and args.new:
        raise BadInput("--session and --new cannot be used together")

    from coach.prd import critique, load_bytes, load_path, save
    from coach.prd.export import render_critique
    from coach.prd.meaning import classify_headings
    from coach.prd.reviewers import model_reviewers
    from coach.store import Store

    if args.file == "-":
        limit = settings.max_upload_mb * 1_000_000
        doc = load_bytes(sys.stdin.buffer.read(limit + 1), "stdin", settings)
    else:
        doc = load_path(Path(args.file), settings)
    lang = args.lang or doc.lang
    citer = _citer(settings)
    reviewers = model_reviewers(settings)
    if reviewers and not args.json:
        say("Asking the reviewer personas…" if lang == "en" else "正在请评审角色阅读…")
    result = critique(doc, lang=lang, citer=citer, classify=classify_headings, reviewers=reviewers)
    if citer is None:
        result.notes.append(
            "语料索引不可用，问题没有附出处。"
            if lang == "zh"
            else "The corpus index is unavailable, so issues carry no citations."
        )
    saved = save(Store.open(settings), doc, result, session_id=args.session, link=not args.new)
    payload = result.as_dict()
    revision = saved.revision.as_dict() if saved.revision else None
    if args.json:
        print_json(
            {**payload, "session": saved.session.id, "version": saved.version, "revision": revision}
        )
    else:
        sys.stdout.write(render_critique(payload, revision))
        from coach.prd.checklist import say as phrase

        say(phrase(lang, "report_saved", session=saved.session.id, version=saved.version))
    return 0


def _citer(settings: Settings) -> Any:
    from coach.index import ChunkIndex
    from coach.prd.citations import CorpusCiter
    from coach.retrieval import Retriever, ensure_index

    try:
        index = ChunkIndex(settings)
        ensure_index(settings, index, notify=say)
        return CorpusCiter(Retriever(settings, index))
    except ServiceUnavailable as exc:
        say(f"coach: citations skipped: {exc}")
        return None


def _export(session_id: str, out: Path | None, settings: Settings) -> int:
    from coach.prd.export import render_session
    from coach.prd.history import versions
    from coach.store import Store

    session, payloads = versions(Store.open(settings), session_id)
    if not payloads:
        raise BadInput(f"the PRD session {session.id} has no critique yet")
    text = render_session(session.title, payloads[-1]["critique"]["lang"], payloads)
    if out is None:
        sys.stdout.write(text)
        return 0
    write_output(out, text)
    return 0
