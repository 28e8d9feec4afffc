"""Release notes of an edition that adds, retires and changes standards: every line true, every link to a section
that exists, and the PMO's reasons shown whatever the kind of change."""
from __future__ import annotations

import datetime as dt

from macros.core.vocabulary import ChangeKind, Impact
from macros.diff.changes import Change, EditionDiff, StandardDiff
from macros.diff.editions import changes_by_role
from macros.model import Edition
from macros.pages.editions import EditionPage
from macros.render.release_notes import render_edition_page


def _page() -> str:
    edition = Edition(id="2030.1", status="published", date=dt.date(2030, 1, 15), notes="Essai.",
                      standards={"nouveau": "1.0.0", "revu": "2.0.0"}, roles={"cp": "1.0.0"})
    new = StandardDiff("nouveau", "Nouveau standard d'essai", None, "1.0.0", [
        Change(ChangeKind.ADDED, "standard nouveau", [], Impact.CLARIFICATION, {"cp"}, note="Demandé par la direction."),
        Change(ChangeKind.ADDED, "élément NOU-01", [], Impact.NEW_REQUIREMENT, {"cp"}, "NOU-01"),
        Change(ChangeKind.ADDED, "élément NOU-02", [], Impact.CLARIFICATION, {"cp"}, "NOU-02"),
        Change(ChangeKind.ADDED, "RACI « Tenir le registre »", [], Impact.CLARIFICATION, {"cp"}),
        Change(ChangeKind.ADDED, "modèle « Registre »", [], Impact.CLARIFICATION, {"cp"}),
    ], standard_id="PMO-STD-090", effective_from=dt.date(2030, 1, 15))
    retired = StandardDiff("ancien", "Ancien standard", "1.2.0", None, [
        Change(ChangeKind.REMOVED, "élément ANC-01", [], Impact.REMOVED_REQUIREMENT, {"cp"}, "ANC-01",
               note="Remplacé par NOU-01."),
        Change(ChangeKind.REMOVED, "RACI « Ancienne activité »", [], Impact.CLARIFICATION, {"cp"}),
    ], standard_id="PMO-STD-080")
    changed = StandardDiff("revu", "Standard revu", "1.0.0", "2.0.0", [
        Change(ChangeKind.MODIFIED, "élément REV-03", ["niveau : recommandé → obligatoire"], Impact.NEW_REQUIREMENT, {"cp"}, "REV-03"),
        Change(ChangeKind.MODIFIED, "élément REV-04", [], Impact.EDITORIAL, {"cp"}, "REV-04", note="Reformulation."),
        Change(ChangeKind.ADDED, "élément REV-05", ["« Tenir le plan à jour. »", "niveau : obligatoire", "responsable : Chef de projet"],
               Impact.NEW_REQUIREMENT, {"cp"}, "REV-05"),
        Change(ChangeKind.MODIFIED, "RACI « Valider le plan »", [], Impact.CLARIFICATION, {"cp"}),
        Change(ChangeKind.MODIFIED, "section « Contexte » du modèle « Plan »", [], Impact.CLARIFICATION, {"cp"}),
    ], standard_id="PMO-STD-070", effective_from=dt.date(2030, 1, 15))
    diff = EditionDiff("2029.1", "2030.1", [changed, new, retired], [])
    return render_edition_page(EditionPage(edition, "2029.1", [], diff, [("cp", "Chef de projet")], changes_by_role(diff)))


def test_a_retired_standard_is_one_line_for_each_role_and_never_links_to_a_missing_section() -> None:
    page = _page()
    assert "- **standard retiré** — Ancien standard : il ne s'applique plus (dernière version 1.2.0)." in page
    assert "None" not in page and "ANC&#45;01 (" not in page.split("## Toutes les modifications")[0]


def test_a_changed_standard_lists_what_to_act_on_and_summarises_the_rest_with_a_link_to_its_history() -> None:
    page = _page()
    assert "- **nouvelle exigence** — Standard revu : élément REV&#45;03 (niveau &#58; recommandé → obligatoire)" in page
    assert "- **clarification** — Standard revu : [1 activité du RACI ; 1 section de modèle](#modif-revu)" in page
    assert "- **rédactionnel** — Standard revu : [élément REV&#45;04](#modif-revu)" in page
    # Found on the standard's page by search; here the section is for the reader of the notes.
    assert "### Standard revu {#modif-revu data-search-exclude}" in page
    assert "(../standards/revu/historique.md#de-1.0.0-a-2.0.0)" in page
    assert "5 changements (nouvelle exigence : 2, clarification : 2, rédactionnel : 1) : [détail des changements" in page
    # Under the role's own heading, « responsable : Chef de projet » goes without saying.
    assert "élément REV&#45;05 (« Tenir le plan à jour&#46; » ; niveau &#58; obligatoire)\n" in page


def test_a_new_standard_counts_its_items_and_templates_and_every_reason_of_the_pmo_is_shown() -> None:
    page = _page()
    assert "2 éléments de contrôle, dont 1 obligatoire, et 1 modèle ; [lire le standard](../standards/nouveau/index.md)." in page
    assert "- **nouveau standard** — Nouveau standard d&#39;essai : 2 éléments vous concernent (NOU&#45;01, NOU&#45;02)" in page
    for reason in ("Demandé par la direction&#46;", "Remplacé par NOU&#45;01&#46;", "Reformulation&#46;"):
        assert reason in page, reason
