"""Pages that gather every standard: catalogue, gate checklists, roles, RACI matrix, templates catalogue, history."""
from __future__ import annotations

from macros.core import links
from macros.core.dates import french_date
from macros.core.text import md_table, one_line
from macros.core.vocabulary import FORMAT_LABELS, RACI_SHORT_LABELS, RaciLetter, status_text
from macros.model import Standard, Template, tr
from macros.pages.checklist import ChecklistLine
from macros.pages.editions import HistoryPage
from macros.pages.roles import RaciMatrix, RolePage, RolesIndex
from macros.pages.standards import StandardsIndex
from macros.pages.templates import TemplatesIndex, TemplateUse
from macros.render.diff_text import format_markdown
from macros.render.escape import SEARCH_EXCLUDED, esc, md_inline, page_front_matter
from macros.render.pmo_markdown import to_html
from macros.render.scripts import script_tags


def render_standards_index(page: StandardsIndex) -> str:
    """The catalogue of standards of the current edition."""
    src = links.STANDARDS_INDEX
    out = ["# Standards du PMO", "",
           f"Les standards en vigueur dans l'édition **{md_inline(page.edition_id)}** du référentiel. Chaque page donne la liste "
           "de contrôle par phase, le RACI, les modèles à télécharger, les indicateurs et l'historique des versions.", ""]
    rows = [[md_inline(s.id), f"[{md_inline(tr(s.title))}]({links.md_link(src, links.standard_page(s.slug))})",
             s.version, status_text(status, s.effective_from), md_inline(owner), str(len(s.checklist))] for s, status, owner in page.rows]
    out += md_table(["Identifiant", "Standard", "Version", "Statut", "Propriétaire", "Éléments"], rows)
    out += ["", f"Voir aussi les [listes de contrôle par jalon]({links.md_link(src, links.CHECKLISTS_INDEX)}), "
            f"les [rôles]({links.md_link(src, links.ROLES_INDEX)}) et le [catalogue des modèles]({links.md_link(src, links.TEMPLATES_INDEX)}).", ""]
    return "\n".join(out)


def render_roles_index(page: RolesIndex) -> str:
    src = links.ROLES_INDEX
    out = ["# Rôles", "", "Les rôles du référentiel, leur mission et tout ce dont ils sont chargés dans les standards. "
           f"La [matrice RACI]({links.md_link(src, links.RACI_MATRIX)}) croise tous les rôles et toutes les activités.", ""]
    rows = [[f"[{md_inline(tr(r.meta.name))}]({links.md_link(src, links.role_page(r.meta.id))})", md_inline(tr(r.meta.summary))]
            for r in page.roles]
    out += md_table(["Rôle", "En bref"], rows)
    return "\n".join(out) + "\n"


