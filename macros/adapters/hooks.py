"""MkDocs hooks: a thin caller of the site plan (macros.site.plan) that adds its pages, downloads and navigation."""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from macros.adapters import settings
from macros.catalog.citations import resolve_text
from macros.core.dates import french_date
from macros.core.site_config import SiteConfig, SiteConfigError, site_config
from macros.project import Loaded, Project, load_cached
from macros.render.escape import md_inline
from macros.render.final_html import finish_page
from macros.render.typography import french_escaped, french_html
from macros.site.download_cache import DownloadCache
from macros.site.plan import MARKERS, GeneratedFile, fragment, generate, navigation

log = logging.getLogger("mkdocs.plugins.referentiel")


@dataclass
class _BuildState:
    """What the hooks keep between events of one build, and across `mkdocs serve` rebuilds (the download caches)."""

    generated: list[GeneratedFile] = field(default_factory=list)
    caches: dict[Path, DownloadCache] = field(default_factory=dict)
    config: SiteConfig | None = None

    def loaded(self, config: Any) -> Loaded:
        return load_cached(Project.at(Path(config["config_file_path"]).parent), preview=settings.preview(), today=settings.today())

    def site(self) -> SiteConfig:
        assert self.config is not None, "on_config sets the configuration before any page is built"
        return self.config


_STATE = _BuildState()


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


def _nav_index(config: Any, title: str, key: str) -> int:
    """The position in nav of the section named by extra.referentiel.<key>; a clear French error when it is missing."""
    nav = config["nav"] or []
    for index, entry in enumerate(nav):
        if isinstance(entry, dict) and title in entry:
            return index
    found = ", ".join(next(iter(e)) for e in nav if isinstance(e, dict))
    raise PluginError(f"mkdocs.yml : extra.referentiel.{key} désigne la section « {title} », absente de nav "
                      f"(sections : {found})")


def on_config(config: Any) -> Any:
    """Load and check the project, generate its pages, and add them to the navigation."""
    try:
        _STATE.config = site_config(config.get("extra"))
    except SiteConfigError as exc:
        raise PluginError(str(exc)) from None
    project = Project.at(Path(config["config_file_path"]).parent)
    loaded = _STATE.loaded(config)
    if loaded.errors:
        raise PluginError("Données du référentiel invalides :\n" + "\n".join(p.format() for p in loaded.errors))
    # Kept across `mkdocs serve` rebuilds in memory, and across builds in .cache/ (ignored by git).
    cache = _STATE.caches.setdefault(project.root, DownloadCache(project.root / ".cache" / "telechargements"))
    cache.reset_counts()
    _STATE.generated[:] = generate(loaded, cache)
    log.info("Téléchargements : %d générés, %d repris du cache", cache.generated, cache.reused)
    tab, parcours = navigation(_STATE.generated)
    after = _nav_index(config, _STATE.config.nav_after, "nav_after")
    tutorials = config["nav"][_nav_index(config, _STATE.config.nav_parcours, "nav_parcours")]
    next(iter(tutorials.values())).extend(parcours)
    config["nav"].insert(after + 1, tab)
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Put a generated block (the lifecycle diagram) where a hand-written page writes its marker; write in the case's facts
    it cites; date its last update."""
    updated = page.meta.get("mise_a_jour")
    hand_written = page.file.src_uri not in {item.src for item in _STATE.generated}
    if isinstance(updated, dt.date):
        page.meta["mise_a_jour_texte"] = french_date(updated)
    elif hand_written:
        # A hand-written page says when its content was last checked: readers judge its freshness by it.
        raise PluginError(f"{Path(config['docs_dir']).name}/{page.file.src_uri} : l'en-tête doit indiquer « mise_a_jour: AAAA-MM-JJ », "
                          "la date de la dernière mise à jour du contenu, affichée au bas de la page"
                          + (f" (valeur actuelle : « {updated} »)" if updated is not None else ""))
    for marker, name in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, fragment(_STATE.loaded(config), name, page.file.src_uri, _STATE.site().contact))
    # A tutorial cites the case's facts as the guidance does (« ((atlas:budget-initial)) »), resolved the same way; the
    # generated pages have theirs resolved already, and may show one as written in a code sample.
    return resolve_text(_STATE.loaded(config).catalog, markdown, md_inline, markdown=True) if hand_written else markdown


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
    for item in _STATE.generated:
        if isinstance(item.content, bytes):
            files.append(DownloadFile.generated(config, item.src, content=item.content))
            continue
        generated = File.generated(config, item.src, content=item.content)
        generated.inclusion = InclusionLevel.INCLUDED if item.nav_section else InclusionLevel.NOT_IN_NAV
        files.append(generated)
    return files
