"""French typography, applied at render to every text: no-break spaces before « : ; ! ? » and inside « », typographic
apostrophes, nested quotes, figures that never wrap; never inside code, URLs, identifiers or non-prose attributes."""
from __future__ import annotations

import html
import re

NBSP = "\u00a0"  # before « : » and inside « », between a number and its unit
NNBSP = "\u202f"  # before « ; ! ? » and « % », between groups of digits

_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_BEFORE_HIGH = re.compile(r"[ \u00a0](?=[;!?](?![\w/]))")  # « ; ! ? » end a clause: not « ?id=3 » in a URL
_BEFORE_COLON = re.compile(r"[ \u202f](?=:(?:\s|$))")
# Any space already there is absorbed: applying the rules twice (a title typeset in the navigation and again on its
# page) must give the same text.
_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE = re.compile(r"[ \u00a0\u202f]*»")
# Inner quotes “ … ” take no space inside, however many there were (a single pass, as the outer ones).
_INNER_OPEN = re.compile(r"“[ \u00a0\u202f]+")
_INNER_CLOSE = re.compile(r"[ \u00a0\u202f]+”")
_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))")
_UNIT = re.compile(r"(?<=\d)[ \u202f](?=(?:€|\$|k€|M€|dollars|euros|jours?|mois|ans?|semaines?|heures?|h)(?!\w))")  # « € » is not a word character: no \b after it
_PERCENT = re.compile(r"(?<=\d)[ \u00a0](?=%)")
# Elements whose text is code or not prose; attributes read aloud or shown as text.
_SKIP = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "var", "math"}
_PROSE_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "aria-description")
# A character some rule (or the unescape/escape round trip) acts on; a text node without any is left untouched.
_NEEDS_WORK = re.compile(r"[&'{}<>:;!?«»%]|\d[ \u00a0\u202f]")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9-]+)")
_TAG = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_ATTRIBUTE = re.compile(r'(\s(?:' + "|".join(_PROSE_ATTRIBUTES) + r')=")([^"]*)(")')


def _nested_quotes(text: str) -> str:
    """« … « … » … »: the inner pair becomes “ … ”, as French print nests quotes."""
    if text.count("«") < 2:
        return text  # no pair inside a pair
    out, depth = [], 0
    for char in text:
        if char == "«":
            depth += 1
            out.append("“" if depth > 1 else char)
        elif char == "»" and depth > 0:
            out.append("”" if depth > 1 else char)
            depth -= 1
        else:
            out.append(char)
    return "".join(out)


def french(text: str) -> str:
    """A prose text (not HTML) with French typography."""
    if not text:
        return text
    text = _APOSTROPHE.sub("’", text)
    text = _INNER_CLOSE.sub("”", _INNER_OPEN.sub("“", _nested_quotes(text)))
    text = _OPEN.sub("«" + NBSP, text)
    text = _CLOSE.sub(NBSP + "»", text)
    text = _BEFORE_HIGH.sub(NNBSP, text)
    text = _BEFORE_COLON.sub(NBSP, text)
    text = _THOUSANDS.sub(NNBSP, text)
    text = _PERCENT.sub(NNBSP, text)
    return _UNIT.sub(NBSP, text)


def _escape(text: str) -> str:
    # Braces stay entities, as everywhere in the site's HTML: no template syntax may appear.
    return html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")


def french_escaped(value: str) -> str:
    """French typography in an HTML-escaped text (a page title, a navigation label), escaped again exactly once."""
    return html.escape(french(html.unescape(value)), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def french_html(markup: str) -> str:
    """French typography in the text of an HTML fragment: text nodes and prose attributes only, code left alone."""
    out: list[str] = []
    skipping: list[str] = []
    for part in _TAG.split(markup):
        if part.startswith("<!--"):
            out.append(part)
        elif part.startswith("<"):
            name = _TAG_NAME.match(part)
            tag = name.group(1).lower() if name else ""
            if part.startswith("</"):
                if skipping and skipping[-1] == tag:
                    skipping.pop()
            elif tag in _SKIP and not part.endswith("/>"):
                skipping.append(tag)
            out.append(part if skipping and not part.startswith("</") and tag in _SKIP else _attributes(part))
        elif skipping or not part.strip() or not _NEEDS_WORK.search(part):
            out.append(part)  # nothing a rule or the escaping would change: most text nodes, kept as they are
        else:
            out.append(_escape(french(html.unescape(part))))
    return "".join(out)


def _attributes(tag: str) -> str:
    if "=" not in tag:
        return tag
    return _ATTRIBUTE.sub(lambda m: m.group(1) + french_escaped(m.group(2)) + m.group(3), tag)
