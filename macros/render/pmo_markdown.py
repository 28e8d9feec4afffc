"""The PMO's own Markdown (guidance, role bodies) to sanitised HTML: never Jinja, never raw scripts."""
from __future__ import annotations

import functools
import html as html_lib
import re
from collections.abc import Callable

import markdown
import nh3

# What PMO Markdown may produce. Anything else (script, style, iframe, event handlers, javascript: URLs)
# is removed by nh3, whatever the author typed as raw HTML.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "a", "abbr",
    "div", "span", "details", "summary", "sup", "sub", "del", "ins", "kbd",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align", "scope"},
    "td": {"align"},
    "div": {"class"},
    "p": {"class"},
    "span": {"class"},
    "details": {"class", "open"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}
_EXTENSIONS = ["tables", "admonition", "def_list", "sane_lists", "toc", "pymdownx.details", "fenced_code"]
_HEADING = re.compile(r"<(/?)h([2-5])\b")


_INTERNAL_HREF = re.compile(r'href="((?:standard|role):[^"]*)"')


@functools.cache
def _converter() -> markdown.Markdown:
    """One converter, reset before each text: making one (its extensions set up) cost as much as converting a text."""
    return markdown.Markdown(extensions=_EXTENSIONS, extension_configs={"toc": {"permalink": False}}, output_format="html")


@functools.lru_cache(maxsize=1024)
def _converted(body: str) -> str:
    """Python-Markdown's HTML for one text: the same guidance shows on its standard's page and on its version's page,
    and `mkdocs serve` renders every page again at each rebuild, while the texts rarely change."""
    converted: str = _converter().reset().convert(body)
    return converted


def to_html(body: str, shift: int = 1, id_prefix: str = "", resolve: Callable[[str], str | None] | None = None) -> str:
    """Render PMO Markdown to sanitised HTML; headings move `shift` levels down to fit the page.

    `resolve` turns a `standard:`/`role:` link into a URL relative to the page (None drops the link's target).
    """
    html = _converted(body)
    if resolve is not None:
        def link(match: re.Match[str]) -> str:
            url = resolve(html_lib.unescape(match.group(1)))
            return f'href="{html_lib.escape(url)}"' if url else ""

        html = _INTERNAL_HREF.sub(link, html)
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    if shift:
        clean = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}", clean)
    if id_prefix:
        clean = clean.replace(' id="', f' id="{id_prefix}')
        clean = clean.replace('href="#', f'href="#{id_prefix}')
    # Braces become entities so no template syntax survives in the built HTML.
    return clean.replace("{", "&#123;").replace("}", "&#125;")
