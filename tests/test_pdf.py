"""PDF articles and PRDs: text layer extracted, printing artefacts repaired, and
every PDF that cannot be read refused with one reason.

tests/data/pdf/zh_article.pdf and tests/data/prd/zh_plant_app.pdf were printed by
headless Chromium from tests/data/pdf/zh_article.source.html and
tests/data/prd/zh_plant_app.html (``chromium --headless --print-to-pdf``), the way
a user saves a web page or a wiki PRD as PDF; images_only.pdf holds a drawing and
no text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from coach.cleaning import clean
from coach.errors import BadInput
from coach.ingest import ingest
from coach.pdf import fold_radicals, unwrap
from coach.prd import critique, load_bytes, load_path
from coach.reading import UnreadableFile, discover, read_text_file
from coach.retrieval import Retriever
from coach.settings import Settings

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "pdf" / "zh_article.pdf"
RADICAL = re.compile(r"[\u2e80-\u2fdf]")


def read(path: Path) -> str:
    return read_text_file(path, max_bytes=10_000_000).text


def test_text_reads_as_the_page_it_was_printed_from() -> None:
    raw = read_text_file(ARTICLE, max_bytes=10_000_000)
    assert raw.encoding == "pdf"
    assert raw.kind == "pdf"
    lines = raw.text.splitlines()
    # Look-alike radicals are folded back: "一次性", "用户", not "⼀次性", "⽤⼾".
    assert not RADICAL.search(raw.text)
    assert "模型上线不是一次性事件" in raw.text
    assert "用户投诉率" in raw.text
    # Lines the page width broke are joined again; headings stay on their own line.
    assert "再逐步扩大到 20%、50% 和全量。" in raw.text
    assert "设计灰度发布方案：先对 5% 的用户开放新模型，观察核心指标" in raw.text
    for heading in ("一、灰度期间看哪些指标", "二、回滚预案", "三、复盘"):
        assert heading in lines


def _with_title(title: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(ARTICLE).pages:
        writer.add_page(page)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_the_title_comes_from_metadata_only_when_the_text_opens_with_it(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(_with_title("AI 产品的灰度发布与回滚"))
    doc = clean(read_text_file(path, max_bytes=10_000_000))
    assert doc.title == "AI 产品的灰度发布与回滚"
    assert doc.text.startswith("模型上线不是一次性事件")  # not repeated in the body
    path.write_bytes(_with_title("Microsoft Word - Doc1.docx"))
    assert clean(read_text_file(path, max_bytes=10_000_000)).title == "AI 产品的灰度发布与回滚"
    assert "Microsoft Word" not in read(path)


def test_radicals_and_wrapping_rules() -> None:
    assert fold_radicals("⽤⼾在结果⻚⾥看到⻓图") == "用户在结果页里看到长图"
    assert fold_radicals("（全角标点：不变）") == "（全角标点：不变）"
    page = "\n".join(
        [
            "这是一段很长的文字，它一直写到了页面的最右边，所以在这里被",
            "折断了。下一行接着写完。",
            "二、下一节",
            "短句也是一段。",
        ]
    )
    assert unwrap(page).splitlines() == [
        "这是一段很长的文字，它一直写到了页面的最右边，所以在这里被折断了。下一行接着写完。",
        "二、下一节",
        "短句也是一段。",
    ]


def _encrypted(path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(ARTICLE).pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_bytes(ARTICLE.read_bytes()[:4000]), "damaged PDF"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20), "damaged PDF"),
        (lambda p: p.write_bytes((DATA / "pdf" / "images_only.pdf").read_bytes()), "no text"),
        (lambda p: p.write_text("其实是一段文字", "utf-8"), "not a PDF"),
        (_encrypted, "password-protected"),
    ],
)
def test_unreadable_pdfs_are_refused_with_one_reason(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "article.pdf"
    make(path)
    with pytest.raises(UnreadableFile) as info:
        read(path)
    assert reason in str(info.value)
    assert "\n" not in str(info.value)


def test_a_pdf_article_is_ingested_and_found(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "灰度发布.pdf").write_bytes(ARTICLE.read_bytes())
    (folder / "scan.pdf").write_bytes((DATA / "pdf" / "images_only.pdf").read_bytes())
    assert sorted(p.name for p in discover([folder])[0]) == ["scan.pdf", "灰度发布.pdf"]
    settings = Settings(home=tmp_path / "home")
    report = ingest([folder], settings)
    assert report.files_read == 1
    assert report.added >= 1
    assert [(Path(name).name, "no text" in str(why)) for name, why in report.skipped] == [
        ("scan.pdf", True)
    ]
    hits = Retriever(settings).search("When should a model update be rolled back automatically?")
    assert hits[0].source == "灰度发布.pdf"
    assert "自动回滚阈值" in " ".join(h.text for h in hits)


def test_a_prd_saved_as_pdf_is_critiqued_like_its_html() -> None:
    settings = Settings()
    from_pdf = load_path(DATA / "prd" / "zh_plant_app.pdf", settings)
    from_html = load_path(DATA / "prd" / "zh_plant_app.html", settings)
    assert from_pdf.kind == "pdf"
    assert from_pdf.lang == "zh"
    assert from_pdf.title == from_html.title == "拍照识植物 App 需求文档"
    assert "当模型置信度低于 0.6 时" in from_pdf.text
    assert abs(critique(from_pdf).score - critique(from_html).score) <= 10


def test_a_bad_pdf_prd_is_one_sentence() -> None:
    with pytest.raises(BadInput, match=r"^scan\.pdf cannot be read as a PRD: PDF with no text"):
        load_bytes((DATA / "pdf" / "images_only.pdf").read_bytes(), "scan.pdf", Settings())
    with pytest.raises(BadInput, match="not a PDF"):
        load_bytes("# 标题\n正文".encode(), "prd.pdf", Settings())
