"""A command's plan: the files it will write, checked on a copy of the project, then written under a journal (so that an
interrupted command is finished by the next one)."""
from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field

from macros.commands.yaml_edit import EditError, append_item, remove_key, set_key, set_value
from macros.core.constants import DOCS_DIR, EDITIONS_FILE, JOURNAL_FILE, LOCK_FILE, QUIZZES_DIR, STANDARDS_DIR
from macros.core.fsutil import step, write_new
from macros.core.owned import temp_folder
from macros.core.problems import Problem
from macros.core.text import plural
from macros.loading.journal import RecoveryError, pending, recover, write_with_journal
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
