"""Crawler over the built site, beside MkDocs' own validation: internal links, anchors, downloads, no outside fetch."""
from __future__ import annotations

import html.parser
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

DOWNLOADS = (".docx", ".xlsx", ".csv", ".md", ".zip")
# <link> relations that make the browser fetch their href; any other (canonical, alternate...) only names a URL.
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                 "prerender", "preconnect", "dns-prefetch", "manifest", "mask-icon"}
# Attributes that hold one URL, by element ("*": any element). srcset is split apart below.
URL_ATTRIBUTES = {"a": ("href",), "area": ("href",), "link": ("href",), "form": ("action",), "*": ("src", "poster")}
NO_CHECK_SCHEMES = ("mailto:", "tel:", "data:")


@dataclass(frozen=True)
class Ref:
    """One URL found in a page: where it is, in which element and attribute."""

    page: str  # path of the page in the site, e.g. "standards/index.html"
    line: int
    tag: str
    attr: str
    url: str
    rel: tuple[str, ...] = ()

    def where(self) -> str:
        return f"{self.page}:{self.line} <{self.tag} {self.attr}=\"{self.url}\">"


@dataclass
class Page:
    refs: list[Ref] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


class _Parser(html.parser.HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value for key, value in attrs if value is not None}
        for key in ("id", "name"):
            if key in values and (key == "id" or tag in ("a", "input", "map", "iframe", "object")):
                self.page.anchors.add(values[key])
        line = self.getpos()[0]
        rel = tuple(values.get("rel", "").lower().split())
        for attr in URL_ATTRIBUTES.get(tag, ()) + URL_ATTRIBUTES["*"]:
            if attr in values:
                self.page.refs.append(Ref(self.name, line, tag, attr, values[attr].strip(), rel))
        if "srcset" in values:
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.page.refs.append(Ref(self.name, line, tag, "srcset", candidate.split()[0], rel))

    handle_startendtag = handle_starttag


