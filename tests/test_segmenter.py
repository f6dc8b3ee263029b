"""jieba with its dictionary read word by word (issue #17, ``coach.segmenter``) cuts
and tags exactly as jieba with its dictionary loaded in memory."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from coach import segmenter
from coach.settings import PROJECT_ROOT

SENTENCES = [
    "AI产品经理需要理解精确率和召回率的取舍",
    "召回率衡量真实正例中有多少被找了出来",
    "我们用A/B测试比较7日留存，样本量10000人",
    "植物识别App上线后，用户反馈进入数据闭环驱动下一轮迭代",
    "薅羊毛的黄牛党被风控模型拦截了",  # words jieba's HMM has to find
    "Zephyrine团队把月流失率从9%降到4%",
    "大模型幻觉怎么评估？用人工标注集和自动指标结合",
    "",
]


def _corpus_sentences() -> list[str]:
    text = (PROJECT_ROOT / "corpus").glob("*.txt")
    found: list[str] = []
    for path in sorted(text)[:5]:
        found += [s for s in path.read_text("utf-8", errors="replace").split("。") if s][:40]
    return found


@pytest.fixture(scope="module")
def in_memory() -> tuple[Any, Any]:
    """A jieba tokenizer and tagger that load the whole dictionary, as jieba does."""
    import jieba
    import jieba.posseg

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer, jieba.posseg.POSTokenizer(tokenizer)


def test_cuts_and_tags_are_jiebas_own(in_memory: tuple[Any, Any]) -> None:
    tokenizer, tagger = in_memory
    jieba = segmenter.jieba_module()
    posseg = segmenter.pos_module()
    assert segmenter.dictionary_path() is not None
    assert isinstance(jieba.dt.FREQ, segmenter.WordTable)  # the file is in use
    for sentence in SENTENCES + _corpus_sentences():
        assert jieba.lcut_for_search(sentence) == tokenizer.lcut_for_search(sentence)
        assert jieba.lcut(sentence, HMM=False) == tokenizer.lcut(sentence, HMM=False)
        assert [tuple(p) for p in posseg.lcut(sentence)] == [
            tuple(p) for p in tagger.lcut(sentence)
        ], sentence


def test_the_file_holds_jiebas_dictionary(in_memory: tuple[Any, Any], tmp_path: Path) -> None:
    tokenizer, tagger = in_memory
    path = tmp_path / "dictionary.sqlite3"
    segmenter._build(path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()[0] == (
        tokenizer.total
    )
    lock = threading.Lock()
    freq: segmenter.WordTable[int] = segmenter.WordTable(db, "freq", lock)
    tags: segmenter.WordTable[str] = segmenter.WordTable(db, "tags", lock)
    assert len(freq) == len(tokenizer.FREQ)
    assert len(tags) == len(tagger.word_tag_tab)
    assert dict(freq.items()) == tokenizer.FREQ
    assert dict(tags.items()) == tagger.word_tag_tab
    # A prefix is in the table with frequency 0; a non-word is not in it at all.
    assert "召回" in freq
    assert freq["召回"] == tokenizer.FREQ["召回"]
    prefix = next(w for w, n in tokenizer.FREQ.items() if n == 0)
    assert prefix in freq
    assert freq[prefix] == 0
    assert freq.get(prefix) == 0
    assert "不是一个词语吧" not in freq
    assert freq.get("不是一个词语吧", 7) == 7
    with pytest.raises(KeyError):
        freq["不是一个词语吧"]
    assert tags.get("召回率", "x") == tagger.word_tag_tab.get("召回率", "x")


def test_a_file_someone_else_owns_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dictionary.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('total', 1)")
    db.commit()
    db.close()
    assert segmenter._open(path) is not None
    owner = path.stat().st_uid
    monkeypatch.setattr("coach.segmenter.os.getuid", lambda: owner + 1)
    assert segmenter._open(path) is None
    assert segmenter._open(tmp_path / "missing.sqlite3") is None
