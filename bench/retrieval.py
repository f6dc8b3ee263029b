"""Retrieval benchmark: quality on the labelled set, ingest times, search latency.

    uv run python bench/retrieval.py [--json]

Targets on the 2-core reference machine: hit@5 >= 0.95, MRR >= 0.8, a no-change
re-ingest under 10% of a cold ingest, warm search p50 under 150 ms.

Quality is measured on two labelled sets: tests/data/retrieval_set.jsonl, which the
retrieval design was tuned on (the targets apply to it), and
tests/data/retrieval_holdout.jsonl, written blind after tuning, which shows how far
the figures carry over to questions nobody tuned for.

The relevance decision (coach.relevance.decide) is measured too:

* decline: tests/data/retrieval_out_of_scope.jsonl (zh, en, code-switched, keyboard
  mash, neighbouring topics) should all be declined, and no in-scope question (the
  two sets above, the answerable questions below) may be;
* answer states it: tests/data/retrieval_answer_states.jsonl, hand-labelled: of the
  questions shown *as an answer*, the share whose answering passages hold the
  labelled sentence that states it (a question labelled "the library does not state
  it" shown as an answer counts against, unless a coach note answered it: the labels
  predate the concept notes, so those are listed for relabelling instead);
* cross-lingual reach of uploads: tests/data/uploads/* ingested as one learner's
  uploads, asked in the other language (tests/data/retrieval_uploads.jsonl); and
  another learner must never see them;
* blind sets (same format as retrieval_set.jsonl; items with no ``sources`` are out of
  scope, ``answer_states`` labels optional):
  - blind1, tests/data/retrieval_blind.jsonl: "blind1 (seen during threshold
    tuning)". Written blind, but its similarities were printed while the relevance
    decision's floor was chosen, so it is reported for comparison only.
  - blind2, tests/data/retrieval_blind2.jsonl: written afterwards by someone who
    read only the library texts (tests/data/retrieval_blind2.README.md). Its figures
    were read while the questions for notes and sections (coach.asked) were put to
    use, so it is now "blind2 (seen)", reported without targets.
  - blind3, tests/data/retrieval_blind3.jsonl: written after that change, by someone
    who read neither the ranking code nor the written questions
    (tests/data/retrieval_blind3.README.md). Its figures were read while language
    centring, passage windows and the "stands alone" relevance rule were built, so
    it is now "blind3 (seen)".
  - blind4, tests/data/retrieval_blind4.jsonl: written the same way, with two new
    uploads of its own (tests/data/uploads_blind4), and kept sealed until that work
    was final; then seen, and fitted on by the ranker (bench/fit_ranker.py).
  - blind5, tests/data/retrieval_blind5.jsonl: written the same way, with two uploads
    of its own (tests/data/uploads_blind5), and kept sealed (not opened, not run)
    until the ranker was final; then seen while the dictionary bridge
    (coach.dictionary) and the "quotes the library" rule were built.
  - blind6, tests/data/retrieval_blind6.jsonl: written the same way, with two uploads
    of its own (tests/data/uploads_blind6), and kept sealed until the dictionary
    bridge was final; then seen (the upload-wide translated-topic rule and the
    acronym rule were built on it).
  - blind7, tests/data/retrieval_blind7.jsonl: written the same way, with two uploads
    of its own (tests/data/uploads_blind7), and kept sealed until those were final;
    then seen (the upload rule for the covered-topic bar was built on it).
  - blind8, tests/data/retrieval_blind8.jsonl: written the same way, with two uploads
    of its own (tests/data/uploads_blind8), and kept sealed until the dictionary
    bridge's upload rules were final; then seen (the "answer only when its source
    ranks first" and rare-English-words rules were built on it).
  - blind9, tests/data/retrieval_blind9.jsonl: written the same way, with two uploads
    of its own (tests/data/uploads_blind9), and kept sealed until those were final;
    then seen (the "upload leads the ranking" rule and the 10% specific-term share
    were built on it).
  - blind10, tests/data/retrieval_blind10.jsonl: written the same way, with two
    uploads of its own (tests/data/uploads_blind10), and kept sealed until those were
    final. The targets apply to it.
  All nine have ``answer_states`` labels set before any result was seen: true with the
  stating sentence as ``evidence``, false when the library only mentions the topic.
  Figures: hit@5, MRR, decline precision and decline rate by language, in-scope
  declined, and the answer-states share (of the questions shown as an answer, the
  share whose shown passages hold the labelled stating sentence). Targets on
  blind10: hit@5 >= 0.95, MRR >= 0.85, decline precision >= 0.95, no in-scope
  question declined, answer-states share >= 0.9.

Ranking is reported per set (labelled, holdout, the dev set
tests/data/retrieval_dev.jsonl written for tuning with notes and uploads in the
index, and the blind sets), each by question language and by the kind of the source
that answers (corpus article, coach note, learner upload). Every set is searched as
one learner who uploaded tests/data/uploads/*, tests/data/uploads_blind/* and
tests/data/uploads_blind4/* to tests/data/uploads_blind10/*, so the notes and the
uploads compete with the corpus as they do for a real learner. The cross-lingual
reach of uploads (a Chinese question answered by an English upload and the reverse)
is its own figure over all sets. Tune on the labelled, holdout and dev
sets; the blind sets are for measurement only.

Until the concept notes land in coach/data/notes/concepts, the test notes in
tests/data/notes stand in for them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import unicodedata  # noqa: E402

from coach.ingest import NOTES_DIR, IngestReport, ingest  # noqa: E402
from coach.language import detect_language  # noqa: E402
from coach.relevance import decide  # noqa: E402
from coach.retrieval import Passage, Retriever  # noqa: E402
from coach.settings import Settings  # noqa: E402

DATA = ROOT / "tests" / "data"
LABELLED = DATA / "retrieval_set.jsonl"
HOLDOUT = DATA / "retrieval_holdout.jsonl"
OUT_OF_SCOPE = DATA / "retrieval_out_of_scope.jsonl"
ANSWER_STATES = DATA / "retrieval_answer_states.jsonl"
UPLOAD_QUESTIONS = DATA / "retrieval_uploads.jsonl"
UPLOADS = DATA / "uploads"
BLIND_UPLOADS = DATA / "uploads_blind"
BLIND4_UPLOADS = DATA / "uploads_blind4"
BLIND5_UPLOADS = DATA / "uploads_blind5"
BLIND6_UPLOADS = DATA / "uploads_blind6"
BLIND7_UPLOADS = DATA / "uploads_blind7"
BLIND8_UPLOADS = DATA / "uploads_blind8"
BLIND9_UPLOADS = DATA / "uploads_blind9"
BLIND10_UPLOADS = DATA / "uploads_blind10"
BLIND_UPLOAD_FOLDERS = (
    BLIND_UPLOADS,
    BLIND4_UPLOADS,
    BLIND5_UPLOADS,
    BLIND6_UPLOADS,
    BLIND7_UPLOADS,
    BLIND8_UPLOADS,
    BLIND9_UPLOADS,
    BLIND10_UPLOADS,
)
DEV = DATA / "retrieval_dev.jsonl"
TEST_NOTES = DATA / "notes"
BLIND = DATA / "retrieval_blind.jsonl"
BLIND2 = DATA / "retrieval_blind2.jsonl"
BLIND3 = DATA / "retrieval_blind3.jsonl"
BLIND4 = DATA / "retrieval_blind4.jsonl"
BLIND5 = DATA / "retrieval_blind5.jsonl"
BLIND6 = DATA / "retrieval_blind6.jsonl"
BLIND7 = DATA / "retrieval_blind7.jsonl"
BLIND8 = DATA / "retrieval_blind8.jsonl"
BLIND9 = DATA / "retrieval_blind9.jsonl"
BLIND10 = DATA / "retrieval_blind10.jsonl"
# sets with prior answer_states labels
FRESH = {
    "blind2": BLIND2,
    "blind3": BLIND3,
    "blind4": BLIND4,
    "blind5": BLIND5,
    "blind6": BLIND6,
    "blind7": BLIND7,
    "blind8": BLIND8,
    "blind9": BLIND9,
    "blind10": BLIND10,
}
TARGET_SET = "blind10"  # the one nobody tuned on
LEARNER, OTHER_LEARNER = "bench-learner-a", "bench-learner-b"


def _flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _holds(passage: Passage, evidence: list[str]) -> bool:
    body = _flat(passage.text)
    return any(_flat(e) in body for e in evidence)


def _decisions(retriever: Retriever, questions: list[dict[str, Any]]) -> dict[str, Any]:
    return {q["id"]: decide(q["query"], retriever, owner=LEARNER) for q in questions}


def _decline_figures(
    retriever: Retriever, out: list[dict[str, Any]], inside: list[dict[str, Any]]
) -> dict[str, Any]:
    out_d = _decisions(retriever, out)
    in_d = _decisions(retriever, inside)
    declined_out = [i for i, d in out_d.items() if not d.covered]
    declined_in = [i for i, d in in_d.items() if not d.covered]
    flagged = len(declined_out) + len(declined_in)
    return {
        "out_of_scope": len(out),
        "declined_share": round(len(declined_out) / len(out), 3) if out else None,
        "decline_precision": round(len(declined_out) / flagged, 3) if flagged else None,
        "in_scope": len(inside),
        "in_scope_declined": declined_in,
        "out_of_scope_answered": [i for i in out_d if i not in declined_out],
    }


def _answer_state_figures(retriever: Retriever, labelled: list[dict[str, Any]]) -> dict[str, Any]:
    shown = right = stating_labelled = found = 0
    wrong: list[str] = []
    relabel: list[str] = []
    for q in labelled:
        d = decide(q["query"], retriever, owner=LEARNER)
        states = bool(q.get("answer_states"))
        stating_labelled += states
        if d.verdict != "answer":
            continue
        holds = states and any(_holds(p, q.get("evidence") or []) for p in d.answering)
        if not states and any(p.is_note for p in d.answering):
            relabel.append(q["id"])
            continue
        shown += 1
        right += holds
        found += holds
        if not holds:
            wrong.append(q["id"])
    return {
        "labelled": len(labelled),
        "shown_as_answer": shown,
        "answer_states_rate": round(right / shown, 3) if shown else None,
        "stated_answers_found": round(found / stating_labelled, 3) if stating_labelled else None,
        "shown_but_not_stating": wrong,
        "answered_by_a_note_relabel": relabel,
    }


def _upload_figures(settings: Settings, retriever: Retriever) -> dict[str, Any]:
    questions = _load(UPLOAD_QUESTIONS)
    ingest(sorted(UPLOADS.iterdir()), settings, owner=LEARNER)
    ranks, leaks, covered = [], 0, 0
    for q in questions:
        d = decide(q["query"], retriever, owner=LEARNER)
        covered += d.covered
        hits = d.retrieved
        rank = next(
            (
                i
                for i, h in enumerate(hits, 1)
                if h.source == q["upload"] and _holds(h, q["evidence"])
            ),
            None,
        )
        ranks.append(rank)
        other = retriever.search(q["query"], 5, owner=OTHER_LEARNER)
        leaks += sum(h.source == q["upload"] for h in other)
    n = len(questions)
    return {
        "questions": n,
        "cross_lingual_hit@5": round(sum(r is not None for r in ranks) / n, 3),
        "cross_lingual_mrr": round(sum(1 / r for r in ranks if r) / n, 3),
        "covered": round(covered / n, 3),
        "misses": [q["id"] for q, r in zip(questions, ranks, strict=True) if r is None],
        "seen_by_another_learner": leaks,
    }


# -- the relevance decision, by hand labels (self-contained: main() only calls these) --
#
# Hand labels live in the sets themselves: ``shown_as`` is what the coach showed when
# the question was labelled (answer / related / declined), ``shown_chunks`` the chunk
# ids it showed as the answer, and ``shown_states`` whether, read by a person, what was
# shown as the answer states the answer (for "related", whether the related reading
# does). A label is stale when the coach now shows something else; stale labels are
# counted apart and listed for relabelling, never guessed.


def _lang_of(q: dict[str, Any]) -> str:
    return str(q.get("lang") or "en")


def decline_by_language(retriever: Retriever, out_of_scope: list[dict[str, Any]]) -> dict[str, Any]:
    """Share of out-of-scope questions declined, overall and by zh / en / mixed."""
    declined: dict[str, list[bool]] = {}
    missed: list[str] = []
    for q in out_of_scope:
        covered = decide(q["query"], retriever, owner=LEARNER).covered
        declined.setdefault(_lang_of(q), []).append(not covered)
        if covered:
            missed.append(q["id"])
    every = [d for ds in declined.values() for d in ds]
    figures: dict[str, Any] = {
        lang: {"questions": len(ds), "declined": sum(ds), "rate": round(sum(ds) / len(ds), 3)}
        for lang, ds in sorted(declined.items())
    }
    figures["all"] = {
        "questions": len(every),
        "declined": sum(every),
        "rate": round(sum(every) / len(every), 3) if every else None,
    }
    figures["not_declined"] = missed
    return figures


def in_scope_declined(retriever: Retriever, inside: list[dict[str, Any]]) -> dict[str, Any]:
    """How many answerable questions the decision declines (the target is none)."""
    ids = [q["id"] for q in inside if not decide(q["query"], retriever, owner=LEARNER).covered]
    return {"questions": len(inside), "declined": len(ids), "ids": ids}


def shown(retriever: Retriever, query: str) -> tuple[str, list[str]]:
    """What chat shows for ``query``: its verdict and the chunks shown as the answer
    (offline, the first ``OFFLINE_QUOTES`` passages that passed, answering ones first)."""
    from coach.chat import OFFLINE_QUOTES

    d = decide(query, retriever, owner=LEARNER)
    return d.verdict, [p.chunk_id for p in d.answering[:OFFLINE_QUOTES]]


def hand_labelled_answer_states(
    retriever: Retriever, labelled: list[dict[str, Any]]
) -> dict[str, Any]:
    """Of the questions shown *as an answer*, the share whose shown answer states it
    (by the hand labels), with stale and unlabelled questions counted apart."""
    states, wrong, stale, unlabelled = [], [], [], []
    verdicts: dict[str, int] = {}
    for q in labelled:
        verdict, chunks = shown(retriever, q["query"])
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
        if verdict != "answer":
            continue
        if q.get("shown_states") is None:
            unlabelled.append(q["id"])
        elif q.get("shown_as") != "answer" or q.get("shown_chunks") != chunks:
            stale.append(q["id"])
        else:
            states.append(bool(q["shown_states"]))
            if not q["shown_states"]:
                wrong.append(q["id"])
    return {
        "questions": len(labelled),
        "verdicts": verdicts,
        "shown_as_answer_labelled": len(states),
        "answer_states_share": round(sum(states) / len(states), 3) if states else None,
        "shown_but_not_stating": wrong,
        "stale_labels": stale,
        "unlabelled": unlabelled,
    }


def prelabelled_answer_states(
    inside: list[dict[str, Any]], decisions: dict[str, Any]
) -> dict[str, Any]:
    """Of the questions shown *as an answer*, the share whose shown passages (what chat
    quotes offline) hold the stating sentence labelled before any result was seen. A
    question labelled "the library does not state it" that is shown as an answer counts
    against; one labelled as stated but not shown as an answer is listed as missed."""
    from coach.chat import OFFLINE_QUOTES

    right: list[str] = []
    wrong: list[str] = []
    missed: list[str] = []
    verdicts: dict[str, int] = {}
    for q in inside:
        d = decisions[q["id"]]
        verdicts[d.verdict] = verdicts.get(d.verdict, 0) + 1
        if d.verdict != "answer":
            if q.get("answer_states"):
                missed.append(q["id"])
            continue
        quoted = d.answering[:OFFLINE_QUOTES]
        holds = bool(q.get("answer_states")) and any(_holds(p, q["evidence"]) for p in quoted)
        (right if holds else wrong).append(q["id"])
    shown_n = len(right) + len(wrong)
    return {
        "questions": len(inside),
        "labelled_stated": sum(bool(q.get("answer_states")) for q in inside),
        "verdicts": verdicts,
        "shown_as_answer": shown_n,
        "answer_states_share": round(len(right) / shown_n, 3) if shown_n else None,
        "shown_but_not_stating": wrong,
        "stated_but_not_shown_as_answer": missed,
    }


def blind_figures(retriever: Retriever, blind: list[dict[str, Any]]) -> dict[str, Any]:
    """The relevance decision on a blind set, one decision per question: decline rate by
    language, decline precision, in-scope declined, answer-states share."""
    decisions = _decisions(retriever, blind)
    out = [q for q in blind if not q.get("sources")]
    inside = [q for q in blind if q.get("sources")]
    declined_out = [q["id"] for q in out if not decisions[q["id"]].covered]
    declined_in = [q["id"] for q in inside if not decisions[q["id"]].covered]
    by_lang: dict[str, Any] = {}
    for lang in sorted({_lang_of(q) for q in out}):
        part = [q for q in out if _lang_of(q) == lang]
        n = sum(q["id"] in declined_out for q in part)
        by_lang[lang] = {"questions": len(part), "declined": n, "rate": round(n / len(part), 3)}
    flagged = len(declined_out) + len(declined_in)
    return {
        "decline": {
            **by_lang,
            "all": {
                "questions": len(out),
                "declined": len(declined_out),
                "rate": round(len(declined_out) / len(out), 3) if out else None,
            },
            "not_declined": [q["id"] for q in out if q["id"] not in declined_out],
        },
        "decline_precision": round(len(declined_out) / flagged, 3) if flagged else None,
        "in_scope_declined": {
            "questions": len(inside),
            "declined": len(declined_in),
            "ids": declined_in,
            "of_them_labelled_not_stated": [
                q["id"] for q in inside if q["id"] in declined_in and not q.get("answer_states")
            ],
        },
        "answer_states": prelabelled_answer_states(inside, decisions),
    }


def decision_figures(retriever: Retriever) -> dict[str, Any]:
    """Decline rate by language, in-scope declined, answer-states share: on the tuning
    sets and on the blind sets (their uploads ingested for the same learner)."""
    out = _load(OUT_OF_SCOPE)
    inside = _load(LABELLED) + _load(HOLDOUT) + _load(ANSWER_STATES) + _load(UPLOAD_QUESTIONS)
    figures: dict[str, Any] = {
        "tuning_decline": decline_by_language(retriever, out),
        "tuning_in_scope_declined": in_scope_declined(retriever, inside),
        "tuning_answer_states": hand_labelled_answer_states(retriever, _load(ANSWER_STATES)),
    }
    if BLIND.exists():
        blind = _load(BLIND)
        # blind1 (seen during threshold tuning): reported for comparison only
        figures["blind1_decline"] = decline_by_language(
            retriever, [q for q in blind if not q.get("sources")]
        )
        blind_in = [q for q in blind if q.get("sources")]
        figures["blind1_in_scope_declined"] = in_scope_declined(retriever, blind_in)
        figures["blind1_answer_states"] = hand_labelled_answer_states(retriever, blind_in)
    for name, path in FRESH.items():
        if path.exists():
            figures[name] = blind_figures(retriever, _load(path))
    return figures


def ingest_blind_uploads(settings: Settings) -> None:
    """The blind set's own uploads, as the learner the decision is asked for."""
    files = sorted(
        p for folder in BLIND_UPLOAD_FOLDERS for p in folder.glob("*.md") if p.name != "README.md"
    )
    if files:
        ingest(files, settings, owner=LEARNER)


