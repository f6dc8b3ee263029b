"""Sentences a reviewer would circle: vague claims and unfinished placeholders.

A vague claim promises quality with no figure anyone could check ("准确率要高",
"as fast as possible"); the corpus's own example is asking for "1000 QPS" rather
than "越快越好". A sentence that carries a figure is not vague.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.cleaning import Block
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
    rf"{_METRIC}|accura|recall|precision|latency|quality|performance|speed", re.IGNORECASE
)
_PLACEHOLDER = re.compile(
    r"\bTBD\b|\bTODO\b|\bTBC\b|待定|待补充|待确认|待完善|暂无|\bXXX\b|\?\?\?|？？|【待",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Flag:
    kind: str  # vague | placeholder
    sentence: Sentence
    about_metric: bool = False


def flag_sentences(blocks: Sequence[Block]) -> list[Flag]:
    flags: list[Flag] = []
    for i, block in enumerate(blocks):
        for sentence in sentences(block.text, i):
            text = sentence.text
            if _PLACEHOLDER.search(text):
                flags.append(Flag("placeholder", sentence))
            elif not block.is_heading and _is_vague(text):
                flags.append(Flag("vague", sentence, bool(_METRIC_WORDS.search(text))))
    return flags


def _is_vague(text: str) -> bool:
    if has_figure(text):
        return False
    return bool(_VAGUE_ZH.search(text) or _VAGUE_EN.search(text))
