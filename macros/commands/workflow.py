"""The PMO's publishing workflow: new version, new edition, publish; each planned, checked on a copy, then written."""
from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from macros.catalog.catalog import Catalog
from macros.catalog.lock import lock_text
from macros.checks.publication import publication_blockers
from macros.commands.yaml_edit import EditError, append_item, remove_key, scalar, set_key, set_value
from macros.core.constants import DOCS_DIR, EDITION_ID, EDITIONS_FILE, JOURNAL_FILE, LOCK_FILE, QUIZZES_DIR, ROLES_DIR, STANDARDS_DIR
from macros.core.problems import Problem
from macros.core.vocabulary import Bump, EditionStatus, Status
from macros.loading.journal import RecoveryError, pending, recover, write_with_journal
from macros.loading.markdown_source import split_front_matter
from macros.loading.yaml_reader import parse_yaml
from macros.model import Edition, version_key
from macros.project import Loaded, Project, load

EDITIONS = f"{STANDARDS_DIR}/{EDITIONS_FILE}"


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


@dataclass
class Plan:
    """The files a command will write (project-relative path -> new text), and what to tell the PMO."""

    project: Project
    texts: dict[str, str] = field(default_factory=dict)
    report: list[Written] = field(default_factory=list)

    def text(self, rel: str) -> str:
        """The file as this plan leaves it so far."""
        return self.texts[rel] if rel in self.texts else (self.project.root / rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str, action: str | None = None) -> None:
        self.texts[rel] = text
        if action is not None:
            self.report.append(Written(rel, action))


def _loaded(project: Project, today: dt.date) -> Loaded:
    return load(project, preview=False, today=today)


def _require_valid(loaded: Loaded, command: str) -> None:
    if loaded.errors:
        raise WorkflowError(f"{command} refusée : les données contiennent des erreurs ; corrigez-les d'abord (pmo validate)",
                            loaded.errors)


def _edit(plan: Plan, rel: str, edit: str, *args: object) -> None:
    """Apply one yaml_edit function to a planned file; an edit that cannot be placed stops the command."""
    functions = {"set_value": set_value, "set_key": set_key, "remove_key": remove_key, "append_item": append_item}
    try:
        plan.texts[rel] = functions[edit](plan.text(rel), rel, *args)  # type: ignore[operator]
    except EditError as exc:
        raise WorkflowError(str(exc)) from None


