"""Hand labels for "what chat shows as the answer states it" (issue #14).

    uv run python bench/answer_labels.py show [--all]      # what needs a label, as shown
    uv run python bench/answer_labels.py set ID true|false [ID true|false ...]

``show`` builds the library (corpus, notes, the test and blind uploads for the bench's
learner) and prints, for each in-scope question of tests/data/retrieval_blind.jsonl (blind1,
seen during threshold tuning), tests/data/retrieval_blind2.jsonl and
tests/data/retrieval_answer_states.jsonl whose label is missing or stale, the verdict
and the text chat shows offline (the passages quoted as the answer, or the related
reading). A person reads it and decides; ``set`` records the label with what was shown
(``shown_as``, ``shown_chunks``) so that bench/retrieval.py can tell when the coach
later shows something else. Nothing here decides a label by itself.

blind2's ``answer_states`` (does the library state the answer, with the stating sentence
as ``evidence``) was set before any result was seen and bench/retrieval.py measures against
it; ``set`` adds ``shown_states`` beside it and never overwrites it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.retrieval import (  # noqa: E402
    ANSWER_STATES,
    BLIND,
    BLIND2,
    LEARNER,
    UPLOADS,
    _load,
    ingest_blind_uploads,
    shown,
)
from coach.chat import GroundedChat  # noqa: E402
from coach.ingest import ingest  # noqa: E402
from coach.retrieval import Retriever  # noqa: E402
from coach.settings import Settings  # noqa: E402

SETS = (BLIND, BLIND2, ANSWER_STATES)
STATE = Path(tempfile.gettempdir()) / "aipm-coach-answer-labels.json"


def _in_scope(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [q for q in _load(path) if path not in (BLIND, BLIND2) or q.get("sources")]


def _library(home: Path) -> Retriever:
    settings = Settings(home=home)
    if not (home / "index").exists():
        ingest(None, settings)
        ingest(sorted(UPLOADS.iterdir()), settings, owner=LEARNER)
        ingest_blind_uploads(settings)
    return Retriever(settings)


def run_show(everything: bool, home: Path) -> int:
    retriever = _library(home)
    chat = GroundedChat(Settings(home=home), retriever=retriever, model=None)
    pending: dict[str, dict[str, Any]] = {}
    for path in SETS:
        for q in _in_scope(path):
            verdict, chunks = shown(retriever, q["query"])
            fresh = q.get("shown_as") == verdict and q.get("shown_chunks") == chunks
            if fresh and q.get("shown_states") is not None and not everything:
                continue
            answer = chat.ask(q["query"], owner=LEARNER)
            pending[q["id"]] = {"shown_as": verdict, "shown_chunks": chunks}
            print(f"=== {q['id']} [{verdict}] {q['query']}")
            print(
                f"    (labelled: {q.get('shown_states')}; library states it: "
                f"{q.get('answer_states')}; evidence: {q.get('evidence')})"
            )
            print(answer.text.rsplit("\n\n", 1)[0])
            print()
    STATE.write_text(json.dumps(pending, ensure_ascii=False), "utf-8")
    print(f"{len(pending)} to label; `set ID true|false …` records them")
    return 0


def run_set(pairs: list[str]) -> int:
    if len(pairs) % 2:
        print("give ID true|false pairs", file=sys.stderr)
        return 2
    seen = json.loads(STATE.read_text("utf-8")) if STATE.exists() else {}
    labels = {pairs[i]: pairs[i + 1] == "true" for i in range(0, len(pairs), 2)}
    unknown = [i for i in labels if i not in seen]
    if unknown:
        print(f"run `show` first; not shown: {unknown}", file=sys.stderr)
        return 2
    for path in SETS:
        if not path.exists():
            continue
        rows = _load(path)
        for q in rows:
            if q["id"] in labels:
                q.update(seen[q["id"]], shown_states=labels[q["id"]])
                if path == BLIND:
                    q["answer_states"] = labels[q["id"]]
        path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in rows), "utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("show")
    show.add_argument("--all", action="store_true", help="also questions already labelled")
    show.add_argument("--home", type=Path, default=Path(tempfile.gettempdir()) / "aipm-labels")
    label = sub.add_parser("set")
    label.add_argument("pairs", nargs="+")
    args = parser.parse_args()
    if args.command == "show":
        return run_show(args.all, args.home)
    return run_set(args.pairs)


if __name__ == "__main__":
    sys.exit(main())
