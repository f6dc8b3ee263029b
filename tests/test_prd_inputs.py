"""Inputs a user can get wrong end in one BadInput sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.errors import BadInput
from coach.prd import load_bytes, load_path, load_text
from coach.settings import Settings

PRD = Path(__file__).parent / "data" / "prd"


def refused(data: bytes, name: str = "prd.md", settings: Settings | None = None) -> str:
    with pytest.raises(BadInput) as info:
        load_bytes(data, name, settings or Settings())
    message = str(info.value)
    assert "\n" not in message
    assert message
    return message


def test_empty_and_blank() -> None:
    assert refused(b"") == "prd.md is empty"
    assert refused(b" \n\t\r\n ") == "prd.md is empty"


def test_binary() -> None:
    assert "binary" in refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 20)
    assert "binary" in refused(bytes(range(1, 32)) * 50)


def test_oversized_states_the_limit(tmp_path: Path) -> None:
    settings = Settings(max_upload_mb=1)
    big = ("## 数据\n" + "历史客服对话日志约 150 万条。" * 80_000).encode()
    assert "limit for a PRD is 1 MB" in refused(big, settings=settings)
    path = tmp_path / "big.md"
    path.write_bytes(big)
    with pytest.raises(BadInput, match=r"too large \(\d+\.\d MB; the limit for a PRD is 1 MB\)"):
        load_path(path, settings)


def test_no_recognisable_content() -> None:
    assert "no recognisable content" in refused(b"12345 !!! --- ### 2024-01-01 ???")
    html = b"<html><head><script>var a = 1;</script></head><body><nav>Home</nav></body></html>"
    assert "no recognisable content" in refused(html, "page.html")
    lorem = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. " * 5
    assert "does not read like a product document" in refused(lorem)


def test_files_that_are_not_prds(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="there is no file"):
        load_path(tmp_path / "missing.md", Settings())
    with pytest.raises(BadInput, match="is a folder"):
        load_path(tmp_path, Settings())
    slides = tmp_path / "prd.pptx"
    slides.write_bytes(b"PK\x03\x04slides")
    with pytest.raises(BadInput, match=r"'\.pptx' files are not supported; use .*\.pdf"):
        load_path(slides, Settings())
    pdf = tmp_path / "prd.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    with pytest.raises(BadInput, match=r"^prd\.pdf cannot be read as a PRD: damaged PDF"):
        load_path(pdf, Settings())
    assert "zip archive" in refused(b"PK\x03\x04rest", "notes.txt")
    assert "not a readable .docx" in refused(b"PK\x03\x04broken", "prd.docx")


def test_pasted_text_and_encodings() -> None:
    doc = load_text(
        "## Data\nWe use 20,000 labelled support tickets from the last year.\n", settings=Settings()
    )
    assert doc.name == "pasted text"
    assert doc.lang == "en"
    gbk = load_path(PRD / "zh_mediocre_gbk.txt", Settings())
    assert gbk.encoding == "gb18030"
    assert gbk.lang == "zh"
    assert "兜底" not in gbk.text


def test_feature_lines_that_look_like_adverts_are_kept() -> None:
    """Corpus cleaning drops "扫码" and "分享" lines as web-page adverts and chrome; in a
    PRD they are requirements, and the critique must see every one of them."""
    prd = "\n".join(
        [
            "# 拍照识植物 需求文档",
            "## 功能需求",
            "- P1：识别结果页生成带二维码的分享海报，好友扫码即可查看结果。",
            "- P2：关注公众号后推送每周植物知识。",
            "分享",
            "## 相关推荐",
            "识别结果页下方展示相似植物，用户点击可查看详情。",
        ]
    )
    doc = load_text(prd, settings=Settings())
    assert "好友扫码即可查看结果" in doc.text
    assert "关注公众号后推送每周植物知识" in doc.text
    assert "分享" in doc.text.splitlines()
    assert "相似植物" in doc.text
