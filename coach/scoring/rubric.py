"""Rubrics: the weighted key points a good answer covers.

A bank question carries its own points as data (``coach/data/questions``) and its
question type's framework adds the talking points every answer of that type needs
(``coach.scoring.typed``). A free question is graded on its type's framework; the
corpus passages relevant to it are kept as what to read, not as what to say.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Literal

from coach.catalogue import catalogue
from coach.language import Language
from coach.scoring.text import language_of, shorten, size

if TYPE_CHECKING:
    from coach.retrieval import Passage, Retriever

Origin = Literal["bank", "retrieved", "drill"]
PointKind = Literal["bank", "framework", "corpus"]

FREE_POINTS = 4
FREE_WEIGHTS = (3.0, 2.0, 2.0, 1.0)
MIN_POINT_RELEVANCE = 0.3  # on the language pair's similarity bar
_GENERIC = frozenset(
    [
        "ai",
        "产品",
        "产品经理",
        "经理",
        "需要",
        "能力",
        "进行",
        "可以",
        "通过",
        "以及",
        "或者",
        "例如",
        "比如",
        "重要",
        "问题",
        "方面",
        "product",
        "manager",
        "pm",
        "need",
        "ability",
        "use",
        "able",
    ]
)


@dataclass(frozen=True)
class KeyPoint:
    id: str
    text: str  # in the rubric's language
    weight: float
    keywords: tuple[str, ...]
    source: str  # corpus file the point comes from
    quote: str  # verbatim sentence of that file
    probe: str = ""  # a follow-up question that asks for this point
    alt_text: str = ""  # the same point in the other language
    title: str = ""  # the article's title, for citing
    kind: PointKind = "bank"  # a bank/drill point, a framework talking point, a corpus passage

    def texts(self) -> list[str]:
        """What the point means, in every wording we have (for semantic matching)."""
        return [t for t in dict.fromkeys((self.text, self.alt_text, self.quote)) if t]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["keywords"] = list(self.keywords)
        return data


@dataclass(frozen=True)
class Rubric:
    question: str
    lang: Language
    key_points: tuple[KeyPoint, ...]
    origin: Origin = "bank"
    question_id: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    # Set once the question's type framework has been applied (see coach.scoring.typed):
    type_id: str | None = None
    type_confidence: float = 0.0
    typed: bool = False
    reading: tuple[KeyPoint, ...] = ()  # corpus passages to read, not points to cover
    ai: bool | None = None  # whether AI-specific awareness is expected (None: unknown)
    # What the question is about beyond its words, and what else an answer could be
    # about instead: a drill stage's case and the other cases (coach.scoring.subject).
    subject: str = ""
    rivals: tuple[str, ...] = ()

    @property
    def total_weight(self) -> float:
        return sum(p.weight for p in self.key_points) or 1.0

    @property
    def grounded(self) -> bool:
        return bool(self.key_points)

    def keywords(self) -> list[str]:
        return [k for p in self.key_points for k in p.keywords]

    def only(self, point_ids: set[str]) -> Rubric:
        """The same rubric narrowed to some points (a follow-up asks for those)."""
        points = tuple(p for p in self.key_points if p.id in point_ids)
        return replace(self, key_points=points)


def rubric_for_free_question(
    question: str, retriever: Retriever, lang: Language | None = None, *, k: int = 6
) -> Rubric:
    """A rubric for any question: the points come from the question's type
    framework (added by the scorer, see ``coach.scoring.typed``); the corpus only
    supplies what to read.

    Each relevant passage contributes its sentence closest to the question as a
    reading passage, weighted by retrieval rank. The corpus covers only part of what
    interviews ask, so its sentences are never the measure of a good answer.
    """
    from coach.lexical import tokenize
    from coach.relevance import decide

    lang = lang or language_of(question)
    # The same decision chat makes: a declined question gets no reading, and what
    # states the answer comes before what only mentions the topic.
    passages = decide(question, retriever, k=k).passages
    reading: list[KeyPoint] = []
    rare = _rare_terms(retriever) if passages else frozenset()
    asked = set(tokenize(question))
    for passage in passages:
        sentence = _best_sentence(question, passage, lang)
        if not sentence or any(_similar(sentence, p.quote) for p in reading):
            continue
        n = len(reading)
        reading.append(
            KeyPoint(
                id=f"r{n + 1}",
                text=shorten(sentence, 160),
                weight=FREE_WEIGHTS[n],
                keywords=tuple(_keywords(sentence, rare, asked)),
                source=passage.source,
                quote=sentence,
                probe=_probe(sentence, lang),
                title=passage.title,
                kind="corpus",
            )
        )
        if len(reading) == FREE_POINTS:
            break
    return Rubric(question, lang, (), "retrieved", reading=tuple(reading))


def _best_sentence(question: str, passage: Passage, lang: Language) -> str:
    """The passage's sentence closest to the question, if it is close enough to count."""
    import numpy as np

    from coach.chunking import sentences
    from coach.scoring.semantic import embed_many, normalise

    candidates = [passage.text[s:e].strip() for s, e in sentences(passage.text)]
    candidates = [c for c in candidates if 8 <= size(c) <= 160]
    if not candidates:
        return ""
    vectors = embed_many([question, *candidates])
    sims = vectors[1:] @ vectors[0]
    best = int(np.argmax(sims))
    on_topic = (
        normalise(float(sims[best]), lang, language_of(candidates[best])) >= MIN_POINT_RELEVANCE
    )
    return candidates[best] if on_topic else ""


