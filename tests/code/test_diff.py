"""Semantic diff: exact terminal and Markdown output on fixtures, impact classes, the PMO's notes."""
# ruff: noqa: E501 - the expected outputs are exact, with their long table rows
from __future__ import annotations

import pytest

from macros.catalog.catalog import Catalog, StandardVersion
from macros.checks.notes import note_problems
from macros.diff.changes import Categories, Change, EditionDiff, StandardDiff
from macros.diff.editions import changes_by_role, diff_editions
from macros.diff.guidance import markdown_sections
from macros.diff.notes import apply_notes, unmatched_notes
from macros.diff.standards import diff_standards
from macros.loading.yaml_reader import parse_yaml
from macros.model import Edition, Standard
from macros.render.diff_text import format_markdown, format_terminal
from tests.support import FIXTURES, load_catalog, locked_copy

DIFF = FIXTURES / "diff"


@pytest.fixture(scope="module")
def fixture_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    cat = load_catalog(locked_copy(DIFF, tmp_path_factory.mktemp("diff") / "projet") / "standards")
    assert cat.problems == []
    return cat


def demo_diff(cat: Catalog) -> StandardDiff:
    return diff_standards(cat.standards["demo"]["1.0.0"], cat.standards["demo"]["1.1.0"])


def edition(cat: Catalog, edition_id: str) -> Edition:
    return next(e for e in cat.editions if e.id == edition_id)


def impacts(changes: list[Change]) -> dict[str, str]:
    return {c.target: c.impact for c in changes}


def version_from_yaml(text: str, guidance: str | None = None) -> StandardVersion:
    doc, problems = parse_yaml(text, "test.yaml")
    assert problems == [] and doc is not None
    return StandardVersion(Standard.model_validate(doc.data), guidance, 1, "test.yaml", None)


SMALL = """\
id: PMO-STD-009
slug: petit
title: Petit standard
version: "1.0.0"
status: active
effective_from: 2026-01-15
owner: responsable-pmo
last_reviewed: 2025-12-01
review_every_months: 12
summary: Un petit standard.
objectives: [Tester.]
scope: Les tests.
checklist:
  - {id: PET-01, phase: cadrage, text: Faire une chose., level: obligatoire, responsible: chef-de-projet}
  - {id: PET-02, phase: cloture, text: En faire une autre., level: recommandé, responsible: sponsor}
raci:
  - {activity: Faire une chose, R: [chef-de-projet], A: sponsor, I: [copil]}
"""


# --- one pair of versions: exact output ----------------------------------------------------------

DEMO_TERMINAL = """\
Standard de démonstration (demo) : 1.0.0 → 1.1.0
~ champ « objectifs » [rédactionnel] ajouté : « Vérifier les notes de version. »
~ champ « fin de transition » [rédactionnel] les projets démarrés avant peuvent garder la version précédente jusqu'au 30 juin 2026
~ élément DEM-01 [à qualifier] texte : Rédiger la charte du projet [ajouté : et la faire valider]. ; à qualifier (suggestion : clarification, la formulation change sans nombre, fréquence ni délai)
~ élément DEM-02 [nouvelle exigence] niveau : recommandé → obligatoire
~ élément DEM-03 [clarification] phase : execution → planification
- élément DEM-04 [exigence supprimée] « Archiver les documents du projet. » ; niveau : obligatoire ; phase : cloture ; responsable : responsable-pmo
+ élément DEM-05 [nouvelle exigence] « Valider le budget du projet. » ; niveau : obligatoire ; phase : planification ; réalise (R) : sponsor ; approuve (A) : sponsor
+ élément DEM-06 [clarification] « Partager les leçons apprises en cours de projet. » ; niveau : recommandé ; phase : execution ; réalise (R) : chef-de-projet ; approuve (A) : responsable-pmo
~ RACI « Rédiger la charte » [clarification] couvre désormais DEM-01
~ RACI « Tenir le registre » [clarification] A : sponsor → responsable-pmo ; couvre désormais DEM-02, DEM-03, DEM-06
+ RACI « Valider le budget » [clarification] R : sponsor ; A : sponsor ; I : chef-de-projet
+ section « Périmètre » du modèle « Charte de démonstration » [clarification]
~ colonne « Probabilité » du modèle « Registre de démonstration » [à qualifier] valeurs : Faible, Moyenne, Forte → Faible, Moyenne, Forte, Très forte
+ colonne « Coût | {{ 7*7 }} <b> » du modèle « Registre de démonstration » [clarification] type : nombre
~ indicateur « Chartes validées » [à qualifier] cible : [retiré : 90] [ajouté : 95] % ; à qualifier (suggestion : nouvelle exigence, un nombre change)
+ référence « ISO 21502:2020 » [rédactionnel] https://www.iso.org/standard/74947.html
~ section « Contexte » [rédactionnel] texte modifié : 2 lignes ajoutées, 1 ligne retirée
+ section « Mise en œuvre » [rédactionnel]
- section « Exemple » [rédactionnel]"""

