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
        "specificity": "具体性",
        "ai_appropriateness": "AI 适配度",
        "communication": "表达",
    },
    "en": {
        "coverage": "key-point coverage",
        "structure": "structure",
        "specificity": "specificity",
        "ai_appropriateness": "AI appropriateness",
        "communication": "communication",
    },
}
ADVICE = {
    "zh": {
        "coverage": "先回应题目本身，把遗漏的要点补上。",
        "structure": "先给结论，再分 2–4 点展开（首先/其次/最后），最后收束。",
        "specificity": "加入数字、指标（如准确率、召回率、满意度）和一个具体例子。",
        "ai_appropriateness": "说明数据、评估指标、模型局限和兜底方案如何影响你的做法。",
        "communication": "控制篇幅（约 150–500 字），句子简短，用题目的语言作答。",
    },
    "en": {
        "coverage": "Answer the question itself first and add the missed points.",
        "structure": "Lead with the conclusion, then 2–4 points (first, second, finally).",
        "specificity": "Add numbers, metrics (accuracy, recall, satisfaction) and one example.",
        "ai_appropriateness": "Say how data, evaluation, model limits and a fallback shape it.",
        "communication": "Keep it to about 80–300 words, short sentences, the question's language.",
    },
}


def covered_items(matches: list[PointMatch]) -> list[dict[str, Any]]:
    return [
        {
            "id": m.point.id,
            "point": m.point.text,
            "weight": m.point.weight,
            "coverage": round(m.coverage, 2),
            "quote": shorten(m.quote, 160),
            "keywords": list(m.keywords),
        }
        for m in matches
        if m.status == "covered"
    ]


def missed_items(matches: list[PointMatch]) -> list[dict[str, Any]]:
    items = [
        {
            "id": m.point.id,
            "point": m.point.text,
            "weight": m.point.weight,
            "coverage": round(m.coverage, 2),
            "partial": m.status == "partial",
            "source": m.point.source,
            "title": m.point.title,
            "passage": m.point.quote,
            "probe": m.point.probe,
        }
        for m in matches
        if m.status != "covered"
    ]
    return sorted(items, key=lambda item: (-item["weight"], item["coverage"]))


def _cite(item: dict[str, Any], lang: Language) -> str:
    where = f"《{item['title']}》" if item["title"] and lang == "zh" else item["title"] or ""
    where = where or item["source"]
    if lang == "zh":
        return f"{where}（{item['source']}）：“{shorten(item['passage'], 90)}”"
    return f"“{shorten(item['passage'], 90)}” ({where}, {item['source']})"


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
            said = (
                f"你写道：“{shorten(item['quote'], 60)}”"
                if zh
                else f"you wrote “{shorten(item['quote'], 80)}”"
            )
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