def render_role_page(page: RolePage) -> str:
    """A role: its Markdown definition, then what the data says it does (RACI, checklist items)."""
    m = page.role.meta
    src = links.role_page(m.id)
    # A role's own page answers a search for its name before the standards and guides that name it.
    out = [page_front_matter(tr(m.name), boost=2) + f"# {md_inline(tr(m.name))}", "", f"<p class=\"pmo-lead\">{esc(tr(m.summary))}</p>", ""]
    facts = [("Identifiant", esc(m.id)), ("Version de la définition", f'<span class="pmo-badge">v{esc(m.version)}</span>')]
    if m.reports_to:
        facts.append(("Rend compte à", f'<a href="{esc(links.href(src, links.role_page(m.reports_to)))}">{esc(page.reports_to_name or m.reports_to)}</a>'))
    out += ['<dl class="pmo-meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>", ""]
    out += ['<div class="pmo-role-body">' + to_html(page.role.body, shift=0, id_prefix="def-", resolve=page.links.get) + "</div>", ""]
    out += [f"## Dans les standards {{#dans-les-standards {SEARCH_EXCLUDED}}}", ""]
    rows = [[f"[{md_inline(line.standard.id)}]({links.md_link(src, links.standard_page(line.standard.slug), 'raci')})",
             md_inline(line.activity), ", ".join(f"{x} ({RACI_SHORT_LABELS[x]})" for x in line.letters)] for line in page.raci]
    out += md_table(["Standard", "Activité", "Rôle RACI"], rows) if rows else ["Ce rôle n'apparaît dans aucun RACI."]
    out += ["", f"## Éléments de contrôle qu'il réalise ou approuve {{#elements {SEARCH_EXCLUDED}}}", "",
            "R : il réalise l'élément ; A : il l'approuve et en rend compte. L'un et l'autre viennent de l'activité du RACI qui "
            "couvre l'élément.", ""]

    def letters(line: ChecklistLine) -> str:
        held = [RaciLetter.R] if any(r.id == m.id for r in line.doers) else []
        held += [RaciLetter.A] if line.approver is not None and line.approver.id == m.id else []
        return ", ".join(f"{x} ({RACI_SHORT_LABELS[x]})" for x in held)

    items = [[f"[{md_inline(line.standard_id)}]({links.md_link(src, links.standard_page(line.slug), 'liste-de-controle')})",
              md_inline(line.item_id), letters(line), md_inline(line.level_label), md_inline(line.text)] for line in page.items]
    out += md_table(["Standard", "Élément", "Rôle RACI", "Niveau", "Exigence"], items) if items else ["Aucun élément de contrôle."]
    return "\n".join(out) + "\n"


def render_raci_matrix(page: RaciMatrix) -> str:
    src = links.RACI_MATRIX
    head = "".join(f'<th scope="col">{esc(label)}</th>' for _, label in page.roles)
    body = "".join(
        f'<tr><td>{esc(s.id)}</td><th scope="row">{esc(activity)}</th>'
        + "".join(f"<td>{esc(cells.get(role_id, ''))}</td>" for role_id, _ in page.roles) + "</tr>"
        for s, activity, cells in page.rows)
    return "\n".join([
        # Ranked above the RACI section of each standard: a search for « RACI » wants the matrix of all of them. The
        # matrix repeats those sections cell for cell: its table is left out of the index.
        page_front_matter("Matrice RACI", boost=3) + "# Matrice RACI", "",
        "Tous les rôles et toutes les activités des standards en vigueur. R : réalise ; A : approuve et rend des comptes "
        "(un seul par activité) ; C : consulté ; I : informé.", "",
        "Télécharger la matrice : " + links.download_link(src, page.xlsx, "Excel", links.saved_name(page.xlsx.rsplit("/", 1)[-1], page.edition_id)), "",
        f'<div class="pmo-table-scroll" {SEARCH_EXCLUDED}><table class="pmo-raci-matrix"><caption>Matrice RACI, rôles en colonnes</caption>'
        f'<thead><tr><th scope="col">Standard</th><th scope="col">Activité</th>{head}</tr></thead><tbody>{body}</tbody></table></div>',
        ""])


def _template_link(src: str, s: Standard, t: Template) -> str:
    return f"[{md_inline(tr(t.title))}]({links.md_link(src, links.standard_page(s.slug), 'modele-' + t.id)})"


def _by_standard(src: str, found: list[TemplateUse]) -> list[str]:
    """Template names, one line per standard."""
    grouped: dict[str, list[TemplateUse]] = {}
    for u in found:
        grouped.setdefault(u.standard.slug, []).append(u)
    return [f"- {md_inline(tr(uses[0].standard.title))} : " + " · ".join(_template_link(src, u.standard, u.template) for u in uses)
            for uses in grouped.values()]


def _by_characteristic(page: TemplatesIndex, src: str) -> list[str]:
    """The templates a project needs only when it has some characteristic (a purchase, a go-live…)."""
    needed = [(cid, name, [u for u in page.uses if cid in u.conditions]) for cid, name in page.characteristics]
    if not any(found for _, _, found in needed):
        return []
    out = ["## Selon le projet {#selon-le-projet}", "",
           "Les modèles dont un projet n'a besoin que s'il présente l'une de ces caractéristiques ; les autres servent à tout projet.", ""]
    for cid, name, found in needed:
        if found:
            out += [f"### {md_inline(name)} {{#caracteristique-{cid}}}", "", *_by_standard(src, found), ""]
    return out


def render_templates_index(page: TemplatesIndex) -> str:
    """The templates catalogue: every template once with its files (filterable), then by phase, role, category, format."""
    src = links.TEMPLATES_INDEX

    def table(found: list[TemplateUse]) -> list[str]:
        # Each template's description and files are written once, in « Tous les modèles », and on its standard's page:
        # the sections by phase, role, category and format list names, one line per standard (the page stays light
        # enough for a phone).
        # When a section holds most of the catalogue (a category, a format), it names what it leaves out instead.
        if not found:
            return ["Aucun modèle."]
        if len(found) == len(page.uses):
            return ["Tous les modèles du catalogue."]
        missing = [u for u in page.uses if u not in found]
        if len(missing) < len(found) / 2:
            return ["Tous les modèles du catalogue, sauf :", "", *_by_standard(src, missing)]
        return _by_standard(src, found)

    # Each template is searched on its standard's page; the catalogue is found by its title and introduction.
    out = [page_front_matter("Catalogue des modèles", boost=2) + "# Catalogue des modèles", "",
           f"Tous les modèles des standards de l'édition **{md_inline(page.edition_id)}**, chacun marqué de la version du standard qu'il suit. "
           f"[Télécharger le kit des modèles (.zip)]({links.md_link(src, links.kit_file(page.edition_id))}) : les modèles Word et Excel et "
           "leurs exemples remplis, rangés par phase, avec un fichier LISEZMOI qui dit à quoi sert chacun.", "",
           f"## Tous les modèles {{#tous-les-modeles {SEARCH_EXCLUDED}}}", "",
           "Chaque modèle une seule fois, avec ses fichiers ; les sections suivantes les rangent par phase, par rôle et par format.", "",
           *_templates_filter(page, src), "",
           f"## Par phase {{#par-phase {SEARCH_EXCLUDED}}}", ""]
    for phase_id, phase_name in page.phases:
        found = [u for u in page.uses if phase_id in u.phases]
        out += [f"### {md_inline(phase_name)} {{#phase-{phase_id} {SEARCH_EXCLUDED}}}", ""]
        out += table(found) if found else ["Aucun modèle pour cette phase."]
        out.append("")
    out += [f"## Par rôle {{#par-role {SEARCH_EXCLUDED}}}", ""]
    for role_id, role_name in page.roles:
        found = [u for u in page.uses if role_id in u.roles]
        if found:
            out += [f"### {md_inline(role_name)} {{#role-{role_id} {SEARCH_EXCLUDED}}}", ""]
            out += table(found)
            out.append("")
    if len(page.categories) > 1:
        out += [f"## Par catégorie de projet {{#par-categorie {SEARCH_EXCLUDED}}}", ""]
        for category_id, category_name in page.categories:
            found = [u for u in page.uses if category_id in u.categories]
            out += [f"### Projet {md_inline(category_name.lower())} {{#categorie-{category_id} {SEARCH_EXCLUDED}}}", ""]
            out += table(found) if found else ["Aucun modèle pour cette catégorie."]
            out.append("")
    out += _by_characteristic(page, src)
    out += [f"## Par format {{#par-format {SEARCH_EXCLUDED}}}", ""]
    for fmt, label in FORMAT_LABELS.items():
        found = [u for u in page.uses if fmt in u.template.formats]
        out += [f"### {label} {{#format-{fmt} {SEARCH_EXCLUDED}}}", ""]
        out += table(found)
        out.append("")
    return "\n".join(out)


CATALOGUE_SCRIPT = "catalogue.js"


def _templates_filter(page: TemplatesIndex, src: str) -> list[str]:
    """The form that filters « Tous les modèles » (hidden until catalogue.js shows it) and the table it filters: one
    row per template, its phases, roles, categories, formats and the characteristics it is needed for as space-separated
    ids in data attributes."""
    used_roles = {r for u in page.uses for r in u.roles}
    choices = [("phase", "phases", "Phase", "Toutes les phases", page.phases),
               ("role", "roles", "Rôle", "Tous les rôles", [(i, n) for i, n in page.roles if i in used_roles])]
    if len(page.categories) > 1:
        choices.append(("categorie", "categories", "Catégorie de projet", "Toutes les catégories", page.categories))
    choices.append(("format", "formats", "Format", "Tous les formats", [(str(f), label) for f, label in FORMAT_LABELS.items()]))
    fields = "".join(
        f'<p class="pmo-filters__field"><label for="filtre-{key}">{label}</label>'
        f'<select id="filtre-{key}" name="{key}" data-pmo-filter="{attribute}"><option value="">{everything}</option>'
        + "".join(f'<option value="{esc(value)}">{esc(name)}</option>' for value, name in options) + "</select></p>"
        for key, attribute, label, everything, options in choices)
    # A template some projects need only (a purchase, a go-live…) hides when its characteristics are all unticked.
    traits = ("" if not page.characteristics else
              '<fieldset class="pmo-filters__traits"><legend>Votre projet (décochez ce qui ne le concerne pas)</legend>'
              + "".join(f'<p><input type="checkbox" id="filtre-caracteristique-{esc(cid)}" value="{esc(cid)}" checked data-pmo-trait>'
                        f' <label for="filtre-caracteristique-{esc(cid)}">{esc(name)}</label></p>' for cid, name in page.characteristics)
              + "</fieldset>")
    form = (f'<form class="pmo-filters" data-pmo-catalogue hidden aria-label="Filtrer les modèles">'
            f'<div class="pmo-filters__fields">{fields}</div>{traits}'
            '<p class="pmo-filters__actions"><button type="button" class="md-button" data-pmo-reset>Réinitialiser</button> '
            "<span>L'adresse de la page garde vos filtres : copiez-la pour partager cette sélection.</span></p>"
            '<p class="pmo-filters__count" role="status" aria-live="polite" data-pmo-count></p></form>')

    def row(u: TemplateUse) -> str:
        s, t = u.standard, u.template
        data = {"phases": sorted(u.phases), "roles": sorted(u.roles), "categories": sorted(u.categories),
                "formats": [str(f) for f in t.formats], "conditions": sorted(u.conditions)}
        files = " · ".join(
            f'<a href="{esc(links.file_href(src, links.version_file(s.slug, s.version, links.download_name(t.id, f))))}" '
            f'download="{esc(links.saved_name(links.download_name(t.id, f), s.version))}">{esc(str(f))}</a>' for f in t.formats)
        return ("<tr" + "".join(f' data-{key}="{esc(" ".join(ids))}"' for key, ids in data.items())
                + f' data-pmo-template="{esc(t.id)}">'
                f'<td><a href="{esc(links.href(src, links.standard_page(s.slug), "modele-" + t.id))}">{esc(one_line(tr(t.title)))}</a></td>'
                f"<td>{esc(one_line(tr(t.description)))}</td>"
                f'<td><a href="{esc(links.href(src, links.standard_page(s.slug)))}">{esc(s.id)} {esc(one_line(tr(s.title)))}</a></td>'
                f"<td>{files}</td></tr>")

    table = ('<table aria-label="Tous les modèles" data-pmo-templates><thead><tr><th scope="col">Modèle</th>'
             '<th scope="col">À quoi il sert</th><th scope="col">Standard</th><th scope="col">Fichiers</th></tr></thead>'
             f'<tbody>{"".join(row(u) for u in page.uses)}</tbody></table>')
    return [form, "", table, "", script_tags(src, CATALOGUE_SCRIPT)]


def render_history_page(page: HistoryPage) -> str:
    """Every published version of one standard, with links and the differences between them."""
    src = links.history_page(page.slug)
    out = [page_front_matter(f"Historique : {page.title}", searchable=False) + f"# Historique : {md_inline(page.title)}", ""]
    rows = [[f"[{v.version}]({links.md_link(src, links.version_page(page.slug, v.version))})", status_text(v.status, v.effective_from),
             french_date(v.effective_from), french_date(v.transition_until) if v.transition_until else "—", ", ".join(v.editions)]
            for v in reversed(page.rows)]
    out += md_table(["Version", "Statut", "Entrée en vigueur", "Version précédente tolérée jusqu'au", "Éditions"], rows)
    out.append("")
    for diff in page.diffs:
        old, new = diff.old_version, diff.new_version
        out += [f"## De {old} à {new} {{#de-{old}-a-{new}}}", "", format_markdown(diff, level=3), ""]
    return "\n".join(out) + "\n"
