"""Non-answers: recognised before any scoring so they can never be inflated.

Each detector looks for one way an answer can fail to be an answer: nothing
there, "I don't know", the question pasted back, keyboard mash, or text aimed at
the grader instead of the interviewer (prompt injection). Off-topic answers need
embeddings and are decided in the scorer. A detector fires only when the failure
is the whole answer: "I'm not sure about X, but ..." followed by substance is an
answer and is scored as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from coach.injection import IGNORE_INSTRUCTIONS_ZH, aimed_at_grader
from coach.language import Language
from coach.scoring.text import han_count, latin_words, size

_DONT_KNOW = re.compile(
    r"不知道|不清楚|不太清楚|不了解|不太了解|不会|没想过|没思路|没有思路|想不出|答不上|说不上来|"
    r"不确定|没做过|没接触过|跳过|下一题|略过|pass\b|"
    r"\bi\s+(?:really\s+)?(?:do\s*n[o']?t|dont|have\s+no)\s+(?:know|idea|clue)|\bno\s+idea\b|"
    r"\bnot\s+sure\b|\bno\s+clue\b|\bi\s+can'?t\s+(?:answer|say)\b|\bskip\b|\bnext\s+question\b|"
    r"\bhaven'?t\s+(?:thought|worked|done)\b|\bno\s+comment\b|\bidk\b",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"[嗯啊呃哦吧呢吗这个那个就是其实说实话抱歉对不起我你他的了也还太很真个问题题目呀哎唉…。，！？、\s,.!?]|"
    r"\b(?:um+|uh+|er+|hmm+|well|sorry|honestly|really|to be honest|the|a|an|this|that|question|"
    r"about|it|i|am|is|are|so|just|maybe|but|and|to|of|on|for|with|any|much|very)\b",
    re.IGNORECASE,
)
_INJECTION = re.compile(
    r"ignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|your)\s+"
    r"(?:instructions?|prompts?|rules?|rubric)|"
    r"disregard\s+(?:all\s+|the\s+)?(?:previous|prior|above|your)|"
    # A fake header ("System prompt: ...") or an order about the prompt; naming the system
    # prompt is ordinary in an answer about LLM products ("a line in the system prompt
    # is easy to get around").
    r"(?:system|developer)\s+prompt\s*[:：]|(?:reveal|print|show|override|replace)\s+(?:your|the)\s+"
    r"(?:system|developer)\s+prompt|you\s+are\s+now\s+(?:a|an|the)\b|new\s+instructions?\s*:|"
    r"(?:give|award|assign|grade|rate|score)\s+(?:me|this(?:\s+answer)?|it)\s+(?:a\s+)?"
    r"(?:full\s+marks|100|a\s+perfect|perfect|the\s+(?:highest|maximum|top))|"
    r"(?:score|grade|rating|verdict)\s*(?:[:=]|is|of|must\s+be|should\s+be)\s*[\"']?(?:100|strong)\b|"
    r"\"score\"\s*:\s*\d+|as\s+(?:the|an?)\s+(?:grader|judge|evaluator)|"
    rf"{IGNORE_INSTRUCTIONS_ZH}|"
    r"(?:给|打)(?:我|这个回答|本回答|这个答案)?(?:打)?(?:满分|一百分|100分|最高分)|"
    r"(?:评分|分数|得分)(?:必须|应该|应当|直接)?(?:为|是|给|定为)\s*(?:100|满分|一百)|"
    r"系统提示(?:词)?\s*[:：]|你现在是(?:一个)?(?:评分|评委|考官)|作为评分(?:员|者|模型)",
    re.IGNORECASE,
)
_COMMON_EN = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "as",
        "at",
        "from",
        "is",
        "are",
        "be",
        "was",
        "were",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "we",
        "i",
        "you",
        "they",
        "he",
        "she",
        "our",
        "my",
        "your",
        "their",
        "not",
        "no",
        "can",
        "will",
        "would",
        "should",
        "could",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "so",
        "if",
        "then",
        "than",
        "when",
        "what",
        "which",
        "who",
        "how",
        "why",
        "also",
        "more",
        "most",
        "very",
        "all",
        "any",
        "each",
        "both",
        "first",
        "second",
        "then",
        "finally",
        "because",
        "need",
        "needs",
        "use",
        "using",
        "make",
        "made",
        "into",
        "about",
        "between",
        "over",
        "under",
        "after",
        "before",
        "while",
        "other",
        "such",
        "only",
        "just",
        "like",
        "model",
        "data",
        "user",
        "users",
        "product",
        "metric",
        "metrics",
        "answer",
        "test",
        "set",
        "rate",
    ]
)
_MASH = re.compile(r"(.)\1{3,}|[bcdfghjklmnpqrstvwxz]{5,}|(?:asdf|qwer|zxcv|hjkl|jkl;|sdfg)", re.I)


@dataclass(frozen=True)
class Rejection:
    kind: str  # empty | dont_know | copied_question | gibberish | injection | off_topic
    reason_zh: str
    reason_en: str

    def reason(self, lang: Language) -> str:
        return self.reason_zh if lang == "zh" else self.reason_en


EMPTY = Rejection("empty", "回答是空的。", "The answer is empty.")
DONT_KNOW = Rejection(
    "dont_know",
    "回答只表示不知道或跳过，没有实际内容。",
    "The answer only says 'I don't know' or skips, with no substance.",
)
COPIED = Rejection(
    "copied_question",
    "回答基本是在重复题目，没有给出自己的内容。",
    "The answer mostly repeats the question instead of answering it.",
)
GIBBERISH = Rejection(
    "gibberish",
    "回答不是可读的文字（乱码或随意敲击）。",
    "The answer is not readable text (random characters or keyboard mash).",
)
INJECTION = Rejection(
    "injection",
    "回答包含试图操纵评分的指令（提示注入），不予评分。",
    "The answer contains instructions aimed at the grader (prompt injection) and is not scored.",
)
OFF_TOPIC = Rejection(
    "off_topic",
    "回答与题目无关。",
    "The answer is not about the question.",
)


def detect_non_answer(question: str, answer: str) -> Rejection | None:
    """The reason ``answer`` is not an answer to ``question``, or None."""
    text = answer.strip()
    if not text:
        return EMPTY
    if size(text) == 0:
        return GIBBERISH  # only digits, symbols or punctuation
    if _INJECTION.search(text) or aimed_at_grader(text, _INJECTION):
        return INJECTION
    if _is_gibberish(text):
        return GIBBERISH
    if _is_copy(question, text):
        return COPIED
    if _is_dont_know(question, text):
        return DONT_KNOW
    return None


# "The model is unsure", "模型不确定时": the uncertainty is the subject's, not the speaker's.
_THIRD_PERSON = re.compile(
    r"(?:\b(?:model|it'?s|it\s+is|it|they(?:'re)?|system|bot|user|users|classifier|prediction)"
    r"|模型|系统|用户|它|机器人|分类器|结果)\s*(?:is\s+|are\s+|was\s+)?(?:still\s+)?$",
    re.IGNORECASE,
)


def _speaker_unsure(text: str) -> bool:
    """Whether a don't-know phrase is about the speaker (not "when the model is unsure")."""
    for hit in _DONT_KNOW.finditer(text):
        before = text[max(0, hit.start() - 16) : hit.start()]
        if not _THIRD_PERSON.search(before.rstrip(" 很还也都并")):
            return True
    return False


