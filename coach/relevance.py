"""Is a retrieved passage about the question at all?

Retrieval always returns its top-k, even for "how do I cook braised pork"; the chat
must notice that nothing relevant came back and say the corpus does not cover it.

Two signals, each weak alone:

* e5 cosine similarity is compressed (unrelated text still scores 0.7–0.86) and its
  baseline depends on the language pair: a Chinese question against Chinese
  passages scores about 0.08 higher than an English question against the same
  passages, related or not. So the bar is set per pair.
* BM25 > 0 means the passage shares a query term (English terms reach Chinese text
  through the glossary). Common words such as 今天 or 学习 also match, so it only
  decides the band just above the floor.

A passage is relevant when its similarity clears the pair's ``strong`` bar, or clears
the ``floor`` and shares a term with the question, or shares a *specific* term (BM25
at least ``specific_term``: a rare word such as 召回率, not 学习) and comes within
``near`` of the floor. The last rule is for short English questions ("what is
recall"): their embedding says little (0.73–0.75 against the passages on recall),
while the glossary term is exact. It only applies when at least half of the
question's English words are glossary terms: "a recipe for chocolate chip cookies"
reaches 芯片 through "chip" just as strongly, but it is not a question about chips.

Keyboard mash ("asdkjh qwe", "xyzzy") shares no term with anything, yet a short
string of Latin letters sits close to everything in e5's space (0.80–0.82 against
Chinese passages, above the cross-language ``strong`` bar of 0.795). So without a
shared term, a question across languages must clear ``strong`` by ``margin_alone``.

Measured on the bundled corpus (tests/test_relevance.py keeps the check): Chinese
questions on the corpus topics peak at 0.87–0.94 and off-topic ones (recipes,
football, weather, jokes) at 0.82–0.865; English questions on the topics peak at
0.78–0.87 (usually with shared terms) and off-topic ones at 0.72–0.79 without.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.language import Language, detect_language
from coach.lexical import glossary, tokenize
from coach.retrieval import Passage


@dataclass(frozen=True)
class Bar:
    floor: float
    strong: float


@dataclass(frozen=True)
class RelevanceRule:
    same_language: Bar = Bar(floor=0.86, strong=0.885)
    cross_language: Bar = Bar(floor=0.77, strong=0.795)
    specific_term: float = 6.0
    near: float = 0.05
    margin_alone: float = 0.035  # cross-language, no shared term

    def bar(self, question: Language, passage: Language) -> Bar:
        return self.same_language if question == passage else self.cross_language

    def is_relevant(
        self, passage: Passage, question_language: Language, on_topic_terms: bool = False
    ) -> bool:
        passage_language = detect_language(passage.text, default="zh")
        bar = self.bar(question_language, passage_language)
        shared = passage.lexical > 0
        if passage.similarity >= bar.strong:
            return (
                shared
                or question_language == passage_language
                or (passage.similarity >= bar.strong + self.margin_alone)
            )
        if passage.similarity >= bar.floor and shared:
            return True
        return (
            on_topic_terms
            and passage.lexical >= self.specific_term
            and passage.similarity >= bar.floor - self.near
        )

    def relevant(self, passages: Sequence[Passage], question: str) -> list[Passage]:
        """The passages worth showing to the model, in retrieval order."""
        language = detect_language(question)
        on_topic = glossary_share(question) >= 0.5
        return [p for p in passages if self.is_relevant(p, language, on_topic)]


def glossary_share(question: str) -> float:
    """Share of the question's English words that are AI-PM glossary terms."""
    words = [w for w in tokenize(question) if w.isascii() and not w.isdigit()]
    if not words:
        return 0.0
    patterns = [pattern for pattern, _ in glossary()]
    return sum(1 for w in words if any(p.fullmatch(w) for p in patterns)) / len(words)


DEFAULT_RULE = RelevanceRule()
