"""The PMO's notes in editions.yaml: the impact class and reason they give to each change."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar

from macros.diff.changes import STANDARD_TARGET, Change, EditionDiff, RoleDiff, StandardDiff, flat
from macros.model import ChangeNote, Edition


def _notes_for(owner: str, notes: Iterable[ChangeNote]) -> list[ChangeNote]:
    return [n for n in notes if n.standard == owner]


def note_matches(note: ChangeNote, change: Change, owner: str) -> bool:
    if note.target is not None:
        return flat(note.target) == change.target
    if note.item is None and note.section is None:
        return change.target == STANDARD_TARGET + owner or change.target == f"rôle {owner}"
    return (note.item is None or note.item == change.item_id) and (note.section is None or note.section == change.section)


def _classify(changes: list[Change], notes: list[ChangeNote], owner: str) -> tuple[list[Change], list[str]]:
    out = []
    for change in changes:
        note = next((n for n in notes if note_matches(n, change, owner)), None)
        out.append(change if note is None else replace(change, impact=note.impact, note=flat(note.note) if note.note else None,
                                                      suggestion=None))
    # A note on the whole of a changed standard has no change to sit on: it is shown with the standard.
    loose = [flat(n.note) for n in notes if n.note and not any(note_matches(n, c, owner) for c in changes)
             and n.item is None and n.section is None and n.target is None]
    return out, loose


D = TypeVar("D", StandardDiff, RoleDiff, EditionDiff)


def apply_notes(diff: D, edition: Edition) -> D:
    """The diff with the impact classes the PMO set in the edition's notes (by standard + item, or + section heading).

    A note names a standard by its slug; a note whose `standard` is a role id classes that role's changes.
    """
    if isinstance(diff, EditionDiff):
        return EditionDiff(diff.old_id, diff.new_id, [apply_notes(s, edition) for s in diff.standards],
                           [apply_notes(r, edition) for r in diff.roles])  # type: ignore[return-value]
    owner = diff.slug if isinstance(diff, StandardDiff) else diff.role_id
    changes, loose = _classify(diff.changes, _notes_for(owner, edition.changes), owner)
    return replace(diff, changes=changes, notes=loose)


def unmatched_notes(diff: EditionDiff, edition: Edition) -> list[int]:
    """Indexes of the edition's notes that class no change of the diff (a typo in an item id or a heading, most likely)."""
    owners: dict[str, list[Change]] = {s.slug: s.changes for s in diff.standards}
    owners.update({r.role_id: r.changes for r in diff.roles})
    out = []
    for index, note in enumerate(edition.changes):
        changes = owners.get(note.standard)
        targeted = note.item is not None or note.section is not None or note.target is not None
        if changes is None or (targeted and not any(note_matches(note, c, note.standard) for c in changes)):
            out.append(index)
    return out