def _load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


KIND_NAMES = {"article": "corpus", "coach-note": "note", "upload": "upload"}


def _ingest_uploads(settings: Settings) -> list[IngestReport]:
    """Every upload folder, ingested as LEARNER's own articles."""
    return [
        ingest(
            sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.name != "README.md"),
            settings,
            owner=LEARNER,
        )
        for folder in (UPLOADS, *BLIND_UPLOAD_FOLDERS)
    ]


def _sources(retriever: Retriever) -> dict[str, tuple[str, str]]:
    """{source: (kind, language)} for every chunk LEARNER may read."""
    texts: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for i in retriever.visible(LEARNER):
        chunk = retriever.chunks()[i]
        kinds[chunk.source] = KIND_NAMES.get(chunk.kind, chunk.kind)
        texts.setdefault(chunk.source, []).append(chunk.text)
    return {s: (kinds[s], detect_language(" ".join(texts[s]))) for s in kinds}


def _ranks(
    retriever: Retriever, questions: list[dict[str, Any]], owner: str | None = LEARNER
) -> list[dict[str, Any]]:
    """Per question: the rank of the first passage from a listed source holding the
    evidence (passage_rank), of the first passage from a listed source (source_rank),
    the question's language and the kind and language of its first listed source."""
    sources = _sources(retriever)
    rows = []
    for q in questions:
        hits = retriever.search(q["query"], k=5, owner=owner)
        passage = next(
            (
                i
                for i, h in enumerate(hits, 1)
                if h.source in q["sources"] and _holds(h, q["evidence"])
            ),
            None,
        )
        source = next((i for i, h in enumerate(hits, 1) if h.source in q["sources"]), None)
        kind, language = sources.get(q["sources"][0], ("missing", ""))
        rows.append(
            {
                "id": q["id"],
                "lang": q["lang"],
                "kind": kind,
                "source_lang": language,
                "passage_rank": passage,
                "source_rank": source,
            }
        )
    return rows