@contextlib.contextmanager
def applied_copy(plan: Plan) -> Iterator[Project]:
    """A temporary copy of the project's data with the plan applied: what the data would be after the command."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Project(Path(tmp))
        for name in (STANDARDS_DIR, QUIZZES_DIR, DOCS_DIR):
            source = plan.project.root / name
            if source.is_dir():
                shutil.copytree(source, copy.root / name, symlinks=True)
        for rel, text in plan.texts.items():
            target = copy.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        yield copy


def verify(plan: Plan, today: dt.date) -> Loaded:
    """The project as the plan would leave it, loaded and checked."""
    with applied_copy(plan) as copy:
        return _loaded(copy, today)


def commit(plan: Plan, command: str) -> list[Written]:
    """Write every planned file through the journal: after an interruption, `pmo publish --reprendre` finishes it."""
    order = sorted(plan.texts, key=lambda rel: rel.endswith(LOCK_FILE))
    write_with_journal(plan.project.root, command, {rel: plan.texts[rel] for rel in order})
    return plan.report


def _no_interrupted_command(project: Project) -> None:
    label = pending(project.root)
    if label is not None:
        raise WorkflowError(f"la commande « {label} » a été interrompue : terminez-la d'abord avec « pmo publish --reprendre »")


def resume(project: Project) -> list[Written]:
    """Finish the command an interruption stopped (`pmo publish --reprendre`)."""
    try:
        command, written = recover(project.root)
    except RecoveryError as exc:
        raise WorkflowError(str(exc)) from None
    return [Written(rel, f"écrit (reprise de « {command} »)") for rel in written] or [
        Written(JOURNAL_FILE, f"supprimé : « {command} » était déjà terminée")]


def _checked_commit(plan: Plan, today: dt.date, command: str, label: str) -> list[Written]:
    after = verify(plan, today)
    if after.errors:
        raise WorkflowError(f"{command} refusée : le résultat ne serait pas valide ; rien n'a été écrit", after.errors)
    return commit(plan, label)


# --- commands ---------------------------------------------------------------------------------

def _unpublished_role_version(cat: Catalog, role_id: str) -> str | None:
    """The latest version of a role definition if no published edition holds it yet."""
    versions = cat.roles.get(role_id, {})
    if not versions:
        return None
    latest = max(versions, key=version_key)
    published = any(e.roles.get(role_id) == latest for e in cat.published_editions())
    return None if published else latest


def _register(plan: Plan, cat: Catalog, section: str, name: str, version: str) -> None:
    """Put the new version in the edition being prepared, or tell the PMO how to open one."""
    draft = cat.draft_edition()
    if draft is None:
        plan.report.append(Written(EDITIONS, "inchangé : aucune édition en préparation ; « pmo edition new <id> » reprendra ce brouillon"))
        return
    index = cat.editions.index(draft)
    _edit(plan, EDITIONS, "set_key", ("editions", index, section), name, scalar(version))
    plan.report.append(Written(EDITIONS, f"édition {draft.id} : {name} passe en {version}"))


def new_role_version(project: Project, role_id: str, part: Bump, today: dt.date) -> list[Written]:
    """Copy the latest definition of a role into the next version (its front matter's version updated)."""
    loaded = _loaded(project, today)
    _require_valid(loaded, "nouvelle version")
    cat = loaded.catalog
    latest = max(cat.roles[role_id], key=version_key)
    if _unpublished_role_version(cat, role_id) is not None:
        raise WorkflowError(f"la version {latest} du rôle « {role_id} » n'est pas encore publiée : modifiez-la, "
                            "ou publiez-la avant d'en créer une autre")
    target = part.next(latest)
    folder = f"{STANDARDS_DIR}/{ROLES_DIR}/{role_id}"
    text = (project.root / folder / f"{latest}.md").read_text(encoding="utf-8")
    source = split_front_matter(text)
    doc, _ = parse_yaml(source.front_matter or "", folder, offsets=True)
    if doc is None or ("version",) not in doc.extents:
        raise WorkflowError(f"{folder}/{latest}.md : champ « version » introuvable dans l'en-tête")
    start, end = doc.extents[("version",)]
    offset = text.index("\n") + 1  # the front matter starts on the line after « --- »
    plan = Plan(project)
    plan.write(f"{folder}/{target}.md", text[:offset + start] + scalar(target) + text[offset + end:],
               "créé (nouvelle version de la définition)")
    _register(plan, cat, "roles", role_id, target)
    return _checked_commit(plan, today, "nouvelle version", f"new-version {role_id}")


def new_version(project: Project, slug: str, part: Bump, today: dt.date, transition: dt.date | None = None,
                without_transition: str | None = None) -> list[Written]:
    """Copy the latest version of a standard (or a role definition) into the next one, as a draft.

    A major version needs its transition from the start: until when projects may keep the previous version, or why
    they may not.
    """
    _no_interrupted_command(project)
    loaded = _loaded(project, today)
    cat = loaded.catalog
    if slug not in cat.standards and slug in cat.roles:
        return new_role_version(project, slug, part, today)
    versions = cat.standards.get(slug)
    if not versions:
        known = ", ".join(sorted(cat.standards)) or "aucun"
        raise WorkflowError(f"standard inconnu « {slug} » ; standards : {known} ; rôles : {', '.join(sorted(cat.roles))}")
    _require_valid(loaded, "nouvelle version")
    if part is Bump.MAJOR and transition is None and not without_transition:
        raise WorkflowError("une version majeure demande une transition : ajoutez --transition AAAA-MM-JJ (jusqu'à quand les projets "
                            "démarrés avant peuvent garder la version actuelle) ou --sans-transition « raison »")
    latest = max(versions, key=version_key)
    if versions[latest].standard.status == Status.DRAFT:
        raise WorkflowError(f"la version {latest} de « {slug} » est encore un brouillon : modifiez-la, "
                            "ou publiez-la avant d'en créer une autre")
    target = part.next(latest)
    folder = f"{STANDARDS_DIR}/{slug}"
    plan = Plan(project)
    new_file = f"{folder}/{target}.yaml"
    plan.texts[new_file] = (project.root / folder / f"{latest}.yaml").read_text(encoding="utf-8")
    for key, value in (("version", scalar(target)), ("status", "draft"), ("effective_from", today.isoformat()),
                       ("last_reviewed", today.isoformat())):
        _edit(plan, new_file, "set_value", (key,), value)
    # The previous version's transition belongs to it; this version gets its own, if given.
    _edit(plan, new_file, "remove_key", ("transition_until",))
    _edit(plan, new_file, "remove_key", ("without_transition",))
    if transition is not None:
        _edit(plan, new_file, "set_key", (), "transition_until", transition.isoformat(), "effective_from")
    elif without_transition:
        _edit(plan, new_file, "set_key", (), "without_transition", scalar(without_transition), "effective_from")
    # Who does an item comes from the RACI row that covers it: the copy drops the « responsible » a published version names.
    for i, item in enumerate(versions[latest].standard.checklist):
        if item.responsible is not None:
            _edit(plan, new_file, "remove_key", ("checklist", i, "responsible"))
    plan.report.append(Written(new_file, "créé (brouillon)"))
    guidance = project.root / folder / f"{latest}.md"
    if guidance.is_file():
        plan.write(f"{folder}/{target}.md", guidance.read_text(encoding="utf-8"), "créé (copie du texte d'accompagnement)")
    _register(plan, cat, "standards", slug, target)
    return _checked_commit(plan, today, "nouvelle version", f"new-version {slug}")


def new_edition(project: Project, edition_id: str, notes: str, today: dt.date) -> list[Written]:
    """Add a draft edition that starts from the latest published one."""
    if not EDITION_ID.match(edition_id):
        raise WorkflowError(f"identifiant d'édition invalide « {edition_id} » (attendu : année, point, numéro, par exemple 2027.1)")
    _no_interrupted_command(project)
    loaded = _loaded(project, today)
    _require_valid(loaded, "nouvelle édition")
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
        latest_role = _unpublished_role_version(cat, rid)
        if latest_role is not None:
            roles[rid] = latest_role
    plan = Plan(project)
    _edit(plan, EDITIONS, "append_item", ("editions",), [
        ("id", scalar(edition_id)), ("status", "draft"), ("notes", scalar(" ".join(notes.split()))),
        ("standards", [(slug, scalar(v)) for slug, v in standards.items()]),
        ("roles", [(rid, scalar(v)) for rid, v in roles.items()]),
    ])
    plan.report.append(Written(EDITIONS, f"édition {edition_id} ajoutée en brouillon"))
    return _checked_commit(plan, today, "nouvelle édition", f"edition new {edition_id}")


def plan_publication(loaded: Loaded, edition_id: str, day: dt.date) -> Plan:
    """Every file `publish` changes: the edition dated and published, statuses, effective dates (the lock comes later)."""
    cat = loaded.catalog
    edition = next((e for e in cat.editions if e.id == edition_id), None)
    if edition is None:
        raise WorkflowError(f"édition inconnue « {edition_id} » ; éditions : {', '.join(e.id for e in cat.editions)}")
    if edition.status == EditionStatus.PUBLISHED:
        raise WorkflowError(f"l'édition {edition_id} est déjà publiée : une édition ne se publie qu'une fois")
    previous: Edition | None = cat.published_editions()[-1] if cat.published_editions() else None
    if previous is not None and previous.standards == edition.standards and previous.roles == edition.roles:
        raise WorkflowError(f"l'édition {edition_id} ne change rien à l'édition {previous.id} : "
                            "créez d'abord les nouvelles versions (pmo new-version <standard> --minor…)")
    if previous is not None and previous.date is not None and day < previous.date:
        raise WorkflowError(f"la date de publication {day.isoformat()} précède celle de l'édition {previous.id} ({previous.date.isoformat()})")
    plan = Plan(loaded.project)
    index = cat.editions.index(edition)
    _edit(plan, EDITIONS, "set_value", ("editions", index, "status"), EditionStatus.PUBLISHED)
    _edit(plan, EDITIONS, "set_key", ("editions", index), "date", day.isoformat(), "status")
    for slug, version in edition.standards.items():
        sv = cat.standards[slug][version]
        if sv.standard.status == Status.DRAFT:
            _edit(plan, sv.source, "set_value", ("status",), Status.ACTIVE)
            # A date the PMO planned in the future is kept; an earlier one becomes the publication day.
            if sv.standard.effective_from < day:
                _edit(plan, sv.source, "set_value", ("effective_from",), day.isoformat())
        old = previous.standards.get(slug) if previous else None
        if old is not None and old != version:
            old_sv = cat.standards[slug][old]
            if old_sv.standard.status == Status.ACTIVE:
                _edit(plan, old_sv.source, "set_value", ("status",), Status.SUPERSEDED)
    plan.report += [Written(rel, "mis à jour") for rel in plan.texts]
    return plan


def publish(project: Project, edition_id: str, day: dt.date) -> list[Written]:
    """Publish a draft edition: plan, verify the result on a copy, then write it; all or nothing.

    Rerun after an interruption, it finishes the same publication from its journal.
    """
    if pending(project.root) == f"publish {edition_id}":
        return resume(project)
    _no_interrupted_command(project)
    loaded = _loaded(project, day)
    _require_valid(loaded, "publication")
    blockers = publication_blockers(loaded.catalog, loaded.quizzes, edition_id)
    if blockers:
        raise WorkflowError(f"publication refusée : l'édition {edition_id} contient des changements d'exigences obligatoires "
                            "non classés, des règles de responsabilité ou d'adaptation non respectées, ou des questions de quiz "
                            "non revues", blockers)
    plan = plan_publication(loaded, edition_id, day)
    # The lock is computed from the files as they will be, then the whole result is checked on a copy.
    with applied_copy(plan) as copy:
        lock = lock_text(_loaded(copy, day).catalog)
    plan.write(f"{STANDARDS_DIR}/{LOCK_FILE}", lock, "mis à jour")
    return _checked_commit(plan, day, "publication", f"publish {edition_id}")
