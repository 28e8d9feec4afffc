"""Cross-file rules: names match files, references exist, ids stay stable, published files stay as published."""
from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from typing import Any

from macros.catalog import Catalog, StandardVersion, file_sha256, present
from macros.constants import EDITIONS_FILE, LIFECYCLE_FILE, LOCK_FILE, ROLES_DIR, STANDARD_SECTIONS, TAILORING_FILE
from macros.dates import add_months, french_date
from macros.lock import edition_fingerprint, published_files
from macros.markdown_source import internal_links
from macros.model import ChecklistItem, Edition, Standard, tr, version_key
from macros.problems import Problem, field_path
from macros.text import one_line, plural
from macros.vocabulary import LEVEL_WEIGHT, EditionStatus, Status

# Share of common words above which two items of different standards are reported as near duplicates.
NEAR_DUPLICATE = 0.6


def _at(cat: Catalog, file: str, loc: tuple[object, ...], message: str, severity: str = "erreur") -> Problem:
    doc = cat.docs.get(file)
    line, col = doc.where(loc) if doc else (1, 1)
    return Problem(file, line, col, field_path(loc), message, severity)


def check_names(cat: Catalog) -> list[Problem]:
    """The slug matches the folder, the version the file name, and one id per standard."""
    problems = []
    ids: dict[str, str] = {}
    for slug, versions in cat.standards.items():
        for version, sv in versions.items():
            s = sv.standard
            if s.slug != slug:
                problems.append(_at(cat, sv.source, ("slug",), f"le slug « {s.slug} » ne correspond pas au dossier « {slug} »"))
            if s.version != version:
                problems.append(_at(cat, sv.source, ("version",), f"la version « {s.version} » ne correspond pas au nom du fichier « {version}.yaml »"))
            owner = ids.setdefault(s.id, slug)
            if owner != slug:
                problems.append(_at(cat, sv.source, ("id",), f"l'identifiant {s.id} est déjà celui du standard « {owner} »"))
        first = {sv.standard.id for sv in versions.values()}
        if len(first) > 1:
            latest = max(versions, key=version_key)
            problems.append(_at(cat, versions[latest].source, ("id",), f"toutes les versions d'un standard gardent le même identifiant ({', '.join(sorted(first))})"))
    return problems


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _standard_files(cat: Catalog) -> list[tuple[str, str, dict[str, Any]]]:
    """(file, folder slug, raw data) of every standard version that parsed, whether its model is valid or not,
    so the reference checks report all of a file's errors at once."""
    out = []
    for file, doc in sorted(cat.docs.items()):
        parts = file.split("/")
        if len(parts) == 3 and parts[1] != ROLES_DIR and file.endswith(".yaml") and isinstance(doc.data, dict):
            out.append((file, parts[1], doc.data))
    return out


