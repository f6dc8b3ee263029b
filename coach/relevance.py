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
the ``floor`` and shares a term with the question.

Measured on the bundled corpus (tests/test_relevance.py keeps the check): Chinese
questions on the corpus topics peak at 0.87–0.94 and off-topic ones (recipes,
football, weather, jokes) at 0.82–0.865; English questions on the topics peak at
0.78–0.87 (usually with shared terms) and off-topic ones at 0.72–0.79 without.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.language import Language, detect_language
from coach.retrieval import Passage


@dataclass(frozen=True)
class Bar:
    floor: float
    strong: float


@dataclass(frozen=True)
class RelevanceRule:
    same_language: Bar = Bar(floor=0.86, strong=0.885)
    cross_language: Bar = Bar(floor=0.77, strong=0.795)

    def bar(self, question: Language, passage: Language) -> Bar:
        return self.same_language if question == passage else self.cross_language

    def is_relevant(self, passage: Passage, question_language: Language) -> bool:
        bar = self.bar(question_language, detect_language(passage.text, default="zh"))
        if passage.similarity >= bar.strong:
            return True
        return passage.similarity >= bar.floor and passage.lexical > 0

    def relevant(self, passages: Sequence[Passage], question: str) -> list[Passage]:
        """The passages worth showing to the model, in retrieval order."""
        language = detect_language(question)
        return [p for p in passages if self.is_relevant(p, language)]


DEFAULT_RULE = RelevanceRule()
