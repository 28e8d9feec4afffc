"""The PMO's publishing workflow: new version, new edition, publish; text edits keep comments and layout."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from macros.catalog import Catalog, load_catalog
from macros.constants import EDITION_ID, EDITIONS_FILE, LOCK_FILE
from macros.model import version_key
from macros.problems import Problem
from macros.publish import lock_text
from macros.quizzes import load_quizzes


class WorkflowError(Exception):
    """A step the PMO asked for cannot be done; the message says why, in French."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class Written:
    """A file the workflow created or changed, for the report printed to the PMO."""

    path: str
    action: str


# --- small text edits that keep the PMO's comments and formatting ---------------------------

def set_top_level(text: str, key: str, value: str | None) -> str:
    """Replace the one-line top-level `key: ...` (value None removes the line)."""
    pattern = re.compile(rf"^{re.escape(key)}:[^\n]*\n", re.M)
    if not pattern.search(text):
        if value is None:
            return text
        raise WorkflowError(f"champ « {key} » introuvable au premier niveau")
    return pattern.sub("" if value is None else f"{key}: {value}\n", text, count=1)


def _edition_block(lines: list[str], edition_id: str) -> tuple[int, int]:
    start = next((i for i, line in enumerate(lines) if re.match(rf'^  - id: "?{re.escape(edition_id)}"?\s*$', line)), None)
    if start is None:
        raise WorkflowError(f"édition « {edition_id} » introuvable dans standards/{EDITIONS_FILE}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  - ") or (lines[i] and not lines[i].startswith(" "))), len(lines))
    return start, end


def set_edition_field(text: str, edition_id: str, key: str, value: str) -> str:
    """Set `key: value` (4-space indent) inside one edition's block, adding the line after `status` if absent."""
    lines = text.split("\n")
    start, end = _edition_block(lines, edition_id)
    for i in range(start + 1, end):
        if re.match(rf"^    {re.escape(key)}:", lines[i]):
            lines[i] = f"    {key}: {value}"
            return "\n".join(lines)
    status = next((i for i in range(start + 1, end) if lines[i].startswith("    status:")), start)
    lines.insert(status + 1, f"    {key}: {value}")
    return "\n".join(lines)


def set_edition_entry(text: str, edition_id: str, section: str, name: str, version: str) -> str:
    """Set `name: "version"` in the `standards:` or `roles:` map of one edition."""
    lines = text.split("\n")
    start, end = _edition_block(lines, edition_id)
    head = next((i for i in range(start + 1, end) if lines[i] == f"    {section}:"), None)
    if head is None:
        raise WorkflowError(f"section « {section} » introuvable dans l'édition {edition_id}")
    last = head
    for i in range(head + 1, end):
        if not lines[i].startswith("      "):
            break
        last = i
        if re.match(rf"^      {re.escape(name)}:", lines[i]):
            lines[i] = f'      {name}: "{version}"'
            return "\n".join(lines)
    lines.insert(last + 1, f'      {name}: "{version}"')
    return "\n".join(lines)


# --- commands ---------------------------------------------------------------------------------

def _load(project: Path) -> Catalog:
    return load_catalog(project / "standards")


def _draft_edition(cat: Catalog) -> str | None:
    drafts = [e.id for e in cat.editions if e.status == "draft"]
    return drafts[-1] if drafts else None


def bump(version: str, part: str) -> str:
    """The next semantic version: part is major, minor or patch."""
    major, minor, patch = version_key(version)
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def _unpublished_role_version(cat: Catalog, role_id: str) -> str | None:
    """The latest version of a role definition if no published edition holds it yet."""
    versions = cat.roles.get(role_id, {})
    if not versions:
        return None
    latest = max(versions, key=version_key)
    published = any(e.roles.get(role_id) == latest for e in cat.published_editions())
    return None if published else latest


def _register(project: Path, cat: Catalog, section: str, name: str, version: str, written: list[Written]) -> None:
    """Put the new version in the edition being prepared, or tell the PMO how to open one."""
    draft = _draft_edition(cat)
    if draft is None:
        written.append(Written(f"standards/{EDITIONS_FILE}", "inchangé : aucune édition en préparation ; "
                               "« pmo edition new <id> » reprendra ce brouillon"))
        return
    path = project / "standards" / EDITIONS_FILE
    path.write_text(set_edition_entry(path.read_text(encoding="utf-8"), draft, section, name, version), encoding="utf-8")
    written.append(Written(f"standards/{EDITIONS_FILE}", f"édition {draft} : {name} passe en {version}"))