DEMO_MARKDOWN = """\
### Standard de démonstration

Version 1&#46;0&#46;0 → 1&#46;1&#46;0. En vigueur le 15 janvier 2026 ; les projets démarrés avant peuvent garder la version précédente jusqu'au 30 juin 2026.

| Changement | Objet | Impact | Détails |
| --- | --- | --- | --- |
| Modification | champ « objectifs » | rédactionnel | ajouté &#58; « Vérifier les notes de version&#46; » |
| Modification | champ « fin de transition » | rédactionnel | les projets démarrés avant peuvent garder la version précédente jusqu&#39;au 30 juin 2026 |
| Modification | élément DEM&#45;01 | à qualifier | texte : Rédiger la charte du projet <ins class="pmo-ins"><span class="pmo-sr">ajouté : </span>et la faire valider</ins>&#46; ; à qualifier &#40;suggestion &#58; clarification, la formulation change sans nombre, fréquence ni délai&#41; |
| Modification | élément DEM&#45;02 | nouvelle exigence | niveau &#58; recommandé → obligatoire |
| Modification | élément DEM&#45;03 | clarification | phase &#58; execution → planification |
| Retrait | élément DEM&#45;04 | exigence supprimée | « Archiver les documents du projet&#46; » ; niveau &#58; obligatoire ; phase &#58; cloture ; responsable &#58; responsable&#45;pmo |
| Ajout | élément DEM&#45;05 | nouvelle exigence | « Valider le budget du projet&#46; » ; niveau &#58; obligatoire ; phase &#58; planification ; réalise &#40;R&#41; &#58; sponsor ; approuve &#40;A&#41; &#58; sponsor |
| Ajout | élément DEM&#45;06 | clarification | « Partager les leçons apprises en cours de projet&#46; » ; niveau &#58; recommandé ; phase &#58; execution ; réalise &#40;R&#41; &#58; chef&#45;de&#45;projet ; approuve &#40;A&#41; &#58; responsable&#45;pmo |
| Modification | RACI « Rédiger la charte » | clarification | couvre désormais DEM&#45;01 |
| Modification | RACI « Tenir le registre » | clarification | A &#58; sponsor → responsable&#45;pmo ; couvre désormais DEM&#45;02, DEM&#45;03, DEM&#45;06 |
| Ajout | RACI « Valider le budget » | clarification | R &#58; sponsor ; A &#58; sponsor ; I &#58; chef&#45;de&#45;projet |
| Ajout | section « Périmètre » du modèle « Charte de démonstration » | clarification | — |
| Modification | colonne « Probabilité » du modèle « Registre de démonstration » | à qualifier | valeurs &#58; Faible, Moyenne, Forte → Faible, Moyenne, Forte, Très forte |
| Ajout | colonne « Coût &#124; &#123;&#123; 7&#42;7 &#125;&#125; &#60;b&#62; » du modèle « Registre de démonstration » | clarification | type &#58; nombre |
| Modification | indicateur « Chartes validées » | à qualifier | cible : <del class="pmo-del"><span class="pmo-sr">retiré : </span>90</del> <ins class="pmo-ins"><span class="pmo-sr">ajouté : </span>95</ins> &#37; ; à qualifier &#40;suggestion &#58; nouvelle exigence, un nombre change&#41; |
| Ajout | référence « ISO 21502&#58;2020 » | rédactionnel | https&#58;//www&#46;iso&#46;org/standard/74947&#46;html |
| Modification | section « Contexte » | rédactionnel | texte modifié &#58; 2 lignes ajoutées, 1 ligne retirée |
| Ajout | section « Mise en œuvre » | rédactionnel | — |
| Retrait | section « Exemple » | rédactionnel | — |
"""