def _is_dont_know(question: str, text: str) -> bool:
    if not _speaker_unsure(text):
        return False
    rest = _DONT_KNOW.sub(" ", text)
    rest = _strip_question(question, rest)
    rest = _FILLER.sub(" ", rest)
    return size(rest) < 14


def _strip_question(question: str, text: str) -> str:
    """``text`` without the runs it shares with the question (a restated question)."""
    q = question.lower()
    out, i, lowered = [], 0, text.lower()
    while i < len(text):
        # Chinese runs of 4 characters are distinctive; Latin ones must be longer,
        # or common words ("the ", "and ") shared with the question would be cut out.
        j = i + (4 if han_count(text[i]) else 12)
        if j <= len(text) and lowered[i:j] in q:
            while j < len(text) and lowered[i : j + 1] in q:
                j += 1
            i = j
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _bigrams(text: str) -> set[str]:
    flat = re.sub(r"[\W_]+", "", text.lower())
    return {flat[i : i + 2] for i in range(len(flat) - 1)}


def _is_copy(question: str, text: str) -> bool:
    answer_grams, question_grams = _bigrams(text), _bigrams(question)
    if not answer_grams or not question_grams:
        return False
    shared = len(answer_grams & question_grams) / len(answer_grams)
    return shared >= 0.8 and size(text) <= 1.5 * size(question) + 8


def _is_gibberish(text: str) -> bool:
    visible = re.sub(r"\s+", "", text)
    letters = han_count(text) + sum(len(w) for w in latin_words(text))
    if len(visible) >= 4 and letters / len(visible) < 0.4:
        return True
    pairs = [visible[i : i + 2] for i in range(len(visible) - 1)]
    if len(pairs) >= 10 and len(set(pairs)) / len(pairs) < 0.2:
        return True  # the same one or two characters over and over
    han = han_count(text)
    words = [w.lower() for w in latin_words(text)]
    if han >= max(8, 2 * len(words)):
        return _dictionary_share(text) < 0.3
    if len(words) >= 4:
        mashed = sum(1 for w in words if _MASH.search(w) or not re.search(r"[aeiouy]", w))
        common = sum(1 for w in words if w in _COMMON_EN or w in _domain_words())
        return mashed / len(words) > 0.3 or common / len(words) < 0.12
    return bool(words) and all(_MASH.search(w) for w in words)


def _dictionary_share(text: str) -> float:
    """Share of Han characters that sit in multi-character dictionary words."""
    from coach.lexical import jieba_segmenter

    jieba = jieba_segmenter()
    freq = jieba.dt.FREQ  # type: ignore[attr-defined]
    total = inside = 0
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        for word in jieba.lcut(run, HMM=False):  # type: ignore[attr-defined]
            total += len(word)
            if len(word) >= 2 and freq.get(word):
                inside += len(word)
    return inside / total if total else 1.0


@lru_cache(maxsize=1)
def _domain_words() -> frozenset[str]:
    from coach.scoring.rubric import glossary_pairs

    words: set[str] = set()
    for english, _ in glossary_pairs():
        for variant in english:
            words.update(variant.lower().split())
    return frozenset(words)
