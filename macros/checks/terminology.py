"""One term per concept: every rejected synonym found in the data, the PMO's Markdown, the quizzes or the pages."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from macros.catalog.catalog import Catalog
from macros.core.constants import TERMINOLOGY_FILE
from macros.core.problems import Problem
from macros.core.vocabulary import Severity
from macros.loading.texts import TextFile

_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*\s*:\s*")
# Any kind of space or apostrophe between words: the pages use no-break spaces and typographic apostrophes.
_SPACES = r"[\s\u00a0\u202f]+"


def _body(word: str) -> str:
    parts = [re.escape(p) for p in re.split(_SPACES, word.strip())]
    return _SPACES.join(parts).replace("'", "['\u2019]").replace("\\'", "['\u2019]")


def _atoms(word: str) -> list[str]:
    """A rejected term as the pieces of its expression: each letter, any space, any apostrophe."""
    atoms: list[str] = []
    for n, part in enumerate(re.split(_SPACES, word.strip())):
        atoms += [_SPACES] if n else []
        atoms += ["['\u2019]" if char == "'" else re.escape(char.lower()) for char in part]
    return atoms


def _trie(words: list[str]) -> str:
    """One expression for many terms, shared beginnings written once (« chef de p(?:rojet|rogramme) »): at each place of a
    text the expression tries the few letters that may follow, not every term."""
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for atom in _atoms(word):
            node = node.setdefault(atom, {})
        node[""] = {}  # a term ends here

    def expression(node: dict[str, dict[str, Any]]) -> str:
        branches = [atom + expression(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body
    return expression(root)


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    rejected: str
    preferred: str


class _Rules:
    """Every rejected synonym, and one expression that finds where any of them may start: a text is read once, whatever
    the number of terms, and each rule is tried only where that expression stopped."""

    def __init__(self, cat: Catalog) -> None:
        assert cat.terminology is not None
        # A rejected entry with a parenthesis (« comité de portefeuille (pour la séance) ») depends on its context: it is
        # listed in the glossary, not searched.
        self.rules = [_Rule(re.compile(rf"(?<!\w){_body(r)}(?!\w)", re.IGNORECASE), r, t.term)
                      for t in cat.terminology.terms for r in t.rejected if "(" not in r]
        # Zero-width (a lookahead): every start is found, even inside another match, as each rule's own search would.
        self.starts = re.compile(rf"(?=(?<!\w)(?:{_trie([rule.rejected for rule in self.rules])})(?!\w))", re.IGNORECASE) if self.rules else None

    def problems(self, display: str, text: str) -> list[Problem]:
        if self.starts is None:
            return []
        yaml = display.endswith(".yaml")
        line_starts: list[int] = []
        found_at: list[tuple[int, int, int, Problem]] = []
        ends: dict[int, int] = {}  # per rule, where its last match ended: matches of one rule never overlap
        current = -1
        for found in self.starts.finditer(text):
            if not line_starts:
                line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
            index = found.start()
            number = bisect.bisect_right(line_starts, index)
            begin = line_starts[number - 1]
            end = text.find("\n", begin)
            line = text[begin:] if end < 0 else text[begin:end]
            if number != current:
                current, ends = number, {}
                # In YAML only values are text: « template: » or « scope: » are keys, not words of the PMO; comments are not read.
                skip = yaml and line.lstrip().startswith("#")
                key = _KEY.match(line) if yaml else None
                start = key.end() if key else 0
            column = index - begin
            if skip or column < start:
                continue
            for n, rule in enumerate(self.rules):
                if column < ends.get(n, 0):
                    continue
                match = rule.pattern.match(line, column)
                if match is None:
                    continue
                ends[n] = match.end()
                found_at.append((number, n, column, Problem(
                    display, number, column + 1, "", f"« {match.group()} » : employez « {rule.preferred} » "
                    f"(terme retenu ; « {rule.rejected} » est écarté, voir le glossaire)", Severity.WARNING)))
        # Listed line by line, and within a line rule by rule, in the order of the terminology.
        return [problem for *_, problem in sorted(found_at, key=lambda f: f[:3])]


def synonym_problems(cat: Catalog, files: list[TextFile]) -> list[Problem]:
    """A warning at each rejected synonym, with its line and column and the term to use instead.

    `files` were read while loading (macros.loading.texts); YAML comments are not scanned.
    """
    if cat.terminology is None:
        return []
    rules = _Rules(cat)
    problems = []
    for file in files:
        # A published file never changes: its wording is fixed in the next version, where the warning will show.
        if file.display.rsplit("/", 1)[-1] == TERMINOLOGY_FILE or file.display in cat.lock:
            continue
        problems += rules.problems(file.display, file.text)
    return problems
