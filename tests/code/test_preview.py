"""Preview mode (`make apercu`, PMO_APERCU=1): the edition being prepared shows as current on the PMO's machine only.

« brouillon » is « complet » plus a draft edition holding a draft version (tests/support.py, add_draft_edition),
built twice: as published (no PMO_APERCU) and as the PMO's preview.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2
import pytest

from macros.adapters import settings
from macros.adapters.preview import ThemeListing, native_file_events
from macros.adapters.settings import POLLING_ENV
from macros.site.plan import generate
from tests.support import DRAFT_EDITION, DRAFT_ITEM, DRAFT_STANDARD, DRAFT_VERSION, PROJECT, TODAY, FixtureProject, page_text, session_cache

BANNER = "Aperçu : version en préparation"
DRAFT_PAGES = (f"editions/{DRAFT_EDITION}/index.html", f"standards/{DRAFT_STANDARD}/{DRAFT_VERSION}/index.html")


def test_the_draft_is_valid_and_current_only_in_preview(brouillon: FixtureProject) -> None:
    public, preview = brouillon.load(), brouillon.load(preview=True)
    assert public.errors == [] and public.warnings == []
    assert preview.errors == []
    assert [(e.id, e.status) for e in public.catalog.editions][-1] == (DRAFT_EDITION, "draft")
    assert public.catalog.current_edition().id == "2024.2"  # type: ignore[union-attr]
    assert preview.catalog.current_edition().id == DRAFT_EDITION  # type: ignore[union-attr]
    public_files = {f.src for f in generate(public, session_cache())}
    preview_files = {f.src for f in generate(preview, session_cache())}
    assert f"editions/{DRAFT_EDITION}.md" not in public_files and f"editions/{DRAFT_EDITION}.md" in preview_files
    assert f"standards/{DRAFT_STANDARD}/{DRAFT_VERSION}/index.md" in preview_files - public_files


def test_public_build_never_shows_the_draft(brouillon_public: Path) -> None:
    site = brouillon_public
    for page in DRAFT_PAGES:
        assert not (site / page).exists(), page
    assert not (site / f"modeles/kit-modeles-{DRAFT_EDITION}.zip").exists()
    assert "Édition du référentiel en vigueur : 2024.2" in page_text(site, "index.html")
    current = page_text(site, f"standards/{DRAFT_STANDARD}/index.html")
    assert "v1.0.0" in current and DRAFT_ITEM not in current
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert BANNER not in text and DRAFT_ITEM not in text and DRAFT_EDITION not in text, page


def test_preview_build_shows_the_draft_as_current(brouillon_apercu: Path) -> None:
    site = brouillon_apercu
    for page in DRAFT_PAGES:
        assert (site / page).is_file(), page
    assert "Édition du référentiel en vigueur : 2024.3" in page_text(site, "index.html")
    assert "Édition en préparation (aperçu)." in page_text(site, f"editions/{DRAFT_EDITION}/index.html")
    current = page_text(site, f"standards/{DRAFT_STANDARD}/index.html")
    assert f"v{DRAFT_VERSION}" in current and BANNER in current and DRAFT_ITEM in current
    # The draft's item reaches the gate it belongs to, and the kit of the edition being prepared exists.
    assert DRAFT_ITEM in (site / "listes-de-controle/feu-vert-execution/index.html").read_text(encoding="utf-8")
    assert (site / f"modeles/kit-modeles-{DRAFT_EDITION}.zip").is_file()
    # The published versions stay online in preview too.
    assert (site / f"standards/{DRAFT_STANDARD}/1.0.0/index.html").is_file()


# --- the preview served: `make apercu` (mkdocs serve --dirty) ---------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return 0, ""


def _wait(url: str, ready: Callable[[int, str], bool], timeout: float = 600) -> tuple[int, str]:
    """Poll url until ready(status, body); the machine may be busy, so the timeout is generous (no speed is tested)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = _get(url)
        if ready(status, body):
            return status, body
        time.sleep(0.2)
    raise AssertionError(f"{url} : toujours pas prêt après {timeout} s (statut {status})")


class _Served:
    """`mkdocs serve --dirty` of a project in preview mode, its log read as it comes (the pages each build wrote)."""

    def __init__(self, project: FixtureProject) -> None:
        self.url = f"http://127.0.0.1:{_free_port()}/"
        env = {**os.environ, "PYTHONPATH": str(PROJECT), "NO_MKDOCS_2_WARNING": "1", "PMO_APERCU": "1", "PMO_TODAY": TODAY.isoformat()}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--verbose", "-a", self.url[7:-1], "-f", str(project.root / "mkdocs.yml")],
            cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def pages(self) -> dict[str, int]:
        """Every page of the served site (in the folder `mkdocs serve` builds into), with the time it was last written."""
        found = [line.split("'site_dir' = ")[1].strip("'") for line in self.lines if "Config value 'site_dir' = " in line]
        site = Path(found[-1])
        return {page.relative_to(site).as_posix(): page.stat().st_mtime_ns for page in site.rglob("*.html")}

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self._reader.join(timeout=60)
        assert self.process.stdout is not None
        self.process.stdout.close()


