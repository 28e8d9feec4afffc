"""References between files: roles, phases, templates, `see`, links of the PMO's Markdown, and evidence naming a template's parts."""
from __future__ import annotations

import re
from typing import Any

from macros.catalog.catalog import Catalog
from macros.core.constants import ROLES_DIR, STANDARD_SECTIONS
from macros.core.problems import Problem
from macros.core.text import did_you_mean, one_line
from macros.core.vocabulary import Severity
from macros.loading.markdown_source import internal_links
from macros.model import Edition, Template, tr


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

    def add(self, file: str, loc: tuple[object, ...], message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(self.cat.problem_at(file, loc, message, severity))

    def role(self, file: str, loc: tuple[object, ...], value: object) -> None:
        if self.roles and isinstance(value, str) and value not in self.roles:
            self.add(file, loc, f"rôle inconnu « {value} »{did_you_mean(value, self.roles)} ; rôles définis : {', '.join(sorted(self.roles))}")

    def checklist(self, file: str, data: dict[str, Any]) -> None:
        templates = [_as_dict(t).get("id") for t in _as_list(data.get("templates"))]
        seen: dict[object, int] = {}
        for i, item in enumerate(_as_dict(x) for x in _as_list(data.get("checklist"))):
            item_id = item.get("id")
            if isinstance(item_id, str) and item_id in seen:
                first_line = self.cat.problem_at(file, ("checklist", seen[item_id], "id"), "").line
                self.add(file, ("checklist", i, "id"),
                         f"identifiant « {item_id} » en double (déjà l'élément checklist[{seen[item_id]}], ligne {first_line})")
            seen.setdefault(item_id, i)
            phase = item.get("phase")
            if self.phase_ids and isinstance(phase, str) and phase not in self.phase_ids:
                self.add(file, ("checklist", i, "phase"), f"phase inconnue « {phase} »{did_you_mean(phase, self.phase_ids)} ; phases : {', '.join(self.phase_ids)}")
            self.role(file, ("checklist", i, "responsible"), item.get("responsible"))  # published before the RACI said it
            template = item.get("template")
            if isinstance(template, str) and template not in templates:
                self.add(file, ("checklist", i, "template"), f"modèle inconnu « {template} »{did_you_mean(template, [t for t in templates if isinstance(t, str)])} : "
                         "il doit être défini dans templates de ce standard")

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

    def risk_matrix(self, file: str, data: dict[str, Any]) -> None:
        matrix = _as_dict(data.get("risk_matrix"))
        for i, level in enumerate(_as_dict(x) for x in _as_list(matrix.get("impact"))):
            self.role(file, ("risk_matrix", "impact", i, "decided_by"), level.get("decided_by"))
        for i, level in enumerate(_as_dict(x) for x in _as_list(matrix.get("criticality"))):
            self.role(file, ("risk_matrix", "criticality", i, "escalates_to"), level.get("escalates_to"))

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
                self.add(file, ("references", i, "url"), "adresse ignorée : seules les adresses http(s) sont publiées", Severity.WARNING)


def check_references(cat: Catalog) -> list[Problem]:
    """Every role, phase and template a standard names exists; checklist and template ids are unique."""
    check = _References(cat, {})
    for file, slug, data in _standard_files(cat):
        check.role(file, ("owner",), data.get("owner"))
        check.checklist(file, data)
        check.raci(file, data)
        check.risk_matrix(file, data)
        check.templates(file, slug, data)
        check.references(file, data)
    for versions in cat.roles.values():
        for role_def in versions.values():
            if role_def.meta.reports_to is not None and role_def.meta.reports_to not in check.roles:
                check.add(role_def.source, ("reports_to",), f"rôle inconnu « {role_def.meta.reports_to} »{did_you_mean(role_def.meta.reports_to, check.roles)}")
    return check.problems


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
                    problems.append(Problem(file, line, column, "corps", f"lien « {target} » : rôle inconnu « {name} »{did_you_mean(name, cat.roles)}"))
                continue
            if name not in cat.standards:
                problems.append(Problem(file, line, column, "corps", f"lien « {target} » : standard inconnu « {name} »{did_you_mean(name, cat.standards)}"))
                continue
            items = {i.id for sv in cat.standards[name].values() for i in sv.standard.checklist}
            if anchor and anchor not in STANDARD_SECTIONS and anchor not in items:
                problems.append(Problem(file, line, column, "corps",
                                        f"lien « {target} » : ancre inconnue{did_you_mean(anchor, [*STANDARD_SECTIONS, *items])}"
                                        f" ; ancres : un identifiant d'élément ou {', '.join(STANDARD_SECTIONS)}"))
    return problems


# « Section « Budget estimé » de la charte », « Colonnes « Priorité » et « Lot » renseignées »: the parts of a template
# an evidence names.
_EVIDENCE_PARTS = re.compile(r"\b([Ss]ections?|[Cc]olonnes?)\s+((?:«[^»]+»(?:\s*(?:,|et|ou)\s*)?)+)")


def _template_parts(templates: list[Template]) -> tuple[dict[str, str], dict[str, str]]:
    """The section titles and column names of some templates, by their lower-case form (on one line)."""
    sections = [one_line(tr(s.title)) for t in templates for s in t.sections]
    columns = [one_line(tr(c.name)) for t in templates for c in t.columns]
    return {name.lower(): name for name in sections}, {name.lower(): name for name in columns}


def _edition_templates(cat: Catalog, edition: Edition | None) -> list[Template] | None:
    """The templates of an edition's standards; None when a version it names did not load (its parts are unknown)."""
    if edition is None:
        return [t for sv in cat.current_standards() for t in sv.standard.templates]
    versions = [cat.standards.get(slug, {}).get(v) for slug, v in edition.standards.items()]
    return None if None in versions else [t for sv in versions if sv is not None for t in sv.standard.templates]


def check_evidence(cat: Catalog) -> list[Problem]:
    """A section or column an item's evidence names belongs to a template of its own version or of the same edition:
    the project manager looks for it in the template they download."""
    problems = []
    newest = {(slug, v): e for e in cat.editions for slug, v in e.standards.items()}  # later editions win
    pools: dict[str | None, tuple[dict[str, str], dict[str, str]] | None] = {}
    for slug, versions in sorted(cat.standards.items()):
        for version, sv in versions.items():
            edition = newest.get((slug, version)) or cat.current_edition()
            key = edition.id if edition else None
            if key not in pools:
                templates = _edition_templates(cat, edition)
                pools[key] = None if templates is None else _template_parts(templates)
            shared = pools[key]
            if shared is None:
                continue  # the edition's other templates are unknown until the version that failed is fixed
            # A draft's own templates count before any edition holds it: it cites the register it adds.
            own = _template_parts(list(sv.standard.templates))
            for i, item in enumerate(sv.standard.checklist):
                for match in _EVIDENCE_PARTS.finditer(one_line(tr(item.evidence)) if item.evidence else ""):
                    part = 0 if match.group(1).lower().startswith("section") else 1
                    for name in re.findall(r"«\s*([^»]+?)\s*»", match.group(2)):
                        # Looked up in both pools: merging them for each version copied the edition's pool a thousand
                        # times in a large référentiel; they are merged only to suggest a name.
                        if name.lower() not in own[part] and name.lower() not in shared[part]:
                            problems.append(cat.problem_at(sv.source, ("checklist", i, "evidence"),
                                                           _unknown_part(name, part == 0, key, {**shared[part], **own[part]})))
    return problems


def _unknown_part(name: str, section: bool, edition_id: str | None, known: dict[str, str]) -> str:
    what = "la section" if section else "la colonne"
    where = f"l'édition {edition_id}" if edition_id else "l'édition en vigueur"
    return (f"{what} « {name} » citée dans la preuve attendue n'existe ni dans les modèles de ce standard ni dans ceux de "
            f"{where}{did_you_mean(name, known.values())} : corrigez son nom ou ajoutez-la au modèle")
