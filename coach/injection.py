"""Phrasings of "ignore your instructions" shared by every injection screen.

The PRD screen (``coach.prd.injection``) and the answer detectors
(``coach.scoring.detectors``) each have their own list of patterns, but the
Chinese "忽略以上所有指令" family is the same in both, so it is written once here.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata

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


# --- seeing through disguises (issue #18 item 7) ------------------------------------
# An instruction hidden from the screen but not from a model: split by zero-width
# characters or soft hyphens, typed in fullwidth letters, put in an HTML comment or
# encoded as base64. ``unhide`` gives the text a model would effectively read.

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
_MARKUP = re.compile(r"<!--|-->|<[!/?]?[a-zA-Z][^<>]{0,200}>|\[//\]:\s*#")
_BASE64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")


def unhide(text: str) -> str:
    """``text`` as a reader sees it: compatibility forms folded (NFKC: fullwidth
    letters and digits become plain ones), invisible characters removed, markup
    and comment brackets turned into spaces, and any base64 run that decodes to
    text appended in its decoded form."""
    view = _MARKUP.sub(" ", _fold(text))
    decoded = [_decode_base64(m.group(0)) for m in _BASE64.finditer(view)]
    extra = [_MARKUP.sub(" ", _fold(d)) for d in decoded if d]
    return "\n".join([view, *extra])


def _fold(text: str) -> str:
    # Category Cf (format) characters are invisible by definition.
    text = _INVISIBLE.sub("", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return unicodedata.normalize("NFKC", text)


def _decode_base64(run: str) -> str | None:
    padded = run + "=" * (-len(run) % 4)
    try:
        data = base64.b64decode(padded, validate=True)
        text = data.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    printable = sum(1 for ch in text if ch.isprintable() or ch.isspace())
    return text if text and printable / len(text) > 0.9 else None


# Instructions to whoever scores an answer, in either language. The answer screen
# (``coach.scoring.detectors``) and the PRD screen both look for these in ``unhide``'s view.
_GRADER_PATTERNS = [
    r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:(?:all|any|the|your|previous|prior|"
    r"above|earlier|preceding|these|those|system|scoring|grading|of|my)\s+){0,4}"
    r"(?:instructions?|rubrics?|prompts?|scoring|grading)\b",
    # "rules" and "criteria" are ordinary words ("users ignore the rules"); only with a
    # scope that points at the reader's own do they make an instruction.
    r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:(?:all|any|the|of)\s+){0,2}"
    r"(?:your|previous|prior|above|earlier|preceding|system|scoring|grading|evaluation)\s+"
    r"(?:rules?|guidelines?|criteria|checklist)\b",
    r"\b(?:give|assign|award|grant)\s+(?:(?:me|this|it|the|my|answer|response)\s+){0,3}"
    r"(?:a\s+)?(?:(?:score|grade|rating)\s+of\s+)?(?:100\b|full\s+marks|a\s+perfect\b|"
    r"perfect\s+score|the\s+(?:highest|maximum|top)\s+(?:score|grade|mark))",
    r"\b(?:score|grade|rate|mark)\s+(?:this|it|me|the\s+answer)\s+(?:as\s+|at\s+)?"
    r"(?:100\b|strong\b|perfect\b|full\s+marks)",
    IGNORE_INSTRUCTIONS_ZH,
    r"(?:给|打)(?:我|它|这个?回答|本回答|这个?答案|这份?答卷)?(?:打|评)?\s*(?:满分|一百分|100\s*分|最高分)",
    r"(?:评分|分数|得分|成绩)(?:必须|应该|应当|直接)?(?:为|是|给|定为|打)\s*(?:100|满分|一百)",
]
GRADER_INSTRUCTION = re.compile(
    "|".join(f"(?:{p})" for p in _GRADER_PATTERNS), re.IGNORECASE | re.MULTILINE
)


def aimed_at_grader(text: str, extra: re.Pattern[str] | None = None) -> bool:
    """Whether ``text``, once unhidden, tells its grader what to do (our shared
    patterns, and ``extra`` from the caller's own screen)."""
    view = unhide(text)
    return bool(GRADER_INSTRUCTION.search(view) or (extra and extra.search(view)))