def test_terminal_output_of_a_version_pair_is_exact(fixture_catalog: Catalog) -> None:
    assert format_terminal(demo_diff(fixture_catalog)) == DEMO_TERMINAL


def test_markdown_output_of_a_version_pair_is_exact(fixture_catalog: Catalog) -> None:
    assert format_markdown(demo_diff(fixture_catalog), level=3) == DEMO_MARKDOWN


def test_markdown_leaves_no_syntax_from_the_data(fixture_catalog: Catalog) -> None:
    text = format_markdown(demo_diff(fixture_catalog))
    for raw in ("{{", "<b>", "7*7", "Coût |"):
        assert raw not in text
    # Every table row keeps its four cells: the « | » of a column name cannot open a fifth.
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert {line.count("|") for line in rows} == {5}


def test_changed_guidance_section_is_reported_by_its_heading(fixture_catalog: Catalog) -> None:
    sections = {c.section: c for c in demo_diff(fixture_catalog).changes if c.section}
    assert {name: c.kind for name, c in sections.items()} == {
        "Contexte": "modification", "Mise en œuvre": "ajout", "Exemple": "retrait"}
    assert sections["Contexte"].target == "section « Contexte »"
    # Unchanged: the introduction and « Principes ».
    assert "Introduction" not in sections and "Principes" not in sections


def test_markdown_sections_split_by_heading() -> None:
    body = "Avant.\n\n## Un\n\nTexte un.\n\n```\n## pas un titre\n```\n\n### Exemple\n\nA.\n\n## Deux\n\n### Exemple\n\nB.\n"
    assert markdown_sections(body) == [
        ("Introduction", 0, "Avant."),
        ("Un", 2, "Texte un.\n\n```\n## pas un titre\n```"),
        ("Exemple", 3, "A."),
        ("Deux", 2, ""),
        ("Exemple (2)", 3, "B."),
    ]
    assert markdown_sections(None) == [] and markdown_sections("## Seul\n")[0] == ("Seul", 2, "")


# --- impact classes derived from the data -------------------------------------------------------

def test_impact_classes_derived_from_the_data(fixture_catalog: Catalog) -> None:
    found = impacts(demo_diff(fixture_catalog).changes)
    # A reworded item cannot be classed from the data: the PMO decides, helped by a suggestion.
    assert found["élément DEM-01"] == "à qualifier"
    assert next(c for c in demo_diff(fixture_catalog).changes if c.target == "élément DEM-01").suggestion == (
        "clarification", "la formulation change sans nombre, fréquence ni délai")
    assert found["indicateur « Chartes validées »"] == "à qualifier"  # a number changes: suggested as a requirement
    assert found["élément DEM-02"] == "nouvelle exigence"  # recommandé -> obligatoire
    assert found["élément DEM-03"] == "clarification"  # phase and responsible
    assert found["élément DEM-04"] == "exigence supprimée"  # mandatory item removed
    assert found["élément DEM-05"] == "nouvelle exigence"  # new mandatory item
    assert found["élément DEM-06"] == "clarification"  # new recommended item
    assert found["section « Périmètre » du modèle « Charte de démonstration »"] == "clarification"
    assert found["colonne « Coût | {{ 7*7 }} <b> » du modèle « Registre de démonstration »"] == "clarification"
    assert found["section « Contexte »"] == "rédactionnel"
    # The date a version applies from is said in the header of every diff, not listed as a change.
    assert "champ « date d'entrée en vigueur »" not in found


def test_level_lowered_and_recommended_item_removed_are_requirements_removed() -> None:
    old = version_from_yaml(SMALL)
    new = version_from_yaml(SMALL.replace("level: obligatoire", "level: recommandé").replace(
        "  - {id: PET-02, phase: cloture, text: En faire une autre., level: recommandé, responsible: sponsor}\n", ""))
    diff = diff_standards(old, new)
    assert [(c.kind, c.target, c.impact, c.details) for c in diff.changes] == [
        ("modification", "élément PET-01", "exigence supprimée", ["niveau : obligatoire → recommandé"]),
        ("retrait", "élément PET-02", "exigence supprimée",
         ["« En faire une autre. »", "niveau : recommandé", "phase : cloture", "responsable : sponsor"]),
    ]


