"""Turn a file on disk into text, or say in one line why it cannot be read.

Articles arrive as UTF-8 or as GBK/GB18030 (common for Chinese pages saved on
Windows), or as PDF (text layer extracted by ``coach.pdf``); anything else, binary
files, empty files and oversized files are refused with a reason so that one bad
file never stops an ingest run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from coach.errors import BadInput, CoachError, os_reason

Kind = Literal["html", "markdown", "text", "pdf"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}
_HTML_SUFFIXES = {".html", ".htm"}
_MD_SUFFIXES = {".md", ".markdown"}


class UnreadableFile(BadInput):
    """A file that cannot be ingested; ``str(exc)`` is the one-line reason."""


@dataclass(frozen=True)
class RawText:
    source: str
    path: Path
    text: str
    encoding: str
    kind: Kind


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8, falling back to GB18030 (a superset of GBK); UTF-16
    (Windows Notepad's "Unicode") is recognised by its byte-order mark or by the
    zero bytes of its ASCII characters."""
    utf16 = _utf16_codec(data)
    if utf16:
        try:
            text = data.decode(utf16).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise UnreadableFile(key="bad_utf16") from None
        if _looks_binary(text):
            raise UnreadableFile(key="binary_control")
        return text, "utf-16"
    if b"\x00" in data[:8192]:
        raise UnreadableFile(key="binary_nul")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise UnreadableFile(key="binary_control")
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise UnreadableFile(key="not_text")


def _utf16_codec(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:8192]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    pairs = len(sample) // 2
    # ASCII text in UTF-16 has a zero in every other byte; binary formats do not.
    odd_zero = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0) / pairs
    even_zero = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0) / pairs
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def printable_name(name: str) -> str:
    """A file name as text that can be printed and stored: bytes that were not
    UTF-8 (kept by Python as lone surrogates) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control / len(sample) > 0.05


def is_pdf_file(name: str, data: bytes) -> bool:
    """Whether a file is meant to be a PDF: by its name, or by the header a PDF
    starts with (a misnamed PDF is read as one; a .pdf that is not says so)."""
    return name.lower().endswith(".pdf") or data.startswith(b"%PDF-")


def sniff_kind(path: Path, text: str) -> Kind:
    suffix = path.suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _MD_SUFFIXES:
        return "markdown"
    head = text.lstrip()[:4000].lower()
    # Saved pages often keep a .txt name; count tags to recognise them.
    tags = sum(head.count(t) for t in ("<div", "<p>", "<p ", "<html", "<body", "<article", "<h1"))
    if tags >= 3:
        return "html"
    return "text"


def read_text_file(path: Path, *, max_bytes: int, source: str | None = None) -> RawText:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(key="file_unopenable", reason=os_reason(exc)) from exc
    if size == 0:
        raise UnreadableFile(key="empty_file")
    if size > max_bytes:
        raise UnreadableFile(key="too_large", size_mb=size / 1e6, limit_mb=max_bytes / 1e6)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(key="file_unreadable", reason=os_reason(exc)) from exc
    if is_pdf_file(path.name, data):
        from coach.pdf import pdf_text

        text, encoding = pdf_text(data), "pdf"
        kind: Kind = "pdf"
    else:
        text, encoding = decode(data)
        kind = sniff_kind(path, text)
    if not text.strip():
        raise UnreadableFile(key="blank_file")
    return RawText(
        source=source or path.name,
        path=path,
        text=text,
        encoding=encoding,
        kind=kind,
    )


def discover(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, CoachError]]]:
    """Expand files and folders into candidate files; return (files, skipped-with-reason),
    each reason a keyed error so it can be said in the user's language."""
    files: list[Path] = []
    skipped: list[tuple[Path, CoachError]] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name.startswith("."):
                    continue
                if child.name == "manifest.json":
                    continue
                if not _utf8_name(child):
                    skipped.append(
                        (Path(printable_name(str(child))), UnreadableFile(key="bad_file_name"))
                    )
                elif child.suffix.lower() in TEXT_SUFFIXES:
                    files.append(child)
                else:
                    suffix = child.suffix or "none"
                    skipped.append((child, UnreadableFile(key="unsupported_type", suffix=suffix)))
        elif path.is_file() and not _utf8_name(path):
            skipped.append((Path(printable_name(str(path))), UnreadableFile(key="bad_file_name")))
        elif path.is_file():
            files.append(path)
        else:
            skipped.append((path, UnreadableFile(key="no_such_path")))
    return files, skipped
