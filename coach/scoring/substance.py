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

from coach.scoring.lexicon import BUZZ, GENERIC_CAPS, METRICS, OPERATIONS
from coach.scoring.text import count_matches, size

_NUMBER = re.compile(
    r"(?<![A-Za-z])\d+(?:[.,]\d+)?\s*(?:%|％|万|千|亿|k\b|ms\b|秒|分钟|小时|天|周|个月|年|倍|x\b|人|次|元|美元|"
    r"users?\b|days?\b|weeks?\b|months?\b|hours?\b|minutes?\b|seconds?\b|times\b|per\b|million|billion)?|"
    r"百分之[一二三四五六七八九十百]+|(?:[二两三四五六七八九十百千万]|一(?=[一二两三四五六七八九十百千万]))[一二两三四五六七八九十百千万]*(?:个|家|周|天|月|年|倍|成|次|人|步|件|项|点|类|种|轮|位|条)|"
    # "一个/一种" is an article; "一周/一个月" is a duration
    r"一(?:周|天|个月|年|小时|倍|成)|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|hundred|half|"
    r"dozen)\b|\b(?:a|one|half a) (?:hundred|thousand|million|billion)\b"
)
# Set phrases that contain a numeral but count nothing: "千人千面", "从0到1", "360-degree".
_NUMERAL_IDIOMS = re.compile(
    r"千人千面|四位一体|一站式|一体化|第一时间|一线|从?0到1|从?1到[nN]|0-to-1|1-to-[nN]|360-degree|"
    r"360度|one-stop|second to none",
    re.IGNORECASE,
)
_EXAMPLE = re.compile(
    r"例如|比如|举例|举个例子|案例|譬如|以[^，。]{1,12}为例|拿[^，。]{1,8}来说|我(?:之前|曾经?|上一家|在[^，。]{0,8}时)|"
    r"当时|那次|上一份工作|包括|\b(?:e\.g\.|for example|for instance|such as|including|"
    r"in my (?:last|previous)|"
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
    r"otherwise|in order to|since|so (?:that )?(?:the|we|it|they|users?|agents?|people)|"
    r"(?:if|when|once|unless) [^.;:]{1,80}?, (?:we|i|the|it|they|users?|agents?))\b|"
    # a threshold and what happens past it: "置信度低时，…", "超过3秒时，…"
    r"(?:低|高|超过|低于|高于|少于|不足|失败|异常|出错|变慢|下降|上升)[^，。；]{0,6}(?:时|的时候)[，,]|"
    r"[，,]\s*(?:让|使)[^，。；]{1,20}(?:更|能|有|不)",
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
# A plan field filled in: "目标用户：学生、游客", "Data plan: the source is ...".
_FIELD = re.compile(
    r"^(?P<label>[^:：，。,;；]{1,32})[:：]\s*(?P<body>\S.*)$",
    re.DOTALL,
)
_FIELD_LABEL = re.compile(
    r"用户|人群|场景|目标|数据|来源|规模|类型|标注|模型|方案|指标|风险|兜底|范围|优先级|阶段|预算|成本|"
    r"时间|里程碑|假设|结论|总结|步骤|选项|功能|需求|痛点|\b(?:users?|customers?|audience|segments?|"
    r"scenarios?|goals?|data|sources?|volume|labels?|labelling|model|plan|metrics?|risks?|fallback|"
    r"scope|priority|priorities|phases?|budget|cost|timeline|milestones?|assumptions?|steps?|recap|"
    r"summary|options?|features?|requirements?|pain points?|owner)\b",
    re.IGNORECASE,
)
_LIST_SEPARATOR = re.compile(r"、|，|,|；|;|和|及|与|加|\+|/|\band\b|\bplus\b|\bor\b")
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
    operations: int = 0  # distinct concrete operations (标注, 抽检, roll out, label ...)
    # One operation word alone is not an action ("建立上线标准"); two make a procedure.
    detail: bool = False  # a plan field filled in with specifics ("数据来源：爬虫、合作机构")

    @property
    def steps(self) -> bool:
        """Two or more concrete operations: a procedure, however it is phrased."""
        return self.operations >= 2

    @property
    def kinds(self) -> list[str]:
        names = (
            "number",
            "metric",
            "example",
            "action",
            "steps",
            "mechanism",
            "trade_off",
            "name",
            "detail",
        )
        return [n for n in names if getattr(self, n)]

    @property
    def value(self) -> float:
        """0..1: two independent kinds of substance make a sentence fully substantive.

        An action alone counts half (anyone can say "I would look at the data"), and a
        procedure of several concrete operations another half. Each buzzword or
        unsupported superlative takes a kind away, unless the sentence also explains a
        mechanism with a number or an example, or spells out three concrete operations:
        then the buzzword is backed by what it stands for.
        """
        if self.pleasantry:
            return 0.0
        weights = {"action": 0.5, "steps": 0.5}
        total = sum(weights.get(k, 1.0) for k in self.kinds)
        backed = (self.mechanism and (self.number or self.example)) or self.operations >= 3
        penalty = 0 if backed else self.buzzwords + self.superlatives
        return max(0.0, min(1.0, (total - penalty) / 2))

    @property
    def empty(self) -> bool:
        """A sentence that would fit any question: no substance, or buzzwords in its place."""
        return self.value == 0.0


def signals(sentence: str) -> Signals:
    operations = count_matches(sentence, OPERATIONS)
    return Signals(
        number=bool(_NUMBER.search(_NUMERAL_IDIOMS.sub(" ", sentence))),
        metric=bool(count_matches(sentence, METRICS)),
        example=bool(_EXAMPLE.search(sentence)),
        action=bool(operations >= 2 or _ACTION.search(sentence)),
        mechanism=bool(_MECHANISM.search(sentence)),
        trade_off=bool(_TRADE_OFF.search(sentence)),
        name=any(m.group() not in GENERIC_CAPS for m in _NAME.finditer(sentence)),
        buzzwords=count_matches(sentence, BUZZ),
        superlatives=len(_SUPERLATIVE.findall(sentence)),
        pleasantry=bool(_PLEASANTRY.search(sentence.strip())),
        operations=operations,
        detail=_filled_field(sentence),
    )


def _filled_field(sentence: str) -> bool:
    """A labelled plan field ("目标用户：…", "Primary users: …") whose body lists two
    or more specifics, or states one at some length."""
    match = _FIELD.match(sentence.strip())
    if not match or not _FIELD_LABEL.search(match["label"]):
        return False
    body = match["body"]
    items = [p for p in _LIST_SEPARATOR.split(body) if size(p) >= 1]
    return len(items) >= 2 or size(body) >= 6


def buzzword_hits(text: str) -> list[str]:
    """The buzzwords used, as written in the text (whole words), each once."""
    lowered = text.lower()
    found = []
    for pattern in BUZZ:
        hit = pattern.search(lowered)
        if hit:
            end = hit.end()
            while end < len(text) and (
                (text[end].isalpha() and text[end].isascii()) or text[end] == "-"
            ):
                end += 1
            found.append(text[hit.start() : end])
    return list(dict.fromkeys(found))
