"""The portfolio report as one self-contained, printable, accessible HTML page (no external resource, no script)."""
from __future__ import annotations

import datetime as dt

from macros.core.dates import french_date
from macros.core.text import plural
from macros.core.vocabulary import ANSWER_LABELS, Answer
from macros.pages.portfolio import STALE_AFTER_DAYS, ItemStat, PortfolioReport, ProjectRow
from macros.render.escape import esc
from macros.render.typography import french_html

# Inline: the page is a file the PMO mails or archives; it must look the same without the site beside it.
# Colours keep a contrast of at least 4.5:1; the verdict is also said in words, never by colour alone.
_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif; margin: 2rem;
       color: #1b1b1b; background: #fff; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #8a8a8a; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }
thead th { background: #dde8f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ready { color: #14401d; font-weight: 600; } .not-ready { color: #5e0b0b; font-weight: 600; }
.flag { display: inline-block; border: 1px solid #5c2500; color: #5c2500; padding: 0 0.3rem; border-radius: 0.2rem; }
.note { color: #3d3d3d; }
ul.reasons { margin: 0.3rem 0 0; padding-left: 1.1rem; }
.id { white-space: nowrap; }
@media print { body { margin: 0; font-size: 10pt; } h2 { break-after: avoid; } tr { break-inside: avoid; }
               a { color: inherit; text-decoration: none; } }
"""


def _verdict(row: ProjectRow) -> str:
    if row.view.ready:
        return '<span class="ready">✓ Prêt pour le passage</span>'
    parts = []
    if row.view.unmet:
        parts.append(plural(len(row.view.unmet), "critère non atteint", "critères non atteints"))
    if row.view.missing:
        parts.append(plural(len(row.view.missing), "élément obligatoire manquant", "éléments obligatoires manquants"))
    return f'<span class="not-ready">✗ Pas encore prêt</span><br><span class="note">{esc(", ".join(parts))}</span>'


def _ids(keys: list[str]) -> str:
    """Item ids from their keys, each kept on one line (« GOV-09 » never breaks at its hyphen)."""
    return ", ".join(f'<span class="id">{esc(key.split("#", 1)[1])}</span>' for key in keys)


def _traits(row: ProjectRow) -> str:
    """The characteristics the project has, then those it has not answered (the items of these are all counted)."""
    has = [name for name, answer in row.traits if answer == Answer.YES]
    unknown = [name for name, answer in row.traits if answer == Answer.UNKNOWN]
    unanswered = ANSWER_LABELS[Answer.UNKNOWN].lower() + ("s" if len(unknown) > 1 else "")
    if unknown and len(unknown) == len(row.traits):  # none answered (a file saved before the questions, or « Plus tard »)
        return f'<span class="note">{esc(unanswered)}</span>'
    out = esc(", ".join(has)) if has else "aucune"
    return out + (f'<br><span class="note">{esc(unanswered)} : {esc(", ".join(unknown))}</span>' if unknown else "")


def _project_line(row: ProjectRow, with_traits: bool) -> str:
    name = esc(row.name) + (f'<br><span class="note">{esc(row.code)}</span>' if row.code else "")
    updated = _french_date_iso(row.updated)
    if row.stale:
        updated += f'<br><span class="flag">pas mis à jour depuis {STALE_AFTER_DAYS} jours</span>'
    edition = esc(row.edition) + (' <span class="note">(antérieure)</span>' if row.older_edition else "")
    missing = f"{row.view.counts['missing']}" + (f'<br><span class="note">{_ids(row.view.missing)}</span>' if row.view.missing else "")
    withdrawn = (f'<br><span class="note">{esc(plural(len(row.withdrawn), "élément retiré", "éléments retirés"))} du référentiel : '
                 f"{_ids(row.withdrawn)}</span>" if row.withdrawn else "")
    cells = [
        f'<th scope="row">{name}</th>', f"<td>{esc(row.category)}</td>", *([f"<td>{_traits(row)}</td>"] if with_traits else []),
        f"<td>{esc(row.phase)}</td>",
        f"<td>{esc(row.view.gate_name)}</td>", f"<td>{_verdict(row)}</td>", f"<td>{missing}</td>",
        f'<td class="num">{row.declared_na}</td>', f"<td>{updated}</td>",
        f'<td>{edition}<br><span class="note">{esc(row.file)}</span>{withdrawn}</td>',
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def _french_date_iso(iso: str) -> str:
    """« 15 janvier 2027 » from 2027-01-15; a dash when the file gives no date."""
    return french_date(dt.date.fromisoformat(iso)) if iso else "—"


def _by_category(report: PortfolioReport, counts: dict[str, int]) -> str:
    return "".join(f'<td class="num">{counts.get(cid, 0)}</td>' for cid, _ in report.categories)


def _waived_table(report: PortfolioReport, items: list[ItemStat]) -> list[str]:
    heads = "".join(f'<th scope="col">{esc(name)}</th>' for _, name in report.categories)
    out = ["<table>", "<caption>Éléments déclarés non applicables, par catégorie de projet, avec les raisons données</caption>",
           f'<thead><tr><th scope="col">Élément</th>{heads}<th scope="col">Exigence et justifications</th></tr></thead><tbody>']
    for stat in items:
        reasons = "".join(f"<li>{esc(project)} ({esc(category.lower())}) : « {esc(reason)} »</li>" for project, category, reason in stat.reasons)
        out.append(f'<tr><th scope="row">{esc(stat.item_id)}<br><span class="note">{esc(stat.standard)}</span></th>'
                   f'{_by_category(report, stat.not_applicable)}<td>{esc(stat.text)}<ul class="reasons">{reasons}</ul></td></tr>')
    return [*out, "</tbody></table>"]


def _missing_table(report: PortfolioReport, items: list[ItemStat]) -> list[str]:
    heads = "".join(f'<th scope="col">{esc(name)}</th>' for _, name in report.categories)
    out = ["<table>", "<caption>Éléments obligatoires encore manquants chez les projets qui préparent leur jalon, par catégorie</caption>",
           f'<thead><tr><th scope="col">Élément</th><th scope="col">Jalon</th>{heads}<th scope="col">Exigence</th></tr></thead><tbody>']
    for stat in sorted(items, key=lambda s: (-sum(s.missing.values()), s.key)):
        out.append(f'<tr><th scope="row">{esc(stat.item_id)}<br><span class="note">{esc(stat.standard)}</span></th>'
                   f"<td>{esc(stat.gate)}</td>{_by_category(report, stat.missing)}<td>{esc(stat.text)}</td></tr>")
    return [*out, "</tbody></table>"]


def render_portfolio_page(report: PortfolioReport) -> str:
    """The whole report: projects and their readiness, refused files, gates at a glance, items across projects."""
    ready = sum(r.view.ready for r in report.projects)
    stale = sum(r.stale for r in report.projects)
    title = f"Portefeuille de projets au {french_date(report.today)}"
    out = ["<!DOCTYPE html>", '<html lang="fr">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{esc(title)}</title>",
           f"<style>{_STYLE}</style>", "</head>", "<body>", "<main>", f"<h1>{esc(title)}</h1>",
           f"<p>Édition du référentiel en vigueur : <strong>{esc(report.edition)}</strong>. "
           f"{esc(plural(len(report.projects), 'projet lu', 'projets lus'))}, dont {ready} prêt{'s' if ready > 1 else ''} pour "
           f"le passage du jalon préparé ; {esc(plural(stale, 'projet', 'projets'))} pas mis à jour depuis {STALE_AFTER_DAYS} jours ; "
           f"{esc(plural(len(report.refused), 'fichier refusé', 'fichiers refusés'))}.</p>",
           '<p class="note">La préparation est calculée comme dans « Mon dossier de jalon » : un jalon est prêt quand ses critères '
           "de passage sont faits et que chaque élément obligatoire de sa phase est fait ou justifié non applicable. Seuls comptent "
           "les éléments qui s'appliquent au projet : ceux de sa catégorie et, pour un élément propre à certains projets, de ses "
           "caractéristiques (une caractéristique non précisée compte comme présente).</p>",
           '<h2 id="projets">Projets</h2>']
    if report.projects:
        traits = bool(report.characteristics)
        heads = ("Projet", "Catégorie", *(("Caractéristiques",) if traits else ()), "Phase", "Jalon préparé", "Verdict",
                 "Obligatoires manquants", "Non applicables déclarés", "Dernière mise à jour", "Édition et fichier")
        out += ["<table>", "<caption>Un projet par ligne : le jalon qu'il prépare et son état</caption><thead><tr>",
                *(f'<th scope="col">{h}</th>' for h in heads),
                "</tr></thead><tbody>", *(_project_line(r, traits) for r in report.projects), "</tbody></table>"]
    else:
        out.append("<p>Aucun projet lisible.</p>")
    if report.refused:
        out += ['<h2 id="refuses">Fichiers refusés</h2>', "<p>Ces fichiers n'ont pas été lus ; le reste du rapport ne les compte pas.</p>",
                "<ul>", *(f"<li><strong>{esc(r.file)}</strong> : {esc(' ; '.join(r.reasons))}</li>" for r in report.refused), "</ul>"]
    out += ['<h2 id="jalons">Jalons</h2>', "<table>", "<caption>Projets prêts sur projets qui préparent chaque jalon, par catégorie</caption>",
            '<thead><tr><th scope="col">Jalon</th>'
            + "".join(f'<th scope="col">{esc(name)}</th>' for _, name in report.categories) + "</tr></thead><tbody>"]
    for name, ready_by, total_by in report.by_gate:
        cells = "".join(f'<td class="num">{ready_by.get(cid, 0)} / {total_by.get(cid, 0)}</td>' for cid, _ in report.categories)
        out.append(f'<tr><th scope="row">{esc(name)}</th>{cells}</tr>')
    out += ["</tbody></table>", '<h2 id="elements">Éléments à réexaminer</h2>',
            "<p>Pour préparer la prochaine édition : les exigences que les projets écartent, avec leurs raisons, et celles qu'ils "
            "peinent à remplir, par catégorie de projet.</p>"]
    waived = [s for s in report.items if s.not_applicable]
    missing = [s for s in report.items if s.missing]
    out += ["<h3>Déclarés non applicables</h3>", *(_waived_table(report, waived) if waived else ["<p>Aucun.</p>"]),
            "<h3>Encore manquants</h3>", *(_missing_table(report, missing) if missing else ["<p>Aucun.</p>"])]
    out += ["</main>", "</body>", "</html>", ""]
    return french_html("\n".join(out))
