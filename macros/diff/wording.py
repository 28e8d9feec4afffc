"""Word-level differences between two texts, and what a change of wording suggests about its impact."""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from macros.core.vocabulary import Impact

_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")
# Words whose change usually changes what projects must do: how often, by when, how binding.
_FREQUENCY = {"jour", "jours", "semaine", "semaines", "mois", "trimestre", "trimestres", "an", "ans", "annee", "annees",
              "quotidien", "quotidienne", "hebdomadaire", "mensuel", "mensuelle", "trimestriel", "trimestrielle", "annuel",
              "annuelle", "fois", "chaque", "tous", "toutes", "quinzaine"}
_DEADLINE = {"avant", "après", "tard", "délai", "délais", "dès", "immédiatement", "échéance"}
_BINDING = {"doit", "doivent", "devra", "devront", "obligatoire", "obligatoirement", "imperativement", "systematiquement",
            "tout", "toute", "chaque", "jamais", "interdit", "exige", "exiger"}
CONTEXT = 4  # words kept on each side of a change


@dataclass(frozen=True)
class WordDiff:
    """A changed text: runs of kept ("="), removed ("-") and added ("+") text, long kept runs shortened to « … »."""

    runs: list[tuple[str, str]]

    @property
    def removed(self) -> list[str]:
        return [text.strip() for op, text in self.runs if op == "-" and text.strip()]

    @property
    def added(self) -> list[str]:
        return [text.strip() for op, text in self.runs if op == "+" and text.strip()]


def word_diff(old: str, new: str) -> WordDiff:
    """The word-level difference of two one-line texts: « une fois par mois » → « toutes les deux semaines »."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("+", "".join(b[j1:j2])))
    return WordDiff(_shorten(_coalesce(runs)))


def _coalesce(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Word-by-word replacements separated only by spaces read as one replacement of the whole phrase."""
    out: list[tuple[str, str]] = []
    n = 0
    while n < len(runs):
        if runs[n][0] == "=":
            out.append(runs[n])
            n += 1
            continue
        removed, added = "", ""
        while n < len(runs) and (runs[n][0] != "=" or (not runs[n][1].strip() and n + 1 < len(runs) and runs[n + 1][0] != "=")):
            op, text = runs[n]
            if op in "-=":
                removed += text
            if op in "+=":
                added += text
            n += 1
        out += [run for run in (("-", removed), ("+", added)) if run[1]]
    return out


def _shorten(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keep a few words of context around each change; « … » stands for the rest."""
    out = []
    for n, (op, text) in enumerate(runs):
        tokens = _TOKEN.findall(text)
        if op != "=" or sum(1 for t in tokens if t.strip()) <= 2 * CONTEXT:
            out.append((op, text))
            continue
        after = "".join(_take(tokens, CONTEXT)) if n > 0 else ""
        before = "".join(reversed(_take(list(reversed(tokens)), CONTEXT))) if n + 1 < len(runs) else ""
        out.append((op, " … ".join(part.strip() for part in (after, before) if part) if after and before
                    else (after.rstrip() + " …" if after else "… " + before.lstrip())))
    return out


def _take(tokens: list[str], words: int) -> list[str]:
    """The first tokens of a list, up to a number of words."""
    taken, seen = [], 0
    for token in tokens:
        if token.strip():
            if seen == words:
                break
            seen += 1
        taken.append(token)
    return taken


_ITEM_ID = re.compile(r"\b[A-Z]{2,5}-\d{2,3}\b")


def _plain_words(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")
    return set(re.findall(r"\w+", plain))


def _words(text: str) -> set[str]:
    """The words of a text, lowercase, accents kept (« des » is not « dès »)."""
    return set(re.findall(r"\w+", text.lower()))


def suggest(old: str, new: str) -> tuple[Impact, str]:
    """The impact a text change probably has, and why: the PMO confirms it in the edition's `changes:`."""
    diff = word_diff(old, new)
    # An item id (« LAN-08 ») that changes is a reference, not a figure.
    removed, added = _ITEM_ID.sub("", " ".join(diff.removed)), _ITEM_ID.sub("", " ".join(diff.added))
    gone, came = _plain_words(removed), _plain_words(added)
    if re.findall(r"\d+", removed) != re.findall(r"\d+", added):
        return Impact.NEW_REQUIREMENT, "un nombre change"
    if (gone | came) & _FREQUENCY:
        return Impact.NEW_REQUIREMENT, "une fréquence change"
    if (_words(removed) | _words(added)) & _DEADLINE:
        return Impact.NEW_REQUIREMENT, "un délai change"
    if came & _BINDING:
        return Impact.NEW_REQUIREMENT, "le texte devient plus contraignant"
    if gone & _BINDING:
        return Impact.REMOVED_REQUIREMENT, "le texte devient moins contraignant"
    if _plain_words(old) == _plain_words(new):
        return Impact.EDITORIAL, "seules la ponctuation, les majuscules ou les accents changent"
    return Impact.CLARIFICATION, "la formulation change sans nombre, fréquence ni délai"
