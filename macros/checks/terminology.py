"""One term per concept: every rejected synonym found in the data, the PMO's Markdown, the quizzes or the pages."""
from __future__ import annotations

import re

from macros.catalog.catalog import Catalog
from macros.core.constants import TERMINOLOGY_FILE
from macros.core.problems import Problem
from macros.core.vocabulary import Severity
from macros.loading.texts import TextFile

_WORD = re.compile(r"\w+")
_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w-]*\s*:\s*")


def _pattern(word: str) -> re.Pattern[str]:
    # Any kind of space or apostrophe between words: the pages use no-break spaces and typographic apostrophes.
    parts = [re.escape(p) for p in re.split(r"[\s\u00a0\u202f]+", word.strip())]
    body = r"[\s\u00a0\u202f]+".join(parts).replace("'", "['\u2019]").replace("\\'", "['\u2019]")
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def synonym_problems(cat: Catalog, files: list[TextFile]) -> list[Problem]:
    """A warning at each rejected synonym, with its line and column and the term to use instead.

    `files` were read while loading (macros.loading.texts); YAML comments are not scanned. A rejected entry with a parenthesis
    (« comité de portefeuille (pour la séance) ») depends on its context: it is listed in the glossary, not searched.
    """
    if cat.terminology is None:
        return []
    rules = [(_pattern(r), r, t.term) for t in cat.terminology.terms for r in t.rejected if "(" not in r]
    # Most lines hold none of the rejected words' first words: a set lookup settles them before any rule runs.
    first_words = {re.findall(r"\w+", rejected.lower())[0] for _, rejected, _ in rules if re.search(r"\w", rejected)}
    problems = []
    for file in files:
        display, yaml = file.display, file.display.endswith(".yaml")
        # A published file never changes: its wording is fixed in the next version, where the warning will show.
        if display.rsplit("/", 1)[-1] == TERMINOLOGY_FILE or display in cat.lock:
            continue
        for number, line in enumerate(file.text.split("\n"), start=1):
            if yaml and line.lstrip().startswith("#"):
                continue
            # In YAML only values are text: « template: » or « scope: » are keys, not words of the PMO.
            key = _KEY.match(line) if yaml else None
            start = key.end() if key else 0
            if first_words.isdisjoint(_WORD.findall(line.lower(), start)):
                continue
            for pattern, rejected, preferred in rules:
                for match in pattern.finditer(line, start):
                    problems.append(Problem(display, number, match.start() + 1, "", f"« {match.group()} » : employez « {preferred} » "
                                            f"(terme retenu ; « {rejected} » est écarté, voir le glossaire)", Severity.WARNING))
    return problems
