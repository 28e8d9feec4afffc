"""Last touches on a rendered page's HTML: abbreviations expanded at first use, the templates' indentation removed."""
from __future__ import annotations

import re

_ABBR = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')
# Where white space is content: preformatted text, form fields, and code the browser runs.
_KEEP = re.compile(r"<(pre|textarea|script|style)\b.*?</\1>", re.S | re.I)
_INDENT = re.compile(r"\n[ \t\r\n]+")  # not \s: a no-break space after a line break is typography


def first_use_only(html: str) -> str:
    """Keep the expansion (`<abbr title>`) on the first occurrence of each abbreviation of a page only.

    This is the print convention (expand at first use) and it keeps long pages light: release notes name « PMO »
    some 250 times, 80 bytes of tooltip each.
    """
    seen: set[str] = set()

    def once(match: re.Match[str]) -> str:
        if match.group(2) in seen:
            return match.group(2)
        seen.add(match.group(2))
        return match.group(0)

    return _ABBR.sub(once, html)


def without_indentation(html: str) -> str:
    """Every line break followed by white space becomes one line break, outside <pre>, <textarea>, <script>, <style>.

    The theme's templates indent their output (about 15 KB of spaces a page); a browser collapses white space
    between words and tags anyway, so the page reads and lays out the same.
    """
    out, start = [], 0
    for kept in _KEEP.finditer(html):
        out += [_INDENT.sub("\n", html[start:kept.start()]), kept.group(0)]
        start = kept.end()
    out.append(_INDENT.sub("\n", html[start:]))
    return "".join(out)


def finish_page(html: str) -> str:
    """Both touches, in the order the page needs them."""
    return without_indentation(first_use_only(html))
