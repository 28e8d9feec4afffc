"""Pages' Markdown converted once: MkDocs' HTML of a page, kept by everything that shapes it, reused by the next builds."""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import Any, TypeVar, cast

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from macros.core.fsutil import read_regular, write_replacing
from macros.site.download_cache import code_hash

# The libraries that turn Markdown into HTML and rewrite its links: another version may write other HTML.
_CONVERTERS = ("markdown", "pymdown-extensions", "mkdocs")
# pymdownx.snippets' inclusion marker: a page that includes another file is converted every time (that file is not in
# the key). The abbreviations every page appends (auto_append) are: the key holds the whole of includes/.
_SNIPPET = "--8<--"
T = TypeVar("T")


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def _sha(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


class _Warned(logging.Handler):
    """Counts the warnings MkDocs logs while one page is converted (a link to a missing page, a missing anchor)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def _warnings() -> Iterator[_Warned]:
    handler, logger = _Warned(), logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _anchors(links: list[AnchorLink]) -> list[Any]:
    return [[link.title, link.id, link.level, _anchors(link.children)] for link in links]


def _links(items: list[Any]) -> list[AnchorLink]:
    made = []
    for title, anchor, level, children in items:
        link = AnchorLink(title, anchor, level)
        link.children = _links(children)
        made.append(link)
    return made


def _address(file: File | None) -> list[str] | None:
    return None if file is None else [file.url, str(file.inclusion)]


class _Lookups:
    """The site's files as a page's conversion sees them, noting every file it looks up (a link's target) with the
    address it found, or none: the conversion holds for another build whose files answer the same."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self.looked: dict[str, list[str] | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        self.looked[PurePath(path).as_posix()] = _address(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


class RenderedPages:
    """What MkDocs' conversion of a page produces (its HTML, its table of contents, its title, the anchors it holds and
    those it links to), kept in memory (`mkdocs serve`) and in `folder` (between builds), by a key of everything that
    shapes it: the page's Markdown once the hooks have run, its address, the Markdown settings, the abbreviations of
    includes/, the code and the converters' versions; and it is reused only while every file its links named is where it
    was (links are rewritten to their addresses), or still absent.

    A conversion that logged a warning is never kept: the next build converts the page again and warns again. What the
    build then makes of the converted HTML by pure functions (the French typography, the search plugin's entries) is
    kept with it (`kept`). Entries are written once the build has made its pages (`flush`).
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, dict[str, Any]] = {}
        self.converted = 0
        self.reused = 0
        self._build: tuple[Any, str] | None = None  # the configuration of the current build, with its part of the key
        self._keys: dict[str, str] = {}  # this build's pages that have an entry: their key, by source path
        self._unwritten: set[str] = set()

    def install(self, page: Page) -> None:
        """The page is converted through this cache (MkDocs calls page.render after the hooks' on_page_markdown)."""
        page.render = lambda config, files: self.render(page, config, files)  # type: ignore[method-assign]

    def reset_counts(self) -> None:
        self.converted = 0
        self.reused = 0
        self._build = None
        self._keys.clear()

    def kept(self, page: Page, name: str, inputs: str, make: Callable[[], T]) -> T:
        """make(), a pure function of `inputs` (JSON-ready), kept in the page's entry under `name` for the next builds."""
        key = self._keys.get(page.file.src_uri)
        if key is None:
            return make()
        entry, digest = self.memory[key], _sha(inputs)
        found = entry.get(name)
        if isinstance(found, list) and len(found) == 2 and found[0] == digest:
            return cast(T, found[1])
        made = make()
        entry[name] = [digest, made]
        self._unwritten.add(key)
        return made

    def flush(self) -> None:
        """Write the entries this build made or completed."""
        for key in sorted(self._unwritten):
            self._write(key, self.memory[key])
        self._unwritten.clear()

    def _site_part(self, config: Any) -> str:
        """What shapes every page's conversion in this build, computed once per build."""
        if self._build is None or self._build[0] is not config:
            root = Path(config["config_file_path"]).parent
            includes = root / "includes"

            def path(value: Any) -> str:  # a folder of the settings (snippets' base_path): as written, from the project
                if not isinstance(value, os.PathLike):
                    return repr(value)
                found = Path(os.fspath(value)).resolve()
                return found.relative_to(root.resolve()).as_posix() if found.is_relative_to(root.resolve()) else found.as_posix()

            parts = [json.dumps([config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"],
                                 str(config["validation"])], ensure_ascii=False, default=path)]
            parts += [f"{p.relative_to(includes).as_posix()}\0{p.read_text(encoding='utf-8')}"
                      for p in sorted(includes.rglob("*")) if p.is_file()] if includes.is_dir() else []
            parts += [code_hash(), *(f"{name}=={_version(name)}" for name in _CONVERTERS)]
            self._build = (config, _sha(*parts))
        return self._build[1]

    def render(self, page: Page, config: Any, files: Files) -> None:
        markdown = page.markdown or ""
        if _SNIPPET in markdown:
            Page.render(page, config, files)
            return
        key = _sha(self._site_part(config), page.file.src_uri, page.file.url, str(page.file.inclusion), markdown)
        entry = self._read(key)
        if entry is not None and all(_address(files.get_file_from_path(uri)) == found for uri, found in entry["looked"].items()):
            try:
                self._restore(page, entry, files)
            except (KeyError, TypeError, ValueError):
                pass  # an entry of another shape (damaged): the page is converted again, its entry written whole
            else:
                self._keys[page.file.src_uri] = key
                self.reused += 1
                return
        recording = _Lookups(files)
        with _warnings() as warned:
            Page.render(page, config, cast(Files, recording))
        self.converted += 1
        if warned.count == 0:
            self.memory[key] = {**self._snapshot(page), "looked": recording.looked}
            self._keys[page.file.src_uri] = key
            self._unwritten.add(key)

    @staticmethod
    def _snapshot(page: Page) -> dict[str, Any]:
        return {"content": page.content, "toc": _anchors(list(page.toc)), "title": page._title_from_render,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": None if page.links_to_anchors is None else {f.src_uri: dict(links) for f, links in page.links_to_anchors.items()}}

    @staticmethod
    def _restore(page: Page, entry: dict[str, Any], files: Files) -> None:
        if not isinstance(entry["content"], str):
            raise TypeError("content")
        page.content = entry["content"]
        page.toc = TableOfContents(_links(entry["toc"]))
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        if entry["links"] is not None:
            linked = {files.get_file_from_path(src): links for src, links in entry["links"].items()}
            page.links_to_anchors = {file: links for file, links in linked.items() if file is not None}

    def _path(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key}.json" if self.folder is not None else None

    def _read(self, key: str) -> dict[str, Any] | None:
        if key in self.memory:
            return self.memory[key]
        path = self._path(key)
        raw = read_regular(path) if path is not None else None
        if raw is None:
            return None
        try:
            entry = json.loads(raw)
        except ValueError:
            return None  # unreadable: converted again and written whole
        if not isinstance(entry, dict) or not isinstance(entry.get("looked"), dict):
            return None  # not an entry of this code's: the same
        self.memory[key] = entry
        return entry

    def _write(self, key: str, entry: dict[str, Any]) -> None:
        path = self._path(key)
        if path is not None:
            write_replacing(path, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
