"""What the edges read from the environment: preview mode and the date of the checks. Nothing else reads it."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path


def preview() -> bool:
    """PMO_APERCU=1 (`make apercu`) shows the draft edition as current; the public build never does."""
    return os.environ.get("PMO_APERCU") == "1"


def polling() -> bool:
    """PMO_APERCU_SONDAGE=1: the preview polls the project's folders as MkDocs does, for a folder shared from another
    machine whose changes the system may not tell (see macros.adapters.preview.native_file_events)."""
    return os.environ.get(POLLING_ENV) == "1"


POLLING_ENV = "PMO_APERCU_SONDAGE"


def documents() -> bool:
    """PMO_SANS_PDF=1 builds without the editions' PDFs: the benchmark's scale builds measure the pages, the PDF apart."""
    return os.environ.get("PMO_SANS_PDF") != "1"


def today() -> dt.date:
    """Today's date; PMO_TODAY=AAAA-MM-JJ fixes it for reproducible checks and tests."""
    fixed = os.environ.get("PMO_TODAY")
    if not fixed:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(fixed)
    except ValueError:
        raise SystemExit(f"PMO_TODAY invalide « {fixed} » : une date AAAA-MM-JJ est attendue") from None


_EPOCH = "SOURCE_DATE_EPOCH"
_epoch_set: list[str] = []  # the value this process gave SOURCE_DATE_EPOCH, if it did


def date_builds(epoch: str) -> None:
    """The dates MkDocs writes (the sitemap's, the pages') follow the data: SOURCE_DATE_EPOCH, read by MkDocs when it
    dates them, is the current edition's date, unless the environment sets its own (a test, a packager)."""
    if os.environ.get(_EPOCH) is None or os.environ.get(_EPOCH) in _epoch_set:
        os.environ[_EPOCH] = epoch  # `mkdocs serve`: the next build follows an edition published meanwhile
        _epoch_set[:] = [epoch]


def fault_after() -> int | None:
    """PMO_TEST_KILL_AFTER=N kills the command at its Nth file operation: the tests prove every interruption recovers."""
    value = os.environ.get("PMO_TEST_KILL_AFTER")
    return int(value) if value and value.isdigit() else None


def cache_dir(project_root: Path) -> Path:
    """Where generated downloads (and the editions' PDFs) are cached: <project>/.cache/telechargements, or PMO_CACHE=<folder>.

    A cached file is keyed by the code and every input that shapes it, so one folder may serve several copies of the
    project (a CI cache, the test suite's copies) without ever giving one the other's file.
    """
    return _cache(project_root, "telechargements", shared_as=".")


def pages_cache_dir(project_root: Path) -> Path:
    """Where the pages' converted Markdown is cached (macros.adapters.rendered_pages): <project>/.cache/pages, or pages/ in
    PMO_CACHE; keyed like the downloads, by everything that shapes a page's HTML."""
    return _cache(project_root, "pages", shared_as="pages")


def _cache(project_root: Path, name: str, shared_as: str) -> Path:
    shared = os.environ.get("PMO_CACHE")
    return Path(shared) / shared_as if shared else project_root / ".cache" / name
