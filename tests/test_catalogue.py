"""The message catalogue (``coach.catalogue``): one format for every bilingual text,
checked when it is read, and no language pair left written inline in the UI or the
drills."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.catalogue import CatalogueError, catalogue, fields, parse
from coach.settings import PROJECT_ROOT

DOMAINS = ("ui", "drills")
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_domain_loads_with_both_languages(domain: str) -> None:
    texts = catalogue(domain)
    assert len(texts) > 20
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


def test_no_language_pair_is_written_inline_in_the_ui_or_the_drills() -> None:
    inline = re.compile(r"if zh else|if lang == .zh. else|if lang == \"zh\":")
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{n}"
        for folder in ("coach/ui", "coach/drills")
        for path in sorted(Path(PROJECT_ROOT, folder).glob("*.py"))
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if inline.search(line) and "other: Language" not in line
    ]
    assert found == []