def new_role_version(project: Path, role_id: str, part: str) -> list[Written]:
    """Copy the latest definition of a role into the next version (its front matter's version updated)."""
    cat = _load(project)
    versions = cat.roles[role_id]
    latest = max(versions, key=version_key)
    if _unpublished_role_version(cat, role_id) is not None:
        raise WorkflowError(f"la version {latest} du rôle « {role_id} » n'est pas encore publiée : modifiez-la, "
                            "ou publiez-la avant d'en créer une autre")
    target = bump(latest, part)
    folder = project / "standards" / "roles" / role_id
    text = (folder / f"{latest}.md").read_text(encoding="utf-8")
    text = re.sub(r'^version: "?[0-9.]+"?$', f'version: "{target}"', text, count=1, flags=re.M)
    (folder / f"{target}.md").write_text(text, encoding="utf-8")
    written = [Written(f"standards/roles/{role_id}/{target}.md", "créé (nouvelle version de la définition)")]
    _register(project, cat, "roles", role_id, target, written)
    return written


def new_version(project: Path, slug: str, part: str, today: dt.date) -> list[Written]:
    """Copy the latest version of a standard (or a role definition) into the next one, as a draft."""
    cat = _load(project)
    if slug not in cat.standards and slug in cat.roles:
        return new_role_version(project, slug, part)
    versions = cat.standards.get(slug)
    if not versions:
        known = ", ".join(sorted(cat.standards)) or "aucun"
        raise WorkflowError(f"standard inconnu « {slug} » ; standards : {known} ; rôles : {', '.join(sorted(cat.roles))}")
    latest = max(versions, key=version_key)
    if versions[latest].standard.status == "draft":
        raise WorkflowError(f"la version {latest} de « {slug} » est encore un brouillon : modifiez-la, "
                            "ou publiez-la avant d'en créer une autre")
    target = bump(latest, part)
    folder = project / "standards" / slug
    text = (folder / f"{latest}.yaml").read_text(encoding="utf-8")
    text = set_top_level(text, "version", f'"{target}"')
    text = set_top_level(text, "status", "draft")
    text = set_top_level(text, "effective_from", today.isoformat())
    text = set_top_level(text, "last_reviewed", today.isoformat())
    # The previous version's transition window belongs to it; the PMO sets this version's own if needed.
    text = set_top_level(text, "transition_until", None)
    written = []
    (folder / f"{target}.yaml").write_text(text, encoding="utf-8")
    written.append(Written(f"standards/{slug}/{target}.yaml", "créé (brouillon)"))
    guidance = folder / f"{latest}.md"
    if guidance.exists():
        shutil.copyfile(guidance, folder / f"{target}.md")
        written.append(Written(f"standards/{slug}/{target}.md", "créé (copie du texte d'accompagnement)"))
    _register(project, cat, "standards", slug, target, written)
    return written


def new_edition(project: Path, edition_id: str, notes: str) -> list[Written]:
    """Add a draft edition that starts from the latest published one."""
    if not EDITION_ID.match(edition_id):
        raise WorkflowError(f"identifiant d'édition invalide « {edition_id} » (attendu : année, point, numéro, par exemple 2027.1)")
    cat = _load(project)
    if any(e.id == edition_id for e in cat.editions):
        raise WorkflowError(f"l'édition {edition_id} existe déjà")
    if (draft := _draft_edition(cat)) is not None:
        raise WorkflowError(f"l'édition {draft} est déjà en préparation : publiez-la avant d'en ouvrir une autre")
    base = cat.published_editions()[-1] if cat.published_editions() else None
    if base is not None and tuple(map(int, edition_id.split("."))) <= tuple(map(int, base.id.split("."))):
        raise WorkflowError(f"l'édition {edition_id} doit suivre la dernière édition publiée ({base.id})")
    if not notes.strip():
        raise WorkflowError("les notes de l'édition sont obligatoires (--notes « … »)")
    # Start from the published edition, and take in drafts written before the edition was opened.
    standards = dict(base.standards) if base else {}
    for slug, versions in cat.standards.items():
        latest = max(versions, key=version_key)
        if versions[latest].standard.status == "draft":
            standards[slug] = latest
    roles = dict(base.roles) if base else {}
    for rid in cat.roles:
        latest = _unpublished_role_version(cat, rid)
        if latest is not None:
            roles[rid] = latest
    escaped = notes.strip().replace("\\", "\\\\").replace('"', '\\"')
    block = [f'  - id: "{edition_id}"', "    status: draft", f'    notes: "{escaped}"', "    standards:"]
    block += [f'      {slug}: "{version}"' for slug, version in standards.items()]
    block += ["    roles:"] + [f'      {rid}: "{version}"' for rid, version in roles.items()]
    path = project / "standards" / EDITIONS_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(block) + "\n", encoding="utf-8")
    return [Written(f"standards/{EDITIONS_FILE}", f"édition {edition_id} ajoutée en brouillon")]