def parse_site(site: Path) -> dict[str, Page]:
    """Every HTML page of a built site, by its path relative to the site root."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        parser = _Parser(name)
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[name] = parser.page
    return pages


def is_external(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


def target_of(ref: Ref) -> tuple[str, str] | None:
    """The site path (a file, directories resolved to index.html) and the fragment a relative URL points to."""
    if is_external(ref.url) or ref.url.lower().startswith(NO_CHECK_SCHEMES):
        return None
    parts = urlsplit(ref.url)
    path = unquote(parts.path)
    if not path:
        return ref.page, unquote(parts.fragment)
    if path.startswith("/"):  # 404.html links from the site root: it is served for any missing path
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(ref.page), path)
    resolved = posixpath.normpath(joined) if joined else "."
    if resolved == "." or path.endswith("/"):
        resolved = posixpath.join("" if resolved == "." else resolved, "index.html")
    return resolved, unquote(parts.fragment)


def broken_links(site: Path, pages: dict[str, Page]) -> list[str]:
    """Relative URLs that do not lead to a file of the site (a folder counts only with its index.html)."""
    errors = []
    for page in pages.values():
        for ref in page.refs:
            target = target_of(ref)
            if ref.url.lower().startswith("javascript:"):
                errors.append(f"{ref.where()} : adresse javascript:")
            elif target is not None:
                path = site / target[0]
                if path.is_dir() and (path / "index.html").is_file():
                    continue
                if not path.is_file():
                    errors.append(f"{ref.where()} : {target[0]} n'existe pas")
    return errors


def broken_anchors(pages: dict[str, Page]) -> list[str]:
    """Fragments that name no id (or name) in the HTML page they point to."""
    errors = []
    for page in pages.values():
        for ref in page.refs:
            target = target_of(ref)
            if target is None or not target[1]:
                continue
            # A download or a missing page has no anchors to check (the latter is reported as a broken link).
            found = pages.get(target[0]) or pages.get(posixpath.join(target[0], "index.html"))
            if found is not None and target[1] not in found.anchors:
                errors.append(f"{ref.where()} : pas d'ancre « {target[1]} » dans {target[0]}")
    return errors


def outside_fetches(pages: dict[str, Page]) -> list[str]:
    """Absolute http(s) URLs anywhere a browser would fetch them: src, srcset, poster, fetching <link>, form action."""
    errors = []
    for page in pages.values():
        for ref in page.refs:
            if not is_external(ref.url) or ref.tag in ("a", "area"):
                continue
            if ref.tag == "link" and not FETCHING_RELS.intersection(ref.rel):
                continue
            errors.append(f"{ref.where()} : adresse externe hors d'un lien <a>")
    return errors


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, Page]:
    return parse_site(built_site)


def test_crawler_reads_the_whole_site(pages: dict[str, Page]) -> None:
    assert "index.html" in pages and "404.html" in pages
    assert len(pages) >= 50
    assert sum(len(page.refs) for page in pages.values()) > 5000


def test_every_internal_link_resolves(built_site: Path, pages: dict[str, Page]) -> None:
    errors = broken_links(built_site, pages)
    assert errors == [], "\n".join(errors[:50])


def test_every_anchor_exists(pages: dict[str, Page]) -> None:
    checked = sum(1 for page in pages.values() for ref in page.refs if (t := target_of(ref)) and t[1])
    assert checked > 100  # the RACI, checklist and quiz pages link into each other by anchor
    errors = broken_anchors(pages)
    assert errors == [], "\n".join(errors[:50])


def test_every_download_exists(built_site: Path, pages: dict[str, Page]) -> None:
    linked: dict[str, set[str]] = {ext: set() for ext in DOWNLOADS}
    missing = []
    for page in pages.values():
        for ref in page.refs:
            target = target_of(ref)
            if target is None or not target[0].endswith(DOWNLOADS):
                continue
            linked[posixpath.splitext(target[0])[1]].add(target[0])
            if not (built_site / target[0]).is_file():
                missing.append(f"{ref.where()} : téléchargement absent ({target[0]})")
    assert missing == [], "\n".join(missing)
    assert {ext for ext, found in linked.items() if not found} == set(), linked
    for ext, found in linked.items():
        for name in found:
            assert (built_site / name).stat().st_size > 0, f"{name} est vide"


def test_external_urls_only_in_links(pages: dict[str, Page]) -> None:
    errors = outside_fetches(pages)
    assert errors == [], "\n".join(errors)


def test_crawler_reports_what_it_should(tmp_path: Path) -> None:
    """The crawler itself, on a tiny site with one mistake of each kind."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h1 id="haut">A</h1><a name="vieux"></a>'
        '<a href="../b.html#ici">ok</a> <a href="#haut">ok</a> <a href="#vieux">ok</a> <a href="./">ok</a>'
        '<a href="../absent/">ko</a> <a href="../b.html#ailleurs">ko</a> <a href="../a#nulle-part">ko</a> <a href="kit.zip">ko</a>'
        '<a href="https://example.org/">ok</a> <a href="mailto:pmo@example.org">ok</a>'
        '<link rel="canonical" href="https://example.org/a/">'
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"><img src="//cdn.example.org/i.png">'
        '<a href="javascript:alert(1)">ko</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<p id="ici">B</p><a href="/a/#haut">ok</a>', encoding="utf-8")
    found = parse_site(tmp_path)
    assert broken_links(tmp_path, found) == [
        'a/index.html:1 <a href="../absent/"> : absent/index.html n\'existe pas',
        'a/index.html:1 <a href="kit.zip"> : a/kit.zip n\'existe pas',
        'a/index.html:1 <a href="javascript:alert(1)"> : adresse javascript:',
    ]
    assert broken_anchors(found) == [
        'a/index.html:1 <a href="../b.html#ailleurs"> : pas d\'ancre « ailleurs » dans b.html',
        'a/index.html:1 <a href="../a#nulle-part"> : pas d\'ancre « nulle-part » dans a',
    ]
    assert outside_fetches(found) == [
        'a/index.html:1 <link href="https://cdn.example.org/x.css"> : adresse externe hors d\'un lien <a>',
        'a/index.html:1 <img src="//cdn.example.org/i.png"> : adresse externe hors d\'un lien <a>',
    ]
