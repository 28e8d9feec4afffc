"""Gate pages: the go/no-go criteria, then the phase's project items for one category; the categories guide; the PMO's lists."""
from __future__ import annotations

from macros.core import links
from macros.core.text import md_table, plural
from macros.core.vocabulary import LEVEL_LABELS, Format
from macros.model import tr
from macros.pages.gates import CategoriesPage, ChecklistsIndex, GatePage, ScopePage
from macros.render.checklist import checklist_form, checklist_script
from macros.render.escape import SEARCH_EXCLUDED, esc, md_inline, page_front_matter


def _files(src: str, csv: str, xlsx: str, saved: str, edition_id: str) -> str:
    """CSV and Excel links, saved as « <saved>-<edition>.csv/.xlsx » so two lists never overwrite each other."""
    return " · ".join(links.download_link(src, target, label, f"{saved}-{edition_id}.{ext}")
                      for target, label, ext in ((csv, "CSV", Format.CSV), (xlsx, "Excel", Format.XLSX)))


def render_checklists_index(page: ChecklistsIndex) -> str:
    """Every gate, with its count of mandatory and recommended items per category of project."""
    src = links.CHECKLISTS_INDEX
    out = [page_front_matter("Listes de contrôle par jalon") + "# Listes de contrôle par jalon", "",
           "Avant chaque jalon, son décideur, indiqué pour chaque catégorie de projet, décide de passer ou non à la phase "
           "suivante, sur des critères de passage précis. Chaque liste donne ces critères, puis ce que les standards en vigueur demandent au projet pendant la "
           "phase que le jalon clôt, selon la catégorie du projet. Les éléments propres au PMO et au portefeuille n'y "
           f"figurent pas. [Comment choisir la catégorie du projet]({links.md_link(src, links.CATEGORIES_PAGE)}).", ""]
    header = ["Jalon", "Phase close", "Décision"] + [f"Obligatoires (+ selon le projet) / recommandés ({md_inline(c.name)})"
                                                    for c in page.categories]
    rows = []
    for r in page.rows:
        cells = [f"[{md_inline(c.name)}]({links.md_link(src, links.gate_page(r.gate.id, None if c.src == src else c.id))}) : "
                 f"{r.mandatory[c.id]}{f' (+ {r.conditional[c.id]})' if r.conditional[c.id] else ''} / {r.recommended[c.id]}"
                 for c in page.categories]
        rows.append([f"[{md_inline(tr(r.gate.name))}]({links.md_link(src, links.gate_page(r.gate.id))})", md_inline(r.phase_name),
                     md_inline(r.decision or "—"), *cells])
    out += md_table(header, rows)
    return "\n".join(out) + "\n"


def _category_switch(page: GatePage) -> str:
    """Links to the same list for the other categories: plain links, no JavaScript."""
    parts = [f"**{md_inline(c.name)}** (cette page)" if c.id == page.category.id else f"[{md_inline(c.name)}]({links.md_link(page.src, c.src)})"
             for c in page.categories]
    return "Catégorie du projet : " + " · ".join(parts)


def _criteria(page: GatePage) -> list[str]:
    if not page.criteria:
        return ["Ce jalon n'a pas de critère de passage défini : le comité s'appuie sur les éléments obligatoires ci-dessous."]
    rows = []
    for c in page.criteria:
        where = (f"[{md_inline(c.id)}]({links.md_link(page.src, links.standard_page(c.standard.slug), links.item_anchor(c.standard.slug, c.id))})"
                 if c.standard else md_inline(c.id))
        text = md_inline(c.text) + (f" *(seulement si {md_inline(c.condition)})*" if c.condition else "")
        rows.append([where, text, md_inline(c.evidence) or "—"])
    return md_table(["Critère", "Ce qui doit être vrai", "Preuve attendue"], rows)


def render_gate_page(page: GatePage) -> str:
    """The checklist of one gate for one category: criteria and who decides first, then the phase's project items."""
    gate, src = page.gate, page.src
    heading = f"Liste de contrôle : {tr(gate.name)}"
    title = heading if page.category.src == links.gate_page(gate.id) else f"{heading} (projet {page.category.name.lower()})"
    csv = links.gate_file(gate.id, Format.CSV, None if page.category.src == links.gate_page(gate.id) else page.category.id)
    xlsx = links.gate_file(gate.id, Format.XLSX, None if page.category.src == links.gate_page(gate.id) else page.category.id)
    applicable = [line for _, lines in page.groups for line in lines]
    count = len({line.standard_id for line in applicable})
    decided = f"Décision prononcée par : **{md_inline(page.decided_by)}**. " if page.decided_by else ""
    # The list of another category repeats the default one, item for item: reachable by its links, not by search.
    default = page.category.src == links.gate_page(gate.id)
    out = [page_front_matter(title, searchable=default) + f"# {md_inline(title)}", "", f"<p>{esc(tr(gate.description))}</p>", "",
           _category_switch(page) + f" ([choisir la catégorie]({links.md_link(src, links.CATEGORIES_PAGE)})).", "",
           f"{decided}Phase close par ce jalon : **{md_inline(page.phase_name)}**. Édition du référentiel : **{md_inline(page.edition_id)}**.", "",
           "## Critères de passage {#criteres}", "", *_criteria(page), "",
           f"## Ce que la phase demande au projet {{#elements {SEARCH_EXCLUDED}}}", "",
           f"{plural(len(applicable), 'élément', 'éléments')} issus de {plural(count, 'standard')} pour un projet "
           f"{md_inline(page.category.name.lower())}. Télécharger cette liste : "
           f"{_files(src, csv, xlsx, f'liste-de-controle-{gate.id}-{page.category.id}', page.edition_id)}", "",
           '<div class="pmo-print-only">Projet : ____________________ Date : ____________ Visa : ____________</div>', "",
           *([f"Les éléments « obligatoires selon le projet » ne s'appliquent qu'aux projets qui présentent la caractéristique "
              f"indiquée ([les caractéristiques d'un projet]({links.md_link(src, links.CATEGORIES_PAGE, 'caracteristiques')})).", ""]
             if any(line.only_if for line in applicable) else []),
           checklist_form(f"jalon-{gate.id}", f"Liste de contrôle {tr(gate.name)}", page.groups, src, show_standard=True), ""]
    if page.skipped:
        out += [f'<details class="pmo-skipped" {SEARCH_EXCLUDED}><summary>Non applicables pour cette catégorie de projet '
                f"({len(page.skipped)})</summary><ul>"
                + "".join(f"<li>{esc(line.item_id)} : {esc(line.text)}</li>" for line in page.skipped) + "</ul></details>", ""]
    out += [checklist_script(src), ""]
    return "\n".join(out)


