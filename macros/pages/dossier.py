"""Page data of « Mon dossier de jalon »: the gate file's data, as plain JSON for the browser."""
from __future__ import annotations

import hashlib
import json

from macros.catalog.catalog import Catalog
from macros.catalog.queries import (
    categories,
    default_category,
    phase_names,
    role_names,
    scoped_entries,
)
from macros.catalog.tailoring import characteristics, gate_deciders
from macros.core import links
from macros.core.gate_file import PROJECT_SCHEMA, READABLE_SCHEMAS, file_format
from macros.core.storage_keys import DOSSIER_ASIDE_PREFIX, DOSSIER_KEY, TICK_PREFIX
from macros.core.text import one_line
from macros.core.vocabulary import ANSWER_LABELS, ITEM_STATUS_LABELS, LEVEL_LABELS, Answer, ItemStatus, Scope, Status
from macros.model import ChecklistItem, tr
from macros.pages.checklist import checklist_line, level_label
from macros.pages.gates import gate_criteria

# The data file's format (this JSON); the projects the browser keeps, and the files it saves, have their own.
# 3: each item's level label per category (« Obligatoire si … »), its status when it is ahead of its date, the answers'
# labels; no « responsible » (R and A are the facts).
DATA_SCHEMA = 3
# How the script tells the three statuses apart.
STATUS_ROLES = {"todo": ItemStatus.TODO, "done": ItemStatus.DONE, "na": ItemStatus.NOT_APPLICABLE}


def dossier_data(cat: Catalog) -> dict[str, object]:
    """What the gate file needs, as plain data: categories and the project characteristics it asks, gates with who
    decides them and their criteria per category, the project items of the edition in force with their level per
    category (and its label, « Obligatoire si … » for an item of some projects), the characteristics they depend on,
    who does (R) and approves (A) each, the status of a version ahead of its date, and a fingerprint, the earlier
    wording of each item, the old tick keys, and what the script must not hold a copy of: storage keys, the project
    file's type, status, level and answer labels."""
    edition = cat.current_edition()
    assert edition is not None and cat.lifecycle is not None
    names = role_names(cat)
    items: list[dict[str, object]] = []
    history: dict[str, dict[str, dict[str, str]]] = {}
    legacy: dict[str, str] = {}
    for e in scoped_entries(cat, Scope.PROJECT):
        s, item, line = e.standard, e.item, checklist_line(cat, e)
        key = f"{s.id}#{item.id}"
        items.append({
            "key": key, "standard": s.id, "slug": s.slug, "id": item.id, "version": s.version, "phase": item.phase,
            "text": one_line(line.text), "levels": {c.id: item.level_for(c.id).value for c in categories(cat)},
            "levelLabels": {c.id: level_label(item.level_for(c.id), line.condition) for c in categories(cat)},
            # An item applies to a project where one of its characteristics holds (none: every project).
            "onlyIf": list(line.only_if),
            "R": [r.id for r in line.doers], "A": line.approver.id if line.approver else None,
            # « À venir — entre en vigueur le … » while its version is ahead of its date, as the pages say; else "".
            "upcoming": line.status_label if line.status == Status.UPCOMING else "",
            "evidence": one_line(line.evidence),
            # What the exports write in the columns dossier-exports.js does not fill itself (see CHECKLIST_COLUMNS).
            "cells": {"doers": line.doer_names, "approver": line.approver_name},
            "template": {"title": one_line(line.template_title), "href": line.template_file} if line.template_file else None,
            "href": links.standard_page(s.slug) + "#" + line.anchor,
            "fingerprint": item_fingerprint(item),
        })
        for sv in cat.shown_versions(s.slug):
            old = next((i for i in sv.standard.checklist if i.id == item.id), None)
            if old is None:
                continue
            legacy[f"{s.id}@{sv.standard.version}#{item.id}"] = key
            history.setdefault(key, {})[item_fingerprint(old)] = {"version": sv.standard.version, "text": one_line(tr(old.text)),
                                                                  "level": old.level.value}
    category_ids = [c.id for c in categories(cat)]
    gates = [{"id": g.id, "name": one_line(tr(g.name)), "phase": g.after,
              "decidedBy": names.get(g.decider(default_category(cat)) or "", ""),
              "deciders": {c: names.get(role, role) for c, role in gate_deciders(g, category_ids).items()},
              "href": links.gate_page(g.id),
              "criteria": [{"id": c.id, "text": c.text, "evidence": c.evidence, "item": c.id if c.standard else None,
                            "categories": list(c.categories), "onlyIf": list(c.only_if)}
                           for c in gate_criteria(cat, g)]} for g in cat.lifecycle.gates]
    return {"schema": DATA_SCHEMA, "edition": edition.id, "default": default_category(cat),
            "storage": {"key": DOSSIER_KEY, "asidePrefix": DOSSIER_ASIDE_PREFIX, "legacyPrefix": TICK_PREFIX,
                        "schema": PROJECT_SCHEMA, "readable": list(READABLE_SCHEMAS)},
            "file": file_format(),
            "statuses": {name: {"id": status.value, "label": ITEM_STATUS_LABELS[status]} for name, status in STATUS_ROLES.items()},
            "levels": {level.value: label for level, label in LEVEL_LABELS.items()},
            # How a project's answer to a characteristic reads: stored true, false, or not yet (null or no key).
            "answers": {"yes": ANSWER_LABELS[Answer.YES], "no": ANSWER_LABELS[Answer.NO], "unknown": ANSWER_LABELS[Answer.UNKNOWN]},
            "categories": [{"id": c.id, "name": one_line(tr(c.name))} for c in categories(cat)],
            "characteristics": [{"id": c.id, "name": one_line(tr(c.name)), "question": one_line(tr(c.question)),
                                 "condition": one_line(tr(c.condition))} for c in characteristics(cat)],
            "phases": [{"id": pid, "name": name} for pid, name in phase_names(cat).items()],
            "roles": names, "gates": gates, "items": items, "history": history, "legacy": legacy,
            "standards": {sv.standard.id: {"title": one_line(tr(sv.standard.title)), "slug": sv.standard.slug}
                          for sv in cat.current_standards()}}


def item_fingerprint(item: ChecklistItem) -> str:
    """What a tick was given for: the item's text and its levels. Another fingerprint means « modifié depuis votre coche »."""
    payload = json.dumps([one_line(tr(item.text)), item.level.value, sorted((k, v.value) for k, v in item.levels.items())],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
