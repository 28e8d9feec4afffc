"""Small text helpers used everywhere: French plurals, Markdown tables, heading anchors as Python-Markdown makes them,
the suggestion offered for a mistyped id."""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence

# How close a known id must be to a mistyped one to be offered (difflib's ratio): « chef-de-proje » → « chef-de-projet »
# (0.96), « realisation » → « execution » (0.6) is not offered.
SUGGESTION_CUTOFF = 0.75


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


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known id closest to a mistyped one, if one is close enough; case and accents count for nothing."""
    by_key: dict[str, str] = {}
    for name in known:
        by_key.setdefault(_fold(name), name)
    matches = difflib.get_close_matches(_fold(value), list(by_key), n=1, cutoff=SUGGESTION_CUTOFF)
    if not matches or by_key[matches[0]] == value or _other_number(_fold(value), matches[0]):
        return None
    return by_key[matches[0]]


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """« (vouliez-vous dire « chef-de-projet » ?) », with its leading space, to follow an unknown id; "" when nothing is close."""
    found = closest(value, known)
    return f" (vouliez-vous dire « {found} » ?)" if found is not None else ""


def _other_number(a: str, b: str) -> bool:
    """Ids that differ only by digits in the same places (« quiz-9 », « quiz-4 »; « 2030.1 », « 2020.1 ») are other
    numbers, not typos of each other."""
    return a != b and len(a) == len(b) and all(x == y or (x.isdigit() and y.isdigit()) for x, y in zip(a, b, strict=True))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def first_difference(old: str, new: str) -> tuple[int, int]:
    """(line, column), from 1, of the first character where `new` departs from `old`."""
    for number, (a, b) in enumerate(zip(old.split("\n"), new.split("\n"), strict=False), start=1):
        if a != b:
            column = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            return number, column + 1
    return min(old.count("\n"), new.count("\n")) + 1, 1


def file_size(size: int) -> str:
    """A file's size as French readers write it: « 850 o », « 96 Ko », « 1,4 Mo » (binary multiples, as file managers show)."""
    if size < 1024:
        return f"{size} o"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} Ko"
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " Mo"
