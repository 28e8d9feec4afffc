"""Cross-file rules: names match files, references exist, ids stay stable, published files stay as published."""
from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from macros.constants import EDITIONS_FILE, STANDARD_SECTIONS
from macros.dates import add_months, french_date
from macros.model import version_key
from macros.problems import Problem, field_path

if TYPE_CHECKING:
    from macros.catalog import Catalog


def today() -> dt.date:
    """Today's date; PMO_TODAY=AAAA-MM-JJ fixes it for reproducible checks and tests."""
    fixed = os.environ.get("PMO_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


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


def check_references(cat: Catalog) -> list[Problem]:
    """Every role, phase and template a standard names exists; checklist ids are unique."""
    problems = []
    roles = set(cat.roles)
    phases = {p.id for p in cat.lifecycle.phases} if cat.lifecycle else set()
    template_owner: dict[str, str] = {}

    def role(file: str, loc: tuple[object, ...], value: str) -> None:
        if roles and value not in roles:
            problems.append(_at(cat, file, loc, f"rôle inconnu « {value} » ; rôles définis : {', '.join(sorted(roles))}"))

    for slug, versions in cat.standards.items():
        for sv in versions.values():
            s, f = sv.standard, sv.source
            role(f, ("owner",), s.owner)
            templates = {t.id for t in s.templates}
            seen: dict[str, int] = {}
            for i, item in enumerate(s.checklist):
                if item.id in seen:
                    first_line = _at(cat, f, ("checklist", seen[item.id], "id"), "").line
                    problems.append(_at(cat, f, ("checklist", i, "id"),
                                        f"identifiant « {item.id} » en double (déjà l'élément checklist[{seen[item.id]}], ligne {first_line})"))
                seen.setdefault(item.id, i)
                if phases and item.phase not in phases:
                    problems.append(_at(cat, f, ("checklist", i, "phase"), f"phase inconnue « {item.phase} » ; phases : {', '.join(p.id for p in cat.lifecycle.phases)}"))
                role(f, ("checklist", i, "responsible"), item.responsible)
                if item.template is not None and item.template not in templates:
                    problems.append(_at(cat, f, ("checklist", i, "template"), f"modèle inconnu « {item.template} » : il doit être défini dans templates de ce standard"))
            for i, row in enumerate(s.raci):
                for letter in ("R", "C", "I"):
                    for j, value in enumerate(getattr(row, letter)):
                        role(f, ("raci", i, letter, j), value)
                role(f, ("raci", i, "A"), row.A)
                # A may also do the work (R), but nobody is both doing or approving and merely consulted or informed.
                columns = [set(row.R) | {row.A}, set(row.C), set(row.I)]
                clash = sorted((columns[0] & columns[1]) | (columns[0] & columns[2]) | (columns[1] & columns[2]))
                if clash:
                    problems.append(_at(cat, f, ("raci", i), f"le rôle « {clash[0]} » apparaît dans deux colonnes d'une même activité"))
            seen_templates: set[str] = set()
            for i, template in enumerate(s.templates):
                if template.id in seen_templates:
                    problems.append(_at(cat, f, ("templates", i, "id"), f"modèle « {template.id} » défini deux fois"))
                seen_templates.add(template.id)
                other = template_owner.setdefault(template.id, slug)
                if other != slug:
                    problems.append(_at(cat, f, ("templates", i, "id"), f"l'identifiant de modèle « {template.id} » est déjà utilisé par le standard « {other} »"))
            for i, reference in enumerate(s.references):
                if reference.url is not None and not reference.url.startswith(("https://", "http://")):
                    problems.append(_at(cat, f, ("references", i, "url"), "adresse ignorée : seules les adresses http(s) sont publiées", "avertissement"))
    for rid, versions in cat.roles.items():
        for role_def in versions.values():
            if role_def.meta.reports_to is not None and role_def.meta.reports_to not in roles:
                problems.append(_at(cat, role_def.source, ("reports_to",), f"rôle inconnu « {role_def.meta.reports_to} »"))
    return problems


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def check_unloaded_references(cat: Catalog) -> list[Problem]:
    """The same reference checks on a standard file whose model failed, so all its errors show at once."""
    loaded = {sv.source for versions in cat.standards.values() for sv in versions.values()}
    roles = set(cat.roles)
    phases = {p.id for p in cat.lifecycle.phases} if cat.lifecycle else set()
    already = {(p.file, p.line, p.column) for p in cat.problems}
    problems = []
    for file, doc in cat.docs.items():
        parts = file.split("/")
        if file in loaded or len(parts) != 3 or parts[1] == "roles" or not isinstance(doc.data, dict):
            continue
        data = doc.data
        templates = {t.get("id") for t in _as_list(data.get("templates")) if isinstance(t, dict)}
        refs: list[tuple[tuple[object, ...], str, object]] = [(("owner",), "rôle", data.get("owner"))]
        for i, item in enumerate(_as_list(data.get("checklist"))):
            if isinstance(item, dict):
                refs += [(("checklist", i, "phase"), "phase", item.get("phase")),
                         (("checklist", i, "responsible"), "rôle", item.get("responsible")),
                         (("checklist", i, "template"), "modèle", item.get("template"))]
        for i, row in enumerate(_as_list(data.get("raci"))):
            if isinstance(row, dict):
                refs += [(("raci", i, letter, j), "rôle", v) for letter in ("R", "C", "I") for j, v in enumerate(_as_list(row.get(letter)))]
                refs.append((("raci", i, "A"), "rôle", row.get("A")))
        known = {"rôle": roles, "phase": phases, "modèle": templates}
        hints = {"rôle": f"rôles définis : {', '.join(sorted(roles))}", "phase": f"phases : {', '.join(sorted(phases))}",
                 "modèle": "il doit être défini dans templates de ce standard"}
        for loc, kind, value in refs:
            if isinstance(value, str) and known[kind] and value not in known[kind]:
                problem = _at(cat, file, loc, f"{kind} inconnu{'e' if kind == 'phase' else ''} « {value} » ; {hints[kind]}")
                if (problem.file, problem.line, problem.column) not in already:
                    problems.append(problem)
    return problems


def check_lifecycle(cat: Catalog) -> list[Problem]:
    """Phase and gate ids are unique; every gate closes a known phase, at most one gate per phase."""
    if cat.lifecycle is None:
        return []
    problems = []
    from macros.constants import LIFECYCLE_FILE

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
                    problems.append(_at(cat, sv.source, ("checklist", i, "id"),
                                        f"l'identifiant « {item_id} » a été retiré en version {removed[item_id]} : il ne peut pas être réutilisé ; prenez un nouvel identifiant"))
            for gone in previous - set(ids):
                removed.setdefault(gone, version)
            previous = set(ids)
    return problems


def check_status(cat: Catalog) -> list[Problem]:
    """At most one active version per standard; overdue reviews are warnings."""
    problems = []
    now = today()
    for slug, versions in cat.standards.items():
        active = sorted((v for v, sv in versions.items() if sv.standard.status == "active"), key=version_key)
        for version in active[:-1]:
            problems.append(_at(cat, versions[version].source, ("status",),
                                f"plusieurs versions actives de « {slug} » ({', '.join(active)}) : une seule peut être « active »"))
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
        if edition.status == "published" and edition.date is None:
            problems.append(_at(cat, file, ("editions", i, "date"), "une édition publiée a une date"))
        for slug, version in edition.standards.items():
            sv = cat.standards.get(slug, {}).get(version)
            if sv is None and (cat.root / slug / f"{version}.yaml").exists():
                continue  # the file exists but is invalid: its own errors are reported, not a missing version
            if sv is None:
                problems.append(_at(cat, file, ("editions", i, "standards", slug),
                                    f"version inconnue : standards/{slug}/{version}.yaml n'existe pas"))
            elif edition.status == "published" and sv.standard.status == "draft":
                problems.append(_at(cat, file, ("editions", i, "standards", slug),
                                    f"une édition publiée ne peut pas contenir le brouillon {slug} {version}"))
        for rid, version in edition.roles.items():
            if version not in cat.roles.get(rid, {}) and not (cat.root / "roles" / rid / f"{version}.md").exists():
                problems.append(_at(cat, file, ("editions", i, "roles", rid),
                                    f"version inconnue : standards/roles/{rid}/{version}.md n'existe pas"))
        for j, change in enumerate(edition.changes):
            if change.standard not in edition.standards:
                problems.append(_at(cat, file, ("editions", i, "changes", j, "standard"),
                                    f"le standard « {change.standard} » ne fait pas partie de cette édition"))
    return problems


def check_orphan_drafts(cat: Catalog) -> list[Problem]:
    """A draft that no edition holds would never be published: say so while it is being written."""
    held = {(slug, v) for e in cat.editions for slug, v in e.standards.items()}
    return [_at(cat, sv.source, ("status",), "brouillon hors de toute édition : ouvrez une édition (pmo edition new <id>), "
                "elle le reprendra", "avertissement")
            for slug, versions in cat.standards.items() for version, sv in versions.items()
            if sv.standard.status == "draft" and (slug, version) not in held]


def _new_version_hint(rel: str) -> str:
    """The command that makes the next version of the standard or role a published file belongs to."""
    parts = rel.split("/")
    name = parts[2] if parts[1] == "roles" and len(parts) > 3 else parts[1]
    return f"pmo new-version {name} --patch, --minor ou --major"


def check_internal_links(cat: Catalog) -> list[Problem]:
    """`standard:` and `role:` links in the PMO's Markdown name a standard, role and anchor that exist."""
    from macros.markdown_source import internal_links

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


def check_lock(cat: Catalog) -> list[Problem]:
    """A published file is immutable: its sha256 must match standards/published.lock."""
    from macros.catalog import file_sha256

    problems = []
    base = cat.root.parent
    for rel, digest in sorted(cat.lock.items()):
        path = base / rel
        if not path.exists():
            problems.append(Problem(rel, 1, 1, "", "fichier publié supprimé : une version publiée reste en ligne ; restaurez-le"))
        elif file_sha256(path) != digest:
            problems.append(Problem(rel, 1, 1, "", "fichier publié modifié : une version publiée ne change plus ; "
                                    f"annulez la modification et créez une nouvelle version ({_new_version_hint(rel)})"))
        # The .yaml and its .md are one version: guidance added to a published version is a change too.
        guidance = path.with_suffix(".md")
        if rel.endswith(".yaml") and guidance.exists() and guidance.relative_to(base).as_posix() not in cat.lock:
            problems.append(Problem(guidance.relative_to(base).as_posix(), 1, 1, "",
                                    f"texte ajouté à une version publiée : écrivez-le dans une nouvelle version ({_new_version_hint(rel)})"))
    return problems


def check_all(cat: Catalog) -> list[Problem]:
    """Every cross-file rule."""
    return (check_names(cat) + check_references(cat) + check_unloaded_references(cat) + check_lifecycle(cat) + check_stable_ids(cat)
            + check_status(cat) + check_editions(cat) + check_orphan_drafts(cat) + check_internal_links(cat) + check_lock(cat))
