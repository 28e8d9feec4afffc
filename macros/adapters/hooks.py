"""MkDocs hooks: a thin caller of the site plan (macros.site.plan) that adds its pages, downloads and navigation."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from macros.adapters import settings
from macros.adapters.preview import (
    CompiledTemplates,
    QuietDirty,
    Rebuilds,
    SearchEntries,
    ThemeListing,
    native_file_events,
    remove_stale_pages,
    signature,
    uses_data,
)
from macros.adapters.rendered_pages import RenderedPages
from macros.catalog.citations import resolve_text
from macros.commands.build import edition_epoch
from macros.core.constants import INCLUDES_DIR
from macros.core.dates import french_date
from macros.core.site_config import SiteConfig, SiteConfigError, site_config
from macros.project import Loaded, Project, load_cached
from macros.render.escape import md_inline
from macros.render.final_html import finish_page
from macros.render.invalid_data import render_invalid_data
from macros.render.search_index import compact_search_index
from macros.render.typography import french_escaped, french_html
from macros.site.documents import DocumentError
from macros.site.download_cache import DownloadCache
from macros.site.plan import MARKERS, GeneratedFile, fragment, generate, navigation

log = logging.getLogger("mkdocs.plugins.referentiel")


@dataclass
class _BuildState:
    """What the hooks keep between events of one build, and across `mkdocs serve` rebuilds (the download caches)."""

    generated: list[GeneratedFile] = field(default_factory=list)
    caches: dict[Path, DownloadCache] = field(default_factory=dict)
    rendered: dict[Path, RenderedPages] = field(default_factory=dict)  # the pages' converted Markdown, the same way
    templates: dict[Path, CompiledTemplates] = field(default_factory=dict)  # the theme's compiled templates, the same way
    pages: RenderedPages | None = None  # this build's
    config: SiteConfig | None = None
    # The sections whose sidebar shows some pages on their own page only (GeneratedFile.in_sidebar): each with all its
    # children, as the navigation has them, and the ids of those pages (MkDocs' pages cannot be hashed).
    sidebars: list[tuple[Any, list[Any], set[int]]] = field(default_factory=list)

    # The project loaded for this build: read once in on_config, then used by every page (load_cached would stat every
    # file of the project again for each page that shows data).
    current: Loaded | None = None

    def loaded(self, config: Any) -> Loaded:
        if self.current is None:
            self.current = load_cached(Project.at(Path(config["config_file_path"]).parent), preview=settings.preview(),
                                       today=settings.today())
        return self.current

    def site(self) -> SiteConfig:
        assert self.config is not None, "on_config sets the configuration before any page is built"
        return self.config


_STATE = _BuildState()


@dataclass
class _Serve:
    """`mkdocs serve` (make serve, make apercu): what one rebuild passes to the next (see macros.adapters.preview)."""

    serving: bool = False
    dirty: bool = False  # --dirty: only what changed is rebuilt
    invalid: bool = False  # the data is invalid: the preview shows the French error page
    rebuilds: Rebuilds = field(default_factory=Rebuilds)
    search: SearchEntries = field(default_factory=SearchEntries)
    pages: list[str] = field(default_factory=list)  # the site's pages, in order, for the search index
    titles: dict[str, str] = field(default_factory=dict)  # page titles as last rendered, for the pages not rebuilt
    theme: ThemeListing = field(default_factory=ThemeListing)

    @property
    def partial(self) -> bool:
        return self.serving and self.dirty


_SERVE = _Serve()


class _QuietMacros(logging.Filter):
    """mkdocs-macros reports its internals (modules found, variables, filters) at INFO on every build: to a newcomer
    running `make serve` they read like problems. Its warnings and errors still show."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO


def on_startup(command: str, dirty: bool) -> None:
    """Quiet mkdocs-macros' internal messages (see _QuietMacros); note whether this is `mkdocs serve --dirty`."""
    logging.getLogger("mkdocs.plugins.mkdocs_macros.util").addFilter(_QuietMacros())
    _SERVE.serving, _SERVE.dirty = command == "serve", dirty
    if _SERVE.partial:
        logging.getLogger("mkdocs.commands.build").addFilter(QuietDirty())


class GeneratedPage(File):
    """A generated page; in a dirty rebuild (`mkdocs serve --dirty`), rebuilt only when its content changed."""

    modified = True

    def is_modified(self) -> bool:
        return self.modified or not os.path.isfile(self.abs_dest_path)


