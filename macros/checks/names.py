"""Names and statuses: slugs match folders, versions match file names, ids stay stable, drafts belong to an edition, reviews are on time."""
from __future__ import annotations

from macros.catalog.catalog import Catalog
from macros.core.dates import french_date
from macros.core.problems import Problem
from macros.core.vocabulary import Severity, Status
from macros.model import version_key


def check_names(cat: Catalog) -> list[Problem]:
    """The slug matches the folder, the version the file name, and one id per standard."""
    problems = []
    ids: dict[str, str] = {}
    for slug, versions in cat.standards.items():
        for version, sv in versions.items():
            s = sv.standard
            if s.slug != slug:
                problems.append(cat.problem_at(sv.source, ("slug",), f"le slug « {s.slug} » ne correspond pas au dossier « {slug} »"))
            if s.version != version:
                problems.append(cat.problem_at(sv.source, ("version",), f"la version « {s.version} » ne correspond pas au nom du fichier « {version}.yaml »"))
            owner = ids.setdefault(s.id, slug)
            if owner != slug:
                problems.append(cat.problem_at(sv.source, ("id",), f"l'identifiant {s.id} est déjà celui du standard « {owner} »"))
        first = {sv.standard.id for sv in versions.values()}
        if len(first) > 1:
            latest = max(versions, key=version_key)
            problems.append(cat.problem_at(versions[latest].source, ("id",), f"toutes les versions d'un standard gardent le même identifiant ({', '.join(sorted(first))})"))
    return problems


def check_stable_ids(cat: Catalog) -> list[Problem]:
    """A checklist id removed in a version is never used again by a later version."""
    problems = []
    for versions in cat.standards.values():
        removed: dict[str, str] = {}
        previous: set[str] = set()
        for version in sorted(versions, key=version_key):
            sv = versions[version]
            ids = [item.id for item in sv.standard.checklist]
            for i, item_id in enumerate(ids):
                if item_id in removed:
                    problems.append(cat.problem_at(sv.source, ("checklist", i, "id"),
                                        f"l'identifiant « {item_id} » a été retiré en version {removed[item_id]} : il ne peut pas être réutilisé ; prenez un nouvel identifiant"))
            for gone in previous - set(ids):
                removed.setdefault(gone, version)
            previous = set(ids)
    return problems


def check_status(cat: Catalog) -> list[Problem]:
    """At most one active version per standard; overdue reviews are warnings."""
    problems = []
    now = cat.today
    for slug, versions in cat.standards.items():
        active = sorted((v for v, sv in versions.items() if sv.standard.status == Status.ACTIVE), key=version_key)
        for version in active[:-1]:
            problems.append(cat.problem_at(versions[version].source, ("status",),
                                f"plusieurs versions actives de « {slug} » ({', '.join(active)}) : une seule peut être « active »"))
        named = {e.standards.get(slug) for e in cat.editions} - {None}
        # Only a version no edition names at all; a missing version or two active ones have their own errors.
        if len(active) == 1 and named <= set(versions):
            for version in active:
                if version in named:
                    continue
                problems.append(cat.problem_at(versions[version].source, ("status",),
                                    "version « active » qu'aucune édition ne contient : une nouvelle version commence en "
                                    "brouillon (status: draft), entre dans l'édition en préparation, et « pmo publish » la rend active"))
        for version in active[-1:]:
            s = versions[version].standard
            due = s.review_due
            if due < now:
                planned = "au calendrier de revue" if s.next_review else f"revue tous les {s.review_every_months} mois"
                problems.append(cat.problem_at(versions[version].source, ("next_review" if s.next_review else "last_reviewed",),
                                    f"revue en retard : prévue le {french_date(due)} ({planned})", Severity.WARNING))
    return problems


def check_orphan_drafts(cat: Catalog) -> list[Problem]:
    """A draft that no edition holds would never be published: say so while it is being written, with the command."""
    held = {(slug, v) for e in cat.editions for slug, v in e.standards.items()}
    draft = cat.draft_edition()
    return [cat.problem_at(sv.source, ("status",), f"brouillon hors de l'édition en préparation {draft.id} : inscrivez-le "
                           f"(pmo edition add {slug})" if draft else "brouillon hors de toute édition : ouvrez une édition "
                           "(pmo edition new <id>), elle le reprendra", Severity.WARNING)
            for slug, versions in cat.standards.items() for version, sv in versions.items()
            if sv.standard.status == Status.DRAFT and (slug, version) not in held]
