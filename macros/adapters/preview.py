"""`make serve` and `make apercu` (`mkdocs serve --dirty`): a rebuild writes only the pages whose content changed, keeps
a whole search index, and shows a French error page while the référentiel is invalid."""
from __future__ import annotations

import hashlib
import json
import logging
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import jinja2
import jinja2.bccache
from mkdocs.structure.files import File

from macros.core.fsutil import read_regular, write_replacing
from macros.site.plan import MARKERS

# MkDocs warns at every dirty build that the navigation may be inaccurate; here it is not (see Rebuilds), and in
# strict mode the warning would fail the build.
DIRTY_WARNING = "A 'dirty' build is being performed"


class QuietDirty(logging.Filter):
    """Drops MkDocs' warning about dirty builds (see DIRTY_WARNING); every other message passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's compiled templates, kept in memory from one rebuild to the next (MkDocs makes a new template
    environment at each build, which compiled Material's templates again: a third of a small rebuild), and in `folder`
    between builds. Jinja checks what it reads back (its format and the template source's checksum) and compiles again
    a template that changed."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is None and self.folder is not None:
            data = read_regular(self.folder / f"{bucket.key}.jinja")
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # damaged bytes fail in pickle or marshal, each its own way: compiled again, written whole
            bucket.reset()
            return
        self.compiled[bucket.key] = data

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.compiled[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            write_replacing(self.folder / f"{bucket.key}.jinja", data)


class ThemeListing:
    """The files of the theme's installed folders, listed once per preview: MkDocs walks them at every rebuild to find
    the static files it copies (Material's folders hold thousands of icons). The project's own folder (custom_dir,
    overrides/) is listed again at each rebuild: the PMO may add a file there."""

    def __init__(self) -> None:
        self.listed: dict[str, list[str]] = {}

    def install(self, env: jinja2.Environment, own: str | None) -> None:
        loader = env.loader
        if not isinstance(loader, jinja2.FileSystemLoader):
            return

        def list_templates() -> list[str]:
            found: set[str] = set()
            for folder in map(str, loader.searchpath):
                if own is not None and Path(folder).resolve() == Path(own).resolve():
                    found.update(jinja2.FileSystemLoader(folder).list_templates())
                    continue
                if folder not in self.listed:
                    self.listed[folder] = jinja2.FileSystemLoader(folder).list_templates()
                found.update(self.listed[folder])
            return sorted(found)

        setattr(loader, "list_templates", list_templates)  # noqa: B010 - this loader only, for this build


def _sha(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def uses_data(file: File) -> bool:
    """Whether a hand-written page shows data of the référentiel: a generated block, or macros (render_macros)."""
    if file.abs_src_path is None:
        return False
    try:
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True  # unreadable here: let MkDocs read it and report
    return "render_macros: true" in text or any(marker in text for marker in MARKERS)


class Rebuilds:
    """What the previous build of this process wrote, so that the next one rebuilds what changed and nothing else.

    A generated page or download is rebuilt when its content changed; every page is, when what every page shows
    changed (the navigation, the site's settings, the abbreviations), and a hand-written page that shows data is,
    when the data changed. MkDocs rebuilds a hand-written page whose file changed. What a build records is kept only
    once it succeeded: after a failed build, the next one compares with the last site actually written.
    """

    def __init__(self) -> None:
        self.hashes: dict[str, str] = {}
        self.signature: str | None = None
        self.data: object = None
        self._pending: tuple[dict[str, str], str | None, object] | None = None
        self.everything = True
        self.data_changed = True

    def begin(self, signature: str | None, data: object) -> None:
        """A build starts: `signature` sums up what every page shows (None: rebuild everything), `data` the loaded project."""
        self.everything = signature is None or signature != self.signature
        self.data_changed = data is not self.data
        self._pending = ({}, signature, data)

    def changed(self, src: str, content: str | bytes) -> bool:
        """Whether a generated file must be written again (and record its content for the next build)."""
        assert self._pending is not None
        digest = _sha(content)
        self._pending[0][src] = digest
        return self.everything or self.hashes.get(src) != digest

    def commit(self) -> None:
        """The build succeeded: the next one compares with what it wrote."""
        if self._pending is not None:
            self.hashes, self.signature, self.data = self._pending
            self._pending = None


def signature(nav: Any, sources: Iterable[Path]) -> str:
    """What every page of the site shows besides its own content: the navigation (titles and order, from the data
    too), and the files that shape every page (mkdocs.yml, the included abbreviations, the theme's overrides)."""
    parts = [json.dumps(nav, sort_keys=True, ensure_ascii=False, default=str)]
    for path in sorted(sources):
        try:
            parts.append(f"{path}\0{path.read_text(encoding='utf-8')}")
        except (OSError, UnicodeDecodeError):
            parts.append(f"{path}\0?")
    return _sha("\0".join(parts))


class SearchEntries:
    """The search index of a dirty build: Material's plugin indexes only the pages it rebuilt, so the entries of every
    page are kept here, replaced when a page is rebuilt, and written whole after each build."""

    def __init__(self) -> None:
        self.by_page: dict[str, list[dict[str, Any]]] = {}
        self._seen = 0

    def start(self) -> None:
        self._seen = 0

    def add(self, url: str, entries: list[dict[str, Any]]) -> None:
        """The entries the search plugin added since the previous page (those of the page at url)."""
        self.by_page[url] = entries[self._seen:]
        self._seen = len(entries)

    def index(self, written: bytes, pages: list[str]) -> bytes:
        """The index the plugin wrote, with the entries of every page of the site (in the site's order)."""
        data = json.loads(written)
        data["docs"] = [entry for url in pages for entry in self.by_page.get(url, [])]
        for gone in set(self.by_page) - set(pages):
            del self.by_page[gone]
        return json.dumps(data, separators=(",", ":"), default=str).encode("utf-8")


def remove_stale_pages(site: Path) -> None:
    """While the data is invalid, every address of the preview answers with the error page: the pages written by an
    earlier build go (only in the folder `mkdocs serve` created for itself, never a folder of the project)."""
    if not site.name.startswith("mkdocs_") or site.resolve().parent != Path(tempfile.gettempdir()).resolve():
        return
    for page in site.rglob("*.html"):
        if page.name != "404.html" and page.is_file() and not page.is_symlink():
            page.unlink()


QUIET = 0.05  # seconds without a file event before the preview builds (see native_file_events)


def native_file_events(server: Any, watched: list[str], *, polling: bool = False) -> Any:
    """MkDocs watches the project by polling it every half second: a save is seen a quarter of a second late on average,
    and every poll reads the state of every file. Where the system tells file changes itself (inotify on Linux, FSEvents,
    ReadDirectoryChanges), the preview listens to it instead, to changes only: the system also tells each file opened
    or read, and the build reads the project's files (each read would start another build). `watched`: the paths MkDocs
    watches before the plugins add theirs (the docs folder, mkdocs.yml; its own list when it has one, with the theme's
    folders). `polling` keeps MkDocs' polling (PMO_APERCU_SONDAGE=1: a folder shared from another machine, whose
    changes the system may not tell)."""
    from watchdog import events  # noqa: PLC0415 - only a preview needs watchdog
    from watchdog.observers import Observer  # noqa: PLC0415
    from watchdog.observers.polling import PollingObserver  # noqa: PLC0415

    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
               events.FileClosedEvent]

    native = cast(type, Observer)  # the platform's observer class (inotify here)

    class ChangesOnly(native):  # type: ignore[misc,valid-type]
        def schedule(self, handler: Any, path: str, *, recursive: bool = False, event_filter: Any = None) -> Any:
            return super().schedule(handler, path, recursive=recursive, event_filter=event_filter or changes)

    if polling or issubclass(native, PollingObserver):
        return server
    watched = list(getattr(server, "_watched_paths", None) or watched)
    for path in watched:
        server.unwatch(path)
    server.observer = ChangesOnly()
    for path in watched:
        server.watch(path)
    # The events of one save come within milliseconds of each other: MkDocs' 0.1 s of quiet before building (made for
    # its polling) is halved. A checkout spread over longer only makes a second build, which sees the rest.
    server.build_delay = min(getattr(server, "build_delay", QUIET), QUIET)
    logging.getLogger("mkdocs.plugins.referentiel").debug("Aperçu : modifications signalées par le système (%s)", native.__name__)
    return server