@pytest.fixture
def served(brouillon: FixtureProject, tmp_path: Path) -> Iterator[tuple[FixtureProject, _Served]]:
    project = FixtureProject(brouillon.root).copy(tmp_path / "apercu")
    server = _Served(project)
    try:
        _wait(server.url, lambda status, _: status == 200)
        yield project, server
    except AssertionError as failure:
        raise AssertionError(f"{failure}\n" + "\n".join(line for line in server.lines if "DEBUG" not in line)) from None
    finally:
        server.close()


def test_the_preview_rebuilds_the_pages_whose_content_changed(served: tuple[FixtureProject, _Served]) -> None:
    project, server = served
    page = server.url + f"standards/{DRAFT_STANDARD}/"
    assert DRAFT_ITEM in _get(page)[1]
    # A save is told by the system (inotify here), not found by MkDocs' polling every half second.
    assert any("Aperçu : modifications signalées par le système (InotifyObserver)" in line for line in server.lines)
    mark, before = len(server.lines), server.pages()
    project.edit(f"standards/{DRAFT_STANDARD}/{DRAFT_VERSION}.yaml", "Tenir une revue mensuelle", "Tenir une revue mensuelle, courte,")
    _wait(page, lambda _, body: "Tenir une revue mensuelle, courte," in body)
    _wait(server.url, lambda *_: any("Reloading browsers" in line for line in server.lines[mark:]))
    # One save, one build: the files the build reads do not start another one (the system tells reads too).
    time.sleep(1.5)
    assert sum("Detected file changes" in line for line in server.lines[mark:]) == 1, server.lines[mark:]
    after = server.pages()
    assert after.keys() == before.keys()
    written = {page for page, when in after.items() if when != before[page]}
    # The draft's pages and the pages that show its items (the roles of its RACI row: R and A); not the other standard, a
    # role that neither does nor approves one, a
    # hand-written page (the home page shows the lifecycle, drawn from the data: it is rebuilt when the data changes).
    assert {f"standards/{DRAFT_STANDARD}/index.html", f"standards/{DRAFT_STANDARD}/{DRAFT_VERSION}/index.html",
            "listes-de-controle/feu-vert-execution/index.html"} <= written
    assert not written & {"standards/suivi-des-actions/index.html", "roles/bureau-pmo/index.html",
                          "guides/preparer-une-revue/index.html", "tutoriels/index.html"}
    assert len(written) < len(before) / 4, sorted(written)
    # The search index still holds every page, rebuilt or not.
    index = json.loads(_get(server.url + "search/search_index.json")[1])
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"standards/suivi-des-actions/", "guides/preparer-une-revue/", f"standards/{DRAFT_STANDARD}/"} <= locations
    assert any("courte" in doc["text"] for doc in index["docs"])


def test_the_preview_can_keep_polling_a_shared_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """PMO_APERCU_SONDAGE=1 (a folder shared from another machine): MkDocs' own polling observer is kept."""
    class Server:
        observer = "l'observateur de MkDocs"

    monkeypatch.setenv(POLLING_ENV, "1")
    server = Server()
    assert native_file_events(server, ["docs"], polling=settings.polling()) is server
    assert server.observer == "l'observateur de MkDocs"


def test_the_preview_lists_the_installed_theme_once_and_the_project_overrides_each_time(tmp_path: Path) -> None:
    own, installed = tmp_path / "overrides", tmp_path / "material"
    for folder in (own, installed):
        folder.mkdir()
        (folder / "base.html").write_text("x", encoding="utf-8")
    listing = ThemeListing()

    def listed() -> list[str]:  # a rebuild makes a new environment
        env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(own), str(installed)]))
        listing.install(env, str(own))
        return env.list_templates()

    assert listed() == ["base.html"]
    (own / "extra.css").write_text("x", encoding="utf-8")
    (installed / "icon.svg").write_text("x", encoding="utf-8")
    assert listed() == ["base.html", "extra.css"]


def test_the_preview_shows_a_french_error_page_while_the_data_is_invalid(served: tuple[FixtureProject, _Served]) -> None:
    project, server = served
    page = server.url + f"standards/{DRAFT_STANDARD}/"
    draft = f"standards/{DRAFT_STANDARD}/{DRAFT_VERSION}.yaml"
    project.edit(draft, "    R: [pilote]\n", "    R: [pilot]\n")
    _, body = _wait(page, lambda status, _: status == 404)
    assert "<title>Données du référentiel invalides" in body
    assert f"{draft}:" in body and "pilot" in body
    # Every address answers the same page, with the same errors.
    assert "Données du référentiel invalides" in _get(server.url + "guides/preparer-une-revue/")[1]
    project.edit(draft, "    R: [pilot]\n", "    R: [pilote]\n")
    _, body = _wait(page, lambda status, _: status == 200)
    assert DRAFT_ITEM in body and "Données du référentiel invalides" not in body
