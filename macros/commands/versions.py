"""`pmo new-version`: the next version of a standard or a role, as a draft; and the repairs the same command makes:
a draft renumbered when its number is wrong, an edit made in a published file carried into the new draft."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from macros.catalog.catalog import Catalog
from macros.catalog.queries import unpublished_role_version
from macros.checks.editions import standard_roles
from macros.commands.plan import (
    EDITIONS,
    Plan,
    WorkflowError,
    Written,
    checked_commit,
    commit_without_new_errors,
    edit_file,
    load_today,
    no_interrupted_command,
    require_valid,
)
from macros.commands.yaml_edit import scalar
from macros.core.constants import LOCK_FILE, ROLES_DIR, STANDARDS_DIR
from macros.core.dates import french_date
from macros.core.text import did_you_mean
from macros.core.vocabulary import BUMP_LABELS, Bump, Status
from macros.loading.git import committed_bytes
from macros.loading.markdown_source import split_front_matter
from macros.loading.yaml_reader import parse_yaml
from macros.model import version_key
from macros.project import Loaded, Project

MAJOR_NEEDS_TRANSITION = ("une version majeure demande une transition : ajoutez --transition AAAA-MM-JJ (jusqu'à quand les projets "
                          "démarrés avant peuvent garder la version actuelle) ou --sans-transition « raison »")


@dataclass(frozen=True)
class Subject:
    """A standard or a role: its versions, its folder, the files of one version and whether a version is a draft."""

    name: str
    is_role: bool
    versions: list[str]  # oldest first
    drafts: frozenset[str]

    @property
    def folder(self) -> str:
        return f"{STANDARDS_DIR}/{ROLES_DIR}/{self.name}" if self.is_role else f"{STANDARDS_DIR}/{self.name}"

    @property
    def section(self) -> str:
        """Its list in an edition."""
        return "roles" if self.is_role else "standards"

    def files(self, project: Project, version: str) -> list[str]:
        """The files of one version that exist: the role's definition, or the standard's YAML and its guidance."""
        names = [f"{version}.md"] if self.is_role else [f"{version}.yaml", f"{version}.md"]
        return [f"{self.folder}/{n}" for n in names if (project.root / self.folder / n).is_file()]


def _subject(cat: Catalog, name: str) -> Subject:
    if name in cat.standards:
        versions = sorted(cat.standards[name], key=version_key)
        drafts = {v for v in versions if cat.standards[name][v].standard.status == Status.DRAFT}
        return Subject(name, False, versions, frozenset(drafts))
    if name in cat.roles:
        latest = unpublished_role_version(cat, name)
        return Subject(name, True, sorted(cat.roles[name], key=version_key), frozenset({latest} if latest else ()))
    known = ", ".join(sorted(cat.standards)) or "aucun"
    raise WorkflowError(f"standard inconnu « {name} »{did_you_mean(name, [*cat.standards, *cat.roles])} ; standards : {known} ; "
                        f"rôles : {', '.join(sorted(cat.roles))}")


def _with_version(plan: Plan, subject: Subject, rel: str, version: str) -> None:
    """Set the version written inside a file: the YAML's `version`, or the role definition's front matter."""
    if not subject.is_role:
        edit_file(plan, rel, "set_value", ("version",), scalar(version))
        return
    text = plan.text(rel)
    doc, _ = parse_yaml(split_front_matter(text).front_matter or "", rel, offsets=True)
    if doc is None or ("version",) not in doc.extents:
        raise WorkflowError(f"{rel} : champ « version » introuvable dans l'en-tête")
    start, end = doc.extents[("version",)]
    offset = text.index("\n") + 1  # the front matter starts on the line after « --- »
    plan.texts[rel] = text[:offset + start] + scalar(version) + text[offset + end:]


def _register(plan: Plan, cat: Catalog, subject: Subject, version: str, replacing: str | None = None) -> None:
    """Put the version in the edition being prepared (in place of `replacing`, for a renumbered draft), or tell the PMO
    how to open one."""
    draft = cat.draft_edition()
    if draft is None:
        plan.report.append(Written(EDITIONS, "inchangé : aucune édition en préparation ; « pmo edition new <id> » reprendra ce brouillon"))
        return
    index = cat.editions.index(draft)
    held = (draft.roles if subject.is_role else draft.standards).get(subject.name)
    if replacing is not None and held != replacing:
        plan.report.append(Written(EDITIONS, f"inchangé : l'édition {draft.id} ne contient pas la version {replacing}"))
        return
    edit_file(plan, EDITIONS, "set_key", ("editions", index, subject.section), subject.name, scalar(version))
    plan.report.append(Written(EDITIONS, f"édition {draft.id} : {subject.name} passe en {version}"))


def _transition(plan: Plan, rel: str, transition: dt.date | None, without_transition: str | None) -> None:
    """Write the transition the PMO gave (the previous version's belongs to it)."""
    edit_file(plan, rel, "remove_key", ("transition_until",))
    edit_file(plan, rel, "remove_key", ("without_transition",))
    if transition is not None:
        edit_file(plan, rel, "set_key", (), "transition_until", transition.isoformat(), "effective_from")
    elif without_transition:
        edit_file(plan, rel, "set_key", (), "without_transition", scalar(without_transition), "effective_from")


def _check_transition(transition: dt.date | None, effective: dt.date, why: str) -> None:
    """A transition ends after the new version comes into force: said of the option, before any file is planned."""
    if transition is not None and transition < effective:
        raise WorkflowError(f"--transition {transition.isoformat()} : cette date précède l'entrée en vigueur de la nouvelle version, le "
                            f"{french_date(effective)} ({why}) ; la transition finit après : donnez une date postérieure, ou "
                            "--sans-transition « raison »")


def _changed_published(cat: Catalog, subject: Subject) -> tuple[list[str], list[str]]:
    """The published files of a standard or role edited in place (their sha256 is no longer the lock's), and the
    guidance texts written beside a published version after its publication."""
    prefix = f"{subject.folder}/"
    mine = {rel: digest for rel, digest in cat.lock.items() if rel.startswith(prefix) and "/" not in rel[len(prefix):]}
    changed = sorted(rel for rel, digest in mine.items() if cat.disk_hashes.get(rel) not in (None, digest))
    added = sorted(md for rel in mine if rel.endswith(".yaml") and (md := rel.removesuffix(".yaml") + ".md") not in mine
                   and cat.disk_hashes.get(md) is not None)
    return changed, added


def new_version(project: Project, name: str, part: Bump, today: dt.date, transition: dt.date | None = None,
                without_transition: str | None = None) -> list[Written]:
    """The next version of a standard or a role, as a draft registered in the edition being prepared.

    A major version of a standard needs its transition from the start: until when projects may keep the previous
    version, or why they may not. On a standard or role that already has a draft, the draft is renumbered; after an
    edit of a published file, the edit moves into the new draft and the published file is restored.
    """
    no_interrupted_command(project)
    loaded = load_today(project, today)
    cat = loaded.catalog
    subject = _subject(cat, name)
    changed, added = _changed_published(cat, subject)
    if subject.versions[-1] in subject.drafts and not changed and not added:
        return _renumber(loaded, subject, part, today, transition, without_transition)
    if not subject.is_role:
        _check_transition(transition, today, "le jour de la commande, ou --date")
        if part is Bump.MAJOR and transition is None and not without_transition:
            raise WorkflowError(MAJOR_NEEDS_TRANSITION)
    if changed or added:
        return _carry_edit(loaded, subject, (changed, added), part, today, transition, without_transition)
    require_valid(loaded, "nouvelle version")
    plan = _next_version_plan(loaded, subject, part, today, transition, without_transition)
    return checked_commit(plan, today, "nouvelle version", f"new-version {name}")


def _next_version_plan(loaded: Loaded, subject: Subject, part: Bump, today: dt.date, transition: dt.date | None,
                       without_transition: str | None) -> Plan:
    """Copy the files of the latest version, as they are on disk, into the next version."""
    project, latest = loaded.project, subject.versions[-1]
    target = part.next(latest)
    plan = Plan(project)
    for rel in subject.files(project, latest):
        new = f"{subject.folder}/{target}{rel[rel.rindex('.'):]}"
        plan.texts[new] = (project.root / rel).read_text(encoding="utf-8")
        if subject.is_role:
            _with_version(plan, subject, new, target)
            plan.report.append(Written(new, "créé (nouvelle version de la définition)"))
        elif new.endswith(".yaml"):
            for key, value in (("version", scalar(target)), ("status", Status.DRAFT), ("effective_from", today.isoformat()),
                               ("last_reviewed", today.isoformat())):
                edit_file(plan, new, "set_value", (key,), value)
            _transition(plan, new, transition, without_transition)
            # Who does an item comes from the RACI row that covers it: the copy drops the « responsible » a published version names.
            for i, item in enumerate(loaded.catalog.standards[subject.name][latest].standard.checklist):
                if item.responsible is not None:
                    edit_file(plan, new, "remove_key", ("checklist", i, "responsible"))
            plan.report.append(Written(new, "créé (brouillon)"))
        else:
            plan.report.append(Written(new, "créé (copie du texte d'accompagnement)"))
    _register(plan, loaded.catalog, subject, target)
    return plan


# --- repairs ------------------------------------------------------------------------------------------------------

def _renumber(loaded: Loaded, subject: Subject, part: Bump, today: dt.date, transition: dt.date | None,
              without_transition: str | None) -> list[Written]:
    """Give the draft the number `part` makes from the published version it follows: files renamed, `version` and the
    edition's entry updated, content kept."""
    project, cat, draft = loaded.project, loaded.catalog, subject.versions[-1]
    published = [v for v in subject.versions if v not in subject.drafts]
    if not published:
        raise WorkflowError(f"« {subject.name} » n'a pas encore de version publiée : son premier brouillon garde le numéro {draft}")
    target = part.next(published[-1])
    if target == draft and not subject.is_role and (transition is not None or without_transition):
        return _set_transition(loaded, subject, draft, today, transition, without_transition)
    if target == draft:
        raise WorkflowError(f"la version {draft} de « {subject.name} » est déjà un brouillon de version {BUMP_LABELS[part]} après {published[-1]} : "
                            "modifiez-la, ou publiez-la avant d'en créer une autre")
    plan = Plan(project)
    old_files = subject.files(project, draft)
    new_files = []
    for rel in old_files:
        new = f"{subject.folder}/{target}{rel[rel.rindex('.'):]}"
        new_files.append(new)
        plan.texts[new] = (project.root / rel).read_text(encoding="utf-8")
        if new.endswith(".md") and not subject.is_role:
            plan.report.append(Written(new, f"créé (texte d'accompagnement de {draft}, renuméroté)"))
            continue
        _with_version(plan, subject, new, target)
        if not subject.is_role:
            sv = cat.standards[subject.name][draft].standard
            _check_transition(transition, sv.effective_from, f"effective_from du brouillon {draft}")
            if transition is not None or without_transition:
                _transition(plan, new, transition, without_transition)
            elif part is not Bump.MAJOR:
                _transition(plan, new, None, None)  # a transition belongs to a major version
            elif sv.transition_until is None and sv.without_transition is None:
                raise WorkflowError(MAJOR_NEEDS_TRANSITION)
        plan.report.append(Written(new, f"créé (brouillon {draft} renuméroté, contenu gardé)"))
    for rel in old_files:
        plan.remove(rel, f"supprimé (renuméroté en {target})")
    _register(plan, cat, subject, target, replacing=draft)
    return commit_without_new_errors(loaded, plan, today, f"new-version {subject.name}", (old_files, new_files))


def _set_transition(loaded: Loaded, subject: Subject, draft: str, today: dt.date, transition: dt.date | None,
                    without_transition: str | None) -> list[Written]:
    """The draft already has the right number: write the transition the PMO gives (a missing one, or a new date)."""
    sv = loaded.catalog.standards[subject.name][draft]
    _check_transition(transition, sv.standard.effective_from, f"effective_from du brouillon {draft}")
    plan = Plan(loaded.project)
    _transition(plan, sv.source, transition, without_transition)
    written = f"jusqu'au {french_date(transition)}" if transition is not None else "sans transition"
    plan.report.append(Written(sv.source, f"transition écrite : {written}"))
    return commit_without_new_errors(loaded, plan, today, f"new-version {subject.name}", ([sv.source], [sv.source]))


def add_to_edition(project: Project, name: str, today: dt.date) -> list[Written]:
    """Register the latest version of a standard or a role in the edition being prepared (`pmo edition add`): a new
    standard or role written after the edition was opened. A standard brings in the new roles it names."""
    no_interrupted_command(project)
    loaded = load_today(project, today)
    cat = loaded.catalog
    subject = _subject(cat, name)
    draft = cat.draft_edition()
    if draft is None:
        raise WorkflowError("aucune édition en préparation : ouvrez-en une (pmo edition new <id> --notes « … ») ; elle reprend d'elle-même "
                            "les brouillons des standards et les nouveaux rôles")
    latest = subject.versions[-1]
    if (draft.roles if subject.is_role else draft.standards).get(name) == latest:
        return [Written(EDITIONS, f"inchangé : l'édition {draft.id} contient déjà {name} {latest}")]
    plan = Plan(project)
    _register(plan, cat, subject, latest)
    if not subject.is_role:
        for role in dict.fromkeys(standard_roles(cat.standards[name][latest].standard)):
            if role in cat.roles and role not in draft.roles:
                role_subject = _subject(cat, role)
                _register(plan, cat, role_subject, role_subject.versions[-1])
    return commit_without_new_errors(loaded, plan, today, f"edition add {name}")


def _carry_edit(loaded: Loaded, subject: Subject, edits: tuple[list[str], list[str]], part: Bump, today: dt.date,
                transition: dt.date | None, without_transition: str | None) -> list[Written]:
    """A published file edited in place: its published text comes back (from git), and the edit goes to the new draft;
    a guidance text written beside a published version moves to the new draft."""
    project, cat = loaded.project, loaded.catalog
    changed, added = edits
    latest = subject.versions[-1]
    source = set(subject.files(project, latest))
    originals = {rel: committed_bytes(project.root, rel, cat.lock[rel]) for rel in changed}
    if latest in subject.drafts or not set(changed + added) <= source or None in originals.values():
        raise WorkflowError(_carry_steps(subject, (changed, added), latest, part, originals))
    repaired = set(changed + added)
    others = [p for p in loaded.errors if p.file not in repaired]
    if others:
        raise WorkflowError("nouvelle version refusée : les données contiennent d'autres erreurs ; corrigez-les d'abord (pmo validate)", others)
    plan = _next_version_plan(loaded, subject, part, today, transition, without_transition)
    for rel in changed:
        text = originals[rel]
        assert text is not None
        plan.write(rel, text.decode("utf-8"), "restauré (version publiée, d'après git) ; la modification est dans le nouveau brouillon")
    for rel in added:
        plan.remove(rel, "supprimé : ce texte ajouté à une version publiée est dans le nouveau brouillon")
    return checked_commit(plan, today, "nouvelle version", f"new-version {subject.name}")


def _carry_steps(subject: Subject, edits: tuple[list[str], list[str]], latest: str, part: Bump, originals: dict[str, bytes | None]) -> str:
    """What to do by hand when the command cannot move the edit itself: the exact steps."""
    changed, added = edits
    if latest in subject.drafts:
        return (f"fichier publié modifié ({', '.join(changed + added)}) alors que le brouillon {latest} existe : reportez la modification "
                f"dans {subject.folder}/{latest}{(changed + added)[0][(changed + added)[0].rindex('.'):]}, puis restaurez le fichier "
                f"publié (git checkout -- {' '.join(changed)})" if changed else
                f"texte ajouté à une version publiée ({', '.join(added)}) alors que le brouillon {latest} existe : déplacez-le dans "
                f"{subject.folder}/{latest}.md")
    if any(v is None for v in originals.values()):
        kept = [f"{rel.rsplit('/', 2)[-2]}-{rel.rsplit('/', 1)[-1]}.modifie" for rel in changed]
        steps = [f"mettez la modification de côté : mv {rel} {keep}" for rel, keep in zip(changed, kept, strict=True)]
        steps += [f"restaurez la version publiée de {', '.join(changed)} depuis votre sauvegarde (son empreinte est dans "
                  f"{STANDARDS_DIR}/{LOCK_FILE})",
                  f"pmo new-version {subject.name} --{part.value}",
                  f"reportez la modification de {', '.join(kept)} dans le nouveau brouillon, puis supprimez {'ces fichiers' if len(kept) > 1 else 'ce fichier'}"]
        return ("fichier publié modifié et version publiée introuvable (le projet n'est pas un dépôt git, ou son dernier commit "
                "ne contient pas la version publiée) ; faites ceci :\n" + "\n".join(f"  {n}. {s}" for n, s in enumerate(steps, start=1)))
    undo = [f"restaurez {'ce fichier' if len(changed) == 1 else 'ces fichiers'} (git checkout -- {' '.join(changed)})"] if changed else []
    undo += [f"supprimez le texte ajouté ({' '.join(added)}) ou écrivez-le dans la nouvelle version"] if added else []
    return (f"fichier publié modifié ({', '.join(changed + added)}) : seule la dernière version ({latest}) peut être reprise dans une "
            f"nouvelle version ; {' ; '.join(undo)}")
