"""Every score explains itself: what was covered (quoted from the answer), what was
missed (with the corpus passage that covers it) and what to do next."""

from __future__ import annotations

from typing import Any

from coach.catalogue import catalogue
from coach.language import Language
from coach.scoring.coverage import PointMatch
from coach.scoring.text import shorten

VERDICTS = ("strong", "adequate", "weak", "rejected")
DIMENSIONS = ("coverage", "structure", "specificity", "ai_appropriateness", "communication")


def _names(prefix: str, keys: tuple[str, ...]) -> dict[Language, dict[str, str]]:
    texts = catalogue("scoring")
    return {lang: {k: texts.text(f"{prefix}.{k}", lang) for k in keys} for lang in ("zh", "en")}


# Read from the ``scoring`` catalogue; kept as mappings because exports and reports
# look names up by key (``VERDICT_NAMES[lang][verdict]``).
VERDICT_NAMES = _names("verdict", VERDICTS)
DIMENSION_NAMES = _names("dimension", DIMENSIONS)
ADVICE = _names("advice", DIMENSIONS)


def dimension_label(key: str, lang: Language) -> str:
    """A dimension's name standing alone (a list item, a chart bar, a table cell):
    capitalised in English, where the names are lower-case to sit inside sentences."""
    name = DIMENSION_NAMES[lang].get(key, key)
    return name[:1].upper() + name[1:]


def covered_items(matches: list[PointMatch]) -> list[dict[str, Any]]:
    """Covered points, each with the exact answer sentence that made it."""
    return [
        {
            "id": m.point.id,
            "point": m.point.text,
            "weight": m.point.weight,
            "coverage": round(m.coverage, 2),
            "quote": m.quote,
            "keywords": list(m.keywords),
            "kind": m.point.kind,
        }
        for m in matches
        if m.status == "covered"
    ]


def missed_items(matches: list[PointMatch]) -> list[dict[str, Any]]:
    """Points not covered (never one that was), heaviest first, with what to read.

    A partly covered point carries the sentence that named it without substance."""
    items = [
        {
            "id": m.point.id,
            "point": m.point.text,
            "weight": m.point.weight,
            "coverage": round(m.coverage, 2),
            "partial": m.status == "partial",
            "quote": m.quote if m.status == "partial" else "",
            "source": m.point.source,
            "title": m.point.title,
            "passage": m.point.quote,
            "probe": m.point.probe,
            "kind": m.point.kind,
        }
        for m in matches
        if m.status != "covered"
    ]
    return sorted(items, key=lambda item: (-item["weight"], item["coverage"]))


def _cite(item: dict[str, Any], lang: Language) -> str:
    """Where to read, named by title (the file name stays in the item, for exports:
    a learner cannot do anything with "003_06203c64a09c188c.txt")."""
    texts = catalogue("scoring")
    if item.get("kind") == "framework":
        # The coach's own framework note: what substance looks like for this point,
        # named as every coach note is ("AIPM Coach note: <title>").
        from coach.retrieval import source_title

        where = source_title(item["title"], "coach-note", lang)
        return texts.text("cite.note", lang, where=where, passage=item["passage"])
    quote = shorten(item["passage"], 90)
    if item["title"]:
        return texts.text("cite.article", lang, title=item["title"], quote=quote)
    return texts.text("cite.file", lang, source=item["source"], quote=quote)


def feedback_text(
    *,
    score: int,
    verdict: str,
    lang: Language,
    covered: list[dict[str, Any]],
    missed: list[dict[str, Any]],
    dimensions: dict[str, int],
    reason: str | None = None,
    notes: list[str] | None = None,
    reading: list[dict[str, Any]] | None = None,
) -> str:
    text = catalogue("scoring").text
    lines = [text("fb.score", lang, score=score, verdict=VERDICT_NAMES[lang][verdict])]
    if reason:
        lines.append(reason)
    lines.extend(notes or [])
    if covered:
        lines.append(text("fb.covered", lang))
        quoted: set[str] = set()
        for item in covered:
            # One sentence often makes several points: quote it once, not under each.
            if item["quote"] in quoted:
                lines.append(text("fb.covered_again", lang, point=item["point"]))
                continue
            quoted.add(item["quote"])
            quote = shorten(item["quote"], 120)
            lines.append(text("fb.covered_item", lang, point=item["point"], quote=quote))
    if missed:
        lines.append(text("fb.missed", lang))
        for item in missed:
            mark = text("fb.partly", lang) if item["partial"] else ""
            lines.append(f"- {item['point']}{mark} —— {_cite(item, lang)}")
    if reading and not reason:
        lines.append(text("fb.reading", lang))
        lines.extend(f"- {_cite({**r, 'passage': r['quote']}, lang)}" for r in reading[:3])
    if not reason:
        weakest = sorted(
            (k for k in ADVICE[lang] if k != "coverage" and dimensions.get(k, 100) < 60),
            key=lambda k: dimensions.get(k, 100),
        )[:2]
        if weakest:
            lines.append(text("fb.improve", lang))
            lines.extend(
                text(
                    "fb.improve_item",
                    lang,
                    dimension=dimension_label(k, lang),
                    value=dimensions[k],
                    advice=ADVICE[lang][k],
                )
                for k in weakest
            )
    return "\n".join(lines)
