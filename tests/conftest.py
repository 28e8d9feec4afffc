"""Shared fixtures: the project folder and one strict build of the real site per test session."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
    import shutil

    root.mkdir(parents=True, exist_ok=True)
    from macros.build import SOURCES

    for name in SOURCES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy(source, root / name)
    return root


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
