"""Release notes: « Nouveautés de l'édition X » and the list of editions."""
from __future__ import annotations

from macros.core import links
from macros.core.dates import french_date
from macros.core.text import file_size, md_table, plural
from macros.core.vocabulary import IMPACT_EXPLANATIONS, IMPACT_ORDER, Impact
from macros.diff.changes import Change, EditionDiff, RoleDiff, StandardDiff
from macros.model import tr
from macros.pages.editions import DocumentFile, EditionPage, EditionsIndex
from macros.render.diff_text import detail_html, format_markdown, standard_heading
from macros.render.escape import esc, md_inline, page_front_matter, unsearched


def document_link(src: str, document: DocumentFile, edition_id: str) -> str:
    """A Markdown link from page src to an edition's PDF, saved under its own name, with its size."""
    name = document.src.rsplit("/", 1)[-1]
    return (f"[PDF de l'édition {md_inline(edition_id)}]({links.md_link(src, document.src)}){{: download=\"{name}\" }} "
            f"({file_size(document.size)})")


def document_paragraph(src: str, document: DocumentFile, edition_id: str) -> str:
    """What a page says of an edition's PDF: the link, what the file holds, and its sha256 to check a copy."""
    return (f"Le référentiel complet de cette édition en un seul document : {document_link(src, document, edition_id)}, "
            "au format PDF/A balisé, avec sommaire, signets et, en pièces jointes, les fichiers sources de l'édition. "
            f"Empreinte sha256 du fichier : `{document.sha256}`.")


def render_editions_index(page: EditionsIndex) -> str:
    src = links.EDITIONS_INDEX
    out = ["# Éditions du référentiel", "",
           "Une édition réunit une version de chaque standard et de chaque définition de rôle, publiées ensemble. "
           "Les versions remplacées restent en ligne à leur adresse permanente.", ""]
    rows = [[md_inline(e.id), french_date(e.date) if e.date else "—", str(len(e.standards)),
             f"[Nouveautés de l'édition {md_inline(e.id)}]({links.md_link(src, links.edition_page(e.id))})"]
            + ([document_link(src, page.documents[e.id], e.id) if e.id in page.documents else "—"] if page.documents else [])
            for e in page.editions]
    out += md_table(["Édition", "Publiée le", "Standards", "Nouveautés"] + (["Document"] if page.documents else []), rows)
    if page.documents:
        # Below the table, not in it: 64 characters would widen it past a phone's screen.
        out += ["", "Chaque édition existe en un seul document PDF (PDF/A balisé, avec ses fichiers sources en pièces jointes). "
                "Pour vérifier qu'un exemplaire reçu est intact, comparez son empreinte sha256 :", ""]
        out += [f"- édition {md_inline(e.id)} : `{page.documents[e.id].sha256}`" for e in page.editions if e.id in page.documents]
    return "\n".join(out) + "\n"


def render_edition_page(page: EditionPage) -> str:
    """What changed in one edition: notes, transition dates, changes by role, every change with its impact."""
    edition = page.edition
    src = links.edition_page(edition.id)
    title = f"Nouveautés de l'édition {edition.id}"
    # Release notes name every changed item many times: ranked low, so that a search for « RSK-09 » finds the
    # standard that defines it first, and the notes next.
    out = [page_front_matter(title, boost=0.3, toc_depth=2) + f"# {md_inline(title)}", ""]
    when = f"Publiée le {french_date(edition.date)}." if edition.date else "Édition en préparation (aperçu)."
    out += [when + (f" Elle remplace l'édition {md_inline(page.previous_id)}." if page.previous_id else " C'est la première édition du référentiel."), "",
            f"<p>{esc(tr(edition.notes))}</p>", "",
            f"Les modèles Word et Excel de cette édition, rangés par phase avec un fichier LISEZMOI : "
            f"[kit des modèles (.zip)]({links.md_link(src, links.kit_file(edition.id))}).", ""]
    if page.document is not None:
        out += [document_paragraph(src, page.document, edition.id), ""]
    if page.diff is None:
        out += ["## Standards publiés {#standards}", ""]
        out += md_table(["Standard", "Version"], [[f"[{md_inline(s.id)} {md_inline(tr(s.title))}]({links.md_link(src, links.version_page(s.slug, version))})",
                                                   version] for s, version in page.published])
        return "\n".join(out) + "\n"
    diff = page.diff
    # Found by its title, introduction and summary; the details name every changed item and role, which the standards'
    # and roles' own pages answer better (and would crowd the results under headings named like them).
    details = _transitions(diff, src) + _by_role(page, diff, src) + _all_changes(diff, src)
    out += _impact_summary(diff) + [unsearched(line) for line in details]
    return "\n".join(out) + "\n"


