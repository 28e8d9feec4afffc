"""Near-duplicate requirements: two items of different standards at the same phase saying nearly the same thing."""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from itertools import combinations

from macros.catalog.catalog import Catalog, StandardVersion
from macros.core.problems import Problem
from macros.core.text import one_line
from macros.core.vocabulary import Severity
from macros.model import ChecklistItem, tr

# Share of common words above which two items of different standards are reported as near duplicates (above one half:
# see _phase_duplicates).
NEAR_DUPLICATE = 0.6
assert NEAR_DUPLICATE > 0.5


# The meaningful words of a text, accents dropped and cut to six letters (« identifier », « identification »).
_LONG_WORD = re.compile(r"\w{4,}")


def check_duplicates(cat: Catalog) -> list[Problem]:
    """Two items of different standards in force that ask nearly the same thing at the same phase are reported (say it
    once, `see` the other). The same words at another phase are another moment of the project, not a repetition."""
    problems = []
    by_phase: dict[str, list[tuple[StandardVersion, int, ChecklistItem]]] = defaultdict(list)
    for sv in cat.current_standards():
        for i, item in enumerate(sv.standard.checklist):
            by_phase[item.phase].append((sv, i, item))
    for entries in by_phase.values():
        problems += _phase_duplicates(cat, entries)
    return sorted(problems, key=lambda p: (p.file, p.line))


def _phase_duplicates(cat: Catalog, entries: list[tuple[StandardVersion, int, ChecklistItem]]) -> list[Problem]:
    problems = []
    first: dict[str, tuple[str, ChecklistItem]] = {}
    unique: list[tuple[StandardVersion, int, ChecklistItem, str]] = []
    for sv, i, item in entries:
        text = one_line(tr(item.text)).lower()
        if text in first and first[text][0] != sv.standard.slug:
            other = first[text][1]
            if item.see != other.id and other.see != item.id:  # a word-for-word repetition may still point to the other
                problems.append(_duplicate(cat, sv, i, item, other.id))
            continue
        first.setdefault(text, (sv.standard.slug, item))
        unique.append((sv, i, item, text))
    # Accents dropped from all the texts at once (one call, not one per item); a text holds no line break (one_line).
    plain = unicodedata.normalize("NFKD", "\n".join(text for *_, text in unique)).encode("ascii", "ignore").decode("ascii")
    word_sets = [frozenset(w[:6] for w in _LONG_WORD.findall(line)) for line in plain.split("\n")] if unique else []
    # Near duplicates: word sets that mostly overlap (Jaccard index, a cheap order-free measure), across standards only.
    # Two sets whose index reaches t share at least ceil(t * |set|) words of each; with every set ordered rarest word
    # first, their two first shared words are then among the first |set| - ceil(t * |set|) + 2 words of each. So each
    # set is filed under every pair of those first words, and only sets filed under a same pair are compared: pairs of
    # words are rare where single words are not, which keeps the comparisons near linear in the number of items.
    # (A set of one word can only reach t, above one half, with the same word alone: it is filed under that word.)
    # Words are numbered in that order, rarest first.
    frequency = Counter(word for words in word_sets for word in words)
    rank = {word: n for n, word in enumerate(sorted(frequency, key=lambda w: (frequency[w], w)))}
    index: dict[tuple[int, ...], list[int]] = {}
    for n, ((sv, i, item, _), words) in enumerate(zip(unique, word_sets, strict=True)):
        if not words:
            continue
        size, ordered = len(words), sorted(map(rank.__getitem__, words))
        keys = combinations(ordered[: size - math.ceil(NEAR_DUPLICATE * size) + 2], 2) if size > 1 else [(ordered[0],)]
        candidates: set[int] = set()
        for key in keys:
            filed = index.get(key)
            if filed is None:
                index[key] = [n]
            else:
                candidates.update(filed)
                filed.append(n)
        for m in sorted(candidates):
            others = word_sets[m]
            shared = len(words & others)
            if shared / (size + len(others) - shared) < NEAR_DUPLICATE:
                continue
            other_sv, _, other, _ = unique[m]
            if other_sv.standard.slug != sv.standard.slug and item.see != other.id and other.see != item.id:
                problems.append(_duplicate(cat, sv, i, item, other.id))
    return problems


def _duplicate(cat: Catalog, sv: StandardVersion, index: int, item: ChecklistItem, other: str) -> Problem:
    return cat.problem_at(sv.source, ("checklist", index, "text"), f"{item.id} demande presque la même chose que {other} : gardez une seule "
               f"exigence et renvoyez à l'autre (see: {other})", Severity.WARNING)
