"""The page of one version of a standard, always from the same skeleton."""
from __future__ import annotations

from macros.core import links
from macros.core.citation_syntax import substitute
from macros.core.constants import STANDARD_SECTIONS
from macros.core.dates import french_date
from macros.core.text import md_table
from macros.core.vocabulary import FORMAT_LABELS, LEVEL_LABELS, RACI_SHORT_LABELS, SCOPE_DESCRIPTIONS, TEMPLATE_KIND_LABELS, Format, Level, RaciLetter, Status, status_text
from macros.model import tr
from macros.pages.standards import StandardPage
from macros.render.checklist import checklist_form, checklist_script
from macros.render.escape import SEARCH_EXCLUDED, esc, md_inline, page_front_matter, unsearched_paragraph
from macros.render.pmo_markdown import to_html
from macros.render.risk_matrix import render_risk_matrix


def _section(anchor: str, searchable: bool = True) -> str:
    """The level-2 heading of one fixed section of a standard page, with its stable anchor."""
    return f"## {STANDARD_SECTIONS[anchor]} {{#{anchor}{'' if searchable else ' ' + SEARCH_EXCLUDED}}}"


def render_standard_page(page: StandardPage) -> str:
    """Markdown of a standard's page: the current one, or the permanent page of one version."""
    s, src = page.standard, page.src
    title = f"{s.id} — {tr(s.title)}"
    front = (page_front_matter(title, boost=3) if page.current
             else page_front_matter(f"{title} (version {s.version})", searchable=False))
    out = [front + f"# {md_inline(title)}", ""]
    if page.status == Status.DRAFT:
        out += ['<div class="admonition warning pmo-banner" role="note"><p class="admonition-title">Aperçu : version en préparation</p>'
                f"<p>La version {esc(s.version)} n'est pas publiée. Cet aperçu n'existe que sur le poste du PMO "
                "(<code>make apercu</code>) ; le site publié ne montre jamais un brouillon.</p></div>", ""]
    elif not page.current:
        out += [_version_banner(page), ""]
    elif page.status == Status.UPCOMING:
        out += [_upcoming_banner(page), ""]
    out += [_meta_block(page), ""]
    out += [_section("resume"), "", f"<p>{esc(tr(s.summary))}</p>", ""]
    out += [_section("objectifs"), "", "<ul>" + "".join(f"<li>{esc(tr(o))}</li>" for o in s.objectives) + "</ul>", ""]
    out += [_section("perimetre"), "", f"<p>{esc(tr(s.scope))}</p>", ""]
    if page.guidance:
        # The case's facts the guidance cites are data: written in as Markdown text, escaped once (md_inline).
        guidance = substitute(page.guidance, page.citations, md_inline, markdown=True)
        out += [_section("mise-en-oeuvre"), "",
                '<div class="pmo-guidance">' + to_html(guidance, shift=1, id_prefix="guide-", resolve=page.links.get) + "</div>", ""]
    out += [_section("liste-de-controle"), "",
            unsearched_paragraph("Télécharger cette liste : " + " · ".join(
                links.download_link(src, links.version_file(s.slug, s.version, f"liste-de-controle.{ext}"), label,
                                    links.saved_name(f"liste-de-controle-{s.slug}.{ext}", s.version))
                for ext, label in ((Format.CSV, "CSV"), (Format.XLSX, "Excel")))), "",
            _checklist(page), ""]
    if any(item.levels or item.only_if for item in s.checklist):
        # Each item's text is searched in the checklist above; this table repeats it with its level per category.
        out += [_section("adaptation", searchable=False), ""] + _adaptation(page) + [""]
    if s.risk_matrix is not None:
        out += [_section("matrice-des-risques"), "", render_risk_matrix(s.risk_matrix, page.role_names), ""]
    out += [_section("raci"), "", raci_table(page), ""]
    out += [_section("modeles"), ""] + _templates(page) + [""]
    out += [_section("indicateurs"), ""] + _kpis(page) + [""]
    out += [_section("references"), ""] + _references(page) + [""]
    out += [_section("historique", searchable=False), ""] + _history(page) + [""]
    out += [checklist_script(src), ""]
    return "\n".join(out)


def _adaptation(page: StandardPage) -> list[str]:
    """How the standard scales: the items whose level depends on the category of project, or that apply only to a
    project with some characteristic (« Obligatoire si … »)."""
    s, src = page.standard, page.src
    names = dict(page.categories)

    def label(item_id: str, level: Level) -> str:
        condition = page.conditions.get(item_id)
        return f"{LEVEL_LABELS[level]} si {condition}" if condition and level != Level.NOT_APPLICABLE else LEVEL_LABELS[level]

    rows = [[md_inline(item.id), md_inline(tr(item.text)), *[md_inline(label(item.id, item.level_for(c))) for c, _ in page.categories]]
            for item in s.checklist if item.levels or item.only_if]
    default = names.get(page.default_category, page.default_category)
    return [f"Les autres éléments ont le même niveau dans toutes les catégories (celui de la catégorie « {md_inline(default)} ») "
            "et s'appliquent à tout projet. "
            f"[Choisir la catégorie du projet et voir ses caractéristiques]({links.md_link(src, links.CATEGORIES_PAGE)}).", "",
            *md_table(["Élément", "Exigence", *[md_inline(name) for _, name in page.categories]], rows)]