class _References:
    """The reference checks of one standard file, on its raw data (so a file whose model failed is checked too)."""

    def __init__(self, cat: Catalog, template_owner: dict[str, str]) -> None:
        self.cat = cat
        self.roles = set(cat.roles)
        self.phase_ids = [p.id for p in cat.lifecycle.phases] if cat.lifecycle else []
        self.template_owner = template_owner
        self.problems: list[Problem] = []

    def add(self, file: str, loc: tuple[object, ...], message: str, severity: str = "erreur") -> None:
        self.problems.append(_at(self.cat, file, loc, message, severity))

    def role(self, file: str, loc: tuple[object, ...], value: object) -> None:
        if self.roles and isinstance(value, str) and value not in self.roles:
            self.add(file, loc, f"rôle inconnu « {value} » ; rôles définis : {', '.join(sorted(self.roles))}")

    def checklist(self, file: str, data: dict[str, Any]) -> None:
        templates = [_as_dict(t).get("id") for t in _as_list(data.get("templates"))]
        seen: dict[object, int] = {}
        for i, item in enumerate(_as_dict(x) for x in _as_list(data.get("checklist"))):
            item_id = item.get("id")
            if isinstance(item_id, str) and item_id in seen:
                first_line = _at(self.cat, file, ("checklist", seen[item_id], "id"), "").line
                self.add(file, ("checklist", i, "id"),
                         f"identifiant « {item_id} » en double (déjà l'élément checklist[{seen[item_id]}], ligne {first_line})")
            seen.setdefault(item_id, i)
            phase = item.get("phase")
            if self.phase_ids and isinstance(phase, str) and phase not in self.phase_ids:
                self.add(file, ("checklist", i, "phase"), f"phase inconnue « {phase} » ; phases : {', '.join(self.phase_ids)}")
            self.role(file, ("checklist", i, "responsible"), item.get("responsible"))
            template = item.get("template")
            if isinstance(template, str) and template not in templates:
                self.add(file, ("checklist", i, "template"), f"modèle inconnu « {template} » : il doit être défini dans templates de ce standard")

    def raci(self, file: str, data: dict[str, Any]) -> None:
        for i, row in enumerate(_as_dict(x) for x in _as_list(data.get("raci"))):
            for letter in ("R", "C", "I"):
                for j, value in enumerate(_as_list(row.get(letter))):
                    self.role(file, ("raci", i, letter, j), value)
            self.role(file, ("raci", i, "A"), row.get("A"))
            # A may also do the work (R), but nobody is both doing or approving and merely consulted or informed.
            doing = {r for r in [*_as_list(row.get("R")), row.get("A")] if isinstance(r, str)}
            consulted = {r for r in _as_list(row.get("C")) if isinstance(r, str)}
            informed = {r for r in _as_list(row.get("I")) if isinstance(r, str)}
            clash = sorted((doing & consulted) | (doing & informed) | (consulted & informed))
            if clash:
                self.add(file, ("raci", i), f"le rôle « {clash[0]} » apparaît dans deux colonnes d'une même activité")

    def templates(self, file: str, slug: str, data: dict[str, Any]) -> None:
        seen: set[object] = set()
        for i, template_id in enumerate(_as_dict(t).get("id") for t in _as_list(data.get("templates"))):
            if template_id in seen:
                self.add(file, ("templates", i, "id"), f"modèle « {template_id} » défini deux fois")
            seen.add(template_id)
            if isinstance(template_id, str) and self.template_owner.setdefault(template_id, slug) != slug:
                self.add(file, ("templates", i, "id"),
                         f"l'identifiant de modèle « {template_id} » est déjà utilisé par le standard « {self.template_owner[template_id]} »")

    def references(self, file: str, data: dict[str, Any]) -> None:
        for i, reference in enumerate(_as_dict(x) for x in _as_list(data.get("references"))):
            url = reference.get("url")
            if isinstance(url, str) and not url.startswith(("https://", "http://")):
                self.add(file, ("references", i, "url"), "adresse ignorée : seules les adresses http(s) sont publiées", "avertissement")


def check_references(cat: Catalog) -> list[Problem]:
    """Every role, phase and template a standard names exists; checklist and template ids are unique."""
    check = _References(cat, {})
    for file, slug, data in _standard_files(cat):
        check.role(file, ("owner",), data.get("owner"))
        check.checklist(file, data)
        check.raci(file, data)
        check.templates(file, slug, data)
        check.references(file, data)
    for versions in cat.roles.values():
        for role_def in versions.values():
            if role_def.meta.reports_to is not None and role_def.meta.reports_to not in check.roles:
                check.add(role_def.source, ("reports_to",), f"rôle inconnu « {role_def.meta.reports_to} »")
    return check.problems


