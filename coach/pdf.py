"""Text of a PDF, with pypdf (pure Python, no download).

A PDF stores glyphs placed on a page, not paragraphs, so the text that comes out
needs two repairs before it reads like the article it was printed from:

* Chinese fonts often map common characters to the look-alike radicals ("⼀"
  U+2F00 for "一", "⽤⼾" for "用户", "⻚" for "页"); those are folded back to the
  ordinary ideographs: by NFKC for the Kangxi radicals (for those blocks only, so
  full-width punctuation stays), by a table for the simplified radicals NFKC leaves
  alone, and for "⼾", whose NFKC form is the traditional "戶".
* Lines break where the page ends, in the middle of a sentence; a line that runs
  to the page width is joined to the next unless the next looks like a heading.

The document's title (its metadata, when that title also opens the text, so not
"Microsoft Word - Doc1") is passed on as front matter, which cleaning reads.

A damaged, password-protected or image-only PDF is refused with one reason.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata

from coach.reading import UnreadableFile

_RADICALS = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")
# Simplified radicals that are whole characters in simplified Chinese text.
_SIMPLIFIED = dict(
    zip(
        "⻅⻆⻉⻋⻓⻔⻙⻚⻛⻜⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳⼾",
        "见角贝车长门韦页风飞马鱼鸟卤麦黄黾齐齿龙龟户",
        strict=True,
    )
)
_CJK_EDGE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_SENTENCE_END = re.compile(r"[。！？；.!?;:：]$")
_FULL = 0.85  # a line at least this share of the page's usual width was wrapped


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def pdf_text(data: bytes) -> str:
    """The PDF's text, page after page, or ``UnreadableFile`` with the reason."""
    from pypdf import PdfReader

    if not is_pdf(data):
        raise UnreadableFile(key="not_a_pdf")
    # pypdf logs every repaired cross-reference; the reason we raise is enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile(key="pdf_encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str(reader.metadata.title or "") if reader.metadata else ""
    except UnreadableFile:
        raise
    except Exception as exc:  # pypdf raises a dozen types on malformed input
        raise UnreadableFile(key="pdf_damaged", name=type(exc).__name__) from exc
    text = "\n\n".join(unwrap(fold_radicals(page)) for page in pages).strip()
    if not text:
        raise UnreadableFile(key="pdf_no_text")
    title = " ".join(fold_radicals(title).split())
    if title and title in text.splitlines()[:10]:
        return f"---\ntitle: {title}\n---\n{text}"
    return text


def fold_radicals(text: str) -> str:
    def fold(match: re.Match[str]) -> str:
        radical = match.group()
        return _SIMPLIFIED.get(radical) or unicodedata.normalize("NFKC", radical)

    return _RADICALS.sub(fold, text)


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def unwrap(page: str) -> str:
    """Join the lines the page width broke; keep headings and blank lines apart."""
    lines = [line.strip() for line in page.splitlines()]
    widths = sorted(_width(line) for line in lines if line)
    if not widths:
        return ""
    usual = widths[int(len(widths) * 0.9)] if len(widths) >= 5 else widths[-1]
    out: list[str] = []
    wrapped = False  # did the previous line run to the page width?
    for line in lines:
        if not line:
            out.append("")
            wrapped = False
            continue
        heading_like = _width(line) < _FULL * usual and not _SENTENCE_END.search(line)
        if out and out[-1] and wrapped and not heading_like:
            glue = "" if _CJK_EDGE.match(out[-1][-1]) and _CJK_EDGE.match(line[0]) else " "
            out[-1] += glue + line
        else:
            out.append(line)
        wrapped = _width(line) >= _FULL * usual
    return "\n".join(out)
