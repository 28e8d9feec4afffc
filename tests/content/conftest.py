"""Fixtures of the checks of the real content: the repository's own site, built once per session."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from macros.project import Loaded
from macros.site.download_cache import DownloadCache
from macros.site.plan import generate
from tests.support import PROJECT, REAL_SITE, build_real_site, load_project, made_once, serve


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per run; tests only read it."""
    return made_once(tmp_path_factory, REAL_SITE, build_real_site)


@pytest.fixture(scope="module")
def real_url(real_site: Path) -> Iterator[str]:
    """The real site served on 127.0.0.1, on a free port."""
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="session")
def upcoming() -> Loaded:
    """The référentiel as the edition in preparation makes it (the PMO's preview; the published one once it is), loaded
    once for the content checks."""
    loaded = load_project(PROJECT, preview=True)
    assert loaded.errors == []
    return loaded


@pytest.fixture(scope="session")
def upcoming_files(upcoming: Loaded) -> dict[str, bytes | str]:
    """Every page and download the edition in preparation generates (the function the build's hook calls), by path,
    generated once: without the editions' PDFs, which these checks do not read."""
    return {f.src: f.content for f in generate(upcoming, DownloadCache(None), documents=False)}