def _counts(changes: list[Change]) -> str:
    counts = {impact: sum(c.impact == impact for c in changes) for impact in reversed(IMPACT_ORDER)}
    return ", ".join(f"{impact} : {n}" for impact, n in counts.items() if n)


def _all_changes(diff: EditionDiff, src: str) -> list[str]:
    """Every changed standard with its counts by impact; the change-by-change table is on its history page, once.

    Keeping the tables there rather than here keeps the notes of a large edition readable (and under 100 KB), and
    the history is where a reader of a standard looks for what changed in it.
    """
    legend = " ; ".join(f"*{impact}* ({IMPACT_EXPLANATIONS[impact]})" for impact in IMPACT_ORDER)
    out = ["## Toutes les modifications {#modifications}", "", f"Impact : {legend}.", "",
           "Pour chaque standard, le nombre de changements par impact. Le détail de chaque changement (texte mot à mot, "
           "notes du PMO) est dans l'historique du standard.", ""]
    for sd in diff.standards:
        out += standard_heading(sd, 3, md_inline, anchor=f"modif-{sd.slug}")
        if sd.old_version is None:
            items = [c for c in sd.changes if c.item_id]
            required = sum(c.impact == Impact.NEW_REQUIREMENT for c in items)
            templates = sum(c.target.startswith("modèle ") for c in sd.changes)
            out += [f"{plural(len(items), 'élément de contrôle', 'éléments de contrôle')}, dont "
                    f"{plural(required, 'obligatoire', 'obligatoires')}, et {plural(templates, 'modèle')} ; "
                    f"[lire le standard]({links.md_link(src, links.standard_page(sd.slug))}).", ""]
        elif sd.new_version is not None:  # a retired standard's heading says it all
            history = links.md_link(src, links.history_page(sd.slug), f"de-{sd.old_version}-a-{sd.new_version}")
            counts = f"{plural(len(sd.changes), 'changement')} ({_counts(sd.changes)})" if sd.changes else "Aucun changement de contenu"
            out += [f"{counts} : [détail des changements de la version {sd.old_version} à la version {sd.new_version}]"
                    f"({history}).", ""]
        # The PMO's reasons are part of the notes: each classed change it explained, once (for a new or a retired
        # standard too, which have no history section to hold them).
        reasons = [f"- {md_inline(c.target)} (*{c.impact}*) : {md_inline(c.note)}" for c in sd.changes if c.note]
        out += ["Notes du PMO sur ces changements :", "", *reasons, ""] if reasons else []
    out += [format_markdown(rd, level=3) for rd in diff.roles]
    return out


def _impact_summary(diff: EditionDiff) -> list[str]:
    counts = {impact: 0 for impact in IMPACT_ORDER}
    parts: list[StandardDiff | RoleDiff] = [*diff.standards, *diff.roles]
    for part in parts:
        for change in part.changes:
            counts[change.impact] += 1
    cells = " · ".join(f"{impact} : {n}" for impact, n in reversed(counts.items()) if n or impact != Impact.TO_QUALIFY)
    new_standards = sum(sd.old_version is None for sd in diff.standards)
    new_roles = sum(rd.old_version is None for rd in diff.roles)
    summary = [f"nouveaux standards : {new_standards}"] if new_standards else []
    summary.append(f"standards modifiés : {len(diff.standards) - new_standards}")
    summary += [f"nouveaux rôles : {new_roles}"] if new_roles else []
    summary.append(f"définitions de rôle modifiées : {len(diff.roles) - new_roles}")
    text = " ; ".join(summary)
    return ["## En bref {#en-bref}", "", f"{text[0].upper()}{text[1:]}. Changements par impact : {cells}.", ""]


def _transitions(diff: EditionDiff, src: str) -> list[str]:
    rows = []
    for sd in diff.standards:
        new = f"[{sd.new_version}]({links.md_link(src, links.version_page(sd.slug, sd.new_version))})" if sd.new_version else "retiré"
        old = f"[{sd.old_version}]({links.md_link(src, links.version_page(sd.slug, sd.old_version))})" if sd.old_version else "—"
        if sd.transition_until:
            until = french_date(sd.transition_until)
        elif sd.without_transition:
            until = f"sans transition : {md_inline(sd.without_transition)}"
        else:
            until = "—" if sd.old_version is None else "pas de délai fixé"
        rows.append([md_inline(sd.title), old, new, french_date(sd.effective_from) if sd.effective_from else "—", until])
    table = md_table(["Standard", "Version précédente", "Nouvelle version", "En vigueur le", "Ancienne version tolérée jusqu'au"], rows)
    return ["## Dates de transition {#transition}", "", *table, ""]


