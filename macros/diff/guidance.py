"""Diff of the PMO's Markdown (guidance and role bodies), section by section."""
from __future__ import annotations

import difflib

from macros.core.text import plural
from macros.core.vocabulary import ChangeKind, Impact
from macros.diff.changes import INTRODUCTION, Change, flat, match_by
from macros.loading.markdown_source import headings


def markdown_sections(body: str | None) -> list[tuple[str, int, str]]:
    """(heading, level, text) of each section of a body; text before the first heading is « Introduction »."""
    if not body:
        return []
    lines = body.split("\n")
    found = headings(body, 1)
    bounds = [(INTRODUCTION, 0, 0, found[0].line - 1 if found else len(lines))]
    bounds += [(h.text, h.level, h.line, found[n + 1].line - 1 if n + 1 < len(found) else len(lines))
               for n, h in enumerate(found)]
    sections: list[tuple[str, int, str]] = []
    seen: dict[str, int] = {}
    for title, level, start, end in bounds:
        text = "\n".join(line.rstrip() for line in lines[start:end]).strip("\n")
        if level == 0 and not text.strip():
            continue
        # The same heading twice (two « Exemple » sections) stays two sections.
        seen[title] = seen.get(title, 0) + 1
        sections.append((title if seen[title] == 1 else f"{title} ({seen[title]})", level, text))
    return sections


def _line_counts(old: str, new: str) -> str:
    # Blank lines only separate blocks: counting them would double every added paragraph.
    before = [line for line in old.split("\n") if line.strip()]
    after = [line for line in new.split("\n") if line.strip()]
    added = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op != "equal":
            removed += i2 - i1
            added += j2 - j1
    parts = []
    if added:
        parts.append(plural(added, "ligne ajoutée", "lignes ajoutées"))
    if removed:
        parts.append(plural(removed, "ligne retirée", "lignes retirées"))
    return "texte modifié : " + ", ".join(parts) if parts else "mise en forme modifiée"


def body_changes(old: str | None, new: str | None, roles: set[str]) -> list[Change]:
    changes = []
    for before, after in match_by(markdown_sections(old), markdown_sections(new), lambda s: s[0]):
        section = after or before
        assert section is not None
        target = f"section « {flat(section[0])} »"
        if before is None or after is None:
            changes.append(Change(ChangeKind.ADDED if before is None else ChangeKind.REMOVED, target, [], Impact.EDITORIAL, set(roles), section=section[0]))
            continue
        details = []
        if before[1] != after[1]:
            details.append(f"niveau de titre : {before[1]} → {after[1]}")
        if before[2] != after[2]:
            details.append(_line_counts(before[2], after[2]))
        if details:
            changes.append(Change(ChangeKind.MODIFIED, target, details, Impact.EDITORIAL, set(roles), section=section[0]))
    return changes
