"""The four dimensions besides coverage, each 0-100, read from the answer's form.

They reward what interviewers reward in AI PM answers: a clear shape (structure),
substance (specificity: the share of sentences that carry an action, number, named
metric, example, mechanism or trade-off, and how many kinds of these appear),
awareness of what makes AI products different (data, evaluation, model limits,
fallback, iteration; only for question types that call for it) and readable
delivery (communication). All read the one ``Analysis`` of the answer. Alone they
can be gamed by a tidy answer about nothing, so the scorer gates them by coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.language import Language
from coach.scoring.analysis import Analysis
from coach.scoring.text import compile_terms, count_matches

_ENUMERATION = re.compile(
    r"首先|其次|再次|然后|接着|最后|第[一二三四五六1-6]|[一二三四五]是|[①②③④⑤⑥]|"
    r"(?:^|\n)\s*(?:[-*•·]|\d+[.、)）]|[（(]\d+[)）])\s*|"
    r"\b(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|finally|lastly|step\s*\d)\b",
    re.IGNORECASE,
)
_CONCLUSION = re.compile(
    r"总之|总结|综上|总的来说|所以我|因此|结论|我的(?:观点|判断|选择)|核心是|关键是|"
    r"\b(?:in\s+short|overall|to\s+sum\s+up|in\s+summary|therefore|my\s+(?:view|answer|take|choice)"
    r"|the\s+key\s+is|in\s+conclusion|bottom\s+line)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:%|％|万|千|k|ms|s|秒|倍|x)?|百分之[一二三四五六七八九十百]+"
)
_EXAMPLE = re.compile(
    r"例如|比如|举例|举个例子|案例|譬如|以.{1,12}为例|拿.{1,8}来说|我(?:之前|曾经?|上一家|在.{0,8}时)|"
    r"\b(?:e\.g\.|for\s+example|for\s+instance|such\s+as|in\s+my\s+(?:last|previous)|"
    r"at\s+my\s+(?:last|previous)|when\s+i\s+(?:was|led|worked)|case)\b",
    re.IGNORECASE,
)
_METRICS = compile_terms(
    [
        *[
            "准确率",
            "精确率",
            "精准率",
            "召回率",
            "f1",
            "auc",
            "点击率",
            "转化率",
            "留存",
            "dau",
            "mau",
            "gmv",
            "nps",
            "roi",
            "满意度",
        ],
        *[
            "延迟",
            "响应时间",
            "qps",
            "错误率",
            "误报",
            "漏报",
            "幻觉率",
            "覆盖率",
            "解决率",
            "转人工率",
            "成本",
            "置信度",
            "阈值",
        ],
        *[
            "识别率",
            "采纳率",
            "营收",
            "收入",
            "accuracy",
            "precision",
            "recall",
            "ctr",
            "click-through",
            "conversion",
        ],
        *[
            "retention",
            "latency",
            "satisfaction",
            "coverage",
            "resolution",
            "cost",
            "revenue",
            "threshold",
        ],
        *["confidence", "csat"],
        "error rate",
        "false positive",
        "false negative",
        "hallucination rate",
    ]
)
_AI_AREAS: dict[str, list[re.Pattern[str]]] = {
    "data": compile_terms(
        [
            "数据",
            "训练集",
            "测试集",
            "标注",
            "样本",
            "清洗",
            "语料",
            "data",
            "dataset",
            "label",
            "annotat",
            "sample",
            "corpus",
        ]
    ),
    "evaluation": compile_terms(
        [
            "评估",
            "指标",
            "测试",
            "a/b",
            "ab测试",
            "阈值",
            "基线",
            "验证",
            "evaluat",
            "metric",
            "test",
            "threshold",
            "baseline",
            "benchmark",
            "validat",
        ]
    ),
    "limits": compile_terms(
        [
            "局限",
            "边界",
            "幻觉",
            "偏见",
            "置信度",
            "不确定",
            "误差",
            "漂移",
            "隐私",
            "合规",
            "伦理",
            "可解释",
            "风险",
            "limit",
            "boundar",
            "hallucinat",
            "bias",
            "confidence",
            "uncertain",
            "drift",
            "privacy",
            "complian",
            "ethic",
            "explainab",
            "risk",
        ]
    ),
    "fallback": compile_terms(
        [
            *[
                "兜底",
                "回滚",
                "降级",
                "人工",
                "灰度",
                "预案",
                "容错",
                "fallback",
                "rollback",
                "human",
                "manual",
                "review",
                "canary",
            ],
            "degrad",
            "escalat",
            "roll back",
        ]
    ),
    "iteration": compile_terms(
        [
            "监控",
            "迭代",
            "反馈",
            "重新训练",
            "重训",
            "微调",
            "monitor",
            "iterat",
            "feedback",
            "retrain",
            "fine-tun",
        ]
    ),
}
_FILLERS = re.compile(
    r"嗯+|呃+|那个那个|就是说就是|可能吧|大概吧|\b(?:um+|uh+|you know|i guess|kind of)\b", re.I
)


@dataclass(frozen=True)
class Dimensions:
    structure: float
    specificity: float
    ai_appropriateness: float
    communication: float

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


def measure(reading: Analysis, lang: Language) -> Dimensions:
    return Dimensions(
        structure=_structure(reading.text, list(reading.sentences)),
        specificity=_specificity(reading),
        ai_appropriateness=_ai(reading.text),
        communication=_communication(reading, lang),
    )


def _clip(value: float) -> float:
    return max(0.0, min(100.0, value))


def _structure(answer: str, segments: list[str]) -> float:
    parts = min(1.0, max(0, len(segments) - 1) / 4)
    steps = min(1.0, len(_ENUMERATION.findall(answer)) / 3)
    conclusion = 1.0 if _CONCLUSION.search(answer) else 0.0
    return _clip(40 * parts + 40 * steps + 20 * conclusion)


def _specificity(reading: Analysis) -> float:
    """Substance: how much of the answer is concrete, and in how many ways."""
    kinds = len(reading.substance_kinds - {"action"}) + 0.5 * ("action" in reading.substance_kinds)
    buzz = min(1.0, reading.buzz_count / max(1, len(reading.sentences)))
    return _clip(60 * reading.substantive_share + 40 * min(1.0, kinds / 4) - 40 * buzz)


def _ai(answer: str) -> float:
    areas = sum(1 for patterns in _AI_AREAS.values() if count_matches(answer, patterns))
    return _clip(100 * min(1.0, areas / 4))


def _communication(reading: Analysis, lang: Language) -> float:
    n = reading.words
    low, high = (100, 700) if lang == "zh" else (50, 400)
    if n < low:
        length = n / low
    elif n > high:
        length = max(0.5, 1 - (n - high) / (2 * high))
    else:
        length = 1.0
    score = 100 * length
    if reading.lang != lang:
        score -= 15
    tokens = reading.tokens
    if len(tokens) >= 20 and len(set(tokens)) / len(tokens) < 0.4:
        score -= 25  # the same words over and over
    if reading.sentences and n / len(reading.sentences) > 80:
        score -= 15  # run-on sentences
    score -= min(20, 5 * len(_FILLERS.findall(reading.text)))
    return _clip(score)
