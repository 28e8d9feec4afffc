"""MkDocs hooks: stop on invalid data, add the generated pages and downloads, extend the navigation. Thin."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import logging

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from macros.catalog import catalog_or_raise
from macros.download_cache import DownloadCache
from macros.problems import DataError
from macros.quizzes import load_quizzes
from macros.site import GeneratedFile, generate

# Where the generated sections go in the navigation, and their French titles.
NAV_AFTER = "Guides pratiques"
NAV_TUTORIALS = "Tutoriels"  # « Mon parcours » joins the hand-written tutorials
NAV_SECTIONS = {
    "standards": "Standards en vigueur",
    "checklists": "Listes de contrôle",
    "roles": "Rôles",
    "templates": "Modèles",
    "editions": "Éditions",
}
_generated: list[GeneratedFile] = []
_caches: dict[Path, DownloadCache] = {}
log = logging.getLogger("mkdocs.plugins.referentiel")


class DownloadFile(File):
    """A generated download; a .md template is a file to fetch, not a page to render."""

    def is_documentation_page(self) -> bool:
        return False


def on_config(config: Any) -> Any:
    """Load and check the référentiel, generate its pages, and add them to the navigation."""
    project = Path(config["config_file_path"]).parent
    try:
        catalog = catalog_or_raise(project / "standards")
        quizset = load_quizzes(project, catalog)
        if quizset.errors:
            raise DataError(quizset.errors)
    except DataError as exc:
        raise PluginError("Données du référentiel invalides :\n" + str(exc)) from None
    # Kept across `mkdocs serve` rebuilds in memory, and across builds in .cache/ (ignored by git).
    cache = _caches.setdefault(project, DownloadCache(project / ".cache" / "telechargements"))
    cache.reset_counts()
    _generated[:] = generate(catalog, quizset, cache)
    log.info("Téléchargements : %d générés, %d repris du cache", cache.generated, cache.reused)
    sections: dict[str, list[Any]] = {key: [] for key in (*NAV_SECTIONS, "parcours")}
    for item in _generated:
        if item.nav_section is not None:
            sections[item.nav_section].append(item.src if item.nav_title is None else {item.nav_title: item.src})
    entry = {"Standards": [{NAV_SECTIONS[key]: pages} for key, pages in sections.items() if pages and key in NAV_SECTIONS]}
    nav = config["nav"]
    tutorials = next((e[NAV_TUTORIALS] for e in nav if isinstance(e, dict) and NAV_TUTORIALS in e), None)
    if tutorials is not None:
        tutorials.extend(sections["parcours"])
    position = next((i + 1 for i, e in enumerate(nav) if isinstance(e, dict) and NAV_AFTER in e), len(nav))
    nav.insert(position, entry)
    return config


def on_files(files: Files, config: Any) -> Files:
    """Register every generated page and download, so strict link validation covers them."""
    for item in _generated:
        if isinstance(item.content, bytes):
            files.append(DownloadFile.generated(config, item.src, content=item.content))
            continue
        generated = File.generated(config, item.src, content=item.content)
        generated.inclusion = InclusionLevel.INCLUDED if item.nav_section else InclusionLevel.NOT_IN_NAV
        files.append(generated)
    return files
