"""Pages that gather every standard: catalogue, gate checklists, roles, RACI matrix, templates catalogue."""
from __future__ import annotations

from collections import defaultdict

from macros.catalog import Catalog, StandardVersion
from macros.constants import FORMAT_LABELS, LEVEL_LABELS, STATUS_LABELS
from macros.dates import french_date
from macros.model import Gate, Role, Template, tr
from macros.render import links
from macros.render.checklist import Entry, checklist_form, checklist_script, sort_mandatory_first
from macros.render.edition_page import render_version_diffs
from macros.render.pmo_markdown import to_html
from macros.render.standard_page import download_name, resolve_internal, role_name, template_href
from macros.render.text import esc, md_inline, page_front_matter


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)] + ["| " + " | ".join(r) + " |" for r in rows]


def render_standards_index(cat: Catalog) -> str:
    """The catalogue of standards of the current edition."""
    src = links.STANDARDS_INDEX
    edition = cat.current_edition()
    out = ["# Standards du PMO", "",
           f"Les standards en vigueur dans l'édition **{md_inline(edition.id)}** du référentiel. Chaque page donne la liste "
           "de contrôle par phase, le RACI, les modèles à télécharger, les indicateurs et l'historique des versions.", ""]
    rows = []
    for sv in cat.current_standards():
        s = sv.standard
        rows.append([md_inline(s.id), f"[{md_inline(tr(s.title))}]({links.md_link(src, links.standard_page(s.slug))})",
                     s.version, STATUS_LABELS[cat.status_of(sv)], md_inline(role_name(cat, s.owner)),
                     str(len(s.checklist))])
    out += _md_table(["Identifiant", "Standard", "Version", "Statut", "Propriétaire", "Éléments"], rows)
    out += ["", f"Voir aussi les [listes de contrôle par jalon]({links.md_link(src, links.CHECKLISTS_INDEX)}), "
            f"les [rôles]({links.md_link(src, links.ROLES_INDEX)}) et le [catalogue des modèles]({links.md_link(src, links.TEMPLATES_INDEX)}).", ""]
    return "\n".join(out)


def gate_entries(cat: Catalog, gate: Gate) -> list[Entry]:
    """Every current item, of every standard, to be done in the phase this gate closes; mandatory first."""
    entries = [Entry(sv.standard, item) for sv in cat.current_standards() for item in sv.standard.checklist
               if item.phase == gate.after]
    return sort_mandatory_first(entries)


def render_checklists_index(cat: Catalog) -> str:
    src = links.CHECKLISTS_INDEX
    out = ["# Listes de contrôle par jalon", "",
           "Avant chaque jalon, le comité décide de passer ou non à la phase suivante. Chaque liste rassemble, pour "
           "tous les standards en vigueur, ce qui doit être fait pendant la phase que le jalon clôt, les éléments "
           "obligatoires en premier. Vos coches restent enregistrées dans ce navigateur.", ""]
    rows = []
    for gate in cat.lifecycle.gates:
        phase = next(p for p in cat.lifecycle.phases if p.id == gate.after)
        entries = gate_entries(cat, gate)
        mandatory = sum(e.item.level == "obligatoire" for e in entries)
        rows.append([f"[{md_inline(tr(gate.name))}]({links.md_link(src, links.gate_page(gate.id))})", md_inline(tr(phase.name)),
                     str(mandatory), str(len(entries) - mandatory),
                     f"[CSV]({links.md_link(src, links.gate_file(gate.id, 'csv'))}) · [Excel]({links.md_link(src, links.gate_file(gate.id, 'xlsx'))})"])
    out += _md_table(["Jalon", "Phase close", "Obligatoires", "Recommandés", "Téléchargement"], rows)
    return "\n".join(out) + "\n"


def render_gate_page(cat: Catalog, gate: Gate) -> str:
    """The checklist of one gate: every standard's items for the phase it closes."""
    src = links.gate_page(gate.id)
    phase = next(p for p in cat.lifecycle.phases if p.id == gate.after)
    entries = gate_entries(cat, gate)
    edition = cat.current_edition()
    groups = [(LEVEL_LABELS[level] + "s", [e for e in entries if e.item.level == level]) for level in ("obligatoire", "recommandé")]
    out = [page_front_matter(f"Liste de contrôle : {tr(gate.name)}") + f"# Liste de contrôle : {md_inline(tr(gate.name))}", "",
           f"<p>{esc(tr(gate.description))}</p>", "",
           f"Phase close par ce jalon : **{md_inline(tr(phase.name))}**. Édition du référentiel : **{md_inline(edition.id)}**. "
           f"{len(entries)} éléments issus de {len({e.standard.id for e in entries})} standards.", "",
           f"Télécharger cette liste : [CSV]({links.md_link(src, links.gate_file(gate.id, 'csv'))}) · "
           f"[Excel]({links.md_link(src, links.gate_file(gate.id, 'xlsx'))})", "",
           '<div class="pmo-print-only">Projet : ____________________ Date : ____________ Visa : ____________</div>', "",
           checklist_form(f"jalon-{gate.id}", f"Liste de contrôle {tr(gate.name)}", groups,
                          lambda r: role_name(cat, r), lambda r: links.href(src, links.role_page(r)),
                          lambda s, t: template_href(s, t, src), show_standard=True),
           "", checklist_script(src), ""]
    return "\n".join(out)


