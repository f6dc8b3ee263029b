"""The requirement-level pass: every sentence read for what a reviewer of an AI
product would circle.

* an automated decision with money, health, access or legal effect and no human
  review ("The bot can approve refunds under 50 EUR automatically");
* personal data with no consent or no retention stated anywhere in the document;
* an absolute promise about an AI's correctness or coverage ("never wrong",
  "answers everything"): a model is wrong some of the time, and the PRD must say
  what happens then;
* an unmeasurable goal or success metric ("Customers are happier");
* a model-quality requirement with no threshold ("准确率要高"), and other vague
  claims with no figure anyone could check (the corpus's own example asks for
  "1000 QPS" rather than "越快越好"); a sentence that carries a figure is not vague;
* unfinished placeholders (TBD, 待定).

One sentence gets one flag, the most serious that applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coach.cleaning import Block
from coach.prd.checklist import Severity
from coach.prd.sections import Sentence, has_figure, sentences

_METRIC = (
    r"准确率|准确度|召回率|精确率|精度|识别率|错误率|效果|质量|性能|速度|响应|延迟|体验|满意度|"
    r"成功率|命中率|转化率|留存"
)
_VAGUE_ZH = re.compile(
    rf"(?:{_METRIC})[^，。；,;]{{0,6}}?(?:非常|很|较|更|足够|尽可能|尽量)?(?:高|好|快|低|优秀|出色|极致|"
    rf"领先|稳定|准确|提升|提高|改善|优化)"
    r"|尽可能|尽量(?:快|准|高|好|少|多)|越(?:快|高|准|好|多|少)越好|足够(?:快|准|好|智能|聪明)|"
    r"大幅(?:提升|提高|降低|减少|改善)|显著(?:提升|提高|降低|减少|改善)|明显(?:提升|改善|降低)|"
    r"业界领先|行业领先|世界一流|极致体验|非常智能|更加智能|更智能|智能化程度高|体验(?:良好|更好|很好)|"
    r"用户(?:会)?(?:满意|喜欢|喜爱)"
)
_VAGUE_EN = re.compile(
    r"\b(?:high|higher|great|good|excellent|best|top|superior|strong|very high)\s+"
    r"(?:accuracy|quality|performance|precision|recall|satisfaction)\b"
    r"|\b(?:accuracy|quality|performance|latency|speed|precision|recall|results?)\b[^.;,]{0,20}?"
    r"\b(?:will|should|must|is|are)\s+(?:be\s+)?(?:very\s+|really\s+)?(?:high|good|great|low|fast|"
    r"excellent|amazing|accurate|better|improved|state.of.the.art)\b"
    r"|\bas (?:fast|accurate|good|quick|quickly|soon|cheap|many|much) as possible\b"
    r"|\bstate.of.the.art\b|\bbest.in.class\b|\bworld.class\b|\bcutting.edge\b"
    r"|\b(?:significantly|dramatically|greatly|vastly|massively)\s+(?:improve|increase|reduce|boost|"
    r"better|faster|cut|lower)\w*"
    r"|\bseamless(?:ly)?\b|\buser.friendly\b|\blightning.fast\b|\bblazing(?:ly)?.fast\b"
    r"|\b(?:very|highly|super|extremely)\s+(?:fast|accurate|smart|intelligent|reliable)\b"
    r"|\busers? will (?:love|like|enjoy)\b",
    re.IGNORECASE,
)
_METRIC_WORDS = re.compile(
    r"准确率|准确度|召回率|精确率|精度|识别率|错误率|命中率|效果|质量|性能|速度|响应|延迟|"
    r"accura|recall|precision|latency|quality|performance|speed|correct",
    re.IGNORECASE,
)  # what a model-quality requirement is about (satisfaction is a goal, not a model metric)
_PLACEHOLDER = re.compile(
    r"\bTBD\b|\bTODO\b|\bTBC\b|待定|待补充|待确认|待完善|暂无|\bXXX\b|\?\?\?|？？|【待",
    re.IGNORECASE,
)


_ACTOR = re.compile(
    r"\bai\b|AI|模型|算法|系统|机器人|助手|\b(?:bot|model|system|assistant|algorithm|app)\b",
    re.IGNORECASE,
)
_AUTOMATIC = re.compile(
    r"automatic|\bauto-|on its own|without (?:a |any )?(?:human|agent|person|review|approval)|"
    r"\bdirectly\b|自动|直接|无需人工|不需要人工|不经过|不再经过",
    re.IGNORECASE,
)
_NO_REVIEW = re.compile(
    r"without (?:a |any )?(?:human|agent|person|review|approval)|no human|无需人工|不需要人工|"
    r"不经过|不再经过",
    re.IGNORECASE,
)
_REVIEWED = re.compile(
    r"human (?:review|approv|check)|(?:agent|reviewer|nurse|doctor|lawyer|recruiter)s? "
    r"(?:approves?|reviews?|confirms?|checks?)|approves? (?:it|each|them)|reviewed by|"
    r"人工(?:审核|复核|确认)|经.{0,6}(?:审核|确认)后|由.{0,8}(?:审核|确认|批准)",
    re.IGNORECASE,
)
_EFFECTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "health",
        re.compile(
            r"dos(?:e|age)|prescri|diagnos|stay home|medication|insulin|"
            r"剂量|用药|处方|诊断|停药|胰岛素",
            re.IGNORECASE,
        ),
    ),
    ("legal", re.compile(r"\bsign|contracts?\b|legal|签署|盖章|合同|法律", re.IGNORECASE)),
    (
        "money",
        re.compile(
            r"refund|reimburs|payout|\bpa(?:y|id|ys)\b|\bcharge|\bloan|credit|payment|退款|赔付|扣款|放款|授信|额度|报销|打款",
            re.IGNORECASE,
        ),
    ),
    (
        "access",
        re.compile(
            r"\bban|suspend|block|revoke|declin|reject|\bden(?:y|ies)|cancel|terminat|\bhire|\bfire|"
            r"封禁|封号|冻结|注销|拒绝|禁言|取消|录用|淘汰|解雇",
            re.IGNORECASE,
        ),
    ),
)
_ABSOLUTE = re.compile(
    r"never (?:be )?wrong|never (?:makes?|gets?) (?:a )?(?:mistakes?|it wrong)|"
    r"always (?:right|correct|accurate)|100\s?% (?:accura|correct)|zero errors|"
    r"without (?:any )?errors|"
    r"(?:answers?|handles?|understands?|solves?) (?:almost |nearly )?(?:everything|any question|"
    r"all (?:questions|requests)|every (?:question|request))|knows everything|"
    r"永远不会?出错|不会出错|从不出错|零错误|百分之百|100\s?%\s?准确|完全准确|所有问题|任何问题|"
    r"一切问题|无所不知|什么(?:问题)?都能",
    re.IGNORECASE,
)
_OUTCOME = re.compile(
    r"happ(?:y|ier)|satisf|useful|better|go(?:es)? down|go(?:es)? up|improve|reduce|increase|"
    r"easier|love|delight|满意|开心|更好|提升|提高|减轻|降低|改善|轻松|喜欢|增长",
    re.IGNORECASE,
)
_GOAL_LABEL = re.compile(
    r"^\s*(?:success|goals?|objectives?|kpis?|成功|目标|指标)\s*[:：]", re.IGNORECASE
)
_PERSONAL = re.compile(
    r"\bnames?\b|addresses|dates? of birth|\bfaces?\b|voice|audio|recordings?|transcripts|"
    r"diagnos|medical|health records|location|phone numbers?|e-?mail addresses|"
    r"biometric|姓名|手机号|身份证|住址|出生日期|病历|体检|血糖记录|用药记录|录音|人脸|声纹|位置信息|"
    r"聊天记录|简历",
    re.IGNORECASE,
)
_HANDLED = re.compile(
    r"stor|keep|kept|collect|record|train|reads?\b|upload|contain|保存|收集|采集|存储|训练|上传|包含|记录",
    re.IGNORECASE,
)
_CONSENT = re.compile(r"consent|opt.?in|permission|同意|授权|告知", re.IGNORECASE)
_RETENTION = re.compile(
    r"retain|retention|delet|kept for|only (?:for|used)|never leave|not (?:stored|kept|used for "
    r"training)|保存\s?\d+\s?天|只保存|删除|保留|仅用于|只用于|不保存|不出",
    re.IGNORECASE,
)
_SEVERITY: dict[str, Severity] = {
    "automated_decision": "high",
    "personal_data": "high",
    "absolute_claim": "high",
    "unmeasurable_goal": "high",
    "no_threshold": "high",
    "vague": "medium",
    "placeholder": "low",
}


@dataclass(frozen=True)
class Flag:
    kind: str  # a key of _SEVERITY
    sentence: Sentence
    severity: Severity = "medium"
    detail: str = ""  # the effect of an automated decision; what personal data lacks


Owner = Callable[[int], str | None]


def flag_sentences(blocks: Sequence[Block], owner: Owner | None = None) -> list[Flag]:
    """Flags in document order; ``owner`` says which checklist section a block is in."""
    every = [(block, s) for i, block in enumerate(blocks) for s in sentences(block.text, i)]
    whole = " ".join(s.text for _, s in every)
    privacy_gap = _privacy_gap(whole)
    flags: list[Flag] = []
    for block, sentence in every:
        if block.is_heading and not _PLACEHOLDER.search(sentence.text):
            continue
        section = owner(sentence.block) if owner else None
        flag = _flag(sentence, section, privacy_gap)
        if flag is None:
            continue
        if flag.kind == "personal_data":
            privacy_gap = ""  # one issue for the document's handling of personal data
        flags.append(flag)
    return flags


def _flag(sentence: Sentence, section: str | None, privacy_gap: str) -> Flag | None:
    text = sentence.text
    if _PLACEHOLDER.search(text):
        return Flag("placeholder", sentence, "low")
    effect = _automated_effect(text)
    if effect:
        return Flag("automated_decision", sentence, "high", effect)
    handled = privacy_gap and _PERSONAL.search(text) and _HANDLED.search(text)
    if handled and not (_CONSENT.search(text) or _RETENTION.search(text)):
        severity: Severity = "high" if "consent" in privacy_gap else "medium"
        return Flag("personal_data", sentence, severity, privacy_gap)
    if _ABSOLUTE.search(text):
        return Flag("absolute_claim", sentence, "high")
    figure = has_figure(text)
    in_goals = section == "goals" or bool(_GOAL_LABEL.search(text))
    if in_goals and not figure and _OUTCOME.search(text):
        return Flag("unmeasurable_goal", sentence, "high")
    if _is_vague(text):
        about_model = bool(_METRIC_WORDS.search(text))
        kind = "no_threshold" if about_model else "vague"
        return Flag(kind, sentence, _SEVERITY[kind])
    return None


def _automated_effect(text: str) -> str:
    """The effect ("money", "health", "access", "legal") of a decision the AI takes on
    its own in this sentence, or ''."""
    if not (_AUTOMATIC.search(text) and _ACTOR.search(text)):
        return ""
    if _REVIEWED.search(text) and not _NO_REVIEW.search(text):
        return ""
    return next((name for name, pattern in _EFFECTS if pattern.search(text)), "")


def _privacy_gap(text: str) -> str:
    """What the document never states about personal data: "consent", "retention",
    both ("consent+retention"), or '' when it states both."""
    missing = [
        name for name, p in (("consent", _CONSENT), ("retention", _RETENTION)) if not p.search(text)
    ]
    return "+".join(missing)


def _is_vague(text: str) -> bool:
    if has_figure(text):
        return False
    return bool(_VAGUE_ZH.search(text) or _VAGUE_EN.search(text))
