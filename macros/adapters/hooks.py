"""MkDocs hooks: a thin caller of the site plan (macros.site.plan) that adds its pages, downloads and navigation."""
from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from macros.adapters import settings
from macros.core.dates import french_date
from macros.project import Project, load_cached
from macros.render.final_html import finish_page
from macros.render.typography import french_escaped, french_html
from macros.site.download_cache import DownloadCache
from macros.site.plan import MARKERS, GeneratedFile, fragment, generate, navigation

# Where the generated sections go: named in mkdocs.yml (extra.referentiel), never guessed from labels here.
CONFIG_KEY = "referentiel"
_generated: list[GeneratedFile] = []
_caches: dict[Path, DownloadCache] = {}
log = logging.getLogger("mkdocs.plugins.referentiel")


class _QuietMacros(logging.Filter):
    """mkdocs-macros reports its internals (modules found, variables, filters) at INFO on every build: to a newcomer
    running `make serve` they read like problems. Its warnings and errors still show."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO


def on_startup(command: str, dirty: bool) -> None:
    """Quiet mkdocs-macros' internal messages (see _QuietMacros)."""
    logging.getLogger("mkdocs.plugins.mkdocs_macros.util").addFilter(_QuietMacros())


class DownloadFile(File):
    """A generated download; a .md template is a file to fetch, not a page to render."""

    def is_documentation_page(self) -> bool:
        return False


def _nav_anchor(config: Any, key: str) -> list[Any]:
    """The navigation section named by extra.referentiel.<key>; a clear French error when it is missing."""
    settings_ = (config.get("extra") or {}).get(CONFIG_KEY) or {}
    title = settings_.get(key)
    if not title:
        raise PluginError(f"mkdocs.yml : extra.{CONFIG_KEY}.{key} manquant : indiquez le titre de la section de navigation "
                          "près de laquelle placer les pages générées")
    nav = config["nav"] or []
    for index, entry in enumerate(nav):
        if isinstance(entry, dict) and title in entry:
            return [index, entry[title]]
    found = ", ".join(next(iter(e)) for e in nav if isinstance(e, dict))
    raise PluginError(f"mkdocs.yml : extra.{CONFIG_KEY}.{key} désigne la section « {title} », absente de nav "
                      f"(sections : {found})")


def on_config(config: Any) -> Any:
    """Load and check the project, generate its pages, and add them to the navigation."""
    project = Project.at(Path(config["config_file_path"]).parent)
    loaded = load_cached(project, preview=settings.preview(), today=settings.today())
    if loaded.errors:
        raise PluginError("Données du référentiel invalides :\n" + "\n".join(p.format() for p in loaded.errors))
    # Kept across `mkdocs serve` rebuilds in memory, and across builds in .cache/ (ignored by git).
    cache = _caches.setdefault(project.root, DownloadCache(project.root / ".cache" / "telechargements"))
    cache.reset_counts()
    _generated[:] = generate(loaded, cache)
    log.info("Téléchargements : %d générés, %d repris du cache", cache.generated, cache.reused)
    contact = ((config.get("extra") or {}).get(CONFIG_KEY) or {}).get("contact") or {}
    missing = [key for key in ("nom", "courriel") if not contact.get(key)]
    if missing:
        raise PluginError(f"mkdocs.yml : extra.{CONFIG_KEY}.contact doit indiquer {' et '.join(missing)} : le contact du PMO "
                          "s'affiche au bas de chaque page")
    tab, parcours = navigation(_generated)
    after, _ = _nav_anchor(config, "nav_after")
    _, tutorials = _nav_anchor(config, "nav_parcours")
    tutorials.extend(parcours)
    config["nav"].insert(after + 1, tab)
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Put a generated block (the lifecycle diagram) where a hand-written page writes its marker; date its last update."""
    updated = page.meta.get("mise_a_jour")
    if isinstance(updated, dt.date):
        page.meta["mise_a_jour_texte"] = french_date(updated)
    elif page.file.src_uri not in {item.src for item in _generated}:
        # A hand-written page says when its content was last checked: readers judge its freshness by it.
        raise PluginError(f"{Path(config['docs_dir']).name}/{page.file.src_uri} : l'en-tête doit indiquer « mise_a_jour: AAAA-MM-JJ », "
                          "la date de la dernière mise à jour du contenu, affichée au bas de la page"
                          + (f" (valeur actuelle : « {updated} »)" if updated is not None else ""))
    for marker, name in MARKERS.items():
        if marker in markdown:
            project = Project.at(Path(config["config_file_path"]).parent)
            loaded = load_cached(project, preview=settings.preview(), today=settings.today())
            contact = ((config.get("extra") or {}).get(CONFIG_KEY) or {}).get("contact")
            markdown = markdown.replace(marker, fragment(loaded, name, page.file.src_uri, contact))
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    """French typography on every page's text and title (macros.render.typography), never in code."""
    if page.meta.get("title"):
        page.meta["title"] = french_escaped(str(page.meta["title"]))
    if page.title:
        page.title = french_escaped(str(page.title))

    def visit(items: list[Any]) -> None:  # the table of contents shows the headings again, from its own copy
        for item in items:
            item.title = french_escaped(str(item.title))
            visit(item.children)
    visit(list(page.toc))
    return french_html(html)


# The theme writes a table-of-contents heading again as the label of its sub-list, through Jinja's `striptags`,
# which turns every no-break space back into an ordinary one.
_TOC_LABEL = re.compile(r'(<nav class="md-nav" aria-label=")([^"]*)(")')


def on_post_page(output: str, page: Any, config: Any) -> str:
    """French typography on the labels the theme derives from headings; abbreviations at first use; no indentation."""
    return finish_page(_TOC_LABEL.sub(lambda m: m.group(1) + french_escaped(m.group(2)) + m.group(3), output))


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    """French typography on the navigation's labels."""
    def visit(items: list[Any]) -> None:
        for item in items:
            if item.title:
                item.title = french_escaped(str(item.title))
            if getattr(item, "children", None):
                visit(item.children)
    visit(nav.items)
    return nav


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
