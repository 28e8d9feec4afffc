"""Diffs as text: one line per change for the terminal, Markdown tables for release notes and history pages."""
from __future__ import annotations

from collections.abc import Callable

from macros.dates import french_date
from macros.diff import Change, EditionDiff, RoleDiff, StandardDiff
from macros.render.escape import md_inline, md_plain
from macros.text import plural
from macros.vocabulary import CHANGE_KIND_LABELS, CHANGE_KIND_MARKERS


def _versions(old: str | None, new: str | None, noun: str) -> str:
    if old is None:
        return f"{noun}, version {new}"
    if new is None:
        return f"retiré (version {old})"
    return f"{old} → {new}"


def _terminal_line(change: Change) -> str:
    line = f"{CHANGE_KIND_MARKERS[change.kind]} {change.target} [{change.impact}]"
    return line + (" " + " ; ".join(change.details) if change.details else "")


def _terminal_block(header: str, changes: list[Change]) -> list[str]:
    return [header] + ([_terminal_line(c) for c in changes] or ["  aucun changement de contenu"])


def format_terminal(diff: StandardDiff | RoleDiff | EditionDiff) -> str:
    """Plain French text, one line per change (+ ajout, - retrait, ~ modification); no final newline."""
    if isinstance(diff, StandardDiff):
        header = f"{diff.title} ({diff.slug}) : {_versions(diff.old_version, diff.new_version, 'nouveau standard')}"
        return "\n".join(_terminal_block(header, diff.changes))
    if isinstance(diff, RoleDiff):
        header = f"Rôle {diff.name} ({diff.role_id}) : {_versions(diff.old_version, diff.new_version, 'nouveau rôle')}"
        return "\n".join(_terminal_block(header, diff.changes))
    title = f"Édition {diff.old_id} → {diff.new_id}" if diff.old_id else f"Édition {diff.new_id} (première édition)"
    summary = (f"{title} : {plural(len(diff.standards), 'standard concerné', 'standards concernés')}, "
               f"{plural(len(diff.roles), 'définition de rôle concernée', 'définitions de rôle concernées')}")
    parts: list[StandardDiff | RoleDiff] = [*diff.standards, *diff.roles]
    blocks = [summary] + [format_terminal(d) for d in parts]
    return "\n\n".join(blocks)


def _md_table(changes: list[Change], q: Callable[[str], str]) -> list[str]:
    if not changes:
        return ["Aucun changement de contenu."]
    rows = ["| Changement | Objet | Impact | Détails |", "| --- | --- | --- | --- |"]
    for c in changes:
        details = [q(d) for d in c.details]
        if c.note:
            details.append(f"*Note du PMO :* {q(c.note)}")
        rows.append(f"| {CHANGE_KIND_LABELS[c.kind]} | {q(c.target)} | {c.impact} | {' ; '.join(details) or '—'} |")
    return rows


def _md_versions(old: str | None, new: str | None, noun: str, q: Callable[[str], str]) -> str:
    if old is None:
        return f"{noun}, version {q(str(new))}."
    if new is None:
        return f"Retiré de l'édition (dernière version : {q(old)})."
    return f"Version {q(old)} → {q(new)}."


def format_markdown(diff: StandardDiff | RoleDiff | EditionDiff, level: int = 2, plain: bool = False) -> str:
    """Markdown for release notes: one heading of `level` per standard or role, a table of its changes.

    For the site every data text becomes entities (md_inline); `plain` escapes with backslashes only, so the
    text stays readable when the PMO pastes `pmo diff --format markdown` into a message.
    """
    q = md_plain if plain else md_inline
    hashes = "#" * level
    if isinstance(diff, StandardDiff):
        intro = _md_versions(diff.old_version, diff.new_version, "Nouveau standard", q)
        if diff.new_version is not None and diff.effective_from is not None:
            intro += f" En vigueur le {french_date(diff.effective_from)}"
            intro += (f" ; les projets démarrés avant peuvent garder la version précédente jusqu'au "
                      f"{french_date(diff.transition_until)}." if diff.transition_until and diff.old_version else ".")
        out = [f"{hashes} {q(diff.title)}", "", intro, ""]
        out += [f"*Note du PMO :* {q(n)}" for n in diff.notes] + ([""] if diff.notes else [])
        return "\n".join(out + _md_table(diff.changes, q)) + "\n"
    if isinstance(diff, RoleDiff):
        out = [f"{hashes} Rôle : {q(diff.name)}", "", _md_versions(diff.old_version, diff.new_version, "Nouveau rôle", q), ""]
        out += [f"*Note du PMO :* {q(n)}" for n in diff.notes] + ([""] if diff.notes else [])
        return "\n".join(out + _md_table(diff.changes, q)) + "\n"
    if not diff.standards and not diff.roles:
        return f"Aucun changement entre les éditions {q(str(diff.old_id))} et {q(diff.new_id)}.\n"
    parts: list[StandardDiff | RoleDiff] = [*diff.standards, *diff.roles]
    blocks = [format_markdown(d, level, plain) for d in parts]
    return "\n".join(blocks)
