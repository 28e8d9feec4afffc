"""The PMO's own Markdown (role definitions, guidance): front matter split and structural checks."""
from __future__ import annotations

import re
from dataclasses import dataclass

from macros.core.constants import FORBIDDEN_CHARS
from macros.core.problems import Problem
from macros.core.text import heading_anchor, unique_anchor
from macros.loading.yaml_reader import forbidden_char

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX_H1 = re.compile(r"^\s{0,3}#(?:\s|$)")
_SETEXT_H1 = re.compile(r"^\s{0,3}=+\s*$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
# An explicit anchor written with attr_list: « ## Titre {#mon-ancre} ».
_ATTR_ID = re.compile(r"\s*\{:?\s*[^}]*?#([A-Za-z0-9_-]+)[^}]*\}\s*$")
_INLINE_MARKUP = re.compile(r"[*`]|\[([^\]]*)\]\([^)]*\)")
# A link target may hold balanced parentheses (javascript:alert(1)), as Markdown allows.
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)>?(?:\s+\"[^\"]*\")?\s*\)")
# Raw HTML the sanitiser would silently drop: refused at validation so the PMO's text never just disappears.
_UNSAFE_HTML = re.compile(r"<\s*(script|style|iframe|object|embed|form|input)\b|\son[a-z]+\s*=|javascript:", re.I)
# An autolink (« <ftp://…> ») and a reference definition (« [ref]: data:… ») are links too: the same rules hold.
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
_ALLOWED_SCHEMES = ("https://", "http://", "mailto:")
# Links to other parts of the référentiel, resolved per page at render time: `standard:<slug>[#ancre]`, `role:<id>`.
INTERNAL_SCHEMES = ("standard:", "role:")


@dataclass(frozen=True)
class Heading:
    """A heading of a Markdown body, with its line in the file."""

    level: int
    text: str
    line: int


@dataclass(frozen=True)
class MarkdownSource:
    """A Markdown file split into optional front matter and body, with line numbers kept."""

    front_matter: str | None
    front_matter_line: int  # line of the first front-matter line in the file
    body: str
    body_line: int  # line of the first body line in the file


def split_front_matter(text: str) -> MarkdownSource:
    """Split `---` front matter from the body; lines are counted from 1."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                return MarkdownSource("\n".join(lines[1:index]) + "\n", 2, "\n".join(lines[index + 1:]), index + 2)
    return MarkdownSource(None, 0, text, 1)


def _outside_code(body: str) -> list[tuple[int, str]]:
    """(index, line) of body lines outside fenced code blocks."""
    out, fence = [], None
    for index, line in enumerate(body.split("\n")):
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)[0]
            if fence is None:
                fence = marker
            elif fence == marker:
                fence = None
            continue
        if fence is None:
            out.append((index, line))
    return out


def all_headings(body: str, first_line: int = 1) -> list[Heading]:
    """Every ATX heading of a body outside code blocks, with its line in the file."""
    found = []
    for index, line in _outside_code(body):
        match = _HEADING.match(line)
        if match:
            found.append(Heading(len(match.group(1)), match.group(2).strip(), first_line + index))
    return found


def headings(body: str, first_line: int) -> list[Heading]:
    """Level 2 to 6 headings of a body (the PMO's texts start at level 2), with their line in the file."""
    return [h for h in all_headings(body, first_line) if h.level >= 2]


def page_anchors(body: str, fallback: str = "") -> tuple[str, dict[str, str]]:
    """(title, {anchor: heading text}) of a Markdown page, anchors as Python-Markdown's toc and attr_list give them."""
    title, anchors = fallback, dict[str, str]()
    for heading in all_headings(body):
        explicit = _ATTR_ID.search(heading.text)
        text = _INLINE_MARKUP.sub(lambda m: m.group(1) or "", _ATTR_ID.sub("", heading.text)).strip()
        if heading.level == 1 and title == fallback:
            title = text
        anchor = explicit.group(1) if explicit else heading_anchor(text)
        anchors[unique_anchor(anchor, anchors)] = text
    return title, anchors


def check_body(body: str, first_line: int, file: str) -> list[Problem]:
    """A body must not hold a level-1 heading nor a second front matter block; its links must resolve."""
    problems = []
    for index, line in enumerate(body.split("\n")):
        for match in FORBIDDEN_CHARS.finditer(line):
            problems.append(Problem(file, first_line + index, match.start() + 1, "corps", forbidden_char(match.group())))
    visible = _outside_code(body)
    previous = ""
    for index, line in visible:
        line_no = first_line + index
        if _ATX_H1.match(line) or (_SETEXT_H1.match(line) and previous.strip()):
            problems.append(Problem(file, line_no, 1, "corps", "titre de niveau 1 interdit : la page a déjà son titre ; commencez à « ## »"))
        previous = line
    stripped = body.lstrip("\n")
    if stripped.startswith("---\n") or stripped.rstrip() == "---":
        skipped = len(body) - len(stripped)
        problems.append(Problem(file, first_line + body.count("\n", 0, skipped), 1, "corps",
                                "bloc d'en-tête (« --- ») interdit dans le corps du texte"))
    for index, line in visible:
        for match in _UNSAFE_HTML.finditer(line):
            lead = len(match.group(0)) - len(match.group(0).lstrip())
            problems.append(Problem(file, first_line + index, match.start() + lead + 1, "corps",
                                    f"HTML non permis « {match.group(0).strip()} » : scripts, formulaires, cadres, "
                                    "attributs on… et adresses javascript: sont retirés à la publication ; supprimez-les"))
    anchors = {heading_anchor(h.text) for h in headings(body, first_line)}
    for index, line in visible:
        for match in [*_LINK.finditer(line), *_AUTOLINK.finditer(line), *_REFERENCE.finditer(line)]:
            target = match.group(1)
            column = match.start(1) + 1
            if target.startswith(_ALLOWED_SCHEMES) or target.startswith(INTERNAL_SCHEMES):
                continue  # internal targets are checked against the catalog by macros.checks
            if target.startswith("#"):
                if target[1:] not in anchors:
                    problems.append(Problem(file, first_line + index, column, "corps",
                                            f"lien « {target} » : aucune section de ce texte n'a cette ancre"))
                continue
            problems.append(Problem(file, first_line + index, column, "corps",
                                    f"lien « {target} » non résolu : liens permis : https://, mailto:, #ancre d'une section de ce texte, "
                                    "standard:<standard>[#ancre] et role:<rôle>"))
    return problems


def internal_links(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, column, target) of every `standard:` or `role:` link of a body."""
    found = []
    for index, line in _outside_code(body):
        for match in _LINK.finditer(line):
            if match.group(1).startswith(INTERNAL_SCHEMES):
                found.append((first_line + index, match.start(1) + 1, match.group(1)))
    return found
