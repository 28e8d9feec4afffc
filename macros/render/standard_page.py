"""The page of one version of a standard, always from the same skeleton."""
from __future__ import annotations

from macros.catalog import Catalog, StandardVersion
from macros.dates import add_months, french_date
from macros.constants import FORMAT_LABELS, RACI_LETTERS, STANDARD_SECTIONS, STATUS_LABELS
from macros.model import Standard, tr
from macros.render import links
from macros.render.checklist import Entry, checklist_form, checklist_script, item_anchor, standard_form_id
from macros.render.downloads import template_hash
from macros.render.pmo_markdown import to_html
from macros.render.text import esc, md_inline, page_front_matter


def role_name(cat: Catalog, role_id: str) -> str:
    role = cat.current_role(role_id) or next(iter(cat.roles.get(role_id, {}).values()), None)
    return tr(role.meta.name) if role else role_id


def _section(anchor: str) -> str:
    """The level-2 heading of one fixed section of a standard page, with its stable anchor."""
    return f"## {STANDARD_SECTIONS[anchor]} {{#{anchor}}}"


def resolve_internal(cat: Catalog, src: str, target: str) -> str | None:
    """The URL, from page src, of a `standard:<slug>[#anchor]` or `role:<id>` link in the PMO's Markdown."""
    scheme, _, rest = target.partition(":")
    name, _, anchor = rest.partition("#")
    if scheme == "role":
        return links.href(src, links.role_page(name)) if name in cat.roles else None
    if name not in cat.standards:
        return None
    items = {i.id for sv in cat.standards[name].values() for i in sv.standard.checklist}
    return links.href(src, links.standard_page(name), item_anchor(name, anchor) if anchor in items else anchor)


def download_name(template_id: str, fmt: str) -> str:
    return f"{template_id}.{fmt}"


def first_edition(cat: Catalog, slug: str, version: str) -> str | None:
    """The first published edition that holds this version of the standard."""
    return next((e.id for e in cat.published_editions() if e.standards.get(slug) == version), None)


def successor(cat: Catalog, sv: StandardVersion) -> StandardVersion | None:
    """The next published version after this one, if any."""
    later = [v for v in cat.published_versions(sv.standard.slug) if v.standard.version != sv.standard.version]
    from macros.model import version_key

    newer = [v for v in later if version_key(v.standard.version) > version_key(sv.standard.version)]
    return newer[0] if newer else None


def render_standard_page(cat: Catalog, sv: StandardVersion, src: str, current: bool) -> str:
    """Markdown of a standard's page: the current one, or the permanent page of one version."""
    s = sv.standard
    title = f"{s.id} — {tr(s.title)}"
    out = [page_front_matter(title if current else f"{title} (version {s.version})") + f"# {md_inline(title)}", ""]
    if cat.status_of(sv) == "draft":
        out += ['<div class="admonition warning pmo-banner" role="note"><p class="admonition-title">Aperçu : version en préparation</p>'
                f"<p>La version {esc(s.version)} n'est pas publiée. Cet aperçu n'existe que sur le poste du PMO "
                "(<code>make apercu</code>) ; le site publié ne montre jamais un brouillon.</p></div>", ""]
    elif not current:
        out += [_version_banner(cat, sv, src), ""]
    out += [_meta_block(cat, sv, src), ""]
    out += [_section("resume"), "", f"<p>{esc(tr(s.summary))}</p>", ""]
    out += [_section("objectifs"), "", "<ul>" + "".join(f"<li>{esc(tr(o))}</li>" for o in s.objectives) + "</ul>", ""]
    out += [_section("perimetre"), "", f"<p>{esc(tr(s.scope))}</p>", ""]
    if sv.guidance:
        out += [_section("mise-en-oeuvre"), "",
                '<div class="pmo-guidance">' + to_html(sv.guidance, shift=1, id_prefix="guide-",
                                                         resolve=lambda t: resolve_internal(cat, src, t)) + "</div>", ""]
    out += [_section("liste-de-controle"), "",
            f"Télécharger cette liste : [CSV]({links.md_link(src, links.version_file(s.slug, s.version, 'liste-de-controle.csv'))}) · "
            f"[Excel]({links.md_link(src, links.version_file(s.slug, s.version, 'liste-de-controle.xlsx'))})", "",
            _checklist(cat, s, src), ""]
    out += [_section("raci"), "", raci_table(cat, s, src), ""]
    out += [_section("modeles"), ""] + _templates(s, src) + [""]
    out += [_section("indicateurs"), ""] + _kpis(s) + [""]
    out += [_section("references"), ""] + _references(s) + [""]
    out += [_section("historique"), ""] + _history(cat, s, src) + [""]
    out += [checklist_script(src), ""]
    return "\n".join(out)


