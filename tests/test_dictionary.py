"""The Chinese-English dictionary bridge (coach.dictionary): CC-CEDICT's one-word
senses, everyday words left out, a parsed copy reused between processes."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from coach import dictionary


def test_inflections_meet_by_their_stem() -> None:
    assert dictionary.stem("reserved") == dictionary.stem("reserve")
    assert dictionary.stem("instances") == dictionary.stem("instance")
    assert dictionary.stem("trials") == dictionary.stem("trial")
    assert dictionary.stem("testing") == dictionary.stem("test")


def test_english_words_get_their_chinese_translations() -> None:
    found = dictionary.chinese_for(["wake", "distance", "noise", "reserved"])
    assert "唤醒" in found["wake"]
    assert "距离" in found["distance"]
    assert "噪声" in found["noise"]
    assert "预留" in found["reserved"]


def test_chinese_words_get_their_english_translations_as_texts_write_them() -> None:
    found = dictionary.english_for(["唤醒", "预留"])
    assert {"wake", "waked"} <= set(found["唤醒"])
    assert {"reserve", "reserved", "reserves"} <= set(found["预留"])


@pytest.mark.parametrize("word", ["like", "many", "good", "一样", "条件", "不少"])
def test_everyday_words_are_not_bridged(word: str) -> None:
    assert dictionary.common(word)
    found = dictionary.english_for([word]) if not word.isascii() else {}
    found |= dictionary.chinese_for([word]) if word.isascii() else {}
    assert found == {}


def test_everyday_translations_are_left_out() -> None:
    """Among the senses of "wake" is 随着 ("in the wake of"): too common to bridge."""
    assert "随着" not in dictionary.chinese_for(["wake"])["wake"]


def test_the_parsed_dictionary_is_written_once_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dictionary._dictionary.cache_clear()
    try:
        parsed = dictionary._dictionary()
        written = list(tmp_path.glob("coach-*-cedict-*.json"))
        assert len(written) == 1
        assert json.loads(written[0].read_text("utf-8")) == [parsed[0], parsed[1]]
        dictionary._dictionary.cache_clear()
        assert dictionary._dictionary() == parsed
        # A damaged file is parsed again, not trusted.
        written[0].write_text("{not json", "utf-8")
        dictionary._dictionary.cache_clear()
        assert dictionary._dictionary() == parsed
    finally:
        dictionary._dictionary.cache_clear()
