"""The scorer's word lists, in one place: named metrics, concrete operations,
buzzwords and the areas that make an answer aware of AI specifics.

Substance detection (``coach.scoring.substance``) and the form dimensions
(``coach.scoring.dimensions``) both read these lists, so "a named metric" or "a
buzzword" means the same thing wherever the scorer asks. Terms are matched
case-insensitively; a Latin term matches at a word start ("hallucinat" finds
"hallucinations"), a Chinese term anywhere.
"""

from __future__ import annotations

import re

from coach.scoring.text import compile_terms


def _terms(*groups: str) -> tuple[str, ...]:
    return tuple(t.strip() for g in groups for t in g.split("|") if t.strip())


# A metric an interviewer would recognise by name (not "value" or "impact").
METRIC_TERMS = _terms(
    "准确率|精确率|精准率|召回率|f1|auc|点击率|转化率|留存|日活|月活|dau|mau|wau|gmv|arpu|ltv|cac",
    "nps|roi|csat|满意度|流失率|延迟|响应时间|qps|错误率|误报|漏报|幻觉率|覆盖率|解决率|转人工率",
    "采纳率|识别率|纠错率|营收|收入|客单价|复购|使用时长|渗透率|北极星|置信度|阈值",
    "accuracy|precision|recall|ctr|click-through|conversion|retention|latency|churn|revenue",
    "north star|north-star|resolution rate|error rate|false positive|false negative",
    "hallucination rate|handover rate|wait time|response time|adoption|engagement|time to",
    "session|daily active|monthly active|p95|p99|sensitivity|specificity|win rate|deflection",
    "threshold",
)

# Concrete operations of product work, in any grammatical person: a plan written as
# "标注由众包完成，再由专家抽检" or "agents review a sample of labels" does something
# as surely as "I would ...". Vague verbs (优化, 提升, 打造, improve, drive, enable)
# are deliberately absent.
OPERATION_TERMS = _terms(
    "标注|抽检|抽样|抽查|剔除|清洗|去重|脱敏|采集|爬取|爬虫|众包|访谈|问卷|内测|灰度|回滚|回退",
    "监控|告警|埋点|降级|转人工|人工审核|复核|审核|微调|重新训练|重训|评测|a/b|对照组|分层",
    "补拍|提示用户|推送|限流|缓存|删除|加密|日志|回访|核对|统计|估算|分组|筛选|过滤|收集",
    "纠错|上线|发布|试点|原型|排期|拆分|预训练|蒸馏|压缩|复盘",
    "label|annotat|sampl|review|audit|clean|dedup|remov|delet|redact|anonymi|collect",
    "scrap|crawl|logs|logging|logged|interview|survey|pilot|beta|roll out|rolls out|rollout",
    "launch|ship|release|monitor|alert|roll back|rollback|degrade|hand over|hands over",
    "handover|handed over|escalat|route|retrain|fine-tun|benchmark|a/b|holdout|held-out",
    "segment|filter|throttl|cache|caching|compress|prototyp|measured|measuring|counted|split|notif",
    "flag|blocks|blocked|refund|pre-train|distil|train on|trained on|test set|canary",
)

BUZZWORDS = _terms(
    # Chinese internet-speak that says nothing on its own
    "赋能|抓手|闭环|降本增效|底层逻辑|顶层设计|打通|链路|生态化|护城河|颗粒度|对齐颗粒|心智|全链路",
    "组合拳|沉淀|势能|飞轮|矩阵|破圈|倒逼|打法|赛道|引爆|数字化转型|全方位|多维度|一站式|深度融合",
    "拉通|灯塔|规模化|高质量增长|全生命周期|正向循环|ai原生|革命性|颠覆|极致|世界级|业界领先|行业领先",
    # English
    "synerg|leverage|world-class|best-in-class|cutting-edge|game-chang|paradigm|disrupt",
    "ai-native|flywheel|data moat|moat|platform play|value chain|holistic|seamless|next-level",
    "revolutionar|move the needle|circle back|low-hanging fruit|north star vision|10x",
    "unlock value|empower|robust|scalable solution|end-to-end|data-driven culture",
    "mission-critical|thought leader|best practice|double down|at scale|transformative",
)

# Capitalised words that name nothing in particular in an AI PM answer: "AI" is in
# almost every sentence, empty ones included, so it is not a named product or method.
GENERIC_CAPS = frozenset(
    _terms(
        "AI|ML|PM|PMs|APP|App|UI|UX|API|APIs|IT|KPI|KPIs|OKR|OKRs|SaaS|B2B|B2C|CEO|CTO|ToB|ToC|AIGC|GenAI"
    )
)

# What makes an answer aware of how AI products differ (dimension "ai_appropriateness").
AI_AREA_TERMS: dict[str, tuple[str, ...]] = {
    "data": _terms(
        "数据|训练集|测试集|标注|样本|清洗|语料|data|dataset|label|annotat|sample|corpus"
    ),
    "evaluation": _terms(
        "评估|指标|测试|a/b|ab测试|阈值|基线|验证",
        "evaluat|metric|test|threshold|baseline|benchmark|validat",
    ),
    "limits": _terms(
        "局限|边界|幻觉|偏见|置信度|不确定|误差|漂移|隐私|合规|伦理|可解释|风险",
        "limit|boundar|hallucinat|bias|confidence|uncertain|drift|privacy|complian|ethic",
        "explainab|risk",
    ),
    "fallback": _terms(
        "兜底|回滚|降级|人工|灰度|预案|容错",
        "fallback|rollback|roll back|human|manual|review|canary|degrad|escalat",
    ),
    "iteration": _terms(
        "监控|迭代|反馈|重新训练|重训|微调|monitor|iterat|feedback|retrain|fine-tun"
    ),
}

METRICS: list[re.Pattern[str]] = compile_terms(METRIC_TERMS)
OPERATIONS: list[re.Pattern[str]] = compile_terms(OPERATION_TERMS)
BUZZ: list[re.Pattern[str]] = compile_terms(BUZZWORDS)
AI_AREAS: dict[str, list[re.Pattern[str]]] = {
    area: compile_terms(terms) for area, terms in AI_AREA_TERMS.items()
}
