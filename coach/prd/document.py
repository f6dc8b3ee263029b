"""A PRD as the critique sees it: cleaned blocks (headings and paragraphs) plus the
raw text, the language and a digest, loaded from a file (.md .txt .html .docx .pdf),
stdin or pasted text.

Everything a user can get wrong here (empty, binary, too large, unsupported type,
nothing recognisable left after cleaning) ends in one ``BadInput`` sentence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from coach.cleaning import Block, extract_blocks
from coach.errors import BadInput, os_reason
from coach.language import Language, detect_language
from coach.pdf import pdf_text
from coach.prd.docx import docx_markdown, is_docx
from coach.reading import (
    RawText,
    UnreadableFile,
    decode,
    is_pdf_file,
    printable_name,
    sniff_kind,
)
from coach.settings import Settings

_UNSUPPORTED = {
    ".doc",
    ".ppt",
    ".pptx",
    ".xls",
    ".xlsx",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".zip",
    ".exe",
    ".bin",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_PRODUCT_WORDS = re.compile(
    r"用户|产品|功能|需求|模型|数据|目标|上线|场景|客户|"
    r"\b(?:users?|products?|features?|requirements?|models?|data|goals?|launch|customers?)\b",
    re.IGNORECASE,
)
_MIN_LETTERS = 10  # about ten words or Chinese characters


@dataclass(frozen=True)
class PrdDocument:
    name: str
    title: str
    kind: str  # markdown | text | html | docx | pdf
    encoding: str
    blocks: tuple[Block, ...]
    raw: str  # decoded input before cleaning; hidden instructions are looked for here too
    lang: Language

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


def upload_limit(settings: Settings) -> int:
    return settings.max_upload_mb * 1_000_000


def load_path(path: Path, settings: Settings) -> PrdDocument:
    if not path.exists():
        raise BadInput(key="prd_no_file", path=printable_name(str(path)))
    if path.is_dir():
        raise BadInput(key="prd_is_folder", path=printable_name(str(path)))
    if path.suffix.lower() in _UNSUPPORTED:
        raise BadInput(key="prd_unsupported", name=printable_name(path.name), suffix=path.suffix)
    limit = upload_limit(settings)
    size = path.stat().st_size
    if size > limit:
        raise _too_large(path.name, size, settings)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(
            key="prd_cannot_read", name=printable_name(path.name), reason=os_reason(exc)
        ) from exc
    return load_bytes(data, path.name, settings)


def load_bytes(data: bytes, name: str, settings: Settings) -> PrdDocument:
    if len(data) > upload_limit(settings):
        raise _too_large(name, len(data), settings)
    if not data.strip():
        raise BadInput(key="prd_empty", name=printable_name(name))
    if is_docx(data):
        if not name.lower().endswith(".docx"):
            raise BadInput(key="prd_zip", name=printable_name(name))
        markdown = docx_markdown(data, name=name, max_bytes=upload_limit(settings))
        return _document(RawText(name, Path(name), markdown, "docx", "markdown"), kind="docx")
    if is_pdf_file(name, data):
        try:
            text = pdf_text(data)
        except UnreadableFile as exc:
            raise BadInput(key="prd_unreadable", name=printable_name(name), reason=exc) from exc
        return _document(RawText(name, Path(name), text, "pdf", "pdf"), kind="pdf")
    try:
        text, encoding = decode(data)
    except UnreadableFile as exc:
        raise BadInput(key="prd_unreadable", name=printable_name(name), reason=exc) from exc
    raw = RawText(name, Path(name), text, encoding, sniff_kind(Path(name), text))
    return _document(raw, kind=raw.kind)


def load_text(text: str, name: str = "pasted text", *, settings: Settings) -> PrdDocument:
    """Pasted text (the web UI's text box): same limits as a file."""
    return load_bytes(text.encode("utf-8"), name, settings)


def _too_large(name: str, size: int, settings: Settings) -> BadInput:
    return BadInput(
        key="prd_too_large",
        name=printable_name(name),
        size_mb=size / 1_000_000,
        limit_mb=settings.max_upload_mb,
    )


def _document(raw: RawText, *, kind: str) -> PrdDocument:
    if not raw.text.strip():
        raise BadInput(key="prd_empty", name=printable_name(raw.source))
    title, blocks = extract_blocks(raw, web_page=False)
    text = "\n".join(block.text for block in blocks)
    counted = f"{title}\n{text}"
    letters = len(_CJK.findall(counted)) + sum(len(w) for w in _LATIN_WORD.findall(counted)) // 4
    if letters < _MIN_LETTERS:
        raise BadInput(key="prd_too_little", name=printable_name(raw.source))
    if not _PRODUCT_WORDS.search(f"{title}\n{text}"):
        raise BadInput(key="prd_not_product", name=printable_name(raw.source))
    return PrdDocument(
        name=raw.source,
        title=title or Path(raw.source).stem,
        kind=kind,
        encoding=raw.encoding,
        blocks=tuple(blocks),
        raw=raw.text,
        lang=detect_language(text),
    )
