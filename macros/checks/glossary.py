"""The terminology is a well-formed glossary: each term once, each rejected synonym under one term only, no word both
kept and rejected (blank words are refused by the model). Apart from the synonym scan (macros.checks.terminology)."""
from __future__ import annotations

import re

from macros.catalog.catalog import Catalog
from macros.core.constants import TERMINOLOGY_FILE
from macros.core.problems import Problem, field_path


def _key(word: str) -> str:
    """A word as the synonym scan matches it: any case, any run of spaces, either apostrophe."""
    return " ".join(re.split(r"[\s\u00a0\u202f]+", word.strip())).casefold().replace("\u2019", "'")


def check_glossary(cat: Catalog) -> list[Problem]:
    """Two entries for one term contradict each other; a synonym rejected under two terms points two ways; a word kept
    by one entry and rejected by another (or by its own) asks the PMO to use and avoid it at once."""
    if cat.terminology is None:
        return []
    file = cat.rel(cat.root / TERMINOLOGY_FILE)
    problems = []

    def place(loc: tuple[object, ...]) -> str:
        return f"{field_path(loc)}, ligne {cat.problem_at(file, loc, '').line}"

    kept: dict[str, tuple[object, ...]] = {}
    for t, term in enumerate(cat.terminology.terms):
        loc: tuple[object, ...] = ("terms", t, "term")
        if _key(term.term) in kept:
            problems.append(cat.problem_at(file, loc, f"terme « {term.term} » déjà défini ({place(kept[_key(term.term)])}) : une notion n'a "
                                           "qu'une entrée ; réunissez les deux définitions"))
        else:
            kept[_key(term.term)] = loc
    rejected: dict[str, tuple[str, tuple[object, ...]]] = {}
    for t, term in enumerate(cat.terminology.terms):
        for r, word in enumerate(term.rejected):
            loc = ("terms", t, "rejected", r)
            key = _key(word)
            if key in kept:
                problems.append(cat.problem_at(file, loc, f"« {word} » est un terme retenu ({place(kept[key])}) : il ne peut pas être "
                                               "aussi un synonyme écarté ; retirez-le de rejected ou de la liste des termes"))
            elif key in rejected:
                owner, first = rejected[key]
                problems.append(cat.problem_at(file, loc, f"synonyme « {word} » déjà écarté au profit de « {owner} » ({place(first)}) : un mot "
                                               "écarté renvoie à un seul terme retenu"))
            else:
                rejected[key] = (term.term, loc)
    return problems