CATEGORIES = Categories((("leger", "Léger"), ("standard", "Standard"), ("majeur", "Majeur")), "standard")
NAMES = {"chef-de-projet": "Chef de projet", "sponsor": "Sponsor", "copil": "Comité de pilotage", "responsable-pmo": "Responsable du PMO",
         "cadrage": "Cadrage", "cloture": "Clôture"}


def test_changes_are_said_in_sentences_without_raw_values() -> None:
    old = version_from_yaml(SMALL)
    new = version_from_yaml(SMALL.replace(
        "  - {id: PET-01, phase: cadrage, text: Faire une chose., level: obligatoire, responsible: chef-de-projet}",
        "  - {id: PET-01, phase: cadrage, text: Faire une chose., level: obligatoire, responsible: chef-de-projet, levels: {leger: recommandé},"
        " see: PET-02, frequency: chaque mois}").replace(
        "  - {id: PET-02, phase: cloture, text: En faire une autre., level: recommandé, responsible: sponsor}",
        "  - {id: PET-02, phase: cloture, text: En faire une autre., level: obligatoire, responsible: sponsor, applies_to: pmo,"
        " levels: {leger: recommandé, majeur: obligatoire}}").replace(", I: [copil]}", ", C: [responsable-pmo]}").replace(
        "owner: responsable-pmo", "owner: sponsor"))
    diff = diff_standards(old, new, NAMES, CATEGORIES)
    assert [(c.target, c.details) for c in diff.changes] == [
        ("champ « propriétaire »", ["propriétaire : Responsable du PMO → Sponsor"]),
        ("élément PET-01", ["devient recommandé pour un projet léger", "renvoie désormais à PET-02", "fréquence ajoutée : « chaque mois »"]),
        ("élément PET-02", ["niveau : recommandé → obligatoire", "reste recommandé pour un projet léger",
                            "ne concerne plus que le PMO lui-même : il sort des listes de contrôle des projets"]),
        ("RACI « Faire une chose »", ["Responsable du PMO : désormais « consulté »", "plus aucun rôle « informé » (c'était Comité de pilotage)"]),
    ]
    back = diff_standards(new, old, NAMES, CATEGORIES)
    assert [(c.target, c.details) for c in back.changes][1:3] == [
        ("élément PET-01", ["devient obligatoire pour un projet léger", "ne renvoie plus à PET-02", "fréquence retirée (c'était « chaque mois »)"]),
        ("élément PET-02", ["niveau : obligatoire → recommandé", "reste recommandé pour un projet léger",
                            "concerne désormais chaque projet, et non plus le PMO lui-même : il entre dans les listes de contrôle des projets"]),
    ]
    added = diff_standards(None, new, NAMES, CATEGORIES).changes
    assert added[1].details == ["« Faire une chose. »", "niveau : obligatoire", "recommandé pour un projet léger", "phase : Cadrage",
                                "responsable : Chef de projet"]
    assert not any("(vide)" in str(d) or "leger" in str(d) or ": pmo" in str(d) for c in [*diff.changes, *back.changes] for d in c.details)


# SMALL as a version of the RACI era: no « responsible », each item in one RACI row.
COVERED = (SMALL.replace(", responsible: chef-de-projet}", "}").replace(", responsible: sponsor}", "}")
           .replace("  - {activity: Faire une chose, R: [chef-de-projet], A: sponsor, I: [copil]}\n",
                    "  - {activity: Faire une chose, covers: [PET-01, PET-02], R: [chef-de-projet], A: sponsor, I: [copil]}\n"))


def test_who_does_and_approves_an_item_changes_with_its_raci_row() -> None:
    new = COVERED.replace("R: [chef-de-projet], A: sponsor, I: [copil]", "R: [equipe-projet], A: chef-de-projet, I: [copil]")
    diff = diff_standards(version_from_yaml(COVERED), version_from_yaml(new))
    items = {c.target: (c.impact, c.details, c.roles) for c in diff.changes if c.item_id}
    assert items["élément PET-01"] == ("clarification", ["réalise (R) : chef-de-projet → equipe-projet",
                                                         "approuve (A) : sponsor → chef-de-projet"],
                                       {"chef-de-projet", "equipe-projet", "sponsor"})