def _quality(rows: list[dict[str, Any]], key: str = "passage_rank") -> tuple[float, float]:
    if not rows:
        return 0.0, 0.0
    hit = sum(r[key] is not None for r in rows) / len(rows)
    mrr = sum(1 / r[key] for r in rows if r[key]) / len(rows)
    return hit, mrr


def _figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """hit@5 and MRR overall, by question language and by kind of answering source."""

    def pair(part: list[dict[str, Any]]) -> dict[str, Any]:
        hit, mrr = _quality(part)
        return {"n": len(part), "hit@5": round(hit, 3), "mrr": round(mrr, 3)}

    hit, mrr = _quality(rows)
    src_hit, src_mrr = _quality(rows, "source_rank")
    return {
        "questions": len(rows),
        "hit@5": round(hit, 3),
        "mrr": round(mrr, 3),
        "hit@5_source": round(src_hit, 3),
        "mrr_source": round(src_mrr, 3),
        "by_lang": {
            lang: pair([r for r in rows if r["lang"] == lang])
            for lang in sorted({r["lang"] for r in rows})
        },
        "by_kind": {
            kind: pair([r for r in rows if r["kind"] == kind])
            for kind in sorted({r["kind"] for r in rows})
        },
        "misses": [r["id"] for r in rows if r["passage_rank"] is None],
    }


