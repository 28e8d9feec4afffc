"""`pmo edition new`: a draft edition that starts from the latest published one and takes in the drafts already written."""
from __future__ import annotations

import datetime as dt

from macros.catalog.queries import unpublished_role_version
from macros.commands.plan import EDITIONS, Plan, WorkflowError, Written, checked_commit, edit_file, load_today, no_interrupted_command, require_valid
from macros.commands.yaml_edit import scalar
from macros.core.constants import EDITION_ID
from macros.core.vocabulary import Status
from macros.model import version_key
from macros.project import Project


def new_edition(project: Project, edition_id: str, notes: str, today: dt.date) -> list[Written]:
    """Add a draft edition that starts from the latest published one."""
    if not EDITION_ID.match(edition_id):
        raise WorkflowError(f"identifiant d'édition invalide « {edition_id} » (attendu : année, point, numéro, par exemple 2027.1)")
    no_interrupted_command(project)
    loaded = load_today(project, today)
    require_valid(loaded, "nouvelle édition")
    cat = loaded.catalog
    if any(e.id == edition_id for e in cat.editions):
        raise WorkflowError(f"l'édition {edition_id} existe déjà")
    if (draft := cat.draft_edition()) is not None:
        raise WorkflowError(f"l'édition {draft.id} est déjà en préparation : publiez-la avant d'en ouvrir une autre")
    base = cat.published_editions()[-1] if cat.published_editions() else None
    if base is not None and tuple(map(int, edition_id.split("."))) <= tuple(map(int, base.id.split("."))):
        raise WorkflowError(f"l'édition {edition_id} doit suivre la dernière édition publiée ({base.id})")
    if not notes.strip():
        raise WorkflowError("les notes de l'édition sont obligatoires (--notes « … »)")
    # Start from the published edition, and take in drafts written before the edition was opened.
    standards = dict(base.standards) if base else {}
    for slug, versions in cat.standards.items():
        latest = max(versions, key=version_key)
        if versions[latest].standard.status == Status.DRAFT:
            standards[slug] = latest
    roles = dict(base.roles) if base else {}
    for rid in cat.roles:
        latest_role = unpublished_role_version(cat, rid)
        if latest_role is not None:
            roles[rid] = latest_role
    plan = Plan(project)
    edit_file(plan, EDITIONS, "append_item", ("editions",), [
        ("id", scalar(edition_id)), ("status", "draft"), ("notes", scalar(" ".join(notes.split()))),
        ("standards", [(slug, scalar(v)) for slug, v in standards.items()]),
        ("roles", [(rid, scalar(v)) for rid, v in roles.items()]),
    ])
    plan.report.append(Written(EDITIONS, f"édition {edition_id} ajoutée en brouillon"))
    return checked_commit(plan, today, "nouvelle édition", f"edition new {edition_id}")
