"""Diffs as text: one line per change for the terminal, Markdown tables for release notes and history pages."""
from __future__ import annotations

import re
from collections.abc import Callable

from macros.core.dates import french_date
from macros.core.text import plural
from macros.core.vocabulary import CHANGE_KIND_LABELS, CHANGE_KIND_MARKERS
from macros.diff.changes import Change, Detail, EditionDiff, RoleDiff, StandardDiff
from macros.render.escape import esc, md_inline, md_plain


def _versions(old: str | None, new: str | None, noun: str) -> str:
    if old is None:
        return f"{noun}, version {new}"
    if new is None:
        return f"retiré (version {old})"
    return f"{old} → {new}"


def detail_words(detail: Detail) -> str:
    """A detail as plain words: a changed text says what was removed and what was added."""
    if isinstance(detail, str):
        return detail
    parts = {"=": "{}", "-": " [retiré : {}] ", "+": " [ajouté : {}] "}
    text = "".join(parts[op].format(text.strip() if op != "=" else text) for op, text in detail.diff.runs)
    return f"{detail.label} : " + re.sub(r" ([.,])", r"\1", " ".join(text.split()))


def _spaced(runs: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """Each run with the space it needs before and after: a change never glues to its neighbours nor precedes punctuation."""
    out = []
    for i, (op, text) in enumerate(runs):
        if op == "=":
            out.append((op, text, "", ""))
            continue
        # A change right after another one gets its space from that one's « after ».
        before = runs[i - 1][1] if i and runs[i - 1][0] == "=" else ""
        after = runs[i + 1][1] if i + 1 < len(runs) else ""
        out.append((op, text.strip(), " " if before and not before[-1].isspace() else "",
                    " " if after and after[0] not in " .,;:!?)»\u00a0\u202f" else ""))
    return out


def detail_html(detail: Detail, q: Callable[[str], str]) -> str:
    """A detail for the site: removed words struck through and added ones marked, each also said for screen readers."""
    if isinstance(detail, str):
        return q(detail)
    tags = {"-": ("del", "retiré"), "+": ("ins", "ajouté")}
    out = []
    for op, text, before, after in _spaced(detail.diff.runs):
        if op == "=":
            out.append(q(text))
        else:
            tag, said = tags[op]
            out.append(f'{before}<{tag} class="pmo-{tag}"><span class="pmo-sr">{said} : </span>{esc(text)}</{tag}>{after}')
    return f"{q(detail.label)} : " + "".join(out).strip()


def detail_plain_markdown(detail: Detail) -> str:
    """A detail for Markdown pasted in a message: ~~removed~~ and **added**, each also said in words."""
    if isinstance(detail, str):
        return md_plain(detail)
    marks = {"-": "~~{}~~ (retiré)", "+": "**{}** (ajouté)"}
    return f"{md_plain(detail.label)} : " + "".join(md_plain(text) if op == "=" else before + marks[op].format(md_plain(text)) + after
                                                     for op, text, before, after in _spaced(detail.diff.runs)).strip()


def _suggestion(change: Change) -> str:
    return f"à qualifier (suggestion : {change.suggestion[0]}, {change.suggestion[1]})" if change.suggestion else ""


def _terminal_line(change: Change) -> str:
    line = f"{CHANGE_KIND_MARKERS[change.kind]} {change.target} [{change.impact}]"
    details = [detail_words(d) for d in change.details] + ([_suggestion(change)] if change.suggestion else [])
    details += [f"note du PMO : {change.note}"] if change.note else []
    return line + (" " + " ; ".join(details) if details else "")


def _terminal_block(header: str, changes: list[Change], notes: list[str]) -> list[str]:
    lines = [_terminal_line(c) for c in changes] or ["  aucun changement de contenu"]
    return [header] + lines + [f"  note du PMO : {n}" for n in notes]


def format_terminal(diff: StandardDiff | RoleDiff | EditionDiff) -> str:
    """Plain French text, one line per change (+ ajout, - retrait, ~ modification); no final newline."""
    if isinstance(diff, StandardDiff):
        header = f"{diff.title} ({diff.slug}) : {_versions(diff.old_version, diff.new_version, 'nouveau standard')}"
        return "\n".join(_terminal_block(header, diff.changes, diff.notes))
    if isinstance(diff, RoleDiff):
        header = f"Rôle {diff.name} ({diff.role_id}) : {_versions(diff.old_version, diff.new_version, 'nouveau rôle')}"
        return "\n".join(_terminal_block(header, diff.changes, diff.notes))
    title = f"Édition {diff.old_id} → {diff.new_id}" if diff.old_id else f"Édition {diff.new_id} (première édition)"
    summary = (f"{title} : {plural(len(diff.standards), 'standard concerné', 'standards concernés')}, "
               f"{plural(len(diff.roles), 'définition de rôle concernée', 'définitions de rôle concernées')}")
    parts: list[StandardDiff | RoleDiff] = [*diff.standards, *diff.roles]
    blocks = [summary] + [format_terminal(d) for d in parts]
    return "\n\n".join(blocks)


def _md_table(changes: list[Change], q: Callable[[str], str], plain: bool) -> list[str]:
    if not changes:
        return ["Aucun changement de contenu."]
    rows = ["| Changement | Objet | Impact | Détails |", "| --- | --- | --- | --- |"]
    for c in changes:
        details = [detail_plain_markdown(d) if plain else detail_html(d, q) for d in c.details]
        if c.suggestion:
            details.append(q(_suggestion(c)))
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


def standard_heading(diff: StandardDiff, level: int, q: Callable[[str], str], anchor: str | None = None) -> list[str]:
    """A standard's heading in release notes and history pages: its versions, dates and the PMO's notes on the whole."""
    intro = _md_versions(diff.old_version, diff.new_version, "Nouveau standard", q)
    if diff.new_version is not None and diff.effective_from is not None:
        intro += f" En vigueur le {french_date(diff.effective_from)}"
        intro += (f" ; les projets démarrés avant peuvent garder la version précédente jusqu'au "
                  f"{french_date(diff.transition_until)}." if diff.transition_until and diff.old_version else ".")
    out = [f"{'#' * level} {q(diff.title)}" + (f" {{#{anchor}}}" if anchor else ""), "", intro, ""]
    return out + [f"*Note du PMO :* {q(n)}" for n in diff.notes] + ([""] if diff.notes else [])


def format_markdown(diff: StandardDiff | RoleDiff | EditionDiff, level: int = 2, plain: bool = False) -> str:
    """Markdown for release notes: one heading of `level` per standard or role, a table of its changes.

    For the site every data text becomes entities (md_inline); `plain` escapes with backslashes only, so the
    text stays readable when the PMO pastes `pmo diff --format markdown` into a message.
    """
    q = md_plain if plain else md_inline
    hashes = "#" * level
    if isinstance(diff, StandardDiff):
        return "\n".join(standard_heading(diff, level, q) + _md_table(diff.changes, q, plain)) + "\n"
    if isinstance(diff, RoleDiff):
        out = [f"{hashes} Rôle : {q(diff.name)}", "", _md_versions(diff.old_version, diff.new_version, "Nouveau rôle", q), ""]
        out += [f"*Note du PMO :* {q(n)}" for n in diff.notes] + ([""] if diff.notes else [])
        return "\n".join(out + _md_table(diff.changes, q, plain)) + "\n"
    if not diff.standards and not diff.roles:
        return f"Aucun changement entre les éditions {q(str(diff.old_id))} et {q(diff.new_id)}.\n"
    parts: list[StandardDiff | RoleDiff] = [*diff.standards, *diff.roles]
    blocks = [format_markdown(d, level, plain) for d in parts]
    return "\n".join(blocks)
