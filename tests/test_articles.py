"""One table of corpus article titles (``coach.articles``): the manifest's titles are
the titles ingest gives the articles' chunks, an unlisted article is read for its own,
and a changed manifest is noticed."""

from __future__ import annotations

import json
import os
from pathlib import Path

from coach.articles import article_title, article_titles
from coach.cleaning import clean
from coach.reading import read_text_file
from coach.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"


def test_manifest_titles_are_the_titles_ingest_reads() -> None:
    titles = article_titles(CORPUS)
    articles = sorted(p for p in CORPUS.iterdir() if p.name != "manifest.json")
    assert set(titles) == {p.name for p in articles}
    for path in articles:
        assert titles[path.name] == clean(read_text_file(path, max_bytes=10**7)).title


def test_bank_and_drills_name_articles_from_the_same_table() -> None:
    from coach.drills.library import source_title
    from coach.interview import QuestionBank

    question = next(q for q in QuestionBank.load().questions if q.key_points)
    point = question.key_points[0]
    rubric = question.rubric("zh")
    assert rubric.key_points[0].title == article_title(point.source) != ""
    assert source_title(point.source) == article_title(point.source)


def test_an_unlisted_article_is_read_and_a_changed_manifest_is_noticed(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Metrics that matter\n\nSome text.\n", "utf-8")
    (tmp_path / "b.md").write_text("# Old title\n\nMore text.\n", "utf-8")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"articles": [{"file": "b.md", "title": "Listed"}]}), "utf-8")
    assert article_titles(tmp_path) == {"a.md": "Metrics that matter", "b.md": "Listed"}
    manifest.write_text(json.dumps({"articles": [{"file": "b.md", "title": "Renamed"}]}), "utf-8")
    later = manifest.stat().st_mtime_ns + 1_000_000_000
    os.utime(manifest, ns=(later, later))
    assert article_title("b.md", tmp_path) == "Renamed"
    assert article_title("missing.md", tmp_path) == ""