def test_responsible_of_older_versions_compares_only_with_itself() -> None:
    # Two versions of the « responsible » era: the change is shown as it was written.
    legacy = diff_standards(version_from_yaml(SMALL), version_from_yaml(SMALL.replace("responsible: sponsor", "responsible: copil")))
    assert [c.details for c in legacy.changes] == [["responsable : sponsor → copil"]]
    # From that era to the RACI's, who does what is written another way: nothing to compare, nothing reported.
    across = diff_standards(version_from_yaml(SMALL), version_from_yaml(COVERED))
    assert [c.target for c in across.changes] == ["RACI « Faire une chose »"]


def test_a_condition_added_spares_projects_and_dropped_reaches_more() -> None:
    conditional = COVERED.replace("level: obligatoire}", "level: obligatoire, only_if: [fournisseur]}")
    added = diff_standards(version_from_yaml(COVERED), version_from_yaml(conditional))
    dropped = diff_standards(version_from_yaml(conditional), version_from_yaml(COVERED))
    assert [(c.target, c.impact, c.details) for c in added.changes] == [
        ("élément PET-01", "exigence supprimée", ["seulement si ajouté : fournisseur"])]
    assert [(c.target, c.impact) for c in dropped.changes] == [("élément PET-01", "nouvelle exigence")]


def test_a_new_standard_lists_every_item_as_added() -> None:
    diff = diff_standards(None, version_from_yaml(SMALL))
    assert (diff.old_version, diff.new_version, diff.standard_id) == (None, "1.0.0", "PMO-STD-009")
    assert format_terminal(diff) == """\
Petit standard (petit) : nouveau standard, version 1.0.0
+ standard petit [nouvelle exigence] PMO-STD-009 ; « Un petit standard. » ; 2 éléments de contrôle, dont 1 obligatoire ; aucun modèle
+ élément PET-01 [nouvelle exigence] « Faire une chose. » ; niveau : obligatoire ; phase : cadrage ; responsable : chef-de-projet
+ élément PET-02 [clarification] « En faire une autre. » ; niveau : recommandé ; phase : cloture ; responsable : sponsor
+ RACI « Faire une chose » [clarification] R : chef-de-projet ; A : sponsor ; I : copil"""
    removed = diff_standards(version_from_yaml(SMALL), None)
    assert {c.kind for c in removed.changes} == {"retrait"}
    assert impacts(removed.changes)["élément PET-02"] == "exigence supprimée"


def test_identical_versions_have_no_change() -> None:
    same = version_from_yaml(SMALL, "## Contexte\n\nTexte.\n")
    diff = diff_standards(same, same)
    assert diff.changes == []
    assert format_terminal(diff).endswith("\n  aucun changement de contenu")
    with pytest.raises(ValueError, match="au moins une des deux versions"):
        diff_standards(None, None)


# --- the PMO's notes ----------------------------------------------------------------------------

def test_notes_override_the_derived_impact(fixture_catalog: Catalog) -> None:
    diff = demo_diff(fixture_catalog)
    noted = apply_notes(diff, edition(fixture_catalog, "2021.1"))
    found = {c.target: c for c in noted.changes}
    # Text-only changes stay « rédactionnel » unless the PMO classes them otherwise, by item or by section heading.
    assert found["élément DEM-01"].impact == "clarification"
    assert found["élément DEM-01"].note == "La validation de la charte était déjà attendue."
    assert found["section « Contexte »"].impact == "clarification"
    assert found["section « Contexte »"].note is None
    assert found["section « Exemple »"].impact == "rédactionnel"
    assert noted.notes == ["Une version mineure."]
    # Pure: the diff it was given is unchanged.
    assert impacts(diff.changes)["élément DEM-01"] == "à qualifier" and diff.notes == []


def test_a_note_overrides_even_a_derived_requirement() -> None:
    old, new = version_from_yaml(SMALL), version_from_yaml(SMALL.replace("Faire une chose.", "Faire une seule chose."))
    base = Edition.model_validate({
        "id": "2021.2", "status": "draft", "notes": "Test.", "standards": {"petit": "1.0.0"}, "roles": {"sponsor": "1.0.0"},
        "changes": [{"standard": "petit", "item": "PET-01", "impact": "nouvelle exigence", "note": "Plus strict."},
                    {"standard": "petit", "item": "PET-99", "impact": "clarification"},
                    {"standard": "autre", "impact": "clarification"}],
    })
    noted = apply_notes(diff_standards(old, new), base)
    assert [(c.target, c.impact, c.note) for c in noted.changes] == [("élément PET-01", "nouvelle exigence", "Plus strict.")]
    ed = EditionDiff("2021.1", "2021.2", [noted], [])
    # The second and third notes class nothing: `pmo validate` warns about them (see note_problems).
    assert unmatched_notes(ed, base) == [1, 2]