def _version_banner(cat: Catalog, sv: StandardVersion, src: str) -> str:
    s = sv.standard
    current = cat.current(s.slug)
    is_current = current is not None and current.standard.version == s.version
    if is_current:
        return (f'<div class="admonition info pmo-banner"><p class="admonition-title">Version en vigueur</p>'
                f'<p>Cette page est l\'adresse permanente de la version {esc(s.version)}, actuellement en vigueur. '
                f'<a href="{esc(links.href(src, links.standard_page(s.slug)))}">Page courante du standard</a>.</p></div>')
    nxt = successor(cat, sv)
    parts = [f"Cette version {esc(s.version)} a été remplacée"]
    if nxt is not None:
        n = nxt.standard
        parts.append(f' par la <a href="{esc(links.href(src, links.version_page(n.slug, n.version)))}">version {esc(n.version)}</a>'
                     f", en vigueur depuis le {french_date(n.effective_from)}")
        if n.transition_until:
            parts.append(f". Les projets démarrés avant cette date peuvent la conserver jusqu'au {french_date(n.transition_until)}")
    parts.append(f'. <a href="{esc(links.href(src, links.standard_page(s.slug)))}">Voir la version en vigueur</a>.')
    return ('<div class="admonition warning pmo-banner" role="note"><p class="admonition-title">Version remplacée</p>'
            f"<p>{''.join(parts)}</p></div>")


def _meta_block(cat: Catalog, sv: StandardVersion, src: str) -> str:
    s = sv.standard
    status = cat.status_of(sv)
    review = add_months(s.last_reviewed, s.review_every_months)
    owner = f'<a href="{esc(links.href(src, links.role_page(s.owner)))}">{esc(role_name(cat, s.owner))}</a>'
    rows = [
        ("Identifiant", esc(s.id)),
        ("Version", f'<span class="pmo-badge pmo-badge--version">v{esc(s.version)}</span>'),
        ("Statut", f'<span class="pmo-badge pmo-badge--{esc(status)}">{esc(STATUS_LABELS[status])}</span>'),
        ("En vigueur depuis le", french_date(s.effective_from)),
    ]
    if s.transition_until:
        rows.append(("Version précédente tolérée jusqu'au", french_date(s.transition_until)))
    # Compared with the edition's date, not the build's: the same sources must give the same page.
    edition = cat.current_edition()
    late = (f' <span class="pmo-badge pmo-badge--late">en retard à la date de l\'édition {esc(edition.id)}</span>'
            if edition is not None and edition.date is not None and review < edition.date and status == "active" else "")
    rows += [("Propriétaire", owner), ("Dernière revue", french_date(s.last_reviewed)),
             ("Prochaine revue", french_date(review) + late)]
    edition = first_edition(cat, s.slug, s.version)
    if edition:
        rows.append(("Publiée dans l'édition", esc(edition)))
    return '<dl class="pmo-meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _checklist(cat: Catalog, s: Standard, src: str) -> str:
    phases = cat.lifecycle.phases if cat.lifecycle else []
    groups = []
    for phase in phases:
        entries = [Entry(s, item) for item in s.checklist if item.phase == phase.id]
        entries.sort(key=lambda e: (e.item.level != "obligatoire", e.item.id))
        groups.append((f"Phase : {tr(phase.name)}", entries))
    return checklist_form(
        standard_form_id(s.slug), f"Liste de contrôle {s.id} version {s.version}", groups,
        lambda r: role_name(cat, r), lambda r: links.href(src, links.role_page(r)),
        lambda st, t: template_href(st, t, src), show_standard=False,
    )


