"""Shared fixtures: the project folder and one strict build of the real site per test session."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def mkdocs_build(config: Path, site_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a strict `mkdocs build` of one project; returns the finished process (output captured)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, cwd=config.parent, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}, check=False,
    )


def copy_project(root: Path) -> Path:
    """A copy of everything a build reads, so a test may break it without touching the repository."""
    from macros.build import copy_sources

    return copy_sources(PROJECT, root)


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