# --- two editions -------------------------------------------------------------------------------

# With a catalog, role and phase ids read as the names people know.
EDITION_TERMINAL = """\
Standard de démonstration (demo) : 1.0.0 → 1.1.0
~ champ « objectifs » [rédactionnel] ajouté : « Vérifier les notes de version. »
~ champ « fin de transition » [rédactionnel] les projets démarrés avant peuvent garder la version précédente jusqu'au 30 juin 2026
~ élément DEM-01 [clarification] texte : Rédiger la charte du projet [ajouté : et la faire valider]. ; note du PMO : La validation de la charte était déjà attendue.
~ élément DEM-02 [nouvelle exigence] niveau : recommandé → obligatoire
~ élément DEM-03 [clarification] phase : Exécution → Planification
- élément DEM-04 [exigence supprimée] « Archiver les documents du projet. » ; niveau : obligatoire ; phase : Clôture ; responsable : Responsable du PMO
+ élément DEM-05 [nouvelle exigence] « Valider le budget du projet. » ; niveau : obligatoire ; phase : Planification ; réalise (R) : Sponsor ; approuve (A) : Sponsor
+ élément DEM-06 [clarification] « Partager les leçons apprises en cours de projet. » ; niveau : recommandé ; phase : Exécution ; réalise (R) : Chef de projet ; approuve (A) : Responsable du PMO
~ RACI « Rédiger la charte » [clarification] couvre désormais DEM-01
~ RACI « Tenir le registre » [clarification] A : Sponsor → Responsable du PMO ; couvre désormais DEM-02, DEM-03, DEM-06
+ RACI « Valider le budget » [clarification] R : Sponsor ; A : Sponsor ; I : Chef de projet
+ section « Périmètre » du modèle « Charte de démonstration » [clarification]
~ colonne « Probabilité » du modèle « Registre de démonstration » [à qualifier] valeurs : Faible, Moyenne, Forte → Faible, Moyenne, Forte, Très forte
+ colonne « Coût | {{ 7*7 }} <b> » du modèle « Registre de démonstration » [clarification] type : nombre
~ indicateur « Chartes validées » [à qualifier] cible : [retiré : 90] [ajouté : 95] % ; à qualifier (suggestion : nouvelle exigence, un nombre change)
+ référence « ISO 21502:2020 » [rédactionnel] https://www.iso.org/standard/74947.html
~ section « Contexte » [clarification] texte modifié : 2 lignes ajoutées, 1 ligne retirée
+ section « Mise en œuvre » [rédactionnel]
- section « Exemple » [rédactionnel]
  note du PMO : Une version mineure.

Nouveau standard (nouveau) : nouveau standard, version 1.0.0
+ standard nouveau [nouvelle exigence] PMO-STD-002 ; « Un standard ajouté par la seconde édition. » ; 2 éléments de contrôle, dont 1 obligatoire ; aucun modèle ; note du PMO : Nouveau standard.
+ élément NOU-01 [nouvelle exigence] « Nommer le sponsor. » ; niveau : obligatoire ; phase : Cadrage ; réalise (R) : Responsable du PMO ; approuve (A) : Responsable du PMO
+ élément NOU-02 [clarification] « Remercier l'équipe. » ; niveau : recommandé ; phase : Clôture ; réalise (R) : Responsable du PMO ; approuve (A) : Responsable du PMO
+ RACI « Nommer le sponsor » [clarification] R : Responsable du PMO ; A : Responsable du PMO ; I : Sponsor

Rôle Sponsor (sponsor) : 1.0.0 → 1.1.0
~ champ « résumé » [rédactionnel] résumé : « Rôle Sponsor du projet. » → « Rôle Sponsor du projet, qui en porte la décision. »
~ section « Mission » [rédactionnel] texte modifié : 1 ligne ajoutée"""


