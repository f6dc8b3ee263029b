"""The coach's concept notes (issue #14): both languages, the note format, a source record each.

The checks are plain functions over a note's text so the tests below can also show that each of them
rejects a broken note (a check that passes everything would prove nothing).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

NOTES_DIR = Path(__file__).resolve().parents[1] / "coach" / "data" / "notes" / "concepts"
MIN_TOPICS = 44  # issue #14 asks for >= 40; this branch ships 44
ZH_CHARS = (300, 1200)  # characters, whitespace not counted
EN_WORDS = (200, 900)
SECTIONS = (2, 6)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_LINK = re.compile(r"https?://|\]\(|www\.")
_PAREN_LATIN = re.compile(r"[（(][^）)]*[A-Za-z][^）)]*[）)]")


def note_problems(text: str, lang: str) -> list[str]:
    """Everything wrong with one note's text; an empty list means it follows CONVENTIONS.md."""
    problems: list[str] = []
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# ") or not lines[0][2:].strip():
        problems.append("line 1 is not a '# <Title>' heading")
    headings = [i for i, line in enumerate(lines) if line.startswith("## ")]
    if not SECTIONS[0] <= len(headings) <= SECTIONS[1]:
        problems.append(f"{len(headings)} '## ' sections, expected {SECTIONS[0]}-{SECTIONS[1]}")
    for start, end in zip(headings, [*headings[1:], len(lines)], strict=True):
        if not lines[start][3:].strip() or not any(line.strip() for line in lines[start + 1 : end]):
            problems.append(f"section at line {start + 1} has no heading text or no body")
    if any(line.startswith("# ") for line in lines[1:]):
        problems.append("a second '# ' title")
    if _LINK.search(text):
        problems.append("a link in the body")
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if lang == "zh":
        size = len(re.sub(r"\s", "", text))
        if not ZH_CHARS[0] <= size <= ZH_CHARS[1]:
            problems.append(f"{size} characters, expected {ZH_CHARS[0]}-{ZH_CHARS[1]}")
        if cjk < 0.6 * (cjk + latin):
            problems.append(f"only {cjk} CJK characters against {latin} Latin letters")
        if not _PAREN_LATIN.search(text):
            problems.append("no English term in parentheses (cross-lingual retrieval)")
    else:
        words = len(text.split())
        if not EN_WORDS[0] <= words <= EN_WORDS[1]:
            problems.append(f"{words} words, expected {EN_WORDS[0]}-{EN_WORDS[1]}")
        if cjk > 0.02 * max(latin, 1):
            problems.append(f"{cjk} CJK characters in an English note")
        if cjk == 0:
            problems.append("no Chinese term given (cross-lingual retrieval)")
    return problems


def _note_ids(lang: str) -> set[str]:
    return {p.name.removesuffix(f".{lang}.md") for p in NOTES_DIR.glob(f"*.{lang}.md")}


def _sources() -> dict[str, dict[str, object]]:
    return tomllib.loads((NOTES_DIR / "sources.toml").read_text(encoding="utf-8"))


ALL_IDS = sorted(_note_ids("zh") | _note_ids("en"))


def test_enough_topics_each_in_both_languages() -> None:
    assert len(_note_ids("zh") & _note_ids("en")) >= MIN_TOPICS
    assert _note_ids("zh") == _note_ids("en"), "a topic exists in only one language"


def test_ids_are_plain_slugs() -> None:
    bad = [i for i in ALL_IDS if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i)]
    assert not bad


@pytest.mark.parametrize("note_id", ALL_IDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_note_follows_the_format(note_id: str, lang: str) -> None:
    path = NOTES_DIR / f"{note_id}.{lang}.md"
    assert path.exists(), f"{path.name} is missing"
    assert note_problems(path.read_text(encoding="utf-8"), lang) == []


@pytest.mark.parametrize("note_id", ALL_IDS)
def test_note_has_a_source_record(note_id: str) -> None:
    entry = _sources().get(note_id)
    assert isinstance(entry, dict), f"no [{note_id}] table in sources.toml"
    title = entry.get("title")
    assert isinstance(title, dict)
    for lang in ("zh", "en"):
        first = (NOTES_DIR / f"{note_id}.{lang}.md").read_text(encoding="utf-8").splitlines()[0]
        assert title.get(lang) == first[2:].strip(), (
            f"{lang} title differs from the note's '# ' line"
        )
    sources = entry.get("sources")
    assert isinstance(sources, list)
    assert len(sources) >= 1
    for source in sources:
        assert isinstance(source, dict)
        assert str(source.get("title", "")).strip()
        assert str(source.get("url", "")).startswith(("https://", "http://"))
    assert str(entry.get("checked", "")).strip()


def test_no_source_record_without_a_note() -> None:
    assert set(_sources()) <= set(ALL_IDS)


# The checks must be able to fail: each broken note below has to be rejected for its own reason.
_GOOD_ZH = (
    "# 标题\n\n## 第一节\n\n"
    + "精确率（Precision）是预测为正的样本里真正为正的比例。" * 20
    + "\n\n## 第二节\n\n召回率看漏掉多少。\n"
)
_GOOD_EN = (
    "# Title\n\n## First\n\n"
    + "Precision (精确率) is one word. "
    + "Precision is the share of predicted positives that are real. " * 25
    + "\n\n## Second\n\nRecall.\n"
)


def test_the_checks_accept_well_formed_notes() -> None:
    assert note_problems(_GOOD_ZH, "zh") == []
    assert note_problems(_GOOD_EN, "en") == []


@pytest.mark.parametrize(
    ("text", "lang", "reason"),
    [
        (_GOOD_ZH.replace("# 标题", "标题"), "zh", "line 1"),
        (_GOOD_ZH.replace("## 第二节\n\n召回率看漏掉多少。\n", ""), "zh", "sections"),
        (_GOOD_ZH + "\n## 空节\n", "zh", "no body"),
        (_GOOD_ZH[:80], "zh", "characters"),
        (_GOOD_ZH + "## 多\n\n" + "长" * 1300 + "\n", "zh", "characters"),
        (_GOOD_EN.replace("# Title", "# 标题").replace("Recall.", "Recall " * 10), "zh", "CJK"),
        (_GOOD_EN, "zh", "CJK"),
        (_GOOD_ZH, "en", "words"),
        (_GOOD_EN + "精确率" * 20, "en", "CJK characters in an English note"),
        (_GOOD_EN + "See https://example.com.\n", "en", "link"),
        (_GOOD_EN + "\n# Another title\n", "en", "second"),
        (_GOOD_ZH.replace("（Precision）", ""), "zh", "no English term"),
        (_GOOD_EN.replace(" (精确率)", ""), "en", "no Chinese term"),
    ],
)
def test_the_checks_reject_broken_notes(text: str, lang: str, reason: str) -> None:
    problems = note_problems(text, lang)
    assert any(reason in p for p in problems), problems