def check_lifecycle(cat: Catalog) -> list[Problem]:
    """Phase and gate ids are unique; every gate closes a known phase, at most one gate per phase."""
    if cat.lifecycle is None:
        return []
    problems = []
    file = cat.rel(cat.root / LIFECYCLE_FILE)
    phase_ids = [p.id for p in cat.lifecycle.phases]
    for i, pid in enumerate(phase_ids):
        if pid in phase_ids[:i]:
            problems.append(_at(cat, file, ("phases", i, "id"), f"phase « {pid} » définie deux fois"))
    closed: set[str] = set()
    for i, gate in enumerate(cat.lifecycle.gates):
        if gate.after not in phase_ids:
            problems.append(_at(cat, file, ("gates", i, "after"), f"phase inconnue « {gate.after} »"))
        if gate.after in closed:
            problems.append(_at(cat, file, ("gates", i, "after"), f"la phase « {gate.after} » a déjà un jalon"))
        closed.add(gate.after)
    return problems + _gate_criteria(cat, file, phase_ids)


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
                    problems.append(_at(cat, sv.source, ("checklist", i, "id"),
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
            problems.append(_at(cat, versions[version].source, ("status",),
                                f"plusieurs versions actives de « {slug} » ({', '.join(active)}) : une seule peut être « active »"))
        named = {e.standards.get(slug) for e in cat.editions} - {None}
        # Only a version no edition names at all; a missing version or two active ones have their own errors.
        if len(active) == 1 and named <= set(versions):
            for version in active:
                if version in named:
                    continue
                problems.append(_at(cat, versions[version].source, ("status",),
                                    "version « active » qu'aucune édition ne contient : une nouvelle version commence en "
                                    "brouillon (status: draft), entre dans l'édition en préparation, et « pmo publish » la rend active"))
        for version in active[-1:]:
            s = versions[version].standard
            due = add_months(s.last_reviewed, s.review_every_months)
            if due < now:
                problems.append(_at(cat, versions[version].source, ("last_reviewed",),
                                    f"revue en retard : prévue le {french_date(due)} (revue tous les {s.review_every_months} mois)", "avertissement"))
    return problems


def check_editions(cat: Catalog) -> list[Problem]:
    """Editions have unique ids and name versions that exist; a published edition holds no draft."""
    problems = []
    file = cat.rel(cat.root / EDITIONS_FILE)
    seen: set[str] = set()
    for i, edition in enumerate(cat.editions):
        if edition.id in seen:
            problems.append(_at(cat, file, ("editions", i, "id"), f"édition « {edition.id} » définie deux fois"))
        seen.add(edition.id)
        if edition.status == EditionStatus.PUBLISHED and edition.date is None:
            problems.append(_at(cat, file, ("editions", i, "date"), "une édition publiée a une date"))
        for slug, version in edition.standards.items():
            sv = cat.standards.get(slug, {}).get(version)
            if sv is None and (cat.root / slug / f"{version}.yaml").exists():
                continue  # the file exists but is invalid: its own errors are reported, not a missing version
            if sv is None:
                problems.append(_at(cat, file, ("editions", i, "standards", slug),
                                    f"version inconnue : standards/{slug}/{version}.yaml n'existe pas"))
            elif edition.status == EditionStatus.PUBLISHED and sv.standard.status == Status.DRAFT:
                problems.append(_at(cat, file, ("editions", i, "standards", slug),
                                    f"une édition publiée ne peut pas contenir le brouillon {slug} {version}"))
        for rid, version in edition.roles.items():
            if version not in cat.roles.get(rid, {}) and not (cat.root / "roles" / rid / f"{version}.md").exists():
                problems.append(_at(cat, file, ("editions", i, "roles", rid),
                                    f"version inconnue : standards/roles/{rid}/{version}.md n'existe pas"))
        problems += _edition_roles(cat, file, i, edition)
        for j, change in enumerate(edition.changes):
            if change.standard not in edition.standards and change.standard not in edition.roles:
                problems.append(_at(cat, file, ("editions", i, "changes", j, "standard"),
                                    f"« {change.standard} » n'est ni un standard ni un rôle de cette édition"))
    return problems


def _standard_roles(standard: Standard) -> list[str]:
    """Every role a standard names: owner, item responsibles, RACI letters."""
    names = [standard.owner] + [item.responsible for item in standard.checklist]
    for row in standard.raci:
        names += [*row.R, row.A, *row.C, *row.I]
    return names


def _edition_roles(cat: Catalog, file: str, i: int, edition: Edition) -> list[Problem]:
    """A role a standard of the edition names must be published with it: its page and its column in the RACI come from there."""
    if not edition.roles:
        return []
    missing: dict[str, list[str]] = {}
    for slug, version in edition.standards.items():
        sv = cat.standards.get(slug, {}).get(version)
        for role in _standard_roles(sv.standard) if sv else []:
            if role in cat.roles and role not in edition.roles and slug not in missing.setdefault(role, []):
                missing[role].append(slug)
    return [_at(cat, file, ("editions", i, "roles"),
                f"rôle « {role} » absent de l'édition {edition.id}, alors que {', '.join(slugs)} le nomme : ajoutez-le à "
                f"sa liste roles (version {max(cat.roles[role], key=version_key)})")
            for role, slugs in sorted(missing.items()) if slugs]


def check_orphan_drafts(cat: Catalog) -> list[Problem]:
    """A draft that no edition holds would never be published: say so while it is being written."""
    held = {(slug, v) for e in cat.editions for slug, v in e.standards.items()}
    return [_at(cat, sv.source, ("status",), "brouillon hors de toute édition : ouvrez une édition (pmo edition new <id>), "
                "elle le reprendra", "avertissement")
            for slug, versions in cat.standards.items() for version, sv in versions.items()
            if sv.standard.status == Status.DRAFT and (slug, version) not in held]


def _new_version_hint(rel: str) -> str:
    """The command that makes the next version of the standard or role a published file belongs to."""
    parts = rel.split("/")
    name = parts[2] if parts[1] == "roles" and len(parts) > 3 else parts[1]
    return f"pmo new-version {name} --patch, --minor ou --major"


def check_internal_links(cat: Catalog) -> list[Problem]:
    """`standard:` and `role:` links in the PMO's Markdown name a standard, role and anchor that exist."""
    bodies = [(r.source, r.body, r.body_line) for versions in cat.roles.values() for r in versions.values()]
    bodies += [(sv.guidance_source, sv.guidance, sv.guidance_line) for versions in cat.standards.values()
               for sv in versions.values() if sv.guidance and sv.guidance_source]
    problems = []
    for file, body, first_line in bodies:
        for line, column, target in internal_links(body, first_line):
            scheme, _, rest = target.partition(":")
            name, _, anchor = rest.partition("#")
            if scheme == "role":
                if name not in cat.roles:
                    problems.append(Problem(file, line, column, "corps", f"lien « {target} » : rôle inconnu « {name} »"))
                continue
            if name not in cat.standards:
                problems.append(Problem(file, line, column, "corps", f"lien « {target} » : standard inconnu « {name} »"))
                continue
            items = {i.id for sv in cat.standards[name].values() for i in sv.standard.checklist}
            if anchor and anchor not in STANDARD_SECTIONS and anchor not in items:
                problems.append(Problem(file, line, column, "corps",
                                        f"lien « {target} » : ancre inconnue ; ancres : un identifiant d'élément ou {', '.join(STANDARD_SECTIONS)}"))
    return problems


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
            problems.append(_at(cat, file, ("editions", index, "status"), f"l'édition {edition_id} est publiée : elle ne redevient pas un brouillon"))
        elif edition_fingerprint(edition) != digest:
            problems.append(_at(cat, file, ("editions", index), f"édition publiée {edition_id} modifiée : une édition publiée ne change plus ; "
                                "annulez la modification (ses versions, sa date et ses notes) et préparez une nouvelle édition"))
    for index, edition in enumerate(cat.editions):
        if edition.status == EditionStatus.PUBLISHED and edition.id not in cat.lock_editions:
            problems.append(_at(cat, file, ("editions", index, "status"), f"édition {edition.id} marquée publiée sans être passée par "
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


def check_lock(cat: Catalog) -> list[Problem]:
    """A published file is immutable: its sha256 must match standards/published.lock."""
    problems = []
    base = cat.root.parent
    for rel, digest in sorted(cat.lock.items()):
        path = base / rel
        if not present(path):
            problems.append(Problem(rel, 1, 1, "", "fichier publié supprimé : une version publiée reste en ligne ; restaurez-le"))
        elif file_sha256(path) != digest:
            problems.append(Problem(rel, 1, 1, "", "fichier publié modifié : une version publiée ne change plus ; "
                                    f"annulez la modification et créez une nouvelle version ({_new_version_hint(rel)})"))
        # The .yaml and its .md are one version: guidance added to a published version is a change too.
        guidance = path.with_suffix(".md")
        if rel.endswith(".yaml") and present(guidance) and guidance.relative_to(base).as_posix() not in cat.lock:
            problems.append(Problem(guidance.relative_to(base).as_posix(), 1, 1, "",
                                    f"texte ajouté à une version publiée : écrivez-le dans une nouvelle version ({_new_version_hint(rel)})"))
    return problems


def check_all(cat: Catalog) -> list[Problem]:
    """Every cross-file rule."""
    return (check_names(cat) + check_references(cat) + check_lifecycle(cat) + check_stable_ids(cat)
            + check_status(cat) + check_editions(cat) + check_orphan_drafts(cat) + check_internal_links(cat) + check_lock(cat)
            + check_published_editions(cat) + check_tailoring(cat) + check_raci_coverage(cat) + check_see(cat) + check_duplicates(cat)
            + check_examples(cat) + check_evidence(cat))


def _gate_criteria(cat: Catalog, file: str, phase_ids: list[str]) -> list[Problem]:
    """Each gate's deciding role exists; each criterion names an item of a phase that ends at or before the gate."""
    assert cat.lifecycle is not None
    problems = []
    items = {i.id: i for versions in cat.standards.values() for sv in versions.values() for i in sv.standard.checklist}
    current = {e.id: e for sv in cat.current_standards() for e in sv.standard.checklist}
    for g, gate in enumerate(cat.lifecycle.gates):
        if gate.decided_by is not None and cat.roles and gate.decided_by not in cat.roles:
            problems.append(_at(cat, file, ("gates", g, "decided_by"), f"rôle inconnu « {gate.decided_by} » ; rôles définis : {', '.join(sorted(cat.roles))}"))
        seen: set[str] = set()
        for c, criterion in enumerate(gate.criteria):
            key = criterion.item or criterion.id or ""
            if key in seen:
                problems.append(_at(cat, file, ("gates", g, "criteria", c), f"critère « {key} » cité deux fois pour ce jalon"))
            seen.add(key)
            if criterion.item is None:
                continue
            item = current.get(criterion.item) or items.get(criterion.item)
            if item is None:
                problems.append(_at(cat, file, ("gates", g, "criteria", c, "item"), f"élément de contrôle inconnu « {criterion.item} »"))
            elif gate.after in phase_ids and item.phase in phase_ids and phase_ids.index(item.phase) > phase_ids.index(gate.after):
                problems.append(_at(cat, file, ("gates", g, "criteria", c, "item"),
                                    f"{criterion.item} appartient à la phase « {item.phase} », qui suit ce jalon : un critère de passage "
                                    f"porte sur ce qui est fait au plus tard pendant la phase « {gate.after} »"))
    return problems


def check_tailoring(cat: Catalog) -> list[Problem]:
    """Categories are unique, the default is one of them, every criterion has a threshold for each, every level
    an item sets is for a known category, and a level only gets stricter from a lighter to a heavier category."""
    if cat.tailoring is None:
        return [_at(cat, sv.source, ("checklist", i, "levels"), "niveaux par catégorie sans standards/tailoring.yaml : "
                    "définissez d'abord les catégories de projet")
                for versions in cat.standards.values() for sv in versions.values()
                for i, item in enumerate(sv.standard.checklist) if item.levels]
    problems = []
    file = cat.rel(cat.root / TAILORING_FILE)
    order = [c.id for c in cat.tailoring.categories]
    for i, category in enumerate(order):
        if category in order[:i]:
            problems.append(_at(cat, file, ("categories", i, "id"), f"catégorie « {category} » définie deux fois"))
    if cat.tailoring.default not in order:
        problems.append(_at(cat, file, ("default",), f"catégorie par défaut inconnue « {cat.tailoring.default} » ; catégories : {', '.join(order)}"))
    for i, criterion in enumerate(cat.tailoring.criteria):
        if sorted(criterion.thresholds) != sorted(order):
            problems.append(_at(cat, file, ("criteria", i, "thresholds"), f"un seuil par catégorie est attendu : {', '.join(order)}"))
    for versions in cat.standards.values():
        for sv in versions.values():
            for i, item in enumerate(sv.standard.checklist):
                problems += _item_levels(cat, sv.source, i, item, order)
    return problems


def _item_levels(cat: Catalog, file: str, index: int, item: ChecklistItem, order: list[str]) -> list[Problem]:
    assert cat.tailoring is not None
    problems = []
    for category in item.levels:
        if category not in order:
            problems.append(_at(cat, file, ("checklist", index, "levels", category), f"catégorie inconnue « {category} » ; catégories : {', '.join(order)}"))
        elif category == cat.tailoring.default:
            problems.append(_at(cat, file, ("checklist", index, "levels", category),
                                f"« {category} » est la catégorie par défaut : son niveau est celui du champ level"))
    levels = [(c, item.level_for(c)) for c in order]
    for (lighter, before), (heavier, after) in itertools.pairwise(levels):
        if LEVEL_WEIGHT[after] < LEVEL_WEIGHT[before]:
            where = heavier if heavier in item.levels else lighter
            problems.append(_at(cat, file, ("checklist", index, "levels", where) if where in item.levels else ("checklist", index, "level"),
                                f"{item.id} est « {before} » pour un projet {lighter} mais « {after} » pour un projet {heavier} : "
                                "une exigence ne peut que se durcir d'une catégorie à la plus lourde"))
    return problems


def check_raci_coverage(cat: Catalog) -> list[Problem]:
    """A RACI activity names the items it covers; each covered item's responsible role holds R or A on it."""
    problems = []
    for versions in cat.standards.values():
        for sv in versions.values():
            items = {i.id: i for i in sv.standard.checklist}
            for r, row in enumerate(sv.standard.raci):
                for c, item_id in enumerate(row.covers):
                    item = items.get(item_id)
                    if item is None:
                        problems.append(_at(cat, sv.source, ("raci", r, "covers", c), f"élément « {item_id} » absent de la liste de contrôle de ce standard"))
                    elif item.responsible not in row.R and item.responsible != row.A:
                        problems.append(_at(cat, sv.source, ("raci", r, "covers", c),
                                            f"{item_id} a pour responsable « {item.responsible} », qui n'est ni R ni A sur cette activité : "
                                            "ajoutez-le en R, ou changez le responsable de l'élément"))
    return problems


def check_see(cat: Catalog) -> list[Problem]:
    """An item that relies on another (`see`) names an item of another standard that exists."""
    owners = {i.id: slug for slug, versions in cat.standards.items() for sv in versions.values() for i in sv.standard.checklist}
    problems = []
    for slug, versions in cat.standards.items():
        for sv in versions.values():
            for i, item in enumerate(sv.standard.checklist):
                if item.see is None:
                    continue
                if item.see not in owners:
                    problems.append(_at(cat, sv.source, ("checklist", i, "see"), f"élément inconnu « {item.see} »"))
                elif owners[item.see] == slug:
                    problems.append(_at(cat, sv.source, ("checklist", i, "see"), f"« {item.see} » est dans ce même standard : "
                                        "see renvoie à l'élément d'un autre standard"))
    return problems


# « Section « Budget estimé » de la charte », « Colonnes « Priorité » et « Lot » renseignées »: the parts of a template
# an evidence names.
_EVIDENCE_PARTS = re.compile(r"\b([Ss]ections?|[Cc]olonnes?)\s+((?:«[^»]+»(?:\s*(?:,|et|ou)\s*)?)+)")


def _template_parts(cat: Catalog, edition: Edition | None) -> tuple[set[str], set[str]]:
    """The section titles and column names of the templates of an edition's standards (lower case, on one line)."""
    versions = ([cat.standards.get(slug, {}).get(v) for slug, v in edition.standards.items()] if edition
                else list(cat.current_standards()))
    templates = [t for sv in versions if sv is not None for t in sv.standard.templates]
    return ({one_line(tr(s.title)).lower() for t in templates for s in t.sections},
            {one_line(tr(c.name)).lower() for t in templates for c in t.columns})


def check_evidence(cat: Catalog) -> list[Problem]:
    """A section or column an item's evidence names belongs to a template of the same edition: the project manager
    looks for it in the template they download."""
    problems = []
    newest = {(slug, v): e for e in cat.editions for slug, v in e.standards.items()}  # later editions win
    pools: dict[str | None, tuple[set[str], set[str]]] = {}
    for slug, versions in sorted(cat.standards.items()):
        for version, sv in versions.items():
            edition = newest.get((slug, version)) or cat.current_edition()
            key = edition.id if edition else None
            if key not in pools:
                pools[key] = _template_parts(cat, edition)
            sections, columns = pools[key]
            for i, item in enumerate(sv.standard.checklist):
                for match in _EVIDENCE_PARTS.finditer(one_line(tr(item.evidence)) if item.evidence else ""):
                    section = match.group(1).lower().startswith("section")
                    for name in re.findall(r"«\s*([^»]+?)\s*»", match.group(2)):
                        if name.lower() not in (sections if section else columns):
                            what = "la section" if section else "la colonne"
                            where = f"l'édition {key}" if key else "l'édition en vigueur"
                            problems.append(_at(cat, sv.source, ("checklist", i, "evidence"),
                                                f"{what} « {name} » citée dans la preuve attendue n'existe dans aucun modèle de "
                                                f"{where} : corrigez son nom ou ajoutez-la au modèle"))
    return problems


def _words(text: str) -> frozenset[str]:
    """The meaningful words of a text, accents dropped and cut to six letters (« identifier », « identification »)."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode("ascii")
    return frozenset(w[:6] for w in re.findall(r"\w+", plain) if len(w) > 3)


def check_duplicates(cat: Catalog) -> list[Problem]:
    """Two items of different standards in force that ask nearly the same thing at the same phase are reported (say it
    once, `see` the other). The same words at another phase are another moment of the project, not a repetition."""
    problems = []
    by_phase: dict[str, list[tuple[StandardVersion, int, ChecklistItem]]] = defaultdict(list)
    for sv in cat.current_standards():
        for i, item in enumerate(sv.standard.checklist):
            by_phase[item.phase].append((sv, i, item))
    for entries in by_phase.values():
        problems += _phase_duplicates(cat, entries)
    return sorted(problems, key=lambda p: (p.file, p.line))


def _phase_duplicates(cat: Catalog, entries: list[tuple[StandardVersion, int, ChecklistItem]]) -> list[Problem]:
    problems = []
    first: dict[str, tuple[str, ChecklistItem]] = {}
    unique: list[tuple[StandardVersion, int, ChecklistItem, frozenset[str]]] = []
    for sv, i, item in entries:
        text = one_line(tr(item.text)).lower()
        if text in first and first[text][0] != sv.standard.slug:
            other = first[text][1]
            if item.see != other.id and other.see != item.id:  # a word-for-word repetition may still point to the other
                problems.append(_duplicate(cat, sv, i, item, other.id))
            continue
        first.setdefault(text, (sv.standard.slug, item))
        unique.append((sv, i, item, _words(text)))
    # Near duplicates: word sets that mostly overlap (Jaccard index, a cheap order-free measure), across standards only.
    # Prefix filtering keeps this near linear: with the words of each set ordered rarest first, two sets whose index
    # reaches t share a word among the first |set| - ceil(t * |set|) + 1 of each; only those pairs are compared.
    # Each word set is also an integer bit mask, so that an intersection is one `&` and a bit count.
    frequency = Counter(word for *_, words in unique for word in words)
    bit = {word: 1 << n for n, word in enumerate(sorted(frequency))}
    masks = [sum(bit[word] for word in words) for *_, words in unique]
    index: dict[str, list[int]] = defaultdict(list)
    for n, (sv, i, item, words) in enumerate(unique):
        if not words:
            continue
        prefix = sorted(words, key=lambda w: (frequency[w], w))[: len(words) - math.ceil(NEAR_DUPLICATE * len(words)) + 1]
        mask, size = masks[n], len(words)
        candidates = set()
        for word in prefix:
            candidates.update(index[word])
            index[word].append(n)
        for m in sorted(candidates):
            shared = (mask & masks[m]).bit_count()
            if shared / (size + len(unique[m][3]) - shared) < NEAR_DUPLICATE:
                continue
            other_sv, _, other, _ = unique[m]
            if other_sv.standard.slug != sv.standard.slug and item.see != other.id and other.see != item.id:
                problems.append(_duplicate(cat, sv, i, item, other.id))
    return problems


def _duplicate(cat: Catalog, sv: StandardVersion, index: int, item: ChecklistItem, other: str) -> Problem:
    return _at(cat, sv.source, ("checklist", index, "text"), f"{item.id} demande presque la même chose que {other} : gardez une seule "
               f"exigence et renvoyez à l'autre (see: {other})", "avertissement")


def check_examples(cat: Catalog) -> list[Problem]:
    """A filled-in example follows its template: the template exists, sections and columns by their names,
    table rows as wide as the table, choices among the allowed values."""
    problems = []
    for (slug, template_id), (example, file) in sorted(cat.examples.items()):
        versions = cat.standards.get(slug, {})
        latest = versions[max(versions, key=version_key)].standard if versions else None
        template = next((t for t in latest.templates if t.id == template_id), None) if latest else None
        if latest is None or template is None:
            problems.append(_at(cat, file, ("template",), f"modèle inconnu « {template_id} » dans le standard « {slug} »"))
            continue
        if example.template != template_id:
            problems.append(_at(cat, file, ("template",), f"l'exemple porte sur « {example.template} » mais le fichier s'appelle « {template_id}.yaml »"))
        sections = {one_line(tr(s.title)): s for s in template.sections}
        for i, section in enumerate(example.sections):
            found = sections.get(one_line(tr(section.title)))
            if found is None:
                problems.append(_at(cat, file, ("sections", i, "title"), f"section « {tr(section.title)} » absente du modèle ; sections : "
                                    f"{', '.join(sections)}"))
            elif section.rows and len(found.table or []) not in {len(r) for r in section.rows} | {0}:
                problems.append(_at(cat, file, ("sections", i, "rows"), f"chaque ligne a {len(found.table or [])} cellules, comme le tableau du modèle"))
        columns = {one_line(tr(c.name)): c for c in template.columns}
        for r, row in enumerate(example.rows):
            for name, value in row.items():
                column = columns.get(one_line(name))
                if column is None:
                    problems.append(_at(cat, file, ("rows", r, name), f"colonne « {name} » absente du modèle"))
                elif latest.column_values(column) and str(value) not in latest.column_values(column) and column.scale != "criticality":
                    problems.append(_at(cat, file, ("rows", r, name), f"valeur « {value} » non permise ; valeurs : {', '.join(latest.column_values(column))}"))
    return problems
