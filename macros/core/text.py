"""Small text helpers used everywhere: French plurals, Markdown tables, heading anchors as Python-Markdown makes them."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 1 élément », « 3 éléments »: French takes the singular for 0 and 1."""
    return f"{count} {singular if count <= 1 else (plural_form or singular + 's')}"


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table, one line each; cells are written by the caller, already escaped."""
    return ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def heading_anchor(text: str) -> str:
    """The anchor Python-Markdown's toc extension gives a heading (its default slugify, accents dropped)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def unique_anchor(anchor: str, taken: set[str] | dict[str, str]) -> str:
    """The toc extension makes a repeated anchor unique with _1, _2…"""
    unique, n = anchor, 0
    while unique in taken:
        n += 1
        unique = f"{anchor}_{n}"
    return unique


def sort_key(text: str) -> str:
    """The key French alphabetical order sorts by: case and accents left out (« Équipe » between « Comité » and « Sponsor »)."""
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")


def one_line(text: str) -> str:
    """Text on one line: runs of white space (a folded YAML paragraph) become one space."""
    return " ".join(text.split())


_LIST_ITEM = re.compile(r"^\s*(?:[-–•*]|\d+[.)])\s")


def paragraphs(text: str) -> list[str]:
    """Prose as its paragraphs, each on one line: a YAML block wrapped at 95 characters is one paragraph, a blank line
    starts another, and so does a line opening a list item (« - », « 1. »): the only line breaks the data means."""
    out: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        current: list[str] = []
        for line in block.split("\n"):
            if _LIST_ITEM.match(line) and current:
                out.append(" ".join(current))
                current = []
            if line.strip():
                current.append(line.strip())
        if current:
            out.append(" ".join(current))
    return [" ".join(p.split()) for p in out]


def file_size(size: int) -> str:
    """A file's size as French readers write it: « 850 o », « 96 Ko », « 1,4 Mo » (binary multiples, as file managers show)."""
    if size < 1024:
        return f"{size} o"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} Ko"
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " Mo"
