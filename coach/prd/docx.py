"""Text of a .docx file with the standard library only (zipfile + ElementTree).

A .docx is a zip whose ``word/document.xml`` holds paragraphs (``w:p``) with a
style (``Heading1``…) and runs of text (``w:t``). Headings become Markdown ``#``
lines so the rest of the pipeline treats the file like a Markdown PRD.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from coach.errors import BadInput

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def is_docx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def docx_markdown(data: bytes, *, name: str, max_bytes: int) -> str:
    """Return the document's paragraphs as Markdown-ish text."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise BadInput(f"{name} is not a readable .docx file") from exc
    # The XML is compressed; refuse archives that inflate far past the upload limit.
    if info.file_size > 20 * max_bytes:
        raise BadInput(f"{name} is too large once unpacked")
    try:
        root = ElementTree.fromstring(archive.read(info))
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError) as exc:
        raise BadInput(f"{name} is not a readable .docx file") from exc
    body = root.find(f"{_W}body")
    if body is None:
        return ""
    lines: list[str] = []
    for node in body:
        if node.tag == f"{_W}p":
            lines.append(_paragraph(node))
        elif node.tag == f"{_W}tbl":
            for row in node.iter(f"{_W}tr"):
                cells = [_text(cell) for cell in row.iter(f"{_W}tc")]
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(line for line in lines if line.strip())


def _paragraph(node: ElementTree.Element) -> str:
    text = _text(node)
    style = node.find(f"{_W}pPr/{_W}pStyle")
    value = style.get(f"{_W}val", "") if style is not None else ""
    match = _HEADING_STYLE.match(value)
    if match and text:
        return "#" * min(int(match.group(1)), 6) + " " + text
    if value.lower() == "title" and text:
        return "# " + text
    if node.find(f"{_W}pPr/{_W}numPr") is not None and text:
        return "- " + text
    return text


def _text(node: ElementTree.Element) -> str:
    parts: list[str] = []
    for item in node.iter():
        if item.tag == f"{_W}t" and item.text:
            parts.append(item.text)
        elif item.tag in (f"{_W}tab", f"{_W}br"):
            parts.append(" ")
    return "".join(parts).strip()