class DownloadFile(GeneratedPage):
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
    _STATE.current = None  # a new build (`mkdocs serve` loads the configuration again for each)
    loaded = _STATE.loaded(config)
    message = "Données du référentiel invalides :\n" + "\n".join(p.format() for p in loaded.errors)
    _SERVE.invalid = bool(loaded.errors) and _SERVE.serving
    if loaded.errors and not _SERVE.serving:
        raise PluginError(message)
    if _SERVE.invalid:
        # The preview keeps running: every address shows the errors (overrides/404.html) until the data is valid.
        print(message, file=sys.stderr)  # noqa: T201 - outside MkDocs' log, which would stop a strict build
        config["extra"]["referentiel_erreurs"] = render_invalid_data(loaded.errors)
        config["nav"] = []
        _STATE.generated.clear()
        _SERVE.rebuilds.begin(None, loaded)
        return config
    settings.date_builds(edition_epoch(loaded))
    # Kept across `mkdocs serve` rebuilds in memory, and across builds in .cache/ (ignored by git) or PMO_CACHE.
    cache = _STATE.caches.setdefault(project.root, DownloadCache(settings.cache_dir(project.root)))
    cache.reset_counts()
    _STATE.pages = _STATE.rendered.setdefault(project.root, RenderedPages(settings.pages_cache_dir(project.root)))
    _STATE.pages.reset_counts()
    try:
        _STATE.generated[:] = generate(loaded, cache, documents=settings.documents())
    except DocumentError as exc:
        raise PluginError(f"Document PDF des éditions : {exc}") from None
    log.info("Téléchargements : %d générés, %d repris du cache", cache.generated, cache.reused)
    tab, parcours = navigation(_STATE.generated)
    after = _nav_index(config, _STATE.config.nav_after, "nav_after")
    tutorials = config["nav"][_nav_index(config, _STATE.config.nav_parcours, "nav_parcours")]
    next(iter(tutorials.values())).extend(parcours)
    config["nav"].insert(after + 1, tab)
    sources = [Path(config["config_file_path"]), *sorted((project.root / INCLUDES_DIR).rglob("*"))]
    theme = getattr(config["theme"], "custom_dir", None)
    sources += sorted(Path(theme).rglob("*.html")) if theme else []
    _SERVE.rebuilds.begin(signature(config["nav"], sources) if _SERVE.partial else None, loaded)
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Put a generated block (the lifecycle diagram) where a hand-written page writes its marker; write in the case's facts
    it cites; date its last update."""
    if _STATE.pages is not None:
        _STATE.pages.install(page)
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
            markdown = markdown.replace(marker, fragment(_STATE.loaded(config), name, page.file.src_uri, _STATE.site().contact,
                                                         _STATE.generated))
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
    if _STATE.pages is None:
        return french_html(html)
    return _STATE.pages.kept(page, "typographie", html, lambda: french_html(html))


# The theme writes a table-of-contents heading again as the label of its sub-list, through Jinja's `striptags`,
# which turns every no-break space back into an ordinary one.
_TOC_LABEL = re.compile(r'(<nav class="md-nav" aria-label=")([^"]*)(")')


def on_post_page(output: str, page: Any, config: Any) -> str:
    """French typography on the labels the theme derives from headings; abbreviations at first use; no indentation."""
    return finish_page(_TOC_LABEL.sub(lambda m: m.group(1) + french_escaped(m.group(2)) + m.group(3), output))


def on_nav(nav: Any, config: Any, files: Files) -> Any:
    """French typography on the navigation's labels; the sections whose sidebar lists some pages on their own page only."""
    unlisted = {item.src for item in _STATE.generated if not item.in_sidebar}
    _STATE.sidebars.clear()

    def visit(items: list[Any]) -> None:
        for item in items:
            if item.title:
                item.title = french_escaped(str(item.title))
            if getattr(item, "children", None):
                hidden = {id(child) for child in item.children if getattr(child, "file", None) is not None and child.file.src_uri in unlisted}
                if hidden:
                    _STATE.sidebars.append((item, list(item.children), hidden))
                visit(item.children)
    visit(nav.items)
    if _SERVE.partial:
        # A page that is not rebuilt is not read: its title (in its neighbours' « Précédent » and « Suivant », and in
        # the navigation where no title is set) is the one it had when last rendered.
        for page in nav.pages:
            if page.title is None and not page.file.is_modified() and page.file.src_uri in _SERVE.titles:
                page.title = _SERVE.titles[page.file.src_uri]
    return nav