def _all_problems(project: Path) -> list[Problem]:
    cat = _load(project)
    return cat.errors + load_quizzes(project, cat).errors


def publish(project: Path, edition_id: str, day: dt.date) -> list[Written]:
    """Publish a draft edition: validate, set dates and statuses, write the lock; all or nothing."""
    problems = _all_problems(project)
    if problems:
        raise WorkflowError("publication refusée : les données contiennent des erreurs", problems)
    cat = _load(project)
    edition = next((e for e in cat.editions if e.id == edition_id), None)
    if edition is None:
        raise WorkflowError(f"édition inconnue « {edition_id} » ; éditions : {', '.join(e.id for e in cat.editions)}")
    if edition.status == "published":
        raise WorkflowError(f"l'édition {edition_id} est déjà publiée : une édition ne se publie qu'une fois")
    previous = cat.published_editions()[-1] if cat.published_editions() else None
    if previous is not None and previous.standards == edition.standards and previous.roles == edition.roles:
        raise WorkflowError(f"l'édition {edition_id} ne change rien à l'édition {previous.id} : "
                            "créez d'abord les nouvelles versions (pmo new-version <standard> --minor…)")
    if previous is not None and previous.date is not None and day < previous.date:
        raise WorkflowError(f"la date de publication {day.isoformat()} précède celle de l'édition {previous.id} ({previous.date.isoformat()})")

    # Every change is computed on a copy first, checked there, and only then copied back.
    changes: dict[str, str] = {}
    editions_text = (cat.root / EDITIONS_FILE).read_text(encoding="utf-8")
    editions_text = set_edition_field(editions_text, edition_id, "status", "published")
    editions_text = set_edition_field(editions_text, edition_id, "date", day.isoformat())
    changes[f"standards/{EDITIONS_FILE}"] = editions_text
    for slug, version in edition.standards.items():
        sv = cat.standards[slug][version]
        if sv.standard.status == "draft":
            text = (project / sv.source).read_text(encoding="utf-8")
            text = set_top_level(text, "status", "active")
            # A date the PMO planned in the future is kept; an earlier one becomes the publication day.
            if sv.standard.effective_from < day:
                text = set_top_level(text, "effective_from", day.isoformat())
            changes[sv.source] = text
        old = previous.standards.get(slug) if previous else None
        if old is not None and old != version:
            old_sv = cat.standards[slug][old]
            if old_sv.standard.status == "active":
                changes[old_sv.source] = set_top_level((project / old_sv.source).read_text(encoding="utf-8"), "status", "superseded")

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for name in ("standards", "quizzes", "docs"):
            if (project / name).exists():
                shutil.copytree(project / name, copy / name)
        for rel, text in changes.items():
            (copy / rel).write_text(text, encoding="utf-8")
        checked = load_catalog(copy / "standards")
        changes[f"standards/{LOCK_FILE}"] = lock_text(checked)
        (copy / "standards" / LOCK_FILE).write_text(changes[f"standards/{LOCK_FILE}"], encoding="utf-8")
        problems = _all_problems(copy)
        if problems:
            raise WorkflowError("publication refusée : l'édition publiée ne serait pas valide", problems)

    # Every new file is fully written first; the renames that follow are quick and the lock comes last, so an
    # interruption leaves either the old edition or files that `pmo validate` reports against the old lock.
    order = sorted(changes, key=lambda r: r.endswith(LOCK_FILE))
    staged = []
    for rel in order:
        target = project / rel
        staging = target.with_name(target.name + ".tmp")
        staging.write_text(changes[rel], encoding="utf-8")
        staged.append((staging, target))
    for staging, target in staged:
        os.replace(staging, target)
    return [Written(rel, "mis à jour") for rel in order]