def _upcoming_banner(page: StandardPage) -> str:
    """The current page of a version published ahead of its date: which version applies until then."""
    s, src, now = page.standard, page.src, page.in_force
    text = f"Cette version {esc(s.version)} entre en vigueur le {french_date(s.effective_from)}."
    if now is not None:
        text += (f' D\'ici là, la <a href="{esc(links.href(src, links.version_page(now.slug, now.version)))}">version '
                 f"{esc(now.version)}</a> s'applique.")
    return f'<div class="admonition info pmo-banner" role="note"><p class="admonition-title">Version à venir</p><p>{text}</p></div>'


def _version_banner(page: StandardPage) -> str:
    s, src = page.standard, page.src
    if page.status == Status.UPCOMING:
        return (f'<div class="admonition info pmo-banner" role="note"><p class="admonition-title">Version à venir</p>'
                f"<p>Cette page est l'adresse permanente de la version {esc(s.version)}, qui entre en vigueur le "
                f'{french_date(s.effective_from)}. <a href="{esc(links.href(src, links.standard_page(s.slug)))}">Page courante '
                "du standard</a>.</p></div>")
    if page.status == Status.ACTIVE and not page.is_current_version and page.successor is not None:
        n = page.successor
        return (f'<div class="admonition info pmo-banner" role="note"><p class="admonition-title">Version en vigueur</p>'
                f"<p>Cette version {esc(s.version)} reste en vigueur jusqu'à l'entrée en vigueur de la "
                f'<a href="{esc(links.href(src, links.version_page(n.slug, n.version)))}">version {esc(n.version)}</a>, '
                f"le {french_date(n.effective_from)}.</p></div>")
    if page.is_current_version:
        return (f'<div class="admonition info pmo-banner"><p class="admonition-title">Version en vigueur</p>'
                f'<p>Cette page est l\'adresse permanente de la version {esc(s.version)}, actuellement en vigueur. '
                f'<a href="{esc(links.href(src, links.standard_page(s.slug)))}">Page courante du standard</a>.</p></div>')
    parts = [f"Cette version {esc(s.version)} a été remplacée"]
    if page.successor is not None:
        n = page.successor
        parts.append(f' par la <a href="{esc(links.href(src, links.version_page(n.slug, n.version)))}">version {esc(n.version)}</a>'
                     f", en vigueur depuis le {french_date(n.effective_from)}")
        if n.transition_until:
            parts.append(f". Les projets démarrés avant cette date peuvent la conserver jusqu'au {french_date(n.transition_until)}")
        elif n.without_transition:
            parts.append(f". Elle s'applique à tous les projets sans transition : {esc(tr(n.without_transition))}")
    parts.append(f'. <a href="{esc(links.href(src, links.standard_page(s.slug)))}">Voir la version en vigueur</a>.')
    return ('<div class="admonition warning pmo-banner" role="note"><p class="admonition-title">Version remplacée</p>'
            f"<p>{''.join(parts)}</p></div>")


def _meta_block(page: StandardPage) -> str:
    s, src = page.standard, page.src
    owner = f'<a href="{esc(links.href(src, links.role_page(s.owner)))}">{esc(page.role_names.get(s.owner, s.owner))}</a>'
    rows = [
        ("Identifiant", esc(s.id)),
        ("Version", f'<span class="pmo-badge pmo-badge--version">v{esc(s.version)}</span>'),
        ("Statut", f'<span class="pmo-badge pmo-badge--{esc(page.status)}">{esc(status_text(page.status, s.effective_from))}</span>'),
        ("Entre en vigueur le" if page.status == Status.UPCOMING else "En vigueur depuis le", french_date(s.effective_from)),
        ("Concerne", esc(SCOPE_DESCRIPTIONS[s.applies_to])),
    ]
    if s.transition_until:
        rows.append(("Version précédente tolérée jusqu'au", french_date(s.transition_until)))
    elif s.without_transition:
        rows.append(("Transition", f"aucune : {esc(tr(s.without_transition))}"))
    late = (f' <span class="pmo-badge pmo-badge--late">en retard à la date de l\'édition {esc(page.edition_id or "")}</span>'
            if page.review_late else "")
    rows += [("Propriétaire", owner), ("Dernière revue", french_date(s.last_reviewed)),
             ("Prochaine revue", french_date(page.review_due) + late)]
    if page.first_edition:
        rows.append(("Publiée dans l'édition", esc(page.first_edition)))
    # Left out of the search index: a result's excerpt starts with the summary, not with glued metadata.
    return '<dl class="pmo-meta" data-search-exclude>' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _checklist(page: StandardPage) -> str:
    s = page.standard
    return checklist_form(links.standard_form_id(s.slug), f"Liste de contrôle {s.id} version {s.version}", page.checklist,
                          page.src, show_standard=False)