def test_edition_diff_terminal_output_is_exact(fixture_catalog: Catalog) -> None:
    ed = diff_editions(fixture_catalog, "2020.1", "2021.1")
    header = "Édition 2020.1 → 2021.1 : 2 standards concernés, 1 définition de rôle concernée\n\n"
    assert format_terminal(ed) == header + EDITION_TERMINAL
    assert unmatched_notes(ed, edition(fixture_catalog, "2021.1")) == []
    assert note_problems(fixture_catalog) == []


def test_edition_diff_markdown_has_notes_roles_and_dates(fixture_catalog: Catalog) -> None:
    text = format_markdown(diff_editions(fixture_catalog, "2020.1", "2021.1"))
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "## Standard de démonstration", "## Nouveau standard", "## Rôle : Sponsor"]
    assert "\n*Note du PMO :* Une version mineure&#46;\n" in text
    # The added words are marked for the eye and said for screen readers; no space before the full stop.
    assert ('| Modification | élément DEM&#45;01 | clarification | texte : Rédiger la charte du projet <ins class="pmo-ins">'
            '<span class="pmo-sr">ajouté : </span>et la faire valider</ins>&#46; ; '
            "*Note du PMO :* La validation de la charte était déjà attendue&#46; |") in text
    assert ("| Ajout | standard nouveau | nouvelle exigence | PMO&#45;STD&#45;002 ; « Un standard ajouté par la seconde édition&#46; » ; "
            "2 éléments de contrôle, dont 1 obligatoire ; aucun modèle ; *Note du PMO :* Nouveau standard&#46; |") in text
    assert "\nNouveau standard, version 1&#46;0&#46;0. En vigueur le 15 janvier 2026.\n" in text
    assert "| Modification | section « Mission » | rédactionnel | texte modifié &#58; 1 ligne ajoutée |" in text


def test_first_edition_adds_everything_and_unchanged_editions_say_so(fixture_catalog: Catalog) -> None:
    first = diff_editions(fixture_catalog, None, "2020.1")
    assert [(s.slug, s.old_version, s.new_version) for s in first.standards] == [("demo", None, "1.0.0")]
    assert [(r.role_id, r.old_version) for r in first.roles] == [("chef-de-projet", None), ("responsable-pmo", None), ("sponsor", None)]
    same = diff_editions(fixture_catalog, "2021.1", "2021.1")
    assert same.standards == [] and same.roles == []
    assert format_markdown(same) == "Aucun changement entre les éditions 2021&#46;1 et 2021&#46;1.\n"
    with pytest.raises(ValueError, match=r"édition inconnue « 2099\.1 » ; éditions connues : 2020\.1, 2021\.1"):
        diff_editions(fixture_catalog, "2099.1", "2021.1")


def test_changes_by_role(fixture_catalog: Catalog) -> None:
    by_role = changes_by_role(diff_editions(fixture_catalog, "2020.1", "2021.1"))
    assert {role: [(sd.slug, c.target) for sd, c in pairs] for role, pairs in by_role.items()} == {
        # An item concerns who does it (R) and who approves it (A).
        "chef-de-projet": [
            ("demo", "élément DEM-01"), ("demo", "élément DEM-02"), ("demo", "élément DEM-03"), ("demo", "élément DEM-06"),
            ("demo", "RACI « Valider le budget »"), ("demo", "section « Périmètre » du modèle « Charte de démonstration »"),
            ("demo", "colonne « Probabilité » du modèle « Registre de démonstration »"),
            ("demo", "colonne « Coût | {{ 7*7 }} <b> » du modèle « Registre de démonstration »"),
        ],
        "responsable-pmo": [
            ("demo", "élément DEM-02"), ("demo", "élément DEM-03"), ("demo", "élément DEM-04"), ("demo", "élément DEM-06"),
            ("demo", "RACI « Tenir le registre »"), ("demo", "colonne « Probabilité » du modèle « Registre de démonstration »"),
            ("demo", "colonne « Coût | {{ 7*7 }} <b> » du modèle « Registre de démonstration »"),
            ("nouveau", "élément NOU-01"), ("nouveau", "élément NOU-02"), ("nouveau", "RACI « Nommer le sponsor »"),
        ],
        "sponsor": [
            ("demo", "élément DEM-01"), ("demo", "élément DEM-05"), ("demo", "RACI « Tenir le registre »"),
            ("demo", "RACI « Valider le budget »"), ("demo", "section « Périmètre » du modèle « Charte de démonstration »"),
            ("nouveau", "RACI « Nommer le sponsor »"),
        ],
    }
