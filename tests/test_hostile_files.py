"""Hostile and odd input files (issue #18 items 2-4): deep HTML, UTF-16, bad names.

Every case ends in a clear reason for that one file, never a traceback and never
an aborted folder; none of them takes more than a moment.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach.chunking import chunk_document
from coach.cleaning import Document, clean, html_depth
from coach.ingest import ingest
from coach.reading import UnreadableFile, decode, read_text_file
from coach.settings import Settings


def _deep(levels: int, tag: str = "div") -> str:
    return f"<html><body>{f'<{tag}>x' * levels}深处的正文。{f'</{tag}>' * levels}</body></html>"


def test_a_page_nested_2000_levels_is_refused_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(_deep(2000), encoding="utf-8")
    assert 20_000 < path.stat().st_size < 40_000
    with pytest.raises(UnreadableFile, match="nested 2002 levels deep"):
        clean(read_text_file(path, max_bytes=5_000_000))


def test_a_megabyte_of_nesting_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "deeper.html"
    path.write_text(_deep(90_000, "span"), encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    with pytest.raises(UnreadableFile, match="levels deep"):
        clean(read_text_file(path, max_bytes=5_000_000))


def test_nesting_below_the_limit_is_read_without_recursion(tmp_path: Path) -> None:
    # 900 levels of <section><p>..: the old recursive walk hit RecursionError here.
    body = "".join(f"<section><p>第{i}段讲评估。</p>" for i in range(900))
    html = f"<html><body>{body}{'</section>' * 900}</body></html>"
    assert html_depth(html) == 902  # html, body, 900 sections
    path = tmp_path / "nested.html"
    path.write_text(html, encoding="utf-8")
    doc = clean(read_text_file(path, max_bytes=5_000_000))
    assert doc.text.count("段讲评估") >= 899  # the first may become the title


def test_implicitly_closed_paragraphs_do_not_count_as_depth() -> None:
    assert html_depth("<div>" + "<p>one<li>two<br>" * 5000 + "</div>") == 1


def test_one_bad_file_in_a_folder_is_skipped_and_the_others_added(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text("# 评估\n\n离线评估看召回率，上线后看留存。", encoding="utf-8")
    (folder / "b.txt").write_text("Click-through rate is an online metric.", encoding="utf-8")
    (folder / "deep.html").write_text(_deep(2000), encoding="utf-8")
    settings = Settings(home=tmp_path / "home", chunk_tokens=40, chunk_overlap_tokens=8)
    report = ingest([folder], settings)
    assert report.files_read == 2
    reasons = {Path(name).name: str(why) for name, why in report.skipped}
    assert "levels deep" in reasons["deep.html"]


# --- item 3: linear chunking and a bound on one file's cost ---------------------------


def test_a_long_line_without_sentence_ends_is_chunked_in_linear_time() -> None:
    import time

    text = "产品经理需要理解模型能力边界" * 15000  # 210,000 characters, no sentence end
    started = time.perf_counter()
    doc = Document("long.txt", "长文", text)
    chunks = chunk_document(doc, budget=200, overlap=20, max_chunks=5000)
    took = time.perf_counter() - started
    assert "".join(c.text for c in chunks).count("产品经理") >= 15000
    # A generous bound that only a quadratic split breaks (about 3.5 s here on a
    # loaded machine; re-tokenising the rest for every piece takes minutes).
    assert took < 30, took


def test_a_file_that_would_cost_too_many_chunks_is_refused() -> None:
    text = "。".join(f"第{i}句话讲的是模型评估和数据标注的流程" for i in range(3000))
    with pytest.raises(UnreadableFile, match="chunks"):
        chunk_document(Document("big.txt", "大文件", text), budget=40, overlap=8, max_chunks=50)


# --- item 4: encodings and file names ---------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_decoded_not_called_binary(codec: str) -> None:
    data = "AI product managers: 需求、数据、评估。 Metrics first.".encode(codec)
    text, encoding = decode(data)
    assert text.startswith("AI product")
    assert "数据" in text
    assert encoding == "utf-16"


def test_true_binary_is_still_refused() -> None:
    with pytest.raises(UnreadableFile, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_a_file_name_with_invalid_utf8_bytes_is_skipped_and_the_others_added(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/\xff\xfebad-name.txt", "wb") as handle:
        handle.write("推荐系统需要实时数据。".encode())
    (folder / "good.txt").write_text("离线评估看召回率，上线后看留存。", encoding="utf-8")
    report = ingest([folder], Settings(home=tmp_path / "home", chunk_tokens=40))
    assert report.files_read == 1
    [(name, why)] = report.skipped
    name.encode("utf-8")  # printable: no lone surrogates left
    assert "bad-name.txt" in name
    assert "not valid UTF-8" in str(why)