def _rare_terms(retriever: Retriever) -> frozenset[str]:
    """Corpus tokens in fewer than a quarter of the chunks: the ones that say something.

    "模型", "数据" or "产品经理" occur everywhere in this corpus, so an answer using them
    shows nothing about a particular point.
    """
    from collections import Counter

    chunks = retriever.chunks()
    counts: Counter[str] = Counter()
    for chunk in chunks:
        counts.update(set(chunk.lexical))
    limit = max(2, len(chunks) // 4)
    return frozenset(t for t, n in counts.items() if n <= limit)


def _keywords(sentence: str, rare: frozenset[str], asked: set[str]) -> list[str]:
    """Distinctive words of a key point (not ubiquitous, not merely echoing the question),
    with the English glossary terms for them."""
    from coach.lexical import tokenize

    words = [
        t
        for t in tokenize(sentence)
        if len(t) >= 2
        and t in rare
        and t not in asked
        and t.lower() not in _GENERIC
        and t in _content_words(sentence)
    ]
    picked = list(dict.fromkeys(sorted(words, key=len, reverse=True)))[:6]
    for english, chinese in glossary_pairs():
        if any(term in picked for term in chinese):
            picked.extend(english[:2])
    return list(dict.fromkeys(picked))


@lru_cache(maxsize=1)
def glossary_pairs() -> list[tuple[list[str], list[str]]]:
    """(English variants, Chinese terms) from the shared glossary."""
    pairs = []
    for line in (files("coach") / "data" / "glossary.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, chinese = line.partition("\t")
        pairs.append(([e for e in english.split("|") if e], [c for c in chinese.split("|") if c]))
    return pairs


def _content_words(sentence: str) -> set[str]:
    """Nouns, verbal nouns and foreign words (jieba's part-of-speech tags): the words
    that name things, not the connectives ("此外") or auxiliaries ("必须") around them."""
    from coach.segmenter import pos_module

    return {
        pair.word.lower()
        for pair in pos_module().lcut(sentence)
        if pair.flag[:1] == "n" or pair.flag in {"vn", "eng", "l"}
    } | {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9+#-]+", sentence)}


def _similar(a: str, b: str) -> bool:
    sa, sb = set(a), set(b)
    return len(sa & sb) / (len(sa | sb) or 1) > 0.8


def _probe(sentence: str, lang: Language) -> str:
    quote = shorten(sentence, 60 if lang == "zh" else 80)  # about as long to read
    return catalogue("scoring").text("probe.missed", lang, quote=quote)
