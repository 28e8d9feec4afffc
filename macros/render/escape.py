"""Escaping of data text: YAML text reaches HTML and Markdown only through these functions."""
from __future__ import annotations

import html
import json
import re

# Characters Markdown, its extensions or Jinja could read as syntax become numeric entities:
# a title `{{ 7*7 }} <script>` must show exactly as typed, and never run.
_INLINE = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~^=:<>$%\"'&"}
_INLINE["\n"] = " "
_INLINE["\r"] = " "
_INLINE_TABLE = str.maketrans(_INLINE)


def esc(text: str) -> str:
    """Escape text for an HTML element or attribute (braces too, so no template syntax remains)."""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def md_inline(text: str) -> str:
    """Escape text for inline Markdown: no emphasis, link, HTML or template syntax survives."""
    return text.translate(_INLINE_TABLE)


_PLAIN = {c: "\\" + c for c in "\\`*_[]<>|"}
_PLAIN["\n"] = " "
_PLAIN_TABLE = str.maketrans(_PLAIN)


def md_plain(text: str) -> str:
    """Escape text for Markdown meant to be read as text (release notes pasted in a message): backslashes only."""
    escaped = text.translate(_PLAIN_TABLE)
    return "\\" + escaped if escaped[:1] in ("#", "-", "+", ">") else escaped


# Material's search leaves out an element with this attribute, and the whole section under a heading that carries it
# (a heading takes it as `{#anchor data-search-exclude}`): text repeated from another page (a standard's items on a
# gate list, a role page, the catalogue) or that is no answer to a search (quiz questions, version tables). Every
# page stays in the index by its title and introduction, and the left-out text stays on the page.
SEARCH_EXCLUDED = "data-search-exclude"
_HEADING = re.compile(r"^(#{1,6} .*?)(?: \{([^{}]*)\})?$", re.M)


def unsearched_paragraph(markdown: str) -> str:
    """A Markdown paragraph left out of the search: links to files, buttons, fingerprints (what to do, not what to know)."""
    return f"{markdown}\n{{: {SEARCH_EXCLUDED} }}"


def unsearched(markdown: str) -> str:
    """Every Markdown heading of this text left out of the search, with the section it opens (see SEARCH_EXCLUDED)."""
    return _HEADING.sub(lambda m: f"{m.group(1)} {{{(m.group(2) + ' ') if m.group(2) else ''}{SEARCH_EXCLUDED}}}", markdown)


def page_front_matter(title: str, *, boost: float | None = None, searchable: bool = True, toc_depth: int | None = None,
                      hide_toc: bool = False) -> str:
    """Front matter fixing a page's title: MkDocs would otherwise unescape the H1 into <title> and the nav.

    `boost` ranks the page higher (above 1) or lower in Material's search; `searchable=False` leaves it out of the
    index (superseded versions and history pages stay reachable by links). `toc_depth` leaves headings below that
    level out of the table of contents (overrides/partials/toc-item.html); `hide_toc` gives its column to the page.
    """
    # JSON strings are valid YAML double-quoted scalars; the title is HTML-escaped because themes print it raw.
    lines = ["---", "title: " + json.dumps(esc(title), ensure_ascii=False)]
    if not searchable:
        lines += ["search:", "  exclude: true"]
    elif boost is not None:
        lines += ["search:", f"  boost: {boost:g}"]
    if toc_depth is not None:
        lines.append(f"toc_depth: {toc_depth}")
    if hide_toc:
        lines += ["hide:", "  - toc"]
    return "\n".join(lines) + "\n---\n\n"
