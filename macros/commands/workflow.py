"""The PMO's publishing workflow: new version, new edition, publish; each planned, checked on a copy, then written."""
from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field

from macros.catalog.catalog import Catalog
from macros.catalog.lock import lock_text
from macros.checks.publication import blocking_count, publication_blockers
from macros.commands.yaml_edit import EditError, append_item, remove_key, scalar, set_key, set_value
from macros.core.constants import DOCS_DIR, EDITION_ID, EDITIONS_FILE, JOURNAL_FILE, LOCK_FILE, QUIZZES_DIR, STANDARDS_DIR
from macros.core.fsutil import step, write_new
from macros.core.owned import temp_folder
from macros.core.problems import Problem
from macros.core.text import did_you_mean, plural
from macros.core.vocabulary import EditionStatus, Severity, Status
from macros.loading.journal import RecoveryError, pending, recover, write_with_journal
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
    texts: dict[str, str | None] = field(default_factory=dict)  # None: the file is removed
    report: list[Written] = field(default_factory=list)

    def text(self, rel: str) -> str:
        """The file as this plan leaves it so far."""
        planned = self.texts.get(rel, "") if rel in self.texts else (self.project.root / rel).read_text(encoding="utf-8")
        if planned is None:
            raise WorkflowError(f"{rel} : fichier supprimé par cette commande")
        return planned

    def write(self, rel: str, text: str, action: str | None = None) -> None:
        self.texts[rel] = text
        if action is not None:
            self.report.append(Written(rel, action))

    def remove(self, rel: str, action: str) -> None:
        self.texts[rel] = None
        self.report.append(Written(rel, action))


def load_today(project: Project, today: dt.date) -> Loaded:
    return load(project, preview=False, today=today)


def require_valid(loaded: Loaded, command: str) -> None:
    if loaded.errors:
        raise WorkflowError(f"{command} refusée : les données contiennent des erreurs ; corrigez-les d'abord (pmo validate)",
                            loaded.errors)


def edit_file(plan: Plan, rel: str, edit: str, *args: object) -> None:
    """Apply one yaml_edit function to a planned file; an edit that cannot be placed stops the command."""
    functions = {"set_value": set_value, "set_key": set_key, "remove_key": remove_key, "append_item": append_item}
    try:
        plan.texts[rel] = functions[edit](plan.text(rel), rel, *args)  # type: ignore[operator]
    except EditError as exc:
        raise WorkflowError(str(exc)) from None


@contextlib.contextmanager
def applied_copy(plan: Plan) -> Iterator[Project]:
    """A temporary copy of the project's data with the plan applied: what the data would be after the command.

    It lives in the system's temporary folder, marked and named after this process: if the command is killed while it
    exists, the next pmo command removes it (macros.core.owned)."""
    folder = temp_folder("verification")
    try:
        copy = Project(folder)
        for name in (STANDARDS_DIR, QUIZZES_DIR, DOCS_DIR):
            source = plan.project.root / name
            if source.is_dir():
                shutil.copytree(source, copy.root / name, symlinks=True)
        for rel, text in plan.texts.items():
            target = copy.root / rel
            target.unlink(missing_ok=True)  # a link in the copy is replaced, never followed
            if text is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_new(target, text.encode("utf-8"))
        step()  # a file operation like the others: tests kill a command here to prove the copy is cleaned up
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def verify(plan: Plan, today: dt.date) -> Loaded:
    """The project as the plan would leave it, loaded and checked."""
    with applied_copy(plan) as copy:
        return load_today(copy, today)


def commit(plan: Plan, command: str) -> list[Written]:
    """Write every planned file through the journal: after an interruption, `pmo publish --reprendre` finishes it."""
    order = sorted(plan.texts, key=lambda rel: rel.endswith(LOCK_FILE))
    write_with_journal(plan.project.root, command, {rel: plan.texts[rel] for rel in order})
    return plan.report


def no_interrupted_command(project: Project) -> None:
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


def checked_commit(plan: Plan, today: dt.date, command: str, label: str) -> list[Written]:
    after = verify(plan, today)
    if after.errors:
        raise WorkflowError(f"{command} refusée : le résultat ne serait pas valide ; rien n'a été écrit", after.errors)
    return commit(plan, label)


def commit_without_new_errors(loaded: Loaded, plan: Plan, today: dt.date, label: str, draft_files: tuple[list[str], list[str]] = ([], [])
                              ) -> list[Written]:
    """Write a repair: refused if the result has an error the project did not have (the errors of a draft being
    written, `draft_files` before and after, are the PMO's work in progress and are only counted)."""
    before_files, after_files = draft_files
    after = verify(plan, today)
    before = {(p.file, p.field, p.message) for p in loaded.errors if p.file not in before_files}
    created = [p for p in after.errors if p.file not in after_files and (p.file, p.field, p.message) not in before]
    if created:
        raise WorkflowError("commande refusée : le résultat aurait des erreurs que le projet n'a pas ; rien n'a été écrit", created)
    left = [p for p in after.errors if p.file in after_files]
    if left:
        plan.report.append(Written(after_files[0], f"reste à corriger dans ce brouillon : {plural(len(left), 'erreur')} (pmo validate)"))
    return commit(plan, label)


