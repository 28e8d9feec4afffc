"""`pmo publish`: the edition dated and published, statuses and the lock updated; verified on a copy, journaled, all
or nothing; and what it would refuse today, for `pmo validate`."""
from __future__ import annotations

import datetime as dt

from macros.catalog.lock import lock_text
from macros.checks.publication import blocking_count, publication_blockers
from macros.commands.plan import EDITIONS, Plan, WorkflowError, Written, applied_copy, commit, edit_file, load_today, no_interrupted_command, require_valid, resume
from macros.core.constants import LOCK_FILE, STANDARDS_DIR
from macros.core.problems import Problem
from macros.core.text import did_you_mean
from macros.core.vocabulary import EditionStatus, Severity, Status
from macros.loading.journal import pending
from macros.model import Edition
from macros.project import Loaded, Project


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
