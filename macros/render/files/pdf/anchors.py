"""Where each page of the site lives inside the edition's PDF: links between pages become links inside the document."""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass

from macros.core import links

_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\shref="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')
_EXTERNAL = ("https://", "http://", "mailto:")


def standard_anchor(slug: str, fragment: str = "") -> str:
    """The id of a standard's section in the document, or of an anchor of its page (prefixed: ids repeat across pages)."""
    return f"std-{slug}" + (f"--{fragment}" if fragment else "")


def role_anchor(role_id: str) -> str:
    return f"role-{role_id}"


LIFECYCLE = "cycle-de-vie"
STANDARDS = "standards"
ROLES = "roles"
GLOSSARY = "glossaire"
NOTES = "nouveautes"
SOURCES = "sources"


@dataclass(frozen=True)
class Targets:
    """The pages of the site the document holds, by their served URL (links.page_url): the id of each in the document, and
    whether an anchor of the page has its own id there (prefixed by the page's: « std-x--raci »), or leads to the page's."""

    pages: dict[str, tuple[str, bool]]

    @classmethod
    def of(cls, standards: dict[str, str], roles: list[str], edition_id: str) -> Targets:
        """`standards`: slug -> the version the document holds; `roles`: the role ids it holds."""
        pages: dict[str, tuple[str, bool]] = {}
        for slug, version in standards.items():
            pages[links.page_url(links.standard_page(slug))] = (standard_anchor(slug), True)
            pages[links.page_url(links.version_page(slug, version))] = (standard_anchor(slug), True)
        for role_id in roles:
            pages[links.page_url(links.role_page(role_id))] = (role_anchor(role_id), False)
        for src, anchor in ((links.LIFECYCLE_PAGE, LIFECYCLE), (links.STANDARDS_INDEX, STANDARDS), (links.ROLES_INDEX, ROLES)):
            pages[links.page_url(src)] = (anchor, False)
        pages[links.page_url(links.GLOSSARY_PAGE)] = (GLOSSARY, True)
        pages[links.page_url(links.edition_page(edition_id))] = (NOTES, True)
        return cls(pages)

    def resolve(self, from_src: str, href: str) -> str | None:
        """The document link of a link written on page from_src: "#id", the external address as is, or None (not in the PDF)."""
        if href.startswith(_EXTERNAL):
            return href
        path, _, fragment = href.partition("#")
        if not path:
            page = links.page_url(from_src)
        elif path.endswith(".md"):  # a Markdown link, relative to the source file
            page = links.page_url(posixpath.normpath(posixpath.join(posixpath.dirname(from_src), path)))
        else:  # an HTML link, relative to the served page
            base = links.page_url(from_src) or "./"
            page = posixpath.normpath(posixpath.join(base, path)).removeprefix("./")
            page = "" if page == "." else page.rstrip("/") + "/"
        found = self.pages.get(page)
        if found is None:
            return None
        anchor, own_anchors = found
        return f"#{anchor}--{fragment}" if fragment and own_anchors else f"#{anchor}"

    def relink(self, markup: str, from_src: str) -> str:
        """Every link of an HTML fragment rendered for page from_src, pointed inside the document; a link to what the
        document does not hold (a download, another page of the site) keeps its text only."""
        def one(match: re.Match[str]) -> str:
            attributes, text = match.group(1), match.group(2)
            found = _HREF.search(attributes)
            target = self.resolve(from_src, html.unescape(found.group(1))) if found else None
            if target is None:
                return f"<span>{text}</span>"
            return f'<a href="{html.escape(target)}">{text}</a>'
        return _LINK.sub(one, markup)


def prefix_ids(markup: str, prefix: str) -> str:
    """Ids of a fragment made unique in the document (its "#…" links follow them through Targets.relink)."""
    return _ID.sub(lambda m: f' id="{prefix}{m.group(1)}"', markup)
