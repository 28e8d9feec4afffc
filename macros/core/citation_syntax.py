"""The syntax of a citation of a case's fact, « ((atlas:budget-initial)) » or « ((atlas:mise-en-service:jour)) »: where
citations are in a text (never inside Markdown code), and a text with them replaced by given values."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

CITATION = re.compile(r"\(\((?P<case>[a-z][a-z0-9]*(?:-[a-z0-9]+)*):(?P<fact>[a-z0-9]+(?:-[a-z0-9]+)*)"
                      r"(?::(?P<format>[a-z]+(?:-[a-z]+)*))?\)\)")
# What starts a citation: « ((atlas: » for a known case. Whatever follows must then be a whole citation.
_OPENING = re.compile(r"\(\(\s*(?P<case>[a-z][a-z0-9-]*)\s*:")
_FENCE = re.compile(r"^ {0,3}(```+|~~~+)")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)


@dataclass(frozen=True)
class Citation:
    """One citation in a text: where it is (character offsets) and what it names."""

    start: int
    end: int
    case: str
    fact: str
    format: str


def code_ranges(markdown: str) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks and code spans: a citation written there is shown as written (how-to pages show it)."""
    ranges, offset, fence_start, fence = [], 0, 0, ""
    prose: list[tuple[int, str]] = []
    for line in markdown.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                ranges.append((fence_start, offset + len(line)))
                fence = ""
        elif match:
            fence, fence_start = match.group(1), offset
        else:
            prose.append((offset, line))
        offset += len(line)
    if fence:
        ranges.append((fence_start, len(markdown)))
    # Code spans may run over two lines of a paragraph: look for them in the text outside the fences.
    text = "".join(line for _, line in prose)
    starts = [start + n for start, line in prose for n in range(len(line))]
    for span in _CODE_SPAN.finditer(text):
        ranges.append((starts[span.start()], starts[span.end() - 1] + 1))
    return sorted(ranges)


def _outside(ranges: list[tuple[int, int]], start: int) -> bool:
    return not any(a <= start < b for a, b in ranges)


def find_citations(text: str, *, markdown: bool = False) -> list[Citation]:
    """Every well-formed citation of the text, in order; in Markdown, none inside code."""
    skip = code_ranges(text) if markdown and ("`" in text or "~" in text) else []
    return [Citation(m.start(), m.end(), m["case"], m["fact"], m["format"] or "")
            for m in CITATION.finditer(text) if _outside(skip, m.start())]


def malformed(text: str, cases: set[str], *, markdown: bool = False) -> list[int]:
    """Offsets of « ((<case>: » openings of a known case that do not make a whole citation (a space, a capital, a missing « )) »)."""
    skip = code_ranges(text) if markdown else []
    return [m.start() for m in _OPENING.finditer(text) if m["case"].strip() in cases and _outside(skip, m.start())
            and not CITATION.match(text, m.start())]


def substitute(text: str, values: Mapping[str, str], escape: Callable[[str], str] = str, *, markdown: bool = False) -> str:
    """The text with each citation found in `values` replaced by its value passed through `escape`, the escaping of the
    text's sink (md_inline for Markdown: the value is data, escaped once there). Pure: renderers call it."""
    if not values:
        return text
    out, last = [], 0
    for citation in find_citations(text, markdown=markdown):
        key = text[citation.start:citation.end]
        if key in values:
            out += [text[last:citation.start], escape(values[key])]
            last = citation.end
    return "".join(out) + text[last:]
