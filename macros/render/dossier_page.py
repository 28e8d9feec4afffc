"""« Mon dossier de jalon »: the page shell of the in-browser gate file (docs/assets/javascripts/dossier*.js)."""
from __future__ import annotations

from macros.core import links
from macros.render.escape import esc, page_front_matter
from macros.render.scripts import DOSSIER_SCRIPTS, script_tags

DOSSIER_STYLE = "assets/stylesheets/dossier.css"
EXCEL_LIBRARY = "assets/vendor/exceljs-4.4.0/exceljs.min.js"


def render_dossier_page(src: str, edition_id: str) -> str:
    """The page: what the gate file does, where its data lives, and the container the script fills."""
    data = links.href(src, links.DOSSIER_DATA).rstrip("/")
    excel = links.href(src, EXCEL_LIBRARY).rstrip("/")
    return "\n".join([
        page_front_matter("Mon dossier de jalon", hide_toc=True) + "# Mon dossier de jalon", "",
        "Préparez le passage d'un jalon projet par projet : les critères de passage d'abord, puis les éléments de la "
        "catégorie de votre projet, chacun « fait », « non applicable » (avec sa justification) ou « à faire », avec sa "
        "preuve. Chaque changement est enregistré aussitôt dans ce navigateur, et rien n'est envoyé. Exportez le dossier en Excel ou en CSV, imprimez le "
        "rapport de préparation pour le comité, ou enregistrez le projet dans un fichier pour le reprendre sur un autre "
        "poste ou l'envoyer au PMO.", "",
        f"Référentiel : édition {esc(edition_id)}. Les éléments des projets seulement : le PMO et le portefeuille ont "
        f"leurs propres listes.", "",
        "<noscript><p>Le dossier de jalon a besoin de JavaScript. Sans lui, utilisez les "
        f'<a href="{esc(links.href(src, links.CHECKLISTS_INDEX))}">listes de contrôle par jalon</a> et leurs '
        "téléchargements.</p></noscript>", "",
        f'<link rel="stylesheet" href="{esc(links.href(src, DOSSIER_STYLE))}">',
        f'<div class="pmo-dossier" id="pmo-dossier" data-pmo-dossier data-data="{esc(data)}" data-excel="{esc(excel)}" '
        f'data-edition="{esc(edition_id)}"><p class="pmo-dossier__status" role="status" aria-live="polite" data-pmo-live>'
        "Chargement du dossier…</p></div>", "",
        script_tags(src, *DOSSIER_SCRIPTS), "",
    ])
