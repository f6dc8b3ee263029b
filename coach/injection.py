"""Phrasings of "ignore your instructions" shared by every injection screen.

The PRD screen (``coach.prd.injection``) and the answer detectors
(``coach.scoring.detectors``) each have their own list of patterns, but the
Chinese "忽略以上所有指令" family is the same in both, so it is written once here.
"""

from __future__ import annotations

_ZH_VERBS = "忽略|忽视|无视|忘记|忘掉|跳过|不要理会|不用理会"
# Which instructions: "之前的所有", "以上所有", "上面的全部", ... (up to three words).
_ZH_SCOPE = "之前|此前|先前|以上|上面|前面|上述|所有|全部|一切|你的|这些"
# Words that name a reader's instructions on their own.
_ZH_INSTRUCTIONS = "指令|指示|提示词|评分标准|评分规则|评审标准|rubric"
# Words that do only with a scope ("忽略以上规则"); alone they are ordinary product
# language ("用户可以跳过提示").
_ZH_RULES = "规则|要求|提示|检查清单"

IGNORE_INSTRUCTIONS_ZH = (
    f"(?:{_ZH_VERBS})(?:"
    f"(?:(?:{_ZH_SCOPE})的?){{1,3}}(?:{_ZH_INSTRUCTIONS}|{_ZH_RULES})"
    f"|(?:{_ZH_INSTRUCTIONS}))"
)
"""A regular expression (source text) for the Chinese "ignore the instructions above"."""
