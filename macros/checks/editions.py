"""Editions and the lock: versions exist, roles are published with the standards that name them, published files never change."""
from __future__ import annotations

from collections.abc import Mapping

from macros.catalog.catalog import Catalog
from macros.catalog.lock import edition_fingerprint, published_files
from macros.core.constants import EDITIONS_FILE, LOCK_FILE, ROLES_DIR
from macros.core.problems import Problem
from macros.core.text import did_you_mean, plural
from macros.core.vocabulary import EditionStatus, Status
from macros.model import Edition, Standard, version_key


def check_editions(cat: Catalog) -> list[Problem]:
    """Editions have unique ids and name versions that exist; a published edition holds no draft."""
    problems = []
    file = cat.rel(cat.root / EDITIONS_FILE)
    seen: set[str] = set()
    for i, edition in enumerate(cat.editions):
        if edition.id in seen:
            problems.append(cat.problem_at(file, ("editions", i, "id"), f"édition « {edition.id} » définie deux fois"))
        seen.add(edition.id)
        if edition.status == EditionStatus.PUBLISHED and edition.date is None:
            problems.append(cat.problem_at(file, ("editions", i, "date"), "une édition publiée a une date"))
        for slug, version in edition.standards.items():
            sv = cat.standards.get(slug, {}).get(version)
            if sv is None and cat.rel(cat.root / slug / f"{version}.yaml") in cat.files:
                continue  # the file exists but is invalid: its own errors are reported, not a missing version
            if sv is None:
                problems.append(cat.problem_at(file, ("editions", i, "standards", slug), _missing(cat.standards, "standard", slug, version)))
            elif edition.status == EditionStatus.PUBLISHED and sv.standard.status == Status.DRAFT:
                problems.append(cat.problem_at(file, ("editions", i, "standards", slug),
                                    f"une édition publiée ne peut pas contenir le brouillon {slug} {version}"))
        for rid, version in edition.roles.items():
            if version not in cat.roles.get(rid, {}) and cat.rel(cat.root / ROLES_DIR / rid / f"{version}.md") not in cat.files:
                problems.append(cat.problem_at(file, ("editions", i, "roles", rid), _missing(cat.roles, "rôle", rid, version)))
        problems += _edition_roles(cat, file, i, edition)
        problems += _document_control(cat, file, i, edition)
        for j, change in enumerate(edition.changes):
            if change.standard not in edition.standards and change.standard not in edition.roles:
                problems.append(cat.problem_at(file, ("editions", i, "changes", j, "standard"),
                                    f"« {change.standard} » n'est ni un standard ni un rôle de cette édition"
                                    f"{did_you_mean(change.standard, [*edition.standards, *edition.roles])}"))
    return problems


def _missing(known: Mapping[str, Mapping[str, object]], kind: str, name: str, version: str) -> str:
    """Why an edition's line names nothing: an unknown standard or role (with the closest name), or an unknown version."""
    path = f"standards/{ROLES_DIR}/{name}/{version}.md" if kind == "rôle" else f"standards/{name}/{version}.yaml"
    if name not in known:
        return f"{kind} inconnu « {name} »{did_you_mean(name, known)} : {path} n'existe pas"
    versions = ", ".join(sorted(known[name], key=version_key))
    return f"version inconnue : {path} n'existe pas ; versions de « {name} » : {versions}"


def standard_roles(standard: Standard) -> list[str]:
    """Every role a standard names: owner, RACI letters, the risk matrix's deciders, and the « responsible » of the items
    of a version published before the RACI said who does each."""
    names = [standard.owner] + [item.responsible for item in standard.checklist if item.responsible]
    for row in standard.raci:
        names += [*row.R, row.A, *row.C, *row.I]
    if standard.risk_matrix is not None:
        m = standard.risk_matrix
        names += [x.decided_by for x in m.impact if x.decided_by] + [x.escalates_to for x in m.criticality if x.escalates_to]
    return names


def _edition_roles(cat: Catalog, file: str, i: int, edition: Edition) -> list[Problem]:
    """A role a standard of the edition names must be published with it: its page and its column in the RACI come from there."""
    if not edition.roles:
        return []
    missing: dict[str, list[str]] = {}
    for slug, version in edition.standards.items():
        sv = cat.standards.get(slug, {}).get(version)
        for role in standard_roles(sv.standard) if sv else []:
            if role in cat.roles and role not in edition.roles and slug not in missing.setdefault(role, []):
                missing[role].append(slug)
    def fix(role: str) -> str:
        if edition.status == EditionStatus.DRAFT:
            return f"inscrivez-le (pmo edition add {role})"
        return f"ajoutez-le à sa liste roles (version {max(cat.roles[role], key=version_key)})"
    return [cat.problem_at(file, ("editions", i, "roles"),
                f"rôle « {role} » absent de l'édition {edition.id}, alors que {', '.join(slugs)} le nomme : {fix(role)}")
            for role, slugs in sorted(missing.items()) if slugs]


