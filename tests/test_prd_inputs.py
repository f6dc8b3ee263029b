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
    assert "\n" not in message and message
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
    pdf = tmp_path / "prd.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    with pytest.raises(BadInput, match=r"'\.pdf' files are not supported"):
        load_path(pdf, Settings())
    assert "zip archive" in refused(b"PK\x03\x04rest", "notes.txt")
    assert "not a readable .docx" in refused(b"PK\x03\x04broken", "prd.docx")


def test_pasted_text_and_encodings() -> None:
    doc = load_text("## Data\nWe use 20,000 labelled support tickets from the last year.\n",
                    settings=Settings())
    assert doc.name == "pasted text" and doc.lang == "en"
    gbk = load_path(PRD / "zh_mediocre_gbk.txt", Settings())
    assert gbk.encoding == "gb18030" and gbk.lang == "zh" and "兜底" not in gbk.text
