"""Release notes: « Nouveautés de l'édition X », the list of editions, and the diffs on history pages."""
from __future__ import annotations

from macros.catalog import Catalog
from macros.dates import french_date
from macros.diff import IMPACTS, EditionDiff, catalog_names, changes_by_role, diff_editions, diff_standards, format_markdown
from macros.model import Edition, tr
from macros.render import links
from macros.render.standard_page import role_name
from macros.render.text import esc, md_inline, page_front_matter


def _previous(cat: Catalog, edition: Edition) -> Edition | None:
    published = cat.published_editions()
    if edition.status == "draft":
        return published[-1] if published else None
    index = next((i for i, e in enumerate(published) if e.id == edition.id), None)
    return published[index - 1] if index else None


def render_editions_index(cat: Catalog) -> str:
    src = links.EDITIONS_INDEX
    out = ["# Éditions du référentiel", "",
           "Une édition réunit une version de chaque standard et de chaque définition de rôle, publiées ensemble. "
           "Les versions remplacées restent en ligne à leur adresse permanente.", "",
           "| Édition | Publiée le | Standards | Nouveautés |", "| --- | --- | --- | --- |"]
    for edition in reversed(cat.published_editions()):
        out.append(f"| {md_inline(edition.id)} | {french_date(edition.date) if edition.date else '—'} | {len(edition.standards)} | "
                   f"[Nouveautés de l'édition {md_inline(edition.id)}]({links.md_link(src, links.edition_page(edition.id))}) |")
    return "\n".join(out) + "\n"


def render_edition_page(cat: Catalog, edition: Edition) -> str:
    """What changed in one edition: notes, transition dates, changes by role, every change with its impact."""
    src = links.edition_page(edition.id)
    previous = _previous(cat, edition)
    title = f"Nouveautés de l'édition {edition.id}"
    out = [page_front_matter(title) + f"# {md_inline(title)}", ""]
    when = f"Publiée le {french_date(edition.date)}." if edition.date else "Édition en préparation (aperçu)."
    out += [when + (f" Elle remplace l'édition {md_inline(previous.id)}." if previous else " C'est la première édition du référentiel."), "",
            f"<p>{esc(tr(edition.notes))}</p>", "",
            f"Tous les modèles de cette édition en un fichier : [kit .zip]({links.md_link(src, links.kit_file(edition.id))}) "
            "(avec un manifeste des empreintes).", ""]
    if previous is None:
        out += ["## Standards publiés {#standards}", "", "| Standard | Version |", "| --- | --- |"]
        for slug, version in edition.standards.items():
            sv = cat.standards.get(slug, {}).get(version)
            if sv is not None:
                out.append(f"| [{md_inline(sv.standard.id)} {md_inline(tr(sv.standard.title))}]"
                           f"({links.md_link(src, links.version_page(slug, version))}) | {version} |")
        return "\n".join(out) + "\n"
    diff = diff_editions(cat, previous.id, edition.id)
    out += _impact_summary(diff) + _transitions(cat, diff, src) + _by_role(cat, diff, src)
    out += ["## Toutes les modifications {#modifications}", "",
            "Impact : *rédactionnel* (forme seulement, rien à changer dans vos projets) ; *clarification* (précise une "
            "exigence, ajoute une recommandation, un rôle au RACI ou une colonne à un modèle, sans rien rendre obligatoire) ; "
            "*nouvelle exigence* (obligatoire, à appliquer) ; *exigence supprimée* (ne s'applique plus).", "",
            format_markdown(diff, level=3)]
    return "\n".join(out) + "\n"


def _impact_summary(diff: EditionDiff) -> list[str]:
    counts = {impact: 0 for impact in IMPACTS}
    for sd in [*diff.standards, *diff.roles]:
        for change in sd.changes:
            counts[change.impact] += 1
    cells = " · ".join(f"{impact} : {n}" for impact, n in reversed(counts.items()))
    return ["## En bref {#en-bref}", "", f"Standards modifiés : {len(diff.standards)} ; définitions de rôle modifiées : {len(diff.roles)}. "
            f"Changements par impact : {cells}.", ""]


def _transitions(cat: Catalog, diff: EditionDiff, src: str) -> list[str]:
    out = ["## Dates de transition {#transition}", "",
           "| Standard | Version précédente | Nouvelle version | En vigueur le | Ancienne version tolérée jusqu'au |",
           "| --- | --- | --- | --- | --- |"]
    for sd in diff.standards:
        new = (f"[{sd.new_version}]({links.md_link(src, links.version_page(sd.slug, sd.new_version))})" if sd.new_version else "retiré")
        old = (f"[{sd.old_version}]({links.md_link(src, links.version_page(sd.slug, sd.old_version))})" if sd.old_version else "—")
        out.append(f"| {md_inline(sd.title)} | {old} | {new} | {french_date(sd.effective_from) if sd.effective_from else '—'} | "
                   f"{french_date(sd.transition_until) if sd.transition_until else '—'} |")
    return out + [""]


def _by_role(cat: Catalog, diff: EditionDiff, src: str) -> list[str]:
    out = ["## Ce qui change pour vous {#pour-vous}", "",
           "Les changements qui concernent chaque rôle : éléments de contrôle dont il est responsable, activités du RACI où il "
           "intervient, modèles qu'il utilise, et sa propre définition.", ""]
    grouped = changes_by_role(diff)
    role_changes = {rd.role_id: rd for rd in diff.roles}
    ranked = {impact: i for i, impact in enumerate(IMPACTS)}
    for role in cat.current_roles():
        rid = role.meta.id
        entries = grouped.get(rid, [])
        if not entries and rid not in role_changes:
            continue
        out += [f"### {md_inline(role_name(cat, rid))} {{#pour-{rid}}}", ""]
        for sd, change in sorted(entries, key=lambda e: -ranked[e[1].impact]):
            out.append(f"- **{md_inline(change.impact)}** — {md_inline(sd.title)} : {md_inline(change.target)}"
                       + (f" ({md_inline(' ; '.join(change.details))})" if change.details else ""))
        if rid in role_changes:
            rd = role_changes[rid]
            out.append(f"- Votre définition de rôle passe de la version {rd.old_version} à la version {rd.new_version} : "
                       f"[lire la définition]({links.md_link(src, links.role_page(rid))}).")
        out.append("")
    return out


def render_version_diffs(cat: Catalog, slug: str) -> list[str]:
    """For a history page: the diff between each published version and the one before."""
    versions = cat.shown_versions(slug)
    out: list[str] = []
    for old, new in zip(versions, versions[1:], strict=False):
        out += [f"## De {old.standard.version} à {new.standard.version} {{#de-{old.standard.version}-a-{new.standard.version}}}", ""]
        body = format_markdown(diff_standards(old, new, catalog_names(cat)), level=3)
        out += [body, ""]
    return out
