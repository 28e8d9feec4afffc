"""Fixtures of the checks of the real content: the repository's own site, built once per session."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import EPOCH, PROJECT, mkdocs_build, serve


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site (the repository's mkdocs.yml, docs/, standards/, quizzes/), built once, strictly, without a warning."""
    site = tmp_path_factory.mktemp("site-reel")
    result = mkdocs_build(PROJECT / "mkdocs.yml", site, {"SOURCE_DATE_EPOCH": EPOCH})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="module")
def real_url(real_site: Path) -> Iterator[str]:
    """The real site served on 127.0.0.1, on a free port."""
    with serve(real_site) as url:
        yield url
