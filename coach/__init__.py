"""AIPM Coach: the library. Every feature works without the UI.

The layers, each using only the ones above it (plus the foundations)::

    foundations      settings, errors, language (zh/en, bilingual data texts),
                     datafiles (bundled TOML read one way, validated by pydantic)
    corpus           reading, pdf, cleaning, chunking, ingest
                     (corpus/ and coach/data/notes/ into chunks)
    retrieval        embeddings, index (Chroma), lexical (BM25), retrieval (fused),
                     relevance (answer / related reading / decline), citations
    model            llm (the configured chat model and its failures), prompts
                     (files in prompts/), tokens, budget, injection
    practice modes   chat, interview/ (session, bank, followup, personas, report),
                     drills/, prd/, scoring/ (one judgment shared by every mode)
    persistence      store (SQLite under COACH_HOME), transcript (a chat as Markdown)
    adapters         cli/ (parses and prints), ui/ (Gradio, imported only by app.py),
                     and the evals package beside this one; they only call the library

Persistence is listed after the practice modes because it keeps what they produce;
it imports nothing of theirs, and they save every turn through it. Recording
cassettes is a maintainer's tool and lives outside the shipped library.
CONTRIBUTING.md holds the same map and says how to add a question type, a drill,
a prompt or an eval case.
"""