def template_href(s: Standard, template_id: str, src: str) -> str | None:
    template = next((t for t in s.templates if t.id == template_id), None)
    if template is None:
        return None
    return links.href(src, links.version_file(s.slug, s.version, download_name(template.id, template.formats[0])))


def raci_table(cat: Catalog, s: Standard, src: str) -> str:
    """The RACI of one standard: one row per activity, one column per letter."""
    head = "".join(f'<th scope="col"><abbr title="{esc(label)}">{letter}</abbr></th>' for letter, label in
                   zip(RACI_LETTERS, ("Réalise", "Approuve", "Consulté", "Informé"), strict=True))
    rows = []
    for row in s.raci:
        cells = []
        for letter in RACI_LETTERS:
            ids = [row.A] if letter == "A" else getattr(row, letter)
            cells.append("<td>" + ", ".join(
                f'<a href="{esc(links.href(src, links.role_page(r)))}">{esc(role_name(cat, r))}</a>' for r in ids) + "</td>")
        rows.append(f'<tr><th scope="row">{esc(tr(row.activity))}</th>{"".join(cells)}</tr>')
    return (f'<table class="pmo-raci"><caption>RACI de {esc(s.id)} : R réalise, A approuve, C est consulté, I est informé</caption>'
            f'<thead><tr><th scope="col">Activité</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _templates(s: Standard, src: str) -> list[str]:
    if not s.templates:
        return ["Ce standard ne définit pas de modèle."]
    out = []
    for t in s.templates:
        kind = "Document" if t.kind == "document" else "Registre"
        files = " · ".join(
            f"[{FORMAT_LABELS[f]}]({links.md_link(src, links.version_file(s.slug, s.version, download_name(t.id, f)))})"
            for f in t.formats)
        out += [f"### {md_inline(tr(t.title))} {{#modele-{t.id}}}", "", f"{kind} — {md_inline(tr(t.description))}", "",
                f"Télécharger : {files}", "",
                f"Empreinte du contenu, reprise dans chaque fichier : `{template_hash(s, t)}`", ""]
    return out


def _kpis(s: Standard) -> list[str]:
    if not s.kpis:
        return ["Ce standard ne définit pas d'indicateur."]
    rows = "".join(
        f'<tr><th scope="row">{esc(tr(k.name))}</th><td>{esc(tr(k.definition))}</td>'
        f"<td>{esc(tr(k.target)) if k.target else '—'}</td><td>{esc(tr(k.frequency)) if k.frequency else '—'}</td></tr>"
        for k in s.kpis)
    return ['<table class="pmo-kpis"><thead><tr><th scope="col">Indicateur</th><th scope="col">Définition</th>'
            f'<th scope="col">Cible</th><th scope="col">Fréquence</th></tr></thead><tbody>{rows}</tbody></table>']


def _references(s: Standard) -> list[str]:
    if not s.references:
        return ["Aucune référence."]
    items = []
    for ref in s.references:
        # Only http(s) addresses become links: a javascript: or data: URL is dropped, its title kept as text.
        if ref.url and ref.url.startswith(("https://", "http://")):
            items.append(f'<li><a href="{esc(ref.url)}" rel="noopener noreferrer">{esc(tr(ref.title))}</a></li>')
        else:
            items.append(f"<li>{esc(tr(ref.title))}</li>")
    return ["<ul>" + "".join(items) + "</ul>"]


def _history(cat: Catalog, s: Standard, src: str) -> list[str]:
    versions = cat.shown_versions(s.slug)
    if not versions:
        return ["Cette version n'a pas encore été publiée."]
    out = ["| Version | Statut | En vigueur depuis | Édition |", "| --- | --- | --- | --- |"]
    for v in reversed(versions):
        st = v.standard
        edition = first_edition(cat, st.slug, st.version) or "—"
        out.append(f"| [{st.version}]({links.md_link(src, links.version_page(st.slug, st.version))}) | "
                   f"{STATUS_LABELS[cat.status_of(v)]} | {french_date(st.effective_from)} | {edition} |")
    out += ["", f"[Historique détaillé, avec les différences entre versions]({links.md_link(src, links.history_page(s.slug))})"]
    return out