def raci_table(page: StandardPage) -> str:
    """The RACI of one standard: one row per activity, one column per letter."""
    s, src = page.standard, page.src
    head = "".join(f'<th scope="col"><abbr title="{esc(RACI_SHORT_LABELS[letter])}">{letter}</abbr></th>' for letter in RaciLetter)
    rows = []
    for row in s.raci:
        cells = []
        for letter in RaciLetter:
            ids = [row.A] if letter == RaciLetter.A else getattr(row, letter.value)
            cells.append("<td>" + ", ".join(
                f'<a href="{esc(links.href(src, links.role_page(r)))}">{esc(page.role_names.get(r, r))}</a>' for r in ids) + "</td>")
        rows.append(f'<tr><th scope="row">{esc(tr(row.activity))}</th>{"".join(cells)}</tr>')
    return (f'<table class="pmo-raci"><caption>RACI de {esc(s.id)} : R réalise, A approuve, C est consulté, I est informé</caption>'
            f'<thead><tr><th scope="col">Activité</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _templates(page: StandardPage) -> list[str]:
    s, src = page.standard, page.src
    if not s.templates:
        return ["Ce standard ne définit pas de modèle."]
    out = []
    for t in s.templates:
        files = " · ".join(
            links.download_link(src, links.version_file(s.slug, s.version, links.download_name(t.id, f)), FORMAT_LABELS[f],
                                links.saved_name(links.download_name(t.id, f), s.version))
            for f in t.formats)
        out += [f"### {md_inline(tr(t.title))} {{#modele-{t.id}}}", "",
                f"{TEMPLATE_KIND_LABELS[t.kind]} — {md_inline(tr(t.description))}", ""]
        if t.categories:
            served = ", ".join(md_inline(dict(page.categories).get(c, c).lower()) for c in t.categories)
            replaced = ", ".join(f"« {md_inline(page.template_titles.get(r, r))} »" for r in t.replaces)
            out += [f"Pour un projet {served}" + (f", à la place de {replaced}." if replaced else "."), ""]
        out += [unsearched_paragraph(f"Télécharger : {files}"), ""]
        if t.id in page.examples:
            filled = " · ".join(
                links.download_link(src, links.version_file(s.slug, s.version, links.example_name(t.id, f)), FORMAT_LABELS[f],
                                    links.saved_name(links.example_name(t.id, f), s.version))
                for f in page.examples[t.id])
            out += [unsearched_paragraph(f"**Exemple** rempli pour le projet fictif Atlas : {filled}"), ""]
        out += [f'<details class="pmo-authenticite" {SEARCH_EXCLUDED}><summary>Vérifier l\'authenticité</summary><p>Chaque fichier de ce modèle porte '
                f"dans ses propriétés et son pied de page l'empreinte <code>{esc(page.template_hashes[t.id])}</code> : "
                "si elle diffère, le fichier ne vient pas de cette version du référentiel.</p></details>", ""]
    return out


def _kpis(page: StandardPage) -> list[str]:
    s = page.standard
    if not s.kpis:
        return ["Ce standard ne définit pas d'indicateur."]
    rows = "".join(
        f'<tr><th scope="row">{esc(tr(k.name))}</th><td>{esc(tr(k.definition))}</td>'
        f"<td>{esc(tr(k.target)) if k.target else '—'}</td><td>{esc(tr(k.frequency)) if k.frequency else '—'}</td></tr>"
        for k in s.kpis)
    return ['<table class="pmo-kpis"><thead><tr><th scope="col">Indicateur</th><th scope="col">Définition</th>'
            f'<th scope="col">Cible</th><th scope="col">Fréquence</th></tr></thead><tbody>{rows}</tbody></table>']


def _references(page: StandardPage) -> list[str]:
    s = page.standard
    if not s.references:
        return ["Aucune référence."]
    items = []
    for ref in s.references:
        # Only http(s) addresses become links: a javascript: or data: URL is dropped, its title kept as text.
        if links.is_web_address(ref.url):
            items.append(f'<li><a href="{esc(ref.url)}" rel="noopener noreferrer">{esc(tr(ref.title))}</a></li>')
        else:
            items.append(f"<li>{esc(tr(ref.title))}</li>")
    return ["<ul>" + "".join(items) + "</ul>"]


def _history(page: StandardPage) -> list[str]:
    s, src = page.standard, page.src
    if not page.history:
        return ["Cette version n'a pas encore été publiée."]
    rows = [[f"[{v.version}]({links.md_link(src, links.version_page(s.slug, v.version))})", status_text(v.status, v.effective_from),
             french_date(v.effective_from), v.editions[0] if v.editions else "—"] for v in reversed(page.history)]
    out = md_table(["Version", "Statut", "Entrée en vigueur", "Édition"], rows)
    out += ["", f"[Historique détaillé, avec les différences entre versions]({links.md_link(src, links.history_page(s.slug))})"]
    return out