def _upload_reach(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Uploads reached across languages: a Chinese question answered by an English
    upload, and an English question by a Chinese one (mixed questions left out)."""
    out: dict[str, Any] = {}
    for asked, written in (("zh", "en"), ("en", "zh")):
        part = [
            r
            for r in rows
            if r["kind"] == "upload" and r["lang"] == asked and r["source_lang"] == written
        ]
        hit, mrr = _quality(part)
        out[f"{asked}_question_{written}_upload"] = {
            "n": len(part),
            "hit@5": round(hit, 3),
            "mrr": round(mrr, 3),
            "misses": [r["id"] for r in part if r["passage_rank"] is None],
        }
    return out


def _as_sourced(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """retrieval_uploads.jsonl names its upload under ``upload``; give it ``sources``."""
    return [{**q, "sources": [q["upload"]]} if "upload" in q else q for q in questions]


def _latency(retriever: Retriever, questions: list[dict[str, Any]]) -> dict[str, float]:
    """Warm search time over ``questions``, three rounds, as LEARNER."""
    latencies = []
    for _ in range(3):
        for q in questions:
            started = time.perf_counter()
            retriever.search(q["query"], k=5, owner=LEARNER)
            latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return {
        "search_p50_ms": round(statistics.median(latencies), 1),
        "search_p95_ms": round(latencies[max(int(len(latencies) * 0.95) - 1, 0)], 1),
    }


def _ranking_figures(retriever: Retriever, sets: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Ranking figures per set, and the cross-lingual reach of uploads over them all
    (tests/data/retrieval_uploads.jsonl included)."""
    out: dict[str, Any] = {}
    every: list[dict[str, Any]] = []
    for name, questions in sets.items():
        rows = _ranks(retriever, [q for q in questions if q.get("sources")])
        every.extend({**r, "id": f"{name}:{r['id']}"} for r in rows)
        if name != "uploads":
            out[name] = _figures(rows)
    out["upload_reach"] = _upload_reach(every)
    return out


def _print_ranking(ranking: dict[str, Any]) -> None:
    print("  ranking, searched as a learner with uploads (hit@5 / MRR):")
    for name, fig in ranking.items():
        if name == "upload_reach":
            continue
        parts = [
            f"{k} {v['hit@5']:.2f}/{v['mrr']:.2f} (n={v['n']})" for k, v in fig["by_lang"].items()
        ]
        parts += [
            f"{k} {v['hit@5']:.2f}/{v['mrr']:.2f} (n={v['n']})" for k, v in fig["by_kind"].items()
        ]
        print(
            f"    {name:9s} {fig['hit@5']:.3f} / {fig['mrr']:.3f}  n={fig['questions']}  "
            + ", ".join(parts)
        )
        print(f"              misses: {' '.join(fig['misses'])}")
    for name, fig in ranking["upload_reach"].items():
        print(
            f"    {name}: {fig['hit@5']:.3f} / {fig['mrr']:.3f} (n={fig['n']})"
            f" misses: {' '.join(fig['misses'])}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    questions = _load(LABELLED)
    holdout = _load(HOLDOUT)
    dev = _load(DEV)

    out_of_scope = _load(OUT_OF_SCOPE)
    answer_states = _load(ANSWER_STATES)
    blind = _load(BLIND) if BLIND.exists() else []
    fresh = {name: _load(path) for name, path in FRESH.items() if path.exists()}
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home))
        cold = ingest(None, settings)
        warm = ingest(None, settings)
        if not any((NOTES_DIR / "concepts").glob("*.md")):
            ingest([TEST_NOTES], settings)
        upload_ingest = _ingest_uploads(settings)
        retriever = Retriever(settings)
        retriever.search("warm-up")
        sets = {
            "labelled": questions,
            "holdout": holdout,
            "dev": dev,
            "blind1": blind,
            **fresh,
        }
        sets["uploads"] = _as_sourced(_load(UPLOAD_QUESTIONS))
        ranking = _ranking_figures(retriever, sets)
        latency = _latency(retriever, questions + holdout + dev)
        uploads = _upload_figures(settings, retriever)
        decision = decision_figures(retriever)
        stated = [q for q in answer_states if q.get("answer_states")]
        decline = _decline_figures(retriever, out_of_scope, questions + holdout + stated)
        states = _answer_state_figures(retriever, answer_states)
        blind_summary: dict[str, Any] = {}
        if blind:
            # blind1 (seen during threshold tuning): no targets, for comparison only
            blind_summary = {
                "blind1_questions": len(blind),
                "blind1_hit@5": ranking["blind1"]["hit@5"],
                "blind1_mrr": ranking["blind1"]["mrr"],
            }
        for name, rows in fresh.items():
            b = decision[name]
            blind_summary |= {
                f"{name}_questions": len(rows),
                f"{name}_hit@5": ranking[name]["hit@5"],
                f"{name}_mrr": ranking[name]["mrr"],
                f"{name}_decline_precision": b["decline_precision"],
                f"{name}_in_scope_declined": b["in_scope_declined"]["declined"],
                f"{name}_answer_states_share": b["answer_states"]["answer_states_share"],
            }

    labelled_figures = ranking["labelled"]
    figures = {
        "questions": labelled_figures["questions"],
        "hit@5": labelled_figures["hit@5"],
        "mrr": labelled_figures["mrr"],
        "hit@5_source": labelled_figures["hit@5_source"],
        "mrr_source": labelled_figures["mrr_source"],
        "english_hit@5": labelled_figures["by_lang"]["en"]["hit@5"],
        "english_mrr": labelled_figures["by_lang"]["en"]["mrr"],
        "chunks": cold.added,
        "cold_ingest_s": round(cold.seconds, 2),
        "warm_ingest_s": round(warm.seconds, 3),
        "warm_over_cold": round(warm.seconds / cold.seconds, 4),
        "warm_reembedded": warm.embedded,
        "upload_ingest_s": [round(r.seconds, 2) for r in upload_ingest],
        **latency,
        "misses": labelled_figures["misses"],
        "holdout_questions": ranking["holdout"]["questions"],
        "holdout_hit@5": ranking["holdout"]["hit@5"],
        "holdout_mrr": ranking["holdout"]["mrr"],
        "holdout_misses": ranking["holdout"]["misses"],
        "dev_hit@5": ranking["dev"]["hit@5"],
        "dev_mrr": ranking["dev"]["mrr"],
        "ranking": ranking,
        "decline": decline,
        "answer_states": states,
        "uploads": uploads,
        **blind_summary,
        "decision": decision,
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    targets = {
        "hit@5": ("≥", 0.95),
        "mrr": ("≥", 0.8),
        "warm_over_cold": ("<", 0.10),
        "search_p50_ms": ("<", 150),
        f"{TARGET_SET}_hit@5": ("≥", 0.95),
        f"{TARGET_SET}_mrr": ("≥", 0.85),
        f"{TARGET_SET}_decline_precision": ("≥", 0.95),
        f"{TARGET_SET}_in_scope_declined": ("<", 1),
        f"{TARGET_SET}_answer_states_share": ("≥", 0.9),
    }
    print(
        "Retrieval benchmark (labelled set: tests/data/retrieval_set.jsonl; "
        "held-out: tests/data/retrieval_holdout.jsonl; "
        f"blind: {FRESH[TARGET_SET].relative_to(ROOT)})"
    )
    for key, value in figures.items():
        if key == "ranking":
            continue
        target = targets.get(key)
        mark = ""
        if target:
            op, limit = target
            if value is None:
                mark = f"   target {op} {limit}: not measured"
            else:
                ok = value >= limit if op == "≥" else value < limit
                mark = f"   target {op} {limit}: {'met' if ok else 'NOT MET'}"
        if isinstance(value, dict):
            value = json.dumps(value, ensure_ascii=False)
        print(f"  {key:18s} {value}{mark}")
    _print_ranking(figures["ranking"])
    print(
        "  (hit@5/mrr count a passage as a hit when it comes from a labelled source and "
        "holds the labelled evidence; *_source count any passage from that source)"
    )
    print(
        "  (blind1 = retrieval_blind.jsonl, seen during threshold tuning, no targets; "
        "blind2 = retrieval_blind2.jsonl, seen while the written questions were put to use, "
        "no targets; blind3 = retrieval_blind3.jsonl, seen while centring and passage "
        "windows were built, no targets; blind4 = retrieval_blind4.jsonl, seen while the "
        "ranker was fitted, no targets; blind5 = retrieval_blind5.jsonl, seen while the "
        "dictionary bridge was built, no targets; blind6 = retrieval_blind6.jsonl, seen "
        "while its rules were refined, no targets; blind7 = retrieval_blind7.jsonl, seen "
        "likewise, no targets; blind8 = retrieval_blind8.jsonl, seen likewise, no targets; "
        "blind9 = retrieval_blind9.jsonl, seen likewise, no targets; "
        "blind10 = retrieval_blind10.jsonl, sealed until then)"
    )
    for name in fresh:
        b = figures["decision"][name]
        by_lang = ", ".join(
            f"{k} {v['declined']}/{v['questions']}"
            for k, v in b["decline"].items()
            if k != "not_declined"
        )
        print(f"  {name} decline by language: {by_lang}")
        print(f"    out of scope not declined: {' '.join(b['decline']['not_declined'])}")
        print(f"    in scope declined: {' '.join(b['in_scope_declined']['ids'])}")
        states = b["answer_states"]
        print(
            f"    shown as an answer: {states['shown_as_answer']} of {states['questions']}, "
            f"stating it: {states['answer_states_share']}; verdicts {states['verdicts']}"
        )
        print(f"    shown but not stating: {' '.join(states['shown_but_not_stating'])}")
        print(
            f"    stated, not shown as answer: {' '.join(states['stated_but_not_shown_as_answer'])}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
