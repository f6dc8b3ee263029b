"""Every score explains itself: what was covered (quoted from the answer), what was
missed (with the corpus passage that covers it) and what to do next."""

from __future__ import annotations

from typing import Any

from coach.language import Language
from coach.scoring.coverage import PointMatch
from coach.scoring.text import shorten

VERDICT_NAMES = {
    "zh": {"strong": "优秀", "adequate": "合格", "weak": "薄弱", "rejected": "不予评分"},
    "en": {"strong": "strong", "adequate": "adequate", "weak": "weak", "rejected": "rejected"},
}
DIMENSION_NAMES = {
    "zh": {
        "coverage": "要点覆盖",
        "structure": "结构",
        "specificity": "内容实质",
        "ai_appropriateness": "AI 适配度",
        "communication": "表达",
    },
    "en": {
        "coverage": "key-point coverage",
        "structure": "structure",
        "specificity": "substance",
        "ai_appropriateness": "AI appropriateness",
        "communication": "communication",
    },
}
ADVICE = {
    "zh": {
        "coverage": "先回应题目本身，把遗漏的要点补上，并给每个要点配上具体做法、数字或例子。",
        "structure": "先给结论，再分 2–4 点展开（首先/其次/最后），最后收束。",
        "specificity": (
            "每个论点配上具体做法、数字、指标或例子，说明为什么有效、代价是什么；少用套话。"
        ),
        "ai_appropriateness": "说明数据、评估指标、模型局限和兜底方案如何影响你的做法。",
        "communication": "控制篇幅（约 150–500 字），句子简短，用题目的语言作答。",
    },
    "en": {
        "coverage": (
            "Answer the question itself, add the missed points, and back each with an "
            "action, number or example."
        ),
        "structure": "Lead with the conclusion, then 2–4 points (first, second, finally).",
        "specificity": (
            "Back each claim with an action, number, metric or example, say why it works "
            "and what it costs; drop the buzzwords."
        ),
        "ai_appropriateness": "Say how data, evaluation, model limits and a fallback shape it.",
        "communication": "Keep it to about 80–300 words, short sentences, the question's language.",
    },
}


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
    if item.get("kind") == "framework":
        # The coach's own framework note: what substance looks like for this point.
        where = (
            f"AIPM Coach 笔记：{item['title']}"
            if lang == "zh"
            else f"AIPM Coach note: {item['title']}"
        )
        return f"{where}：{item['passage']}" if lang == "zh" else f"{item['passage']} ({where})"
    where = f"《{item['title']}》" if item["title"] and lang == "zh" else item["title"] or ""
    where = where or item["source"]
    if lang == "zh":
        return f"{where}：“{shorten(item['passage'], 90)}”"
    return f"“{shorten(item['passage'], 90)}” ({where})"


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
    zh = lang == "zh"
    name = VERDICT_NAMES[lang][verdict]
    lines = [f"得分 {score}/100（{name}）。" if zh else f"Score {score}/100 ({name})."]
    if reason:
        lines.append(reason)
    lines.extend(notes or [])
    if covered:
        lines.append("覆盖到的要点：" if zh else "Covered:")
        for item in covered:
            quote = shorten(item["quote"], 120)
            said = f"你写道：“{quote}”" if zh else f"you wrote “{quote}”"
            lines.append(f"- {item['point']}（{said}）" if zh else f"- {item['point']} ({said})")
    if missed:
        lines.append(
            "遗漏或不完整的要点（附可读的原文）："
            if zh
            else "Missed or incomplete (with what to read):"
        )
        for item in missed:
            mark = ("（部分提到）" if zh else " (partly)") if item["partial"] else ""
            lines.append(f"- {item['point']}{mark} —— {_cite(item, lang)}")
    if reading and not reason:
        lines.append("相关阅读（语料原文）：" if zh else "Related reading from the library:")
        lines.extend(f"- {_cite({**r, 'passage': r['quote']}, lang)}" for r in reading[:3])
    if not reason:
        weakest = sorted(
            (k for k in ADVICE[lang] if k != "coverage" and dimensions.get(k, 100) < 60),
            key=lambda k: dimensions.get(k, 100),
        )[:2]
        if weakest:
            lines.append("改进建议：" if zh else "To improve:")
            lines.extend(
                f"- {DIMENSION_NAMES[lang][k]}（{dimensions[k]}）：{ADVICE[lang][k]}"
                if zh
                else f"- {DIMENSION_NAMES[lang][k]} ({dimensions[k]}): {ADVICE[lang][k]}"
                for k in weakest
            )
    return "\n".join(lines)
