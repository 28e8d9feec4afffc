"""What a diff is made of: changes with their impact class and the roles they concern, and the small helpers that word them."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from macros.core.text import one_line
from macros.core.vocabulary import IMPACT_ORDER, ChangeKind, Impact
from macros.diff.wording import WordDiff, suggest, word_diff
from macros.model import tr

INTRODUCTION = "Introduction"



STANDARD_TARGET = "standard "


@dataclass(frozen=True)
class TextEdit:
    """A changed text, word by word: « au moins une fois par mois » → « au moins toutes les deux semaines »."""

    label: str
    diff: WordDiff


Detail = str | TextEdit


@dataclass
class Change:
    """One change between two versions, with its impact class and the roles it concerns."""

    kind: ChangeKind
    target: str  # "élément RSK-08", "RACI « … »", "modèle …", "colonne « … » du modèle …", "section « … »", "champ « … »"
    details: Sequence[Detail] = field(default_factory=list)  # French, one each: "niveau : recommandé → obligatoire", or a TextEdit
    impact: Impact = Impact.EDITORIAL
    roles: set[str] = field(default_factory=set)  # role ids concerned
    item_id: str | None = None
    section: str | None = None  # heading of a guidance or role-body section
    note: str | None = None  # the PMO's note, when one of its ChangeNotes classed this change
    suggestion: tuple[Impact, str] | None = None  # for a change « à qualifier »: the probable class, and why


@dataclass
class StandardDiff:
    """Every change between two versions of one standard (a missing side: added or removed standard)."""

    slug: str
    title: str
    old_version: str | None
    new_version: str | None
    changes: list[Change]
    standard_id: str = ""
    effective_from: dt.date | None = None  # of the new version
    transition_until: dt.date | None = None  # of the new version: until when the old one may be kept
    without_transition: str | None = None  # of the new version: why projects must apply it at once
    notes: list[str] = field(default_factory=list)  # the PMO's notes on the standard as a whole


@dataclass
class RoleDiff:
    """Every change between two versions of one role definition."""

    role_id: str
    name: str
    old_version: str | None
    new_version: str | None
    changes: list[Change]
    notes: list[str] = field(default_factory=list)


@dataclass
class EditionDiff:
    """The standards and role definitions an edition adds, removes or changes (unchanged ones omitted)."""

    old_id: str | None
    new_id: str
    standards: list[StandardDiff]
    roles: list[RoleDiff]


@dataclass(frozen=True)
class Categories:
    """The categories of project readers know, lightest first, (id, name); and the one whose level an item's `level` gives."""

    names: tuple[tuple[str, str], ...] = ()
    default: str = ""


T = TypeVar("T")


Text = str | dict[str, str]


def flat(text: Text | None) -> str:
    """French text on one line: a diff line stays one line whatever the YAML's folding."""
    return one_line(tr(text))


def quoted(text: Text) -> str:
    return f"« {flat(text)} »"


def ids_text(values: Iterable[str], names: Mapping[str, str] | None = None) -> str:
    """« Chef de projet, Sponsor »: names, in the order given; never called with nothing to list."""
    return ", ".join((names or {}).get(v, v) for v in values)


# A detail says a field gained or lost its value in a sentence that agrees with the field's name.
_FEMININE = {"preuve attendue", "fréquence", "définition", "cible", "aide", "consigne", "description", "largeur", "adresse",
             "valeurs", "lignes"}
_PLURAL = {"valeurs", "lignes"}


def _agreed(label: str, participle: str) -> str:
    return participle + ("e" if label in _FEMININE else "") + ("s" if label in _PLURAL else "")


def added_detail(label: str, shown: str | None = None) -> str:
    """« fréquence ajoutée : « chaque mois » », or « consigne ajoutée » when the text is too long to be shown."""
    return f"{label} {_agreed(label, 'ajouté')}" + (f" : {shown}" if shown is not None else "")