def render_roles_index(cat: Catalog) -> str:
    src = links.ROLES_INDEX
    out = ["# Rôles", "", "Les rôles du référentiel, leur mission et tout ce dont ils sont chargés dans les standards. "
           f"La [matrice RACI]({links.md_link(src, links.RACI_MATRIX)}) croise tous les rôles et toutes les activités.", ""]
    rows = [[f"[{md_inline(tr(r.meta.name))}]({links.md_link(src, links.role_page(r.meta.id))})", md_inline(tr(r.meta.summary))]
            for r in cat.current_roles()]
    out += _md_table(["Rôle", "En bref"], rows)
    return "\n".join(out) + "\n"


def render_role_page(cat: Catalog, role: Role) -> str:
    """A role: its Markdown definition, then what the data says it does (RACI, checklist items)."""
    src = links.role_page(role.meta.id)
    m = role.meta
    out = [page_front_matter(tr(m.name)) + f"# {md_inline(tr(m.name))}", "", f"<p class=\"pmo-lead\">{esc(tr(m.summary))}</p>", ""]
    facts = [("Identifiant", esc(m.id)), ("Version de la définition", f'<span class="pmo-badge">v{esc(m.version)}</span>')]
    if m.reports_to:
        facts.append(("Rend compte à", f'<a href="{esc(links.href(src, links.role_page(m.reports_to)))}">{esc(role_name(cat, m.reports_to))}</a>'))
    out += ['<dl class="pmo-meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>", ""]
    out += ['<div class="pmo-role-body">' + to_html(role.body, shift=0, id_prefix="def-", resolve=lambda t: resolve_internal(cat, src, t)) + "</div>", ""]
    out += ["## Dans les standards {#dans-les-standards}", ""]
    letters = {"R": "Réalise", "A": "Approuve", "C": "Consulté", "I": "Informé"}
    rows = []
    for sv in cat.current_standards():
        s = sv.standard
        for row in s.raci:
            held = [letter for letter in letters if (m.id == row.A if letter == "A" else m.id in getattr(row, letter))]
            if held:
                rows.append([f"[{md_inline(s.id)}]({links.md_link(src, links.standard_page(s.slug), 'raci')})",
                             md_inline(tr(row.activity)), ", ".join(f"{x} ({letters[x]})" for x in held)])
    out += _md_table(["Standard", "Activité", "Rôle RACI"], rows) if rows else ["Ce rôle n'apparaît dans aucun RACI."]
    out += ["", "## Éléments de contrôle dont il est responsable {#elements}", ""]
    items = [[f"[{md_inline(sv.standard.id)}]({links.md_link(src, links.standard_page(sv.standard.slug), 'liste-de-controle')})",
              md_inline(item.id), md_inline(LEVEL_LABELS[item.level]), md_inline(tr(item.text))]
             for sv in cat.current_standards() for item in sv.standard.checklist if item.responsible == m.id]
    out += _md_table(["Standard", "Élément", "Niveau", "Exigence"], items) if items else ["Aucun élément de contrôle."]
    return "\n".join(out) + "\n"


def raci_matrix(cat: Catalog) -> tuple[list[Role], list[tuple[StandardVersion, str, dict[str, str]]]]:
    """Roles × activities of every current standard: the letters each role holds for each activity."""
    roles = cat.current_roles()
    rows = []
    for sv in cat.current_standards():
        for row in sv.standard.raci:
            cell: dict[str, str] = defaultdict(str)
            for letter in ("R", "A", "C", "I"):
                for rid in ([row.A] if letter == "A" else getattr(row, letter)):
                    cell[rid] += letter
            rows.append((sv, tr(row.activity), dict(cell)))
    return roles, rows


def render_raci_matrix(cat: Catalog, xlsx: str) -> str:
    src = links.RACI_MATRIX
    roles, rows = raci_matrix(cat)
    head = "".join(f'<th scope="col">{esc(r.meta.short_name or tr(r.meta.name))}</th>' for r in roles)
    body = "".join(
        f'<tr><td>{esc(sv.standard.id)}</td><th scope="row">{esc(activity)}</th>'
        + "".join(f"<td>{esc(cells.get(r.meta.id, ''))}</td>" for r in roles) + "</tr>"
        for sv, activity, cells in rows)
    return "\n".join([
        "# Matrice RACI", "",
        "Tous les rôles et toutes les activités des standards en vigueur. R : réalise ; A : approuve et rend des comptes "
        "(un seul par activité) ; C : consulté ; I : informé.", "",
        f"Télécharger la matrice : [Excel]({links.md_link(src, xlsx)})", "",
        '<div class="pmo-table-scroll"><table class="pmo-raci-matrix"><caption>Matrice RACI, rôles en colonnes</caption>'
        f'<thead><tr><th scope="col">Standard</th><th scope="col">Activité</th>{head}</tr></thead><tbody>{body}</tbody></table></div>',
        ""])


def template_uses(cat: Catalog) -> list[tuple[StandardVersion, Template, set[str], set[str]]]:
    """Each current template with the phases and roles of the checklist items that use it."""
    out = []
    for sv in cat.current_standards():
        for t in sv.standard.templates:
            items = [i for i in sv.standard.checklist if i.template == t.id]
            out.append((sv, t, {i.phase for i in items}, {i.responsible for i in items}))
    return out


def render_templates_index(cat: Catalog) -> str:
    """The templates catalogue: by phase, by role, by format."""
    src = links.TEMPLATES_INDEX
    edition = cat.current_edition()
    uses = template_uses(cat)

    def link(sv: StandardVersion, t: Template) -> str:
        return f"[{md_inline(tr(t.title))}]({links.md_link(src, links.standard_page(sv.standard.slug), 'modele-' + t.id)})"

    def files(sv: StandardVersion, t: Template) -> str:
        return " · ".join(f"[{f}]({links.md_link(src, links.version_file(sv.standard.slug, sv.standard.version, download_name(t.id, f)))})"
                          for f in t.formats)

    out = ["# Catalogue des modèles", "",
           f"Tous les modèles des standards de l'édition **{md_inline(edition.id)}**, chacun marqué de la version du standard qu'il suit. "
           f"[Télécharger tous les modèles en un fichier .zip]({links.md_link(src, links.kit_file(edition.id))}) (avec un manifeste des empreintes).", "",
           "## Par phase {#par-phase}", ""]
    for phase in cat.lifecycle.phases:
        found = [(sv, t) for sv, t, phases, _ in uses if phase.id in phases]
        out += [f"### {md_inline(tr(phase.name))} {{#phase-{phase.id}}}", ""]
        out += _md_table(["Modèle", "Standard", "Fichiers"], [[link(sv, t), md_inline(sv.standard.id), files(sv, t)] for sv, t in found]) if found else ["Aucun modèle pour cette phase."]
        out.append("")
    out += ["## Par rôle {#par-role}", ""]
    for role in cat.current_roles():
        found = [(sv, t) for sv, t, _, roles in uses if role.meta.id in roles]
        if found:
            out += [f"### {md_inline(tr(role.meta.name))} {{#role-{role.meta.id}}}", ""]
            out += _md_table(["Modèle", "Standard", "Fichiers"], [[link(sv, t), md_inline(sv.standard.id), files(sv, t)] for sv, t in found])
            out.append("")
    out += ["## Par format {#par-format}", ""]
    for fmt, label in FORMAT_LABELS.items():
        found = [(sv, t) for sv, t, _, _ in uses if fmt in t.formats]
        out += [f"### {label} {{#format-{fmt}}}", ""]
        out += _md_table(["Modèle", "Standard", "Fichier"], [[link(sv, t), md_inline(sv.standard.id),
                         f"[{download_name(t.id, fmt)}]({links.md_link(src, links.version_file(sv.standard.slug, sv.standard.version, download_name(t.id, fmt)))})"]
                         for sv, t in found])
        out.append("")
    return "\n".join(out)


def render_history_page(cat: Catalog, slug: str) -> str:
    """Every published version of one standard, with links."""
    src = links.history_page(slug)
    versions = cat.shown_versions(slug)
    title = tr(versions[-1].standard.title) if versions else slug
    out = [page_front_matter(f"Historique : {title}") + f"# Historique : {md_inline(title)}", ""]
    rows = []
    for sv in reversed(versions):
        s = sv.standard
        editions = ", ".join(e.id for e in cat.published_editions() if e.standards.get(slug) == s.version)
        rows.append([f"[{s.version}]({links.md_link(src, links.version_page(slug, s.version))})", STATUS_LABELS[cat.status_of(sv)],
                     french_date(s.effective_from), french_date(s.transition_until) if s.transition_until else "—", editions])
    out += _md_table(["Version", "Statut", "En vigueur depuis", "Version précédente tolérée jusqu'au", "Éditions"], rows)
    out += [""] + render_version_diffs(cat, slug)
    return "\n".join(out) + "\n"
