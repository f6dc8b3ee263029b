"""Substance signals of one sentence: what makes a claim worth credit.

An interviewer credits a point when the sentence making it carries substance: a
concrete action, a number, a named metric, an example, a mechanism (why it
works) or a trade-off (what it costs). Buzzwords (赋能, 抓手, synergy, world-class,
a flywheel with no mechanism ...) and unsupported superlatives earn nothing, and
sentences that would fit any question (pleasantries, slogans) are marked generic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.scoring.text import compile_terms, count_matches

_NUMBER = re.compile(
    r"(?<![A-Za-z])\d+(?:[.,]\d+)?\s*(?:%|％|万|千|亿|k\b|ms\b|秒|分钟|小时|天|周|个月|年|倍|x\b|人|次|元|美元|"
    r"users?\b|days?\b|weeks?\b|months?\b|hours?\b|minutes?\b|seconds?\b|times\b|per\b|million|billion)?|"
    r"百分之[一二三四五六七八九十百]+|[一二两三四五六七八九十百千万]+(?:个|家|周|天|月|年|倍|成|次|人|步|件|项|点|类|种|轮|位|条)|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|hundred|half|"
    r"dozen)\b"
)
METRIC_TERMS = [
    "准确率",
    "精确率",
    "精准率",
    "召回率",
    "f1",
    "auc",
    "点击率",
    "转化率",
    "留存",
    "日活",
    "月活",
    "dau",
    "mau",
    "wau",
    "gmv",
    "arpu",
    "ltv",
    "cac",
    "nps",
    "roi",
    "csat",
    "满意度",
    "流失率",
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
    "采纳率",
    "识别率",
    "营收",
    "收入",
    "客单价",
    "复购",
    "使用时长",
    "渗透率",
    "北极星",
    "accuracy",
    "precision",
    "recall",
    "ctr",
    "click-through",
    "conversion",
    "retention",
    "latency",
    "churn",
    "revenue",
    "north star",
    "north-star",
    "resolution rate",
    "error rate",
    "false positive",
    "false negative",
    "hallucination rate",
    "adoption",
    "engagement",
    "time to",
    "session",
    "daily active",
    "monthly active",
    "p95",
    "p99",
    "sensitivity",
    "specificity",
    "win rate",
    "deflection",
]
_METRICS = compile_terms(METRIC_TERMS)
_EXAMPLE = re.compile(
    r"例如|比如|举例|举个例子|案例|譬如|以[^，。]{1,12}为例|拿[^，。]{1,8}来说|我(?:之前|曾经?|上一家|在[^，。]{0,8}时)|"
    r"当时|那次|上一份工作|\b(?:e\.g\.|for example|for instance|such as|in my (?:last|previous)|"
    r"at my (?:last|previous)|when i (?:was|led|worked|joined)|last (?:year|quarter)|imagine)\b",
    re.IGNORECASE,
)
_ACTION = re.compile(
    r"我(?:会|先|就|要|们会|把|用|做了|发现|决定|组织|推动|拉了|找了|设计了|上线了|提出|安排|约了)|首先|先[^，。]{0,4}再|"
    r"\b(?:i(?:'d| would| will| ran| built| led| asked| set up| started| proposed| decided|"
    r" shipped| pulled| checked| talked| interviewed| wrote| split| cut| moved)|"
    r"we(?:'d| would| ran| built| shipped)|"
    r"first,? (?:i|we)|start by|begin by|i'?d (?:start|begin|check|look))\b",
    re.IGNORECASE,
)
_MECHANISM = re.compile(
    r"因为|所以|从而|导致|使得|这样(?:就|才|可以)|通过[^，。]{1,20}(?:来|以|让|使)|以便|否则|一旦|如果[^，。]{1,30}就|"
    r"\b(?:because|so that|which means|which lets|leads to|drives|results in|by (?:\w+ing)|"
    r"otherwise|in order to|if [^,.]{1,40}, (?:we|i|the|it|users?)|"
    r"when [^,.]{1,40}, (?:we|i|the|it|users?)|since)\b",
    re.IGNORECASE,
)
_TRADE_OFF = re.compile(
    r"但是|但|不过|然而|代价|取舍|权衡|而不是|牺牲|宁可|相比|反而|副作用|风险是|"
    r"\b(?:but|however|instead|trade-?off|at the cost|whereas|rather than|versus|vs\.?|downside|"
    r"the cost is|in exchange|although|even though|risk is)\b",
    re.IGNORECASE,
)
# A name in the middle of a sentence: a product, company or person (Latin script).
_NAME = re.compile(
    r"(?<=[a-z,;:] )[A-Z][a-zA-Z0-9]+|(?<=[\u4e00-\u9fff])[A-Z][a-zA-Z0-9]+|\b[A-Z]{2,}[a-z]*\b"
)
BUZZWORDS = [
    # Chinese internet-speak that says nothing on its own
    "赋能",
    "抓手",
    "闭环",
    "降本增效",
    "底层逻辑",
    "顶层设计",
    "打通",
    "链路",
    "生态化",
    "护城河",
    "颗粒度",
    "对齐颗粒",
    "心智",
    "全链路",
    "组合拳",
    "沉淀",
    "势能",
    "飞轮",
    "矩阵",
    "破圈",
    "倒逼",
    "打法",
    "赛道",
    "引爆",
    "数字化转型",
    "全方位",
    "多维度",
    "一站式",
    "深度融合",
    "拉通",
    "灯塔",
    "规模化",
    "高质量增长",
    "全生命周期",
    "正向循环",
    "ai原生",
    "革命性",
    "颠覆",
    "极致",
    "世界级",
    "业界领先",
    "行业领先",
    # English
    "synerg",
    "leverage",
    "world-class",
    "best-in-class",
    "cutting-edge",
    "game-chang",
    "paradigm",
    "disrupt",
    "ai-native",
    "flywheel",
    "data moat",
    "moat",
    "platform play",
    "value chain",
    "holistic",
    "seamless",
    "next-level",
    "revolutionar",
    "move the needle",
    "circle back",
    "low-hanging fruit",
    "north star vision",
    "10x",
    "unlock value",
    "empower",
    "robust",
    "scalable solution",
    "end-to-end",
    "data-driven culture",
    "mission-critical",
    "thought leader",
    "best practice",
    "double down",
    "at scale",
    "transformative",
]
_BUZZ = compile_terms(BUZZWORDS)
_SUPERLATIVE = re.compile(
    r"extremely confident|absolutely|definitely|undoubtedly|the best|always works|guarantee|"
    r"perfect(?:ly)?|massive(?:ly)?|huge|incredibl|amazing|unmatched|"
    r"非常自信|绝对|一定能|肯定能|毫无疑问|最好的|完美|巨大|无敌|彻底解决|百分百",
    re.IGNORECASE,
)
_PLEASANTRY = re.compile(
    r"^(?:great|good|interesting|excellent) question|^thanks? (?:you )?for (?:the|this) question|"
    r"^这是一个(?:很|非常)?好的问题|^好问题|^这个问题(?:很|非常)(?:好|重要|有意思)|^感谢(?:提问|这个问题)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Signals:
    number: bool
    metric: bool
    example: bool
    action: bool
    mechanism: bool
    trade_off: bool
    name: bool
    buzzwords: int
    superlatives: int
    pleasantry: bool

    @property
    def kinds(self) -> list[str]:
        names = ("number", "metric", "example", "action", "mechanism", "trade_off", "name")
        return [n for n in names if getattr(self, n)]

    @property
    def value(self) -> float:
        """0..1: two independent kinds of substance make a sentence fully substantive.

        An action alone counts half (anyone can say "I would look at the data"); each
        buzzword or unsupported superlative takes a kind away, unless the sentence also
        explains a mechanism or gives a number that backs it.
        """
        if self.pleasantry:
            return 0.0
        weights = {"action": 0.5}
        total = sum(weights.get(k, 1.0) for k in self.kinds)
        backed = self.mechanism and (self.number or self.metric or self.example)
        penalty = 0 if backed else self.buzzwords + self.superlatives
        return max(0.0, min(1.0, (total - penalty) / 2))

    @property
    def empty(self) -> bool:
        """A sentence that would fit any question: no substance, or buzzwords in its place."""
        return self.value == 0.0


def signals(sentence: str) -> Signals:
    return Signals(
        number=bool(_NUMBER.search(sentence)),
        metric=bool(count_matches(sentence, _METRICS)),
        example=bool(_EXAMPLE.search(sentence)),
        action=bool(_ACTION.search(sentence)),
        mechanism=bool(_MECHANISM.search(sentence)),
        trade_off=bool(_TRADE_OFF.search(sentence)),
        name=bool(_NAME.search(sentence)),
        buzzwords=count_matches(sentence, _BUZZ),
        superlatives=len(_SUPERLATIVE.findall(sentence)),
        pleasantry=bool(_PLEASANTRY.search(sentence.strip())),
    )


def buzzword_hits(text: str) -> list[str]:
    """The buzzwords used, as written in the text (whole words), each once."""
    lowered = text.lower()
    found = []
    for pattern in _BUZZ:
        hit = pattern.search(lowered)
        if hit:
            end = hit.end()
            while end < len(text) and (
                (text[end].isalpha() and text[end].isascii()) or text[end] == "-"
            ):
                end += 1
            found.append(text[hit.start() : end])
    return list(dict.fromkeys(found))