def on_pre_build(config: Any) -> None:
    """The theme's templates compiled once, not at every build (CompiledTemplates), and, while serving, its installed
    folders listed once (ThemeListing): in each environment the theme makes, from the first, which MkDocs uses to list
    the theme's files before any other event. A dirty rebuild: the search plugin indexes the rebuilt pages only; the
    whole index is written after the build."""
    root = Path(config["config_file_path"]).parent
    templates = _STATE.templates.setdefault(root, CompiledTemplates(settings.pages_cache_dir(root) / "gabarits"))
    theme, own = config["theme"], getattr(config["theme"], "custom_dir", None)
    make = theme.get_env

    def get_env() -> Any:
        env = make()
        env.bytecode_cache = templates
        if _SERVE.serving:
            _SERVE.theme.install(env, own)
        return env

    setattr(theme, "get_env", get_env)  # noqa: B010 - this configuration's theme only, remade at each build
    search = _search_plugin(config)
    if search is not None and _STATE.pages is not None:
        _keep_search_entries(search.search_index, _STATE.pages)
    if _SERVE.partial:
        _SERVE.search.start()
        if search is not None:
            search.search_index_prev = None


def _keep_search_entries(index: Any, pages: RenderedPages) -> None:
    """Material's search plugin parses every page's HTML again to index it: its entries for a page are kept with the
    page's conversion (RenderedPages.kept), by what they are made of."""
    index_page = index.add_entry_from_context

    def add(page: Any) -> None:
        inputs = json.dumps([page.url, page.content, str(page.toc), page.title, page.meta.get("title"), page.meta.get("tags"),
                             page.meta.get("search")], ensure_ascii=False, default=repr)
        indexed = []

        def made() -> list[Any]:
            before = len(index.entries)
            index_page(page)
            indexed.append(page)
            return [dict(entry) for entry in index.entries[before:]]
        entries = pages.kept(page, "recherche", inputs, made)
        if not indexed:  # kept: the index receives them as the plugin would have added them
            index.entries.extend(dict(entry) for entry in entries)
    setattr(index, "add_entry_from_context", add)  # noqa: B010 - this build's index only


def _search_plugin(config: Any) -> Any:
    return next((plugin for name, plugin in config["plugins"].items() if name.split("/")[-1] == "search"), None)


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Each section of the sidebars shows, among its unlisted pages, only the page being rendered (GeneratedFile.in_sidebar).

    The navigation keeps every page (the active tab and section, previous and next follow it); only what the
    template draws in the sidebar changes, page by page.
    """
    for section, children, hidden in _STATE.sidebars:
        section.children = [child for child in children if id(child) not in hidden or child is page]
    if _SERVE.partial:
        _SERVE.titles[page.file.src_uri] = page.title
        search = _search_plugin(config)
        if search is not None:
            _SERVE.search.add(page.url, search.search_index.entries)
    return context


def on_files(files: Files, config: Any) -> Files:
    """Register every generated page and download, so strict link validation covers them.

    In a dirty rebuild, a generated file is rebuilt when its content changed, and a hand-written page when its file
    changed (MkDocs), or the data it shows; every page, when what every page shows changed (Rebuilds).
    """
    if _SERVE.invalid:
        return Files([f for f in files if not f.is_documentation_page()])  # assets, and the error page (404.html)
    rebuilds = _SERVE.rebuilds
    if _SERVE.partial:
        for file in files.documentation_pages():
            if rebuilds.everything or (rebuilds.data_changed and uses_data(file)):
                file.is_modified = lambda: True  # type: ignore[method-assign]
    for item in _STATE.generated:
        maker = DownloadFile if isinstance(item.content, bytes) else GeneratedPage
        generated = cast(GeneratedPage, maker.generated(config, item.src, content=item.content))
        generated.modified = rebuilds.changed(item.src, item.content)
        if maker is GeneratedPage:
            generated.inclusion = InclusionLevel.INCLUDED if item.nav_section else InclusionLevel.NOT_IN_NAV
        files.append(generated)
    _SERVE.pages = [f.url for f in files.documentation_pages()]
    return files


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """The preview sees a save as soon as the system tells it (see native_file_events)."""
    return native_file_events(server, [config["docs_dir"], config["config_file_path"]], polling=settings.polling())


def on_post_build(config: Any) -> None:
    """The search index in UTF-8 (see compact_search_index), whole after a dirty rebuild: Material's search plugin has
    written it just before. In the preview of invalid data, only the error page stays."""
    site = Path(config["site_dir"])
    if _SERVE.invalid:
        remove_stale_pages(site)
    index = site / "search" / "search_index.json"
    if index.is_file() and not index.is_symlink():
        raw = index.read_bytes()
        if _SERVE.partial and not _SERVE.invalid:
            raw = _SERVE.search.index(raw, _SERVE.pages)
        staging = index.with_name(f".{index.name}.{os.getpid()}.tmp")
        fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(compact_search_index(raw))
        os.replace(staging, index)  # a server reading the index meanwhile gets the old one or the new one, whole
    if _STATE.pages is not None:
        _STATE.pages.flush()
        log.info("Pages : %d converties, %d reprises du cache", _STATE.pages.converted, _STATE.pages.reused)
    _SERVE.rebuilds.commit()