# --- commands ---------------------------------------------------------------------------------

def unpublished_role_version(cat: Catalog, role_id: str) -> str | None:
    """The latest version of a role definition if no published edition holds it yet."""
    versions = cat.roles.get(role_id, {})
    if not versions:
        return None
    latest = max(versions, key=version_key)
    published = any(e.roles.get(role_id) == latest for e in cat.published_editions())
    return None if published else latest


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


def plan_publication(loaded: Loaded, edition_id: str, day: dt.date) -> Plan:
    """Every file `publish` changes: the edition dated and published, statuses, effective dates (the lock comes later)."""
    cat = loaded.catalog
    edition = next((e for e in cat.editions if e.id == edition_id), None)
    if edition is None:
        raise WorkflowError(f"édition inconnue « {edition_id} »{did_you_mean(edition_id, [e.id for e in cat.editions])} ; "
                            f"éditions : {', '.join(e.id for e in cat.editions)}")
    if edition.status == EditionStatus.PUBLISHED:
        raise WorkflowError(f"l'édition {edition_id} est déjà publiée : une édition ne se publie qu'une fois")
    previous: Edition | None = cat.published_editions()[-1] if cat.published_editions() else None
    if previous is not None and previous.date is not None and day < previous.date:
        raise WorkflowError(f"la date de publication {day.isoformat()} précède celle de l'édition {previous.id} ({previous.date.isoformat()})")
    plan = Plan(loaded.project)
    index = cat.editions.index(edition)
    edit_file(plan, EDITIONS, "set_value", ("editions", index, "status"), EditionStatus.PUBLISHED)
    edit_file(plan, EDITIONS, "set_key", ("editions", index), "date", day.isoformat(), "status")
    for slug, version in edition.standards.items():
        sv = cat.standards[slug][version]
        if sv.standard.status == Status.DRAFT:
            edit_file(plan, sv.source, "set_value", ("status",), Status.ACTIVE)
            # A date the PMO planned in the future is kept; an earlier one becomes the publication day.
            if sv.standard.effective_from < day:
                edit_file(plan, sv.source, "set_value", ("effective_from",), day.isoformat())
        old = previous.standards.get(slug) if previous else None
        if old is not None and old != version:
            old_sv = cat.standards[slug][old]
            if old_sv.standard.status == Status.ACTIVE:
                edit_file(plan, old_sv.source, "set_value", ("status",), Status.SUPERSEDED)
    plan.report += [Written(rel, "mis à jour") for rel in plan.texts]
    return plan


def _publication(loaded: Loaded, edition_id: str, day: dt.date) -> tuple[Plan, Loaded]:
    """Every file `publish` writes, the lock included, and the project as the publication would leave it."""
    plan = plan_publication(loaded, edition_id, day)
    with applied_copy(plan) as copy:
        # The lock is computed from the files as they will be, then the whole result is checked.
        lock = lock_text(load_today(copy, day).catalog)
        (copy.standards / LOCK_FILE).unlink(missing_ok=True)  # a link in the copy is replaced, never followed
        (copy.standards / LOCK_FILE).write_text(lock, encoding="utf-8")
        after = load_today(copy, day)
    plan.write(f"{STANDARDS_DIR}/{LOCK_FILE}", lock, "mis à jour")
    return plan, after


def publish(project: Project, edition_id: str, day: dt.date) -> list[Written]:
    """Publish a draft edition: plan, verify the result on a copy, then write it; all or nothing.

    Rerun after an interruption, it finishes the same publication from its journal.
    """
    if pending(project.root) == f"publish {edition_id}":
        return resume(project)
    no_interrupted_command(project)
    loaded = load_today(project, day)
    require_valid(loaded, "publication")
    blockers = publication_blockers(loaded.catalog, loaded.quizzes, edition_id)
    if blockers:
        raise WorkflowError(f"publication de l'édition {edition_id} refusée : {blocking_count(len(blockers))} ; rien n'a été écrit", blockers)
    plan, after = _publication(loaded, edition_id, day)
    if after.errors:
        raise WorkflowError("publication refusée : le résultat ne serait pas valide ; rien n'a été écrit", after.errors)
    return commit(plan, f"publish {edition_id}")


def publication_preview(loaded: Loaded, today: dt.date) -> list[Problem]:
    """What `pmo publish` would refuse today for the edition in preparation beyond what the checks already say: the
    publication is made on a copy, and each error of its result is returned, marked as blocking publication."""
    if loaded.catalog.preview:
        loaded = load_today(loaded.project, today)
    cat = loaded.catalog
    draft = cat.draft_edition()
    if draft is None or loaded.errors:
        return []
    try:
        _, after = _publication(loaded, draft.id, today)
    except WorkflowError as exc:
        return [cat.problem_at(EDITIONS, ("editions", cat.editions.index(draft)), str(exc), Severity.WARNING).blocking()]
    known = {(p.file, p.field, p.message) for p in loaded.problems}
    return [p.blocking() for p in after.errors if (p.file, p.field, p.message) not in known]
