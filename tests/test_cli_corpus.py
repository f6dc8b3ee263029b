"""The `coach ingest` / `coach search` contract other tools rely on."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from coach.cli import main
from coach.settings import reset_settings


def test_search_json_hits(corpus_settings: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["search", "what metrics does an AI PM use to evaluate a model", "--json", "--k", "3"])
        == 0
    )
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 3
    for hit in hits:
        assert set(hit) == {"source", "chunk_id", "title", "text", "score"}
        # A corpus article's file, or one of the coach's notes (ingested beside them).
        assert re.fullmatch(r"00\d_[0-9a-f]{16}\.txt|[a-z0-9_-]+\.(zh|en)\.md", hit["source"])


def test_search_reads_queries_from_stdin(
    corpus_settings: object, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("召回率是什么\n\nKANO model for prioritising\n"))
    assert main(["search", "-", "--json", "--k", "2"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["query"] for line in lines] == ["召回率是什么", "KANO model for prioritising"]
    assert all(len(line["hits"]) == 2 for line in lines)


@pytest.mark.parametrize("stdin", ["", "\n  \n"])
def test_search_with_no_query_on_stdin_is_one_sentence(
    corpus_settings: object,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert main(["search", "-", "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no query on stdin" in captured.err


def test_search_human_output(corpus_settings: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "人才缺口"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[1] ")
    assert "score" in out
    # Under `coach --lang zh` the words around the hits are Chinese too.
    assert main(["--lang", "zh", "search", "人才缺口"]) == 0
    zh = capsys.readouterr().out
    assert "（得分 " in zh
    assert "(score " not in zh


def test_search_before_ingest_builds_the_index_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(
        "# 指标\n召回率衡量找全的能力。精确率衡量找准的能力。", encoding="utf-8"
    )
    monkeypatch.setenv("COACH_CORPUS_DIR", str(corpus))
    reset_settings()
    assert main(["search", "召回率", "--json"]) == 0
    captured = capsys.readouterr()
    assert "building it from" in captured.err
    # The coach's notes are built in too; the precision/recall note may come first.
    hits = json.loads(captured.out)
    assert "a.md" in [h["source"] for h in hits[:3]]
    assert any(h["source"].startswith("precision-recall.") for h in hits)


def test_ingest_prints_one_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "note.txt").write_text(
        "Prompt engineering matters for LLM products.", encoding="utf-8"
    )
    (folder / "empty.md").write_text("", encoding="utf-8")
    assert main(["ingest", str(folder)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == (
        "files read: 1, files skipped: 1, chunks added: 1, updated: 0, removed: 0, unchanged: 0"
    )
    assert "empty.md: empty file" in captured.err


@pytest.mark.parametrize("make", ["missing", "empty", "binary"])
def test_ingest_exits_2_when_no_given_file_could_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: str
) -> None:
    path = tmp_path / "x.txt"
    if make == "empty":
        path.write_text("", encoding="utf-8")
    elif make == "binary":
        path.write_bytes(b"\x00\x01\x02binary\x00" * 20)
    assert main(["ingest", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out.strip() == (
        "files read: 0, files skipped: 1, chunks added: 0, updated: 0, removed: 0, unchanged: 0"
    )
    assert f"skipped {path}" in captured.err
    assert (
        captured.err.strip().splitlines()[-1] == "coach: no file in the given paths could be read"
    )
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["search", "  "], "the query is empty"),
        (["search", "x", "--k", "0"], "--k must be between 1 and 50"),
        (["search", "-"], "needs --json"),
    ],
)
def test_bad_search_arguments_give_one_sentence(
    corpus_settings: object, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_unreachable_chroma_server_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COACH_CHROMA_URL", "http://127.0.0.1:9")
    reset_settings()
    assert main(["search", "召回率"]) == 3
    err = capsys.readouterr().err
    assert "cannot reach the Chroma server" in err
    assert "Traceback" not in err