def render_categories_page(page: CategoriesPage) -> str:
    """How to choose the category of a project: the criteria as a table, what each category changes."""
    src = links.CATEGORIES_PAGE
    out = [page_front_matter("Choisir la catégorie du projet") + "# Choisir la catégorie du projet", ""]
    if page.tailoring is None:
        return "\n".join(out + ["Le référentiel ne distingue pas de catégories de projet : tous les projets suivent les mêmes niveaux.", ""])
    t = page.tailoring
    out += ["Les exigences se proportionnent à l'ampleur du projet. Trois questions suffisent à le situer ; "
            "les seuils sont ceux que le PMO a fixés pour l'organisation.", "",
            "## Les critères {#criteres}", ""]
    out += md_table(["Critère", *[md_inline(c.name) for c in page.categories]],
                    [[md_inline(tr(c.name)), *[md_inline(tr(c.thresholds.get(cat.id, "—"))) for cat in page.categories]] for c in t.criteria])
    out += ["", f"<p>{esc(tr(t.rule))}</p>", "", "## Ce que change chaque catégorie {#categories}", ""]
    for category, ref in zip(t.categories, page.categories, strict=True):
        suffix = " (catégorie par défaut)" if category.id == page.default else ""
        extra = (f", et **{page.conditional[category.id]}** de plus selon les caractéristiques du projet"
                 if page.conditional[category.id] else "")
        out += [f"### {md_inline(ref.name)}{suffix} {{#{category.id}}}", "", f"<p>{esc(tr(category.description))}</p>", "",
                f"Éléments obligatoires pour tout projet de cette catégorie : **{page.mandatory[category.id]}**{extra}.", ""]
    if any(names for _, names in page.deciders):
        out += ["## Qui décide chaque jalon {#decideurs}", ""]
        out += md_table(["Jalon", *[md_inline(c.name) for c in page.categories]],
                        [[f"[{md_inline(tr(g.name))}]({links.md_link(src, links.gate_page(g.id))})",
                          *[md_inline(names.get(c.id, "—")) for c in page.categories]] for g, names in page.deciders])
        out.append("")
    if page.characteristics:
        out += ["## Les caractéristiques du projet {#caracteristiques}", "",
                "Au-delà de sa taille, un projet a des caractéristiques qui ajoutent des exigences : un élément « obligatoire si » "
                "ne s'applique qu'aux projets qui présentent l'une des caractéristiques qu'il indique. Répondez à chaque question "
                "au cadrage, et revoyez vos réponses à chaque jalon.", ""]
        for c, items in page.characteristics:
            ids = ", ".join(f"[{md_inline(item.id)}]({links.md_link(src, links.standard_page(s.slug), links.item_anchor(s.slug, item.id))})"
                            for s, item in items) or "aucun élément en vigueur"
            out += [f"### {md_inline(tr(c.name))} {{#caracteristique-{c.id}}}", "", f"<p>{esc(tr(c.question))}</p>", "",
                    f"Si oui, s'appliquent aussi : {ids}.", ""]
    if page.changed:
        out += ["## Les éléments dont le niveau dépend de la catégorie {#elements}", ""]
        rows = [[f"[{md_inline(item.id)}]({links.md_link(src, links.standard_page(s.slug), links.item_anchor(s.slug, item.id))})",
                 md_inline(tr(item.text)), *[LEVEL_LABELS[levels[c.id]] for c in page.categories]] for s, item, levels in page.changed]
        out += md_table(["Élément", "Exigence", *[md_inline(c.name) for c in page.categories]], rows)
        out.append("")
    return "\n".join(out)


def render_scope_page(page: ScopePage) -> str:
    """The PMO's set-up roadmap or the portfolio calendar: a checklist of the PMO's own work, with its downloads."""
    src = page.src
    out = [page_front_matter(page.title) + f"# {md_inline(page.title)}", "", md_inline(page.intro), "",
           f"Télécharger cette liste : {_files(src, links.pmo_file(src, 'csv'), links.pmo_file(src, 'xlsx'), src.split('/')[-1][:-3], page.edition_id)}", ""]
    if not any(entries for _, entries in page.groups):
        return "\n".join(out + ["Aucun élément en vigueur.", ""])
    form_id = "pmo-" + src.split("/")[-1].removesuffix(".md")
    out += [checklist_form(form_id, page.title, page.groups, src, show_standard=True, searchable=False), "",
            checklist_script(src), ""]
    return "\n".join(out)
