from pathlib import Path

import pytest

from coach.reading import UnreadableFile, decode, discover, read_text_file, sniff_kind

LIMIT = 1_000_000


def test_gbk_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("AI产品经理需要理解召回率和精确率。".encode("gbk"))
    raw = read_text_file(path, max_bytes=LIMIT)
    assert raw.text == "AI产品经理需要理解召回率和精确率。"
    assert raw.encoding == "gb18030"


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff# 标题\n正文".encode())
    raw = read_text_file(path, max_bytes=LIMIT)
    assert raw.text.startswith("# 标题")
    assert raw.kind == "markdown"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (bytes([0x01, 0x02, 0x03, 0x04]) * 200, "binary"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=reason):
        read_text_file(path, max_bytes=LIMIT)


def test_huge_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * 2_000_001)
    with pytest.raises(UnreadableFile, match=r"too large \(2\.0 MB; the limit is 1\.0 MB\)"):
        read_text_file(path, max_bytes=LIMIT)


def test_undecodable_bytes_are_refused() -> None:
    # Valid in neither UTF-8 nor GB18030 (0xFF never starts a GB18030 sequence).
    with pytest.raises(UnreadableFile, match="UTF-8 or GBK"):
        decode(b"abc \xff\xfe\xff\xff end")


def test_saved_web_page_with_txt_name_is_html(tmp_path: Path) -> None:
    text = "<html><body><div><p>一</p><p>二</p><div>三</div></div></body></html>"
    assert sniff_kind(tmp_path / "page.txt", text) == "html"
    assert sniff_kind(tmp_path / "notes.txt", "普通文本\n第二行") == "text"


def test_discover_expands_folders_and_reports_unsupported(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>x</p>")
    (tmp_path / "c.exe").write_bytes(b"MZ")
    files, skipped = discover([tmp_path, tmp_path / "missing.txt"])
    assert sorted(p.name for p in files) == ["a.md", "b.html"]
    reasons = {p.name: str(r) for p, r in skipped}
    assert "unsupported" in reasons["c.exe"]
    assert reasons["missing.txt"] == "no such file or folder"
