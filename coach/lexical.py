"""Lexical side of retrieval: tokens for BM25 and the BM25 scorer itself.

Chinese has no spaces, so it is tokenised two ways, each feeding its own BM25
ranking:

* words, cut by jieba (search mode, which also emits the shorter words inside long
  ones): precise when the question and the article segment the same way;
* overlapping character bigrams ("召回率" -> "召回", "回率"), the classic CJK
  indexing unit: robust when they do not ("提性能需求" vs "性能期望"), and free of
  jieba's dictionary.

English and numbers are lower-cased words in both.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*")
STOPWORDS = _STOP = frozenset(
    [
        "的",
        "了",
        "和",
        "是",
        "在",
        "与",
        "及",
        "或",
        "等",
        "也",
        "就",
        "都",
        "而",
        "被",
        "把",
        "对",
        "从",
        "中",
        "为",
        "以",
        "之",
        "其",
        "这",
        "那",
        "个",
        "一个",
        "我们",
        "他们",
        "你",
        "我",
        "他",
        "她",
        "它",
        "有",
        "要",
        "会",
        "能",
        "可以",
        "如何",
        "什么",
        "怎么",
        "怎样",
        "哪些",
        "为什么",
        "吗",
        "呢",
        "吧",
        "啊",
        "需要",
        "如",
        "进行",
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "be",
        "was",
        "were",
        "do",
        "does",
        "did",
        "how",
        "what",
        "why",
        "which",
        "who",
        "with",
        "by",
        "as",
        "at",
        "from",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "i",
        "you",
        "we",
        "they",
        "can",
        "should",
        "would",
        "could",
        "about",
        "into",
        "than",
        "then",
        "there",
        "their",
        "our",
        "your",
        "my",
        "me",
    ]
)


def jieba_segmenter() -> object:
    """The jieba module, ready to cut (see ``coach.segmenter``)."""
    from coach.segmenter import jieba_module

    return jieba_module()


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    lowered = text.lower()
    tokens.extend(w for w in _WORD.findall(_CJK_RUN.sub(" ", lowered)) if w not in _STOP)
    runs = _CJK_RUN.findall(text)
    # jieba is imported only for text with Chinese in it.
    jieba = jieba_segmenter() if runs else None
    for run in runs:
        words = jieba.lcut_for_search(run)  # type: ignore[attr-defined]
        tokens.extend(w for w in words if w not in _STOP and w.strip())
    return tokens


@lru_cache(maxsize=1)
def glossary() -> list[tuple[re.Pattern[str], list[str]]]:
    """English AI-PM terms and their Chinese equivalents, for cross-lingual matching."""
    entries = []
    for line in (files("coach") / "data" / "glossary.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, chinese = line.partition("\t")
        variants = sorted(english.split("|"), key=len, reverse=True)
        pattern = re.compile(
            r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, variants)) + r")(?![a-z0-9])"
        )
        entries.append((pattern, [t for t in chinese.split("|") if t]))
    return entries


def contains(lowered: str, form: str) -> bool:
    """Does lower-cased text hold ``form``: a Chinese term anywhere, an English one as
    a whole word ("ai" is not in "rain")?"""
    if _CJK_RUN.search(form):
        return form in lowered
    return re.search(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", lowered) is not None


def bigrams(text: str) -> list[str]:
    """Chinese as overlapping character bigrams (a lone character stays a unigram),
    English and numbers as lower-cased words."""
    tokens = [w for w in _WORD.findall(_CJK_RUN.sub(" ", text.lower())) if w not in _STOP]
    for run in _CJK_RUN.findall(text):
        tokens.extend([run[i : i + 2] for i in range(len(run) - 1)] or [run])
    return tokens


def expand_query(query: str, tokenizer: Callable[[str], list[str]] = tokenize) -> list[str]:
    """Query tokens plus the other language's terms for any domain term it contains.

    BM25 cannot match "recall" against "召回率"; the glossary bridges the two both
    ways, so English questions reach Chinese articles and Chinese questions reach
    English ones (a learner's uploads are often English).
    """
    tokens = tokenizer(query)
    lowered = query.lower()
    for entry in bilingual_terms():
        if entry.pattern.search(lowered):
            for term in entry.chinese:
                tokens.extend(tokenizer(term))
        elif any(term in query for term in entry.han):
            for term in entry.english:
                if len(term) > 2:
                    tokens.extend(tokenizer(term))
    return tokens


def other_language_terms(query: str, variants: int = 2) -> list[str]:
    """For each glossary term ``query`` names, its first ``variants`` names in the other
    language: the Chinese for an English term, the English for a Chinese one."""
    lowered = query.lower()
    terms: list[str] = []
    for entry in bilingual_terms():
        if entry.pattern.search(lowered):
            terms.extend(entry.chinese[:variants])
        elif any(term in query for term in entry.han):
            terms.extend(t for t in entry.english[:variants] if len(t) > 2)
    return list(dict.fromkeys(terms))


@dataclass(frozen=True)
class GlossaryEntry:
    pattern: re.Pattern[str]  # the English variants, as whole words
    english: tuple[str, ...]
    chinese: tuple[str, ...]
    han: tuple[str, ...]  # the Chinese terms safe to match in text (Han, 2+ characters)


@lru_cache(maxsize=1)
def bilingual_terms() -> list[GlossaryEntry]:
    """The glossary as entries naming one thing in both languages."""
    out = []
    lines = (files("coach") / "data" / "glossary.tsv").read_text("utf-8").splitlines()
    entries = [line.partition("\t") for line in lines if line.strip() and not line.startswith("#")]
    for (pattern, chinese), (english, _, _) in zip(glossary(), entries, strict=True):
        han = tuple(t for t in chinese if _CJK_RUN.search(t) and len(t) >= 2)
        out.append(GlossaryEntry(pattern, tuple(english.split("|")), tuple(chinese), han))
    return out


class BM25:
    """Okapi BM25 over pre-tokenised documents, scored through postings lists so a
    query touches only the documents that hold one of its terms."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.size = len(documents)
        lengths = [len(doc) for doc in documents]
        avg_length = (sum(lengths) / len(lengths)) if lengths else 0.0
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, doc in enumerate(documents):
            norm = k1 * (1 - b + b * lengths[i] / (avg_length or 1))
            for term, tf in Counter(doc).items():
                # The document's share of the term, ready to multiply by its idf.
                self.postings.setdefault(term, []).append((i, tf * (k1 + 1) / (tf + norm)))
        n = self.size
        self.idf = {
            t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()
        }

    def scores(self, query: Sequence[str]) -> list[float]:
        out = [0.0] * self.size
        for term in dict.fromkeys(query):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for i, weight in self.postings[term]:
                out[i] += idf * weight
        return out