# What a change's target names, in the words of a summary: « élément RSK-08 » is listed by its id, the rest counted.
_KINDS = (("activité du RACI", "activités du RACI"), ("modèle", "modèles"), ("colonne de modèle", "colonnes de modèle"),
          ("section de modèle", "sections de modèle"), ("section du guide", "sections du guide"),
          ("autre changement", "autres changements"))


def _kind(target: str) -> str:
    if target.startswith("RACI "):
        return "activité du RACI"
    if target.startswith("modèle "):
        return "modèle"
    if target.startswith("colonne "):
        return "colonne de modèle"
    if target.startswith("section "):
        return "section de modèle" if " du modèle « " in target else "section du guide"
    return "autre changement"


def _what_changed(changes: list[Change]) -> str:
    """« éléments GOV-12, GOV-14 ; 4 activités du RACI ; 2 modèles »: a line a reader takes in at a glance."""
    items = [c.item_id for c in changes if c.item_id]
    parts = [("élément " if len(items) == 1 else "éléments ") + ", ".join(md_inline(i) for i in items)] if items else []
    kinds = [_kind(c.target) for c in changes if not c.item_id]
    parts += [plural(kinds.count(one), one, many) for one, many in _KINDS if one in kinds]
    return " ; ".join(parts)


def _by_role(page: EditionPage, diff: EditionDiff, src: str) -> list[str]:
    out = ["## Ce qui change pour vous {#pour-vous}", "",
           "Les changements qui concernent chaque rôle : éléments de contrôle dont il est responsable, activités du RACI où il "
           "intervient, modèles qu'il utilise, et sa propre définition.", ""]
    grouped = page.by_role
    role_changes = {rd.role_id: rd for rd in diff.roles}
    ranked = {impact: i for i, impact in enumerate(IMPACT_ORDER)}
    for rid, name in page.roles:
        entries = grouped.get(rid, [])
        if not entries and rid not in role_changes:
            continue
        out += [f"### {md_inline(name)} {{#pour-{rid}}}", ""]
        # A new or retired standard is one line per role (a new one's items are in the standard itself); a changed
        # one lists each change, with its details only when a requirement is added or removed: what a reader must
        # act on. The detail of every change is on the standard's history page (this keeps the page readable, and light).
        new_standards: dict[str, tuple[StandardDiff, list[str]]] = {}
        retired: dict[str, StandardDiff] = {}
        for sd, change in entries:
            if sd.old_version is None:
                new_standards.setdefault(sd.slug, (sd, []))[1].extend([change.item_id] if change.item_id else [])
            elif sd.new_version is None:
                retired[sd.slug] = sd
        for sd, items in new_standards.values():
            link = f"[lire le standard]({links.md_link(src, links.standard_page(sd.slug))})"
            what = (f"{len(items)} {'élément vous concerne' if len(items) == 1 else 'éléments vous concernent'} "
                    f"({md_inline(', '.join(items))})" if items else "il vous concerne par son RACI")
            out.append(f"- **nouveau standard** — {md_inline(sd.title)} : {what} ; {link}")
        out += [f"- **standard retiré** — {md_inline(sd.title)} : il ne s'applique plus (dernière version {sd.old_version})."
                for sd in retired.values()]
        # What a reader must act on, one line each with its details; the rest grouped by impact and standard, one
        # line each, linked to the standard's summary in « Toutes les modifications », where the PMO's reasons are
        # given once and a link leads to the history page.
        grouped_rest: dict[tuple[Impact, str], tuple[StandardDiff, list[Change]]] = {}
        for sd, change in sorted(entries, key=lambda e: -ranked[e[1].impact]):
            if sd.old_version is None or sd.new_version is None:
                continue
            if change.impact in (Impact.NEW_REQUIREMENT, Impact.REMOVED_REQUIREMENT):
                # « responsable : <this role> » goes without saying under this role's own heading.
                shown = [d for d in change.details if d != f"responsable : {name}"]
                details = f" ({' ; '.join(detail_html(d, md_inline) for d in shown)})" if shown else ""
                out.append(f"- **{md_inline(change.impact)}** — {md_inline(sd.title)} : {md_inline(change.target)}{details}")
            else:
                grouped_rest.setdefault((change.impact, sd.slug), (sd, []))[1].append(change)
        for (impact, _), (sd, changes) in grouped_rest.items():
            # Linked to the standard's summary below, which links to its history.
            out.append(f"- **{md_inline(impact)}** — {md_inline(sd.title)} : [{_what_changed(changes)}](#modif-{sd.slug})")
        if rid in role_changes:
            rd = role_changes[rid]
            link = f"[lire la définition]({links.md_link(src, links.role_page(rid))})"
            out.append(f"- Nouveau rôle dans le référentiel (version {rd.new_version}) : {link}." if rd.old_version is None else
                       f"- Votre définition de rôle passe de la version {rd.old_version} à la version {rd.new_version} : {link}.")
        out.append("")
    return out
