import itertools
from pathlib import Path

from coach.chunking import chunk_document, sentences
from coach.cleaning import Document, Heading, clean
from coach.reading import read_text_file
from coach.tokens import count_tokens

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _docs() -> list[Document]:
    return [clean(read_text_file(p, max_bytes=5_000_000)) for p in sorted(CORPUS.glob("*.txt"))]


def test_chunks_fit_the_budget_and_point_at_their_text() -> None:
    for doc in _docs():
        chunks = chunk_document(doc, budget=120, overlap=20)
        assert chunks
        for chunk in chunks:
            assert chunk.tokens <= 120
            assert count_tokens(chunk.text) == chunk.tokens
            assert doc.text[chunk.start : chunk.end] == chunk.text
            assert chunk.source == doc.source
            assert chunk.title == doc.title
        assert len({c.id for c in chunks}) == len(chunks)


def test_ids_are_stable_and_content_derived() -> None:
    doc = _docs()[2]
    first = chunk_document(doc, budget=200, overlap=30)
    second = chunk_document(doc, budget=200, overlap=30)
    assert [c.id for c in first] == [c.id for c in second]
    edited = Document(doc.source, doc.title, doc.text.replace("产品愿景", "产品远景"), doc.headings)
    changed = {c.id for c in chunk_document(edited, budget=200, overlap=30)}
    assert changed != {c.id for c in first}
    assert len(changed & {c.id for c in first}) >= len(first) - 3


def test_neighbouring_chunks_overlap() -> None:
    doc = _docs()[2]
    chunks = chunk_document(doc, budget=150, overlap=40)
    same_section = [
        (a, b) for a, b in itertools.pairwise(chunks) if a.heading_path == b.heading_path
    ]
    assert same_section
    assert any(b.start < a.end for a, b in same_section)


def test_sentences_split_on_chinese_and_english_ends() -> None:
    text = "第一句。第二句！Third one. Fourth one? 第五；六"
    pieces = [text[s:e] for s, e in sentences(text)]
    assert pieces == ["第一句。", "第二句！", "Third one.", "Fourth one?", "第五；", "六"]


def test_heading_path_follows_nesting() -> None:
    text = "A\nintro text here.\nB\nbody of b.\nC\nbody of c."
    headings = [Heading(1, "A", 0), Heading(2, "B", 18), Heading(2, "C", 29)]
    doc = Document("s.md", "Doc", text, headings)
    chunks = chunk_document(doc, budget=16, overlap=0)
    paths = {c.heading_path for c in chunks}
    assert ("A", "B") in paths or ("A",) in paths
    assert all(p[0] == "A" for p in paths)


def test_a_sentence_longer_than_the_budget_is_cut() -> None:
    doc = Document("long.txt", "L", "很" * 2000, [])
    chunks = chunk_document(doc, budget=50, overlap=10)
    assert all(c.tokens <= 50 for c in chunks)
    assert "".join(c.text for c in chunks).count("很") >= 2000
