"""Cleaning on each of the five articles: the noise goes, the content stays."""

from pathlib import Path

import pytest

from coach.cleaning import Document, clean
from coach.reading import RawText, read_text_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _doc(name: str) -> Document:
    return clean(read_text_file(next(CORPUS.glob(f"{name}_*.txt")), max_bytes=5_000_000))


CASES = {
    "000": {
        "title": "成为AI产品经理,要做哪些准备?从入门到精通的系统性指南",
        "kept": [
            "AI 产品经理是技术与商业的 “翻译官”",
            "召回率、F1 分数",
            "1000QPS 的实时推理",
            "用 No-Code 工具(如 Bubble)搭建一个智能对话机器人原型",
        ],
        "gone": [
            "网易首页",
            "申请入驻",
            "分享至",
            "特别声明",
            "Notice: The content above",
            "相关推荐",
            "健身博主",
            "曼联",
            "科技要闻",
            "无障碍浏览",
            "进入关怀版",
            "519文章数",
        ],
    },
    "001": {
        "title": "程序员视角:AI产品经理进阶之路——技术思维如何重塑产品领导力",
        "kept": ["在AI技术重构产品形态的今天", "起薪比传统PM高出30%-50%", "懂产品的技术布道者"],
        "gone": ["特训营(包更新)", "145 阅读"],
    },
    "002": {
        "title": "AI产品经理：职责、技能与行业洞察",
        "kept": [
            "定位产品方向：AI产品经理需要定义明确的产品愿景",
            "人才缺口高达6.8万",
            "跳槽或应聘AI PM普遍可比原岗位提升40%~60%的薪酬",
        ],
        "gone": ["**"],
    },
    "003": {
        "title": "技术人的第二曲线:AI产品经理成长手册",
        "kept": [
            "35岁危机真实存在",
            "计算机科学/数据科学/统计学相关本科以上学历",
            "三级过滤法:技术可行性→商业价值→伦理合规",
        ],
        "gone": [
            "【摘要】",
            "【声明】",
            "cloudbbs@huaweicloud.com",
            "作者其他文章",
            "评论(0)",
            "点赞 ➕ 收藏",
            "#AI产品经理养成",
            "---|",
        ],
    },
    "004": {
        "title": "2025最新AI产品经理零基础到进阶学习路线图,非常详细AI产品经理入门一篇搞定",
        "kept": ["AI产品经理区别于普通产品经理的地方", "突破型AI产品经理", "又懂需求边界"],
        "gone": [
            "layout: post",
            "<div",
            "<p>",
            "href=",
            "CSDN大礼包",
            "二维码",
            "免费领取",
            "资料包",
            "raphael-marker",
            "0基础小白入门指南",
            "学习路线",
            "👉",
        ],
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_article_is_cleaned(name: str) -> None:
    doc = _doc(name)
    case = CASES[name]
    assert doc.title == case["title"]
    for text in case["kept"]:
        assert text in doc.text, f"lost content: {text}"
    for text in case["gone"]:
        assert text not in doc.text, f"noise left: {text}"


def test_cleaning_keeps_most_of_each_article() -> None:
    # Cleaning must not eat the article: every cleaned text is still substantial.
    for name in CASES:
        assert len(_doc(name).text) > 2000, name


def test_headings_are_structure_not_markup() -> None:
    doc = _doc("000")
    titles = [h.title for h in doc.headings]
    assert "1.1 核心职责拆解" in titles
    assert all(doc.text[h.start : h.start + len(h.title)] == h.title for h in doc.headings)
    html_doc = _doc("004")
    assert any(h.title == "一、人工智能产业链结构" for h in html_doc.headings)


def test_html_whitespace_between_chinese_is_removed() -> None:
    doc = _doc("004")
    assert "人工智能产业链结构上可分为基础层（计算基础设施）" in doc.text


def _raw(text: str, kind: str = "text") -> RawText:
    return RawText(source="x.txt", path=Path("x.txt"), text=text, encoding="utf-8", kind=kind)  # type: ignore[arg-type]


def test_markdown_markers_are_stripped_and_headings_kept() -> None:
    doc = clean(
        _raw(
            "# Guide\n\n## Metrics\n\n**Recall** matters. See [docs](http://x).\n\n- item one\n",
            "markdown",
        )
    )
    assert doc.title == "Guide"
    assert "Recall matters. See docs." in doc.text
    assert "item one" in doc.text
    assert [h.title for h in doc.headings] == ["Metrics"]


def test_scripts_styles_and_widgets_are_dropped() -> None:
    html = """<html><head><title>T</title><style>.a{}</style></head><body>
    <nav>首页 登录</nav><script>var x = 1;</script>
    <article><h1>T</h1><p>正文第一段。</p><div class="share-box">分享到微信</div>
    <div class="recommend-list"><p>推荐文章</p></div><p>正文第二段。</p></article>
    <footer>版权所有</footer></body></html>"""
    doc = clean(_raw(html, "html"))
    assert doc.text == "正文第一段。\n正文第二段。"
