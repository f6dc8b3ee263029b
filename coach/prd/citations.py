"""What the coach's notes or the corpus say about a checklist section or a flagged
requirement, attached to the issues about it — only when a passage fits.

A passage fits when it passes the relevance decision (``coach.relevance``), names one
of the topic's terms, and is prose: a reading list or a table states no element, so
it is never cited. Among the fitting passages the coach's own notes come first (the
note named for the topic, then any note), then passages in the critique's language,
then retrieval order; when nothing fits there is no citation rather than a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Protocol

from coach.language import detect_language
from coach.relevance import DEFAULT_RULE, RelevanceRule

if TYPE_CHECKING:
    from coach.prd.checklist import Section, Topic
    from coach.retrieval import Passage, Retriever

EXCERPT_CHARS = 160
LIST_SHARE = 0.5  # share of a passage's lines that are table rows, links or bare titles
NOTES_DIR = "notes"  # coach/data/notes/<kind>/<id>.<lang>.md


@dataclass(frozen=True)
class SourceQuote:
    """The sentence(s) of one passage that back an issue about a section: not a
    numbered ``coach.citations.Citation`` of a chat answer, which names a passage the
    model was given."""

    source: str
    chunk_id: str
    title: str
    heading: str
    text: str  # the sentence(s) quoted from the passage
    note: bool = False  # one of the coach's own notes

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Citer(Protocol):
    def cite_section(self, item: Section, lang: str) -> SourceQuote | None: ...

    def cite_topic(self, kind: str, lang: str) -> SourceQuote | None: ...


class CorpusCiter:
    def __init__(self, retriever: Retriever, k: int = 8, rule: RelevanceRule = DEFAULT_RULE):
        self.retriever = retriever
        self.k = k
        self.rule = rule
        self._cache: dict[tuple[str, str], SourceQuote | None] = {}

    def cite_section(self, item: Section, lang: str) -> SourceQuote | None:
        return self.cite(item.topic, lang)

    def cite_topic(self, kind: str, lang: str) -> SourceQuote | None:
        from coach.prd.checklist import topics

        topic = topics().get(kind)
        return self.cite(topic, lang) if topic else None

    def cite(self, topic: Topic, lang: str) -> SourceQuote | None:
        key = (topic.key, lang)
        if key not in self._cache:
            self._cache[key] = self._find(topic, lang)
        return self._cache[key]

    def _find(self, topic: Topic, lang: str) -> SourceQuote | None:
        query = topic.query(lang)
        passages = self.retriever.search(query, self.k)
        fitting = [p for p in passages if fits(p, topic, query, self.rule)]
        if not fitting:
            return None
        order = {id(p): n for n, p in enumerate(fitting)}
        chosen = min(fitting, key=lambda p: (preference(p, topic, lang), order[id(p)]))
        return SourceQuote(
            source=chosen.source,
            chunk_id=chosen.chunk_id,
            title=chosen.title,
            heading=chosen.heading,
            text=excerpt(chosen.text, topic.terms),
            note=note_id(chosen.source) is not None,
        )


def note_id(source: str) -> str | None:
    """``requirement_writing`` for ``…/notes/frameworks/requirement_writing.en.md``."""
    path = PurePath(source)
    if NOTES_DIR not in path.parts[:-1]:
        return None
    return path.name.split(".", 1)[0]


def passage_language(passage: Passage) -> str:
    name = PurePath(passage.source).name
    for lang in ("zh", "en"):
        if name.endswith(f".{lang}.md"):
            return lang
    return detect_language(passage.text, default="zh")


def preference(passage: Passage, topic: Topic, lang: str) -> tuple[int, int]:
    note = note_id(passage.source)
    rank = 0 if note in topic.notes else 1 if note else 2
    return rank, 0 if passage_language(passage) == lang else 1


_LISTY_LINE = re.compile(
    r"^\s*(?:\|.*\||[-*+]\s*\[?[^。.!?]{0,40}\]?\(?https?://|《[^》]+》\s*$|https?://)"
)
_READING = re.compile(
    r"推荐(?:学习|阅读)|学习路径|书单|参考资料|延伸阅读|通读|reading list|further reading|"
    r"recommended (?:books|reading)|《[^》]+》.{0,20}《",
    re.IGNORECASE,
)


def is_list(text: str) -> bool:
    """A reading list, a link list or a table: it names things but states nothing."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return True
    listy = sum(1 for line in lines if _LISTY_LINE.search(line) or line.count("|") >= 3)
    titles = len(re.findall(r"《[^》]+》", text))
    return listy / len(lines) >= LIST_SHARE or titles >= 4


_MARKERS = re.compile(r"[▫▪•·►❶-❿①-⑩■□◆◇★☆✅✔️]|[\U0001F300-\U0001FAFF\u2600-\u27BF]")


def _states_nothing(quote: str) -> bool:
    """The quoted sentence is a table row, a link, a reading list or a catalogue of
    bulleted titles (emoji and numbered markers): it names topics, states nothing."""
    return (
        quote.count("|") >= 2
        or "http" in quote
        or bool(_READING.search(quote))
        or len(_MARKERS.findall(quote)) >= 2
    )


def fits(passage: Passage, topic: Topic, query: str, rule: RelevanceRule) -> bool:
    if is_list(passage.text) or not topic.terms.search(passage.text):
        return False
    if _states_nothing(excerpt(passage.text, topic.terms)):
        return False
    return rule.is_relevant(passage, detect_language(query))


_SENTENCE = re.compile(r"[^。！？；!?\n]*[。！？；!?]?")


def excerpt(text: str, terms: re.Pattern[str], limit: int = EXCERPT_CHARS) -> str:
    """The sentence holding the first term (with its neighbours while they fit)."""
    text = " ".join(text.split())
    match = terms.search(text)
    if not match:
        return text if len(text) <= limit else text[: limit - 1] + "…"
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
    idx = next((i for i, (a, b) in enumerate(spans) if a <= match.start() < b), 0)
    start, end = spans[idx]
    for j in range(idx + 1, len(spans)):
        if spans[j][1] - start > limit:
            break
        end = spans[j][1]
    quote = text[start:end].strip()
    return quote if len(quote) <= limit else quote[: limit - 1] + "…"
