"""The message catalogue (``coach.catalogue``): one format for every bilingual text,
checked when it is read, and no language pair left written inline in the UI or the
drills."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from coach.catalogue import CatalogueError, catalogue, fields, parse
from coach.settings import PROJECT_ROOT

DOMAINS = ("ui", "drills", "interview", "prd", "errors")
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_domain_loads_with_both_languages(domain: str) -> None:
    texts = catalogue(domain)
    assert len(texts) >= 10
    for key in texts:
        zh, en = texts.pair(key)
        assert fields(zh) == fields(en), key
        assert not HAN.search(en), f"{domain}.{key} has Chinese in English: {en!r}"


def test_text_formats_in_the_language_asked() -> None:
    drills = catalogue("drills")
    assert drills.text("stage_heading", "zh", n=2, title="用户") == "第 2/9 步 · 用户"
    assert drills.text("stage_heading", "en", n=2, title="Users") == "Stage 2/9 · Users"
    with pytest.raises(KeyError):
        drills.text("no_such_key", "en")


@pytest.mark.parametrize(
    "source",
    [
        '[a]\nzh = "只有中文"\n',  # a language missing
        '[a]\nzh = "有 {n} 个"\nen = "there are {count}"\n',  # fields differ
        '[a]\nzh = ""\nen = "empty Chinese"\n',
        '[a]\nzh = "多余"\nen = "extra"\nfr = "en trop"\n',
    ],
)
def test_a_broken_file_is_refused(source: str) -> None:
    with pytest.raises(CatalogueError):
        parse("test", source)


# Modules that still choose between two inline texts; the list only shrinks.
LEFT_INLINE = {
    "coach/cli/chat.py",
    "coach/scoring/explain.py",
    "coach/scoring/judge.py",
    "coach/scoring/rubric.py",
    "coach/scoring/scorer.py",
}


def _is_text(node: ast.expr) -> bool:
    if isinstance(node, ast.IfExp):
        return _is_text(node.body)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value.strip() not in ("", "zh", "en")
    return isinstance(node, ast.JoinedStr)


def _inline_pairs(path: Path) -> list[int]:
    """Lines of ``"…" if <Chinese> else "…"`` (and ``if lang == "zh": return "…"``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.IfExp) and "zh" in ast.unparse(node.test):
            if _is_text(node.body) and _is_text(node.orelse):
                found.append(node.lineno)
        elif isinstance(node, ast.If) and "zh" in ast.unparse(node.test):
            first = node.body[0]
            if isinstance(first, ast.Return) and first.value is not None and _is_text(first.value):
                found.append(node.lineno)
    return found


def test_no_language_pair_is_written_inline() -> None:
    found = [
        f"{name}:{line}"
        for path in sorted(Path(PROJECT_ROOT, "coach").rglob("*.py"))
        if (name := str(path.relative_to(PROJECT_ROOT))) not in LEFT_INLINE
        for line in _inline_pairs(path)
    ]
    assert found == []


def test_the_inline_check_finds_a_pair(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text(
        "def f(zh: bool, lang: str, n: int) -> str:\n"
        '    a = "好" if zh else "good"\n'
        '    if lang == "zh":\n'
        '        return f"{n} 个"\n'
        '    return "en" if lang == "en" else "zh"\n',
        "utf-8",
    )
    assert sorted(_inline_pairs(source)) == [2, 3]
