"""The fixture projects of tests/projects/ themselves: valid, locked as `pmo publish` would lock them, small, and
copied so that a test never writes into the repository."""
from __future__ import annotations

from pathlib import Path

import pytest

from macros.catalog.lock import lock_text
from tests.support import PROJECT, PROJECTS, FixtureProject


def test_complet_is_valid_and_locked() -> None:
    project = FixtureProject.named("complet")
    loaded = project.load()
    assert [p.format() for p in loaded.problems] == []
    # Regenerate after a change of the lock's format: FixtureProject.named("complet").relock()
    assert project.read("standards/published.lock") == lock_text(loaded.catalog)
    counts = loaded.counts()
    assert (counts["standards"], counts["versions"], counts["roles"], counts["editions"]) == (2, 3, 3, 2)
    assert loaded.quizzes is not None and loaded.quizzes.parcours is not None
    assert [m.week for m in loaded.quizzes.parcours.modules] == [1, 2, 3, 4]


def test_complet_is_small_and_complete() -> None:
    root = PROJECTS / "complet"
    files = [p for p in root.rglob("*") if p.is_file() and "assets" not in p.relative_to(root).parts]
    assert len(files) < 40, len(files)
    for needed in ("mkdocs.yml", "docs/index.md", "includes/abbreviations.md", "standards/lifecycle.yaml", "standards/editions.yaml",
                   "standards/published.lock", "quizzes/parcours.yaml"):
        assert (root / needed).is_file(), needed
    # The site's own scripts and styles are the repository's: a link, not a copy that could drift.
    assert (root / "docs/assets").is_symlink() and (root / "docs/assets").resolve() == PROJECT / "docs/assets"


def test_a_copy_builds_from_anywhere_and_the_original_is_never_built(tmp_path: Path) -> None:
    original = FixtureProject.named("complet")
    copy = original.copy(tmp_path / "copie")
    config = copy.read("mkdocs.yml")
    assert "../" not in config
    assert f"custom_dir: {PROJECT / 'overrides'}" in config and f"- {PROJECT / 'macros/adapters/hooks.py'}" in config
    assert not copy.path("docs/assets").is_symlink() and copy.path("docs/assets/javascripts/quiz.js").is_file()
    with pytest.raises(AssertionError, match="copiez d'abord le projet"):
        original.build()
