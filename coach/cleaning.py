"""Clean a raw article into plain text with its heading structure.

Real pages come with site chrome: portal navigation, read counters, share and
recommendation widgets, ads for "free material packs", legal notices and a tail of
unrelated headlines. Cleaning works on *blocks* (headings and paragraphs): noise
blocks are dropped, and the article is cut where a trailer begins.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.reading import RawText, UnreadableFile
from coach.settings import get_settings

if TYPE_CHECKING:  # bs4 is imported where HTML is parsed: it is slow to import
    from bs4 import Tag


@dataclass(frozen=True)
class Block:
    text: str
    heading_level: int = 0  # 0 = paragraph, 1..6 = heading

    @property
    def is_heading(self) -> bool:
        return self.heading_level > 0


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    start: int  # character offset in Document.text


@dataclass
class Document:
    """A cleaned article: plain text plus where its headings are."""

    source: str
    title: str
    text: str
    headings: list[Heading] = field(default_factory=list)
    encoding: str = "utf-8"
    kind: str = "text"


# --- noise patterns ---------------------------------------------------------------

# Lines that are site chrome wherever they appear.
_CHROME = re.compile(
    r"""^(?:
        .{0,12}首页\s*>.*            # breadcrumb: 网易首页 > 网易号 > 正文
      | 分享至 | 申请入驻 | 举报 | 打开APP | 无障碍浏览.* | 进入关怀版
      | \d{1,6} | \d+\s*阅读\s*\d*\s*分钟? | 阅读\s*\d+
      | [-•·*]?\s*(?:点赞|收藏|转发|分享|关注|关注作者|作者其他文章|评论\(\d+\)|评论)
      | 点赞\s*\S?\s*收藏.* | \S*点赞.*收藏.*转发.*
      | (?:\#[^\s#]+\s*){2,}        # hashtag lines
      | [\w.+-]+@[\w-]+\.[\w.]+      # a bare e-mail address
      | 【摘要】.*                    # platform summary that repeats the opening
    )$""",
    re.VERBOSE,
)

# Where an article's trailer begins: everything from here on is dropped.
_TRAILER = re.compile(
    r"^(?:特别声明|相关推荐|热点推荐|猜你喜欢|推荐阅读|热门推荐|往期回顾|相关阅读|更多精彩|"
    r"Notice: The content above|【声明】|版权声明|免责声明|本文来源|文章来源)"
)

# Promotional blocks ("scan the QR code for a free material pack").
_AD = re.compile(
    r"二维码|免费领取|大礼包|学习资料包|资料包[:：]|安全链接|扫码|加微信|关注公众号|"
    r"完整版本链接获取|保证100%免费|点击领取"
)

_CONCLUSION = re.compile(
    r"^(?:[一二三四五六七八九十\d]+[、.．]\s*)?(?:总结|结语|写在最后|结论|小结|Conclusion|Summary)\b"
)

_HEADING_PATTERNS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"^[一二三四五六七八九十]+、\s*\S"), 2),
    (re.compile(r"^\d+\.\d+(?:\.\d+)?\s*\S"), 3),
    (re.compile(r"^\d+[.、．]\s*\S"), 3),
    (re.compile(r"^[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?\s*\S"), 2),
]
_SENTENCE_END = re.compile(r"[。！？；.!?;:：,，]$")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_MD_INLINE = re.compile(r"\*\*|__|(?<!\w)\*(?!\s)|`")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_WORDY = re.compile(r"[\w\u4e00-\u9fff]")
_NUMBERED = re.compile(r"^\d+[.、．]\s*\S")
_BULLET = re.compile(r"^(?:[-*+•·●▪]|\d+[.)])\s+")
_EMOJI_LEAD = re.compile(r"^[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?\s*")


_CJK = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(
    rf"(?<=[{_CJK}])\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+(?=[^\w\s])|(?<=[^\w\s])\s+(?=[{_CJK}])"
)


def normalise(text: str) -> str:
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()


def normalise_html(text: str) -> str:
    """HTML white space (source line breaks, indentation) is not content: fold it,
    and drop it between Chinese characters, where it would split words."""
    text = re.sub(r"\s+", " ", _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text)))
    return _CJK_GAP.sub("", text).strip()


# --- block extraction -------------------------------------------------------------

_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "svg",
    "iframe",
    "button",
    "link",
    "meta",
    "head",
    "select",
    "input",
    "template",
}
_WIDGET = re.compile(
    r"share|recommend|related|comment|sidebar|advert|\bads?\b|banner|toolbar|footer|"
    r"breadcrumb|navbar|hot-?list|login|subscribe|qrcode",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "li", "pre", "blockquote", "dt", "dd", "figcaption", "tr", "caption"}
_HEADING_TAGS = {f"h{i}": i for i in range(1, 7)}


# Start and end tags, for measuring how deep a page nests before parsing it.
_TAG_EDGE = re.compile(r"<(/?)([a-zA-Z][\w:-]{0,30})\b[^<>]{0,2000}?(/?)>")
# Elements that cannot hold text of their own, and elements that HTML closes by itself
# when the next one opens (``<p>a<p>b``): neither makes a page deeper.
_NO_DEPTH = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option",
}  # fmt: skip


def html_depth(html: str) -> int:
    """How deeply the elements of a page nest, measured on the markup in one linear
    pass (parsing a very deep page is itself quadratic, so this comes first)."""
    depth = deepest = 0
    for match in _TAG_EDGE.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _NO_DEPTH:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _html_blocks(html: str) -> tuple[str | None, list[Block]]:
    limit = get_settings().max_html_depth
    depth = html_depth(html)
    if depth > limit:
        raise UnreadableFile(key="html_too_deep", depth=depth, limit=limit)
    from bs4 import BeautifulSoup, Comment, Tag

    soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title")
    title = normalise_html(title_tag.get_text()) if title_tag else None
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for dropped in soup.find_all(list(_DROP_TAGS)):
        dropped.decompose()
    # Document order visits a parent before its children, so a widget inside a
    # dropped widget is skipped rather than searched for (``Tag.decomposed`` would
    # search the whole subtree for a tag of that name: quadratic on deep pages).
    dropped_ids: set[int] = set()
    widgets: list[Tag] = []
    for element in soup.find_all(True):
        if not isinstance(element, Tag):
            continue
        if id(element.parent) in dropped_ids:
            dropped_ids.add(id(element))
            continue
        classes: Any = element.get("class") or []
        listed = classes if isinstance(classes, list) else [classes]
        names = [str(element.get("id") or ""), *listed]
        attrs = " ".join(str(n) for n in names)
        style = str(element.get("style") or "").replace(" ", "")
        if (attrs.strip() and _WIDGET.search(attrs)) or "display:none" in style:
            dropped_ids.add(id(element))
            widgets.append(element)
    for element in widgets:
        element.decompose()
    blocks: list[Block] = []
    root = soup.body or soup
    _walk(root, blocks)
    return title, blocks


_CONTAINERS = {"div", "section", "article", "table", "ul", "ol"}
_BLOCKISH = _BLOCK_TAGS | set(_HEADING_TAGS)


def _nesting(root: Tag) -> tuple[set[int], set[int]]:
    """One pass over the tree: which elements hold a block or a container somewhere
    below them (ids), so the walk never searches a subtree."""
    from bs4 import Tag

    tags = [t for t in root.descendants if isinstance(t, Tag)]
    holds_block: set[int] = set()
    holds_container: set[int] = set()
    for tag in reversed(tags):  # every element comes after all of its descendants
        parent = tag.parent
        if parent is None:
            continue
        name = tag.name.lower()
        if name in _BLOCKISH or id(tag) in holds_block:
            holds_block.add(id(parent))
        if name in _BLOCKISH or name in _CONTAINERS or id(tag) in holds_container:
            holds_container.add(id(parent))
    return holds_block, holds_container


def _walk(root: Tag, out: list[Block]) -> None:
    """Blocks in document order, with an explicit stack (no recursion) and linear time."""
    from bs4.element import NavigableString, Tag

    holds_block, holds_container = _nesting(root)
    stack: list[tuple[Iterator[Any], list[str]]] = [(iter(root.children), [])]
    while stack:
        children, loose = stack[-1]
        child = next(children, None)
        if child is None:
            _flush(loose, out)
            stack.pop()
            continue
        if isinstance(child, NavigableString):
            loose.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _HEADING_TAGS:
            _flush(loose, out)
            text = normalise_html(child.get_text(" "))
            if text:
                out.append(Block(text, _HEADING_TAGS[name]))
        elif name in _BLOCK_TAGS:
            _flush(loose, out)
            if name == "tr":
                cells = [normalise_html(c.get_text(" ")) for c in child.find_all(["td", "th"])]
                text = " | ".join(c for c in cells if c)
            elif id(child) in holds_block:
                stack.append((iter(child.children), []))
                continue
            else:
                text = normalise_html(child.get_text(" "))
            if text:
                out.append(Block(text))
        elif name == "br":
            loose.append(" ")
        elif name == "img":
            continue
        elif id(child) in holds_container:
            _flush(loose, out)
            stack.append((iter(child.children), []))
        else:
            loose.append(child.get_text(" "))


def _flush(loose: list[str], out: list[Block]) -> None:
    text = normalise_html("".join(loose))
    if text:
        out.append(Block(text))
    loose.clear()


def _text_blocks(text: str, markdown: bool, numbered_headings: bool = False) -> list[Block]:
    blocks: list[Block] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or _TABLE_RULE.match(line):
            continue
        level = 0
        md_heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if md_heading:
            level, line = len(md_heading.group(1)), md_heading.group(2)
        elif re.fullmatch(r"\*\*[^*]{1,60}\*\*", line):
            level = 2  # a bold line on its own acts as a heading in pasted Markdown
        if numbered_headings and not level and _NUMBERED.match(line):
            # A PDF has lost its markup: there "1. 背景与问题" on a line of its own is a
            # section heading, not a list item. Keep the number; the heading rules decide.
            level = _implicit_heading_level(normalise(line))
        if not level:
            line = _BULLET.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_INLINE.sub("", line)
        if "|" in line and line.count("|") >= 2:
            line = " | ".join(c.strip() for c in line.strip("|").split("|") if c.strip())
        line = normalise(line)
        if not line:
            continue
        if not level:
            level = _implicit_heading_level(line)
        blocks.append(Block(line, level))
    return blocks


def _implicit_heading_level(line: str) -> int:
    """Numbered or emoji-led short lines without sentence punctuation are headings."""
    if len(line) > 40 or _SENTENCE_END.search(line) or "|" in line:
        return 0
    for pattern, level in _HEADING_PATTERNS:
        if pattern.match(line):
            return level
    return 0


# --- noise removal ----------------------------------------------------------------


def _is_chrome(block: Block) -> bool:
    return bool(_CHROME.match(block.text))


def _strip_front_chrome(blocks: list[Block]) -> list[Block]:
    """A read counter near the top means everything above it is the platform's header."""
    for i, block in enumerate(blocks[:6]):
        if re.fullmatch(r"\d+\s*阅读\s*\d*\s*分钟?|阅读\s*\d+.*", block.text):
            return blocks[i + 1 :]
    return blocks


def _cut_trailer(blocks: list[Block]) -> list[Block]:
    # Trailers sit after the article body: only look past its first third (by text).
    total = sum(len(b.text) for b in blocks)
    seen, half = 0, len(blocks)
    for i, block in enumerate(blocks):
        if seen >= total / 3:
            half = i
            break
        seen += len(block.text)
    for i in range(half, len(blocks)):
        if _TRAILER.match(blocks[i].text):
            return blocks[:i]
    # Promotion after the conclusion: cut at the first heading that follows it.
    for i, block in enumerate(blocks):
        if block.is_heading and _CONCLUSION.match(block.text) and i >= half:
            for j in range(i + 1, len(blocks)):
                if blocks[j].is_heading and any(_AD.search(b.text) for b in blocks[j:]):
                    return blocks[:j]
            break
    return blocks


def _with_words(blocks: list[Block]) -> list[Block]:
    """Drop decorative blocks (brackets, arrows, lone emoji) with no word in them."""
    return [b for b in blocks if _WORDY.search(b.text)]


def _drop_noise(blocks: list[Block]) -> list[Block]:
    # Removed ads leave decorations behind, so those go after them.
    kept = _with_words([b for b in blocks if not _is_chrome(b) and not _AD.search(b.text)])
    # Adjacent duplicates (a headline repeated as link text and as title).
    deduped: list[Block] = []
    for block in kept:
        if deduped and deduped[-1].text == block.text:
            continue
        deduped.append(block)
    return deduped


# --- front matter and title -------------------------------------------------------

_FRONT_MATTER = re.compile(r"^---\s*\n(.*?)\n---\s*\n", re.DOTALL)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and not key.startswith(" "):
            fields[key.strip()] = value.strip().strip("\"'")
    return fields, text.lstrip("\ufeff")[match.end() :]


def _clean_title(title: str) -> str:
    title = _EMOJI_LEAD.sub("", normalise(title))
    return title.strip("《》 ")


def _guess_title(blocks: list[Block]) -> tuple[str, bool]:
    """(title, whether it is a title line of the body) for a page with no metadata."""
    for i, block in enumerate(blocks[:5]):
        if block.is_heading or (len(block.text) <= 80 and not _SENTENCE_END.search(block.text)):
            return block.text, i == 0
    return (blocks[0].text[:60] if blocks else ""), False


# --- public API -------------------------------------------------------------------


def extract_blocks(raw: RawText, *, web_page: bool = True) -> tuple[str, list[Block]]:
    """Return (title, cleaned blocks) for a raw file.

    HTML markup says what is page furniture (nav, footer, share and recommendation
    widgets, hidden elements), so that goes in any case. ``web_page`` (articles for
    the corpus) also drops lines whose *text* looks like platform chrome or adverts,
    and the trailer. A user's own document (a PRD) keeps every line of its text:
    there "扫码分享" or "关注公众号" describe a feature, not an advert.
    """
    meta, body = _front_matter(raw.text)
    if raw.kind == "html":
        html_title, blocks = _html_blocks(body)
    else:
        html_title, blocks = (
            None,
            _text_blocks(
                body, markdown=raw.kind == "markdown", numbered_headings=raw.kind == "pdf"
            ),
        )
    if web_page:
        blocks = _strip_front_chrome(blocks)
        blocks = _cut_trailer(blocks)
        blocks = _drop_noise(blocks)
    else:
        blocks = _with_words(blocks)
    given = meta.get("title") or html_title
    guessed, title_line = _guess_title(blocks)
    title = _clean_title(given or guessed)
    # The title usually opens the body too; keep it once, as the document's title.
    # (A one-paragraph note keeps its only paragraph.)
    if len(blocks) > 1 and (title_line or given):
        first = _clean_title(blocks[0].text)
        if first in {title, title.replace(",", "，")} or (title and first.startswith(title[:12])):
            blocks = blocks[1:]
    return title, blocks


def clean(raw: RawText) -> Document:
    title, blocks = extract_blocks(raw)
    parts: list[str] = []
    headings: list[Heading] = []
    offset = 0
    for block in blocks:
        if block.is_heading:
            headings.append(Heading(block.heading_level, block.text, offset))
        parts.append(block.text)
        offset += len(block.text) + 1
    return Document(
        source=raw.source,
        title=title,
        text="\n".join(parts),
        headings=headings,
        encoding=raw.encoding,
        kind=raw.kind,
    )


def iter_heading_paths(doc: Document) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Yield (start offset, heading path) for each heading in document order."""
    stack: list[Heading] = []
    for heading in doc.headings:
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
        yield heading.start, tuple(h.title for h in stack)
