"""Shared fixtures: the project folder and one strict build of the real site per test session."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import PROJECT, mkdocs_build

@pytest.fixture(scope="session")
def project() -> Path:
    return PROJECT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once, strictly, into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(PROJECT / "mkdocs.yml", site, {"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Debian chromium per test module, driven by Playwright."""
    from tests.browser import CHROMIUM, chromium

    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium est absent : lancez « make test », qui l'installe (paquet Debian chromium)")
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def base(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1, on a free port."""
    from tests.browser import serve

    with serve(built_site) as url:
        yield url