def _document_control(cat: Catalog, file: str, i: int, edition: Edition) -> list[Problem]:
    """The roles an edition's approval and distribution name are roles of that edition; approval comes before publication."""
    named: list[tuple[tuple[object, ...], str]] = []
    if edition.approval is not None:
        a = edition.approval
        named += [(("approval", "prepared_by"), a.prepared_by)] if a.prepared_by else []
        named += [(("approval", "reviewed_by", j), rid) for j, rid in enumerate(a.reviewed_by)]
        named.append((("approval", "approved_by"), a.approved_by))
    named += [(("distribution", j, "role"), r.role) for j, r in enumerate(edition.distribution) if r.role]
    problems = [cat.problem_at(file, ("editions", i, *loc), f"rôle « {rid} » absent de l'édition {edition.id} : "
                               f"rôles de l'édition : {', '.join(edition.roles)}")
                for loc, rid in named if rid not in edition.roles]
    if edition.approval is not None and edition.date is not None and edition.approval.approved_on > edition.date:
        problems.append(cat.problem_at(file, ("editions", i, "approval", "approved_on"),
                                       f"approbation datée du {edition.approval.approved_on.isoformat()}, après la publication de "
                                       f"l'édition ({edition.date.isoformat()}) : une édition est approuvée avant d'être publiée"))
    return problems


def _new_version_hint(rel: str) -> str:
    """The command that makes the next version of the standard or role a published file belongs to."""
    parts = rel.split("/")
    name = parts[2] if parts[1] == "roles" and len(parts) > 3 else parts[1]
    return f"pmo new-version {name} --patch, --minor ou --major"


def check_published_editions(cat: Catalog) -> list[Problem]:
    """A published edition never changes nor disappears, and everything it published is in the lock."""
    published = cat.published_editions()
    file = cat.rel(cat.root / EDITIONS_FILE)
    lock = cat.rel(cat.root / LOCK_FILE)
    if published and not cat.lock_present:
        return [Problem(lock, 1, 1, "", f"verrou des publications absent alors que {plural(len(published), 'édition est publiée', 'éditions sont publiées')} : "
                        f"restaurez {lock} (git checkout {lock})")]
    problems = []
    by_id = {e.id: (i, e) for i, e in enumerate(cat.editions)}
    for edition_id, digest in sorted(cat.lock_editions.items()):
        if edition_id not in by_id:
            problems.append(Problem(file, 1, 1, "editions", f"édition publiée {edition_id} supprimée : une édition publiée reste en ligne ; "
                                    "restaurez son bloc dans ce fichier"))
            continue
        index, edition = by_id[edition_id]
        if edition.status != EditionStatus.PUBLISHED:
            problems.append(cat.problem_at(file, ("editions", index, "status"), f"l'édition {edition_id} est publiée : elle ne redevient pas un brouillon"))
        elif edition_fingerprint(edition) != digest:
            problems.append(cat.problem_at(file, ("editions", index), f"édition publiée {edition_id} modifiée : une édition publiée ne change plus ; "
                                "annulez la modification (ses versions, sa date et ses notes) et préparez une nouvelle édition"))
    for index, edition in enumerate(cat.editions):
        if edition.status == EditionStatus.PUBLISHED and edition.id not in cat.lock_editions:
            problems.append(cat.problem_at(file, ("editions", index, "status"), f"édition {edition.id} marquée publiée sans être passée par "
                                f"« pmo publish » (absente de {lock}) : remettez status: draft puis publiez-la"))
    base = cat.root.parent
    for path in published_files(cat):
        rel = path.relative_to(base).as_posix()
        # Guidance written after its version was published is reported by check_lock, with the right advice.
        if rel.endswith(".md") and rel.removesuffix(".md") + ".yaml" in cat.lock:
            continue
        if rel not in cat.lock:
            problems.append(Problem(rel, 1, 1, "", f"version publiée absente de {lock} : ce fichier ne serait plus protégé ; "
                                    f"restaurez {lock} (git checkout {lock})"))
    return problems


def _changed_published(cat: Catalog, rel: str) -> Problem:
    """A published file changed in place: at its first changed line when git keeps the published text, with the
    command that moves the change into a new version."""
    if rel not in cat.changed_at:
        return Problem(rel, 1, 1, "", "fichier publié modifié : une version publiée ne change plus ; "
                       f"annulez la modification et créez une nouvelle version ({_new_version_hint(rel)})")
    line, column = cat.changed_at[rel]
    return Problem(rel, line, column, "", f"fichier publié modifié (première différence ligne {line}) : une version publiée ne change "
                   f"plus ; « {_new_version_hint(rel)} » reporte la modification dans une nouvelle version et restaure ce fichier")


def check_lock(cat: Catalog) -> list[Problem]:
    """A published file is immutable: its sha256 must match standards/published.lock (hashes read while loading)."""
    problems = []
    for rel, digest in sorted(cat.lock.items()):
        found = cat.disk_hashes.get(rel)
        if found is None:
            problems.append(Problem(rel, 1, 1, "", "fichier publié supprimé : une version publiée reste en ligne ; restaurez-le"))
        elif found != digest:
            problems.append(_changed_published(cat, rel))
        # The .yaml and its .md are one version: guidance added to a published version is a change too.
        guidance = rel.removesuffix(".yaml") + ".md"
        if rel.endswith(".yaml") and guidance not in cat.lock and cat.disk_hashes.get(guidance) is not None:
            problems.append(Problem(guidance, 1, 1, "",
                                    f"texte ajouté à une version publiée : écrivez-le dans une nouvelle version ({_new_version_hint(rel)})"))
    return problems
