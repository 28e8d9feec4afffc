"""The lock: which files the published editions freeze, and their sha256 in standards/published.lock."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from macros.catalog.catalog import Catalog, file_sha256
from macros.core.constants import EDITION_PREFIX
from macros.model import Edition

LOCK_HEADER = (
    "# Empreintes sha256 des fichiers publiés : une version publiée ne change plus.\n"
    "# Fichier écrit par « pmo publish » ; ne pas modifier à la main.\n"
)


def published_files(cat: Catalog) -> list[Path]:
    """Every data file that a published edition holds: standard versions with their guidance, role definitions."""
    paths: set[Path] = set()
    for edition in cat.published_editions():
        for slug, version in edition.standards.items():
            sv = cat.standards.get(slug, {}).get(version)
            if sv is None:
                continue
            paths.add(cat.root.parent / sv.source)
            if sv.guidance_source:
                paths.add(cat.root.parent / sv.guidance_source)
        for role_id, version in edition.roles.items():
            role = cat.roles.get(role_id, {}).get(version)
            if role is not None:
                paths.add(cat.root.parent / role.source)
    return sorted(paths)


def edition_fingerprint(edition: Edition) -> str:
    """The sha256 of what a published edition says (versions, date, notes, changes), whatever the file's layout.

    Fields left at their default are left out, so a field added to the model later does not change old fingerprints.
    """
    canonical = json.dumps(edition.model_dump(mode="json", exclude_defaults=True), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def lock_text(cat: Catalog) -> str:
    """The content of published.lock for the catalog's published editions, sorted for stable diffs."""
    lines = [f"{file_sha256(p)}  {p.relative_to(cat.root.parent).as_posix()}" for p in published_files(cat)]
    lines += [f"{edition_fingerprint(e)}  {EDITION_PREFIX}{e.id}" for e in cat.published_editions()]
    return LOCK_HEADER + "\n".join(lines) + "\n"