def removed_detail(label: str, shown: str | None = None) -> str:
    """« modèle retiré (c'était « Fiche action ») »."""
    return f"{label} {_agreed(label, 'retiré')}" + (f" (c'était {shown})" if shown is not None else "")


def heaviest(impacts: Iterable[Impact]) -> Impact:
    return max(impacts, key=IMPACT_ORDER.index, default=Impact.EDITORIAL)


def text_detail(label: str, old: Text | None, new: Text | None, *, long: str | None = None) -> str | None:
    """`label : « old » → « new »`, or `long` (e.g. « texte modifié ») for paragraphs; None if equal."""
    if old == new:
        return None
    if old is None or new is None:
        shown = None if long is not None else quoted(new if old is None else old)  # type: ignore[arg-type]
        return added_detail(label, shown) if old is None else removed_detail(label, shown)
    if old is not None and new is not None and flat(old) == flat(new):
        # Same French text on one line: only the wrapping or a translation differs.
        return f"{label} : traduction ou mise en forme modifiée"
    if long is not None:
        return long
    return f"{label} : {quoted(old)} → {quoted(new)}"


def wording_detail(label: str, old: Text | None, new: Text | None, impact: Impact = Impact.TO_QUALIFY) -> tuple[Detail | None, Impact]:
    """A text that may change a requirement: shown word by word, « à qualifier » unless only its layout changed."""
    if old == new:
        return None, Impact.EDITORIAL
    if old is not None and new is not None and flat(old) == flat(new):
        return f"{label} : traduction ou mise en forme modifiée", Impact.EDITORIAL
    if old is None:
        return added_detail(label, quoted(new)), impact  # type: ignore[arg-type]
    if new is None:
        return removed_detail(label, quoted(old)), impact
    return TextEdit(label, word_diff(flat(old), flat(new))), impact


def suggestion_of(pairs: Iterable[tuple[Text | None, Text | None]]) -> tuple[Impact, str] | None:
    """The heaviest impact the changed texts suggest."""
    found = [suggest(flat(old), flat(new)) for old, new in pairs if old is not None and new is not None and flat(old) != flat(new)]
    return max(found, key=lambda s: IMPACT_ORDER.index(s[0]), default=None)


def value_detail(label: str, old: Any, new: Any, show: Callable[[Any], str] = str) -> str | None:
    """`label : old → new`; a value that appears or disappears is said in words (never an empty placeholder)."""
    if old == new:
        return None
    if old is None:
        return added_detail(label, show(new))
    if new is None:
        return removed_detail(label, show(old))
    return f"{label} : {show(old)} → {show(new)}"


def item_key(item_id: str) -> tuple[str, int]:
    prefix, _, number = item_id.partition("-")
    return prefix, int(number) if number.isdigit() else 0


def match_by(old: Sequence[T], new: Sequence[T], key: Callable[[T], str]) -> list[tuple[T | None, T | None]]:
    """Pairs (old, new) matched by key: the new order first, then what was removed, in the old order."""
    old_by = {key(x): x for x in old}
    new_keys = {key(x) for x in new}
    pairs: list[tuple[T | None, T | None]] = [(old_by.get(key(x)), x) for x in new]
    pairs += [(x, None) for x in old if key(x) not in new_keys]
    return pairs


def order_changed(old: Sequence[str], new: Sequence[str]) -> bool:
    common = set(old) & set(new)
    return [x for x in old if x in common] != [x for x in new if x in common]


# French names of the fields a release note may mention; the data's own keys stay in English.
FIELD_LABELS = {
    "title": "titre", "summary": "résumé", "scope": "périmètre", "objectives": "objectifs",
    "effective_from": "date d'entrée en vigueur", "transition_until": "fin de transition", "owner": "propriétaire",
    "review_every_months": "périodicité de revue", "last_reviewed": "dernière revue", "name": "nom",
    "short_name": "nom court", "reports_to": "rattachement", "applies_to": "concerne",
}


def field_name(name: str) -> str:
    return f"champ « {FIELD_LABELS.get(name, name)} »"
