"""Fixtures shared by every test: the fixture project « complet » built once per session, its variant with an
edition in preparation (built public and in preview), a fresh copy to break, and the browser."""
from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import (
    CHROMIUM,
    CHROMIUM_MISSING,
    SHARED_ENV,
    VARIANT_COLUMNS,
    FixtureProject,
    add_draft_edition,
    built_once,
    chromium,
    serve,
    with_categories_and_criteria,
)


def pytest_configure(config: pytest.Config) -> None:
    """For the whole run (pytest-xdist's workers inherit the environment of the process that starts them):
    - one download cache for every build (PMO_CACHE): its key is the code and every input of a file, so the many copies of
      « complet » share their PDFs instead of making each again; a PMO_CACHE set outside is kept as it is;
    - one folder of the things made once and only read after (SHARED_ENV), so that two workers never build them twice."""
    if hasattr(config, "workerinput"):
        return
    if not os.environ.get("PMO_CACHE"):
        os.environ["PMO_CACHE"] = tempfile.mkdtemp(prefix="pmo-cache-tests-")
        config.add_cleanup(lambda: shutil.rmtree(os.environ.pop("PMO_CACHE"), ignore_errors=True))
    os.environ[SHARED_ENV] = tempfile.mkdtemp(prefix="pmo-tests-partage-")
    config.add_cleanup(lambda: shutil.rmtree(os.environ.pop(SHARED_ENV), ignore_errors=True))


# Files whose tests read one thing that costs minutes to make (the fixture, or one built on it, a parameter in the file):
# one work unit of pytest-xdist, so that they run in one worker one after the other and no worker waits while another
# makes it. Every other unit is one file (its module fixtures, a built project or a browser, are then made once).
SHARED_FIXTURES = {"site-reel": re.compile(r"\breal_(?:site|url):"), "site-hostile": re.compile(r"\bhostile: FixtureProject\b|\bhostile_url:")}


@functools.cache
def work_unit(file: str) -> str:
    """The work unit of a test file: the group of the costly fixture it reads, or itself."""
    text = (Path(__file__).resolve().parent.parent / file).read_text(encoding="utf-8")
    return next((group for group, used in SHARED_FIXTURES.items() if used.search(text)), file)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """-n auto: one worker more than the processors (at most 4): while one waits (for a browser, a served page, a command,
    the real site another worker builds), the others keep every processor busy."""
    return min((os.cpu_count() or 1) + 1, 4)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """pytest-xdist's work units by file (--dist loadfile), the files of SHARED_FIXTURES together. The largest unit is sent
    first (pytest-xdist's default order): the real site is built while the other worker runs the code tests."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling  # noqa: PLC0415 - only under pytest-xdist

    class SharedFixtureScheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid.split("::", maxsplit=1)[0])

    return SharedFixtureScheduling(config, log)


@pytest.fixture(scope="session")
def complet(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """tests/projects/complet, copied and built once, strictly and without a warning; tests only read it."""
    return built_once(tmp_path_factory, "complet", FixtureProject.named("complet").copy)


@pytest.fixture
def complet_copy(tmp_path: Path) -> FixtureProject:
    """A fresh copy of tests/projects/complet, not built, that the test may change or break."""
    return FixtureProject.named("complet").copy(tmp_path / "complet")


@pytest.fixture(scope="session")
def variante(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """« complet » built once with what the templates and status tests look at: the actions register gains money columns
    and a computed one, and edition 2024.2 publishes suivi-des-actions 1.1.0 ahead of its date (for 14 October 2024)."""
    def prepare(root: Path) -> FixtureProject:
        project = FixtureProject.named("complet").copy(root)
        project.edit("standards/suivi-des-actions/1.1.0.yaml", "effective_from: 2024-09-16", "effective_from: 2024-10-14")
        project.edit("standards/suivi-des-actions/1.1.0.yaml", "      - name: Échéance\n        type: date\n",
                     "      - name: Échéance\n        type: date\n" + VARIANT_COLUMNS)
        return project.relock()

    return built_once(tmp_path_factory, "variante", prepare)


@pytest.fixture(scope="session")
def brouillon(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """« complet » with an edition in preparation holding a draft version (see add_draft_edition); not built."""
    return add_draft_edition(FixtureProject.named("complet").copy(tmp_path_factory.mktemp("brouillon")))


@pytest.fixture(scope="session")
def brouillon_public(brouillon: FixtureProject) -> Path:
    """The public build of « brouillon »: what every reader sees."""
    return brouillon.build(brouillon.root / "site-public")


@pytest.fixture(scope="session")
def brouillon_apercu(brouillon: FixtureProject) -> Path:
    """The PMO's preview build of « brouillon » (PMO_APERCU=1, as `make apercu`)."""
    return brouillon.build(brouillon.root / "site-apercu", {"PMO_APERCU": "1"})


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Debian chromium per test module, driven by Playwright."""
    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(CHROMIUM_MISSING)
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def complet_url(complet: FixtureProject) -> Iterator[str]:
    """The built « complet » site served on 127.0.0.1, on a free port."""
    assert complet.site is not None
    with serve(complet.site) as url:
        yield url


@pytest.fixture(scope="session")
def dossier_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """« complet » with what the gate file needs to show everything (support.with_categories_and_criteria), built once."""
    project = built_once(tmp_path_factory, "dossier", lambda root: with_categories_and_criteria(FixtureProject.named("complet").copy(root)))
    assert project.site is not None
    return project.site


@pytest.fixture(scope="module")
def dossier_url(dossier_site: Path) -> Iterator[str]:
    """The gate file's site served on 127.0.0.1, on a free port."""
    with serve(dossier_site) as url:
        yield url


@pytest.fixture(scope="session")
def adapte(tmp_path_factory: pytest.TempPathFactory) -> FixtureProject:
    """tests/projects/adapte (« complet » with categories, characteristics, an item of some projects that is also a gate's
    criterion, deciders per category, a light template and an escalating risk matrix), copied and built once; tests only
    read it."""
    return built_once(tmp_path_factory, "adapte", FixtureProject.named("adapte").copy)


@pytest.fixture
def adapte_copy(tmp_path: Path) -> FixtureProject:
    """A fresh copy of tests/projects/adapte, not built, that the test may change or break."""
    return FixtureProject.named("adapte").copy(tmp_path / "adapte")


@pytest.fixture(scope="module")
def adapte_url(adapte: FixtureProject) -> Iterator[str]:
    """The built « adapte » site served on 127.0.0.1, on a free port."""
    assert adapte.site is not None
    with serve(adapte.site) as url:
        yield url
