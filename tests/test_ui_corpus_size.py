"""The status line's library size: articles and notes apart, and a learner's own
uploads counted for that learner only (another learner's are not even counted)."""

from __future__ import annotations

import shutil
from pathlib import Path

from coach.settings import Settings
from coach.ui.services import Services


def test_sizes_are_per_learner(corpus_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(corpus_home / "index", home / "index")
    services = Services(Settings(home=home))
    shared = services.corpus_size("alice")
    assert shared.articles == 5
    assert shared.notes >= 40  # a note in zh and en counts once
    assert shared.uploads == 0

    article = tmp_path / "my-notes.md"
    article.write_text("# Churn\n\nOur churn model flags accounts at risk each week.\n", "utf-8")
    services.ingest([article], lambda done, total, source: None, owner="alice")
    alice, bob = services.corpus_size("alice"), services.corpus_size("bob")
    assert alice.uploads == 1
    assert alice.chunks > shared.chunks
    assert bob == shared
