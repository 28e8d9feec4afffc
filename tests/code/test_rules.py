"""Cross-file rules on a copy of the mini référentiel: each broken copy gives one precise French error.

The copy is locked as `pmo publish` leaves it; a mutation that is not about the lock is locked again before the
check, so that only the rule under test speaks (the lock's own rules are tested below, without relocking)."""
from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import FIXTURES, FixtureProject, edit, load_catalog, locked_copy
from tests.support import write_lock as lock_project

MINI = FIXTURES / "mini"


# The mini référentiel's reviews are all due after this day.
EARLY = dt.date(2025, 6, 1)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return locked_copy(MINI, tmp_path / "projet") / "standards"


def errors(root: Path) -> list[str]:
    return [p.format() for p in load_catalog(root, today=EARLY).errors]


def write_lock(standards: Path) -> None:
    lock_project(standards.parent)


def test_mini_is_valid(mini: Path) -> None:
    cat = load_catalog(mini, today=EARLY)
    assert cat.problems == []
    assert [sv.standard.id for sv in cat.current_standards()] == ["PMO-STD-001"]


DEMO = "standards/demo/1.0.0.yaml"

CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "slug_differs_from_folder": (
        lambda r: edit(r / "demo/1.0.0.yaml", "slug: demo", "slug: autre"),
        [f"{DEMO}:3:7: erreur : slug : le slug « autre » ne correspond pas au dossier « demo »"]),
    "version_differs_from_file": (
        lambda r: edit(r / "demo/1.0.0.yaml", 'version: "1.0.0"', 'version: "1.0.1"'),
        [f"{DEMO}:5:10: erreur : version : la version « 1.0.1 » ne correspond pas au nom du fichier « 1.0.0.yaml »"]),
    "unknown_role": (
        lambda r: edit(r / "demo/1.0.0.yaml", "    A: sponsor", "    A: sponsorr"),
        [f"{DEMO}:31:8: erreur : raci[0].A : rôle inconnu « sponsorr » (vouliez-vous dire « sponsor » ?) ; rôles définis : chef-de-projet, responsable-pmo, sponsor"]),
    "unknown_phase": (
        lambda r: edit(r / "demo/1.0.0.yaml", "    phase: planification", "    phase: realisation"),
        [f"{DEMO}:23:12: erreur : checklist[1].phase : phase inconnue « realisation » ; phases : cadrage, planification, execution, cloture"]),
    "unknown_template": (
        lambda r: edit(r / "demo/1.0.0.yaml", "    template: registre-demo", "    template: registre-absent"),
        [f"{DEMO}:27:15: erreur : checklist[1].template : modèle inconnu « registre-absent » : il doit être défini dans templates de ce standard"]),
    # A mistyped id gets the closest known one (« vouliez-vous dire »), whatever it names.
    "mistyped_role": (
        lambda r: edit(r / "demo/1.0.0.yaml", "    responsible: chef-de-projet\n    template: charte-demo", "    responsible: chef-de-proje\n    template: charte-demo"),
        [f"{DEMO}:20:18: erreur : checklist[0].responsible : rôle inconnu « chef-de-proje » (vouliez-vous dire « chef-de-projet » ?) ; "
         "rôles définis : chef-de-projet, responsable-pmo, sponsor"]),
    "mistyped_phase": (
        lambda r: edit(r / "demo/1.0.0.yaml", "    phase: planification", "    phase: planificaton"),
        [f"{DEMO}:23:12: erreur : checklist[1].phase : phase inconnue « planificaton » (vouliez-vous dire « planification » ?) ; "
         "phases : cadrage, planification, execution, cloture"]),
    "mistyped_template": (
        lambda r: edit(r / "demo/1.0.0.yaml", "    template: registre-demo", "    template: registre-dmo"),
        [f"{DEMO}:27:15: erreur : checklist[1].template : modèle inconnu « registre-dmo » (vouliez-vous dire « registre-demo » ?) : "
         "il doit être défini dans templates de ce standard"]),
    "mistyped_item": (
        lambda r: edit(r / "demo/1.0.0.yaml", "    template: registre-demo", "    template: registre-demo\n    see: DME-01"),
        [f"{DEMO}:28:10: erreur : checklist[1].see : élément inconnu « DME-01 » (vouliez-vous dire « DEM-01 » ?)"]),
    "mistyped_standard_in_edition": (
        lambda r: edit(r / "editions.yaml", 'demo: "1.0.0"', 'dmeo: "1.0.0"'),
        [f"{DEMO}:6:9: erreur : status : version « active » qu'aucune édition ne contient : une nouvelle version commence en brouillon "
         "(status: draft), entre dans l'édition en préparation, et « pmo publish » la rend active",
         "standards/editions.yaml:7:13: erreur : editions[0].standards.dmeo : standard inconnu « dmeo » (vouliez-vous dire « demo » ?) : "
         "standards/dmeo/1.0.0.yaml n'existe pas"]),
    "duplicate_item_id": (
        lambda r: edit(r / "demo/1.0.0.yaml", "  - id: DEM-02", "  - id: DEM-01"),
        [f"{DEMO}:22:9: erreur : checklist[1].id : identifiant « DEM-01 » en double (déjà l'élément checklist[0], ligne 16)",
         # The RACI still covers DEM-02, which no longer exists.
         f"{DEMO}:33:22: erreur : raci[0].covers[1] : élément « DEM-02 » absent de la liste de contrôle de ce standard"]),
    "role_in_two_columns": (
        lambda r: edit(r / "demo/1.0.0.yaml", "    C: [responsable-pmo]", "    C: [responsable-pmo, sponsor]"),
        [f"{DEMO}:29:5: erreur : raci[0] : le rôle « sponsor » apparaît dans deux colonnes d'une même activité"]),
    "edition_names_missing_version": (
        lambda r: edit(r / "editions.yaml", 'demo: "1.0.0"', 'demo: "1.1.0"'),
        ["standards/editions.yaml:7:13: erreur : editions[0].standards.demo : version inconnue : standards/demo/1.1.0.yaml n'existe pas ; versions de « demo » : 1.0.0"]),
    "edition_names_missing_role": (
        lambda r: edit(r / "editions.yaml", 'sponsor: "1.0.0"', 'sponsor: "2.0.0"'),
        ["standards/editions.yaml:9:16: erreur : editions[0].roles.sponsor : version inconnue : standards/roles/sponsor/2.0.0.md n'existe pas ; versions de « sponsor » : 1.0.0"]),
    "edition_without_a_named_role": (
        lambda r: edit(r / "editions.yaml", '      sponsor: "1.0.0"\n', ""),
        ["standards/editions.yaml:9:7: erreur : editions[0].roles : rôle « sponsor » absent de l'édition 2020.1, alors que demo le "
         "nomme : ajoutez-le à sa liste roles (version 1.0.0)"]),
    "approval_by_a_role_outside_the_edition": (
        lambda r: edit(r / "editions.yaml", '      responsable-pmo: "1.0.0"\n',
                       '      responsable-pmo: "1.0.0"\n    approval:\n      approved_by: comite\n      approved_on: 2025-01-10\n'),
        ["standards/editions.yaml:13:20: erreur : editions[0].approval.approved_by : rôle « comite » absent de l'édition 2020.1 : "
         "rôles de l'édition : sponsor, chef-de-projet, responsable-pmo"]),
    "approval_after_publication": (
        lambda r: edit(r / "editions.yaml", '      responsable-pmo: "1.0.0"\n',
                       '      responsable-pmo: "1.0.0"\n    approval:\n      approved_by: sponsor\n      approved_on: 2025-02-01\n'),
        ["standards/editions.yaml:14:20: erreur : editions[0].approval.approved_on : approbation datée du 2025-02-01, après la publication "
         "de l'édition (2025-01-15) : une édition est approuvée avant d'être publiée"]),
    "distribution_to_a_role_outside_the_edition": (
        lambda r: edit(r / "editions.yaml", '      responsable-pmo: "1.0.0"\n',
                       '      responsable-pmo: "1.0.0"\n    distribution:\n      - role: directeur\n        purpose: application\n'),
        ["standards/editions.yaml:13:15: erreur : editions[0].distribution[0].role : rôle « directeur » absent de l'édition 2020.1 : "
         "rôles de l'édition : sponsor, chef-de-projet, responsable-pmo"]),
    "guidance_without_yaml": (
        lambda r: (r / "demo/1.1.0.md").write_text("## Contexte\n\nTexte.\n", encoding="utf-8"),
        ["standards/demo/1.1.0.md:1:1: erreur : (fichier) : texte sans version : 1.1.0.yaml est absent"]),
    "role_body_with_h1": (
        lambda r: edit(r / "roles/sponsor/1.0.0.md", "## Mission\n", "# Sponsor\n\n## Mission\n"),
        ["standards/roles/sponsor/1.0.0.md:8:1: erreur : corps : titre de niveau 1 interdit : la page a déjà son titre ; commencez à « ## »"]),
    "role_id_differs_from_folder": (
        lambda r: edit(r / "roles/sponsor/1.0.0.md", "id: sponsor", "id: commanditaire"),
        ["standards/roles/sponsor/1.0.0.md:2:5: erreur : id : l'identifiant « commanditaire » ne correspond pas au dossier « sponsor »"]),
    "role_sections_missing": (
        lambda r: edit(r / "roles/sponsor/1.0.0.md", "## Compétences", "## Savoir-faire"),
        ["standards/roles/sponsor/1.0.0.md:7:1: erreur : corps : le corps doit commencer par les sections "
         "« ## Mission », « ## Responsabilités », « ## Compétences », dans cet ordre"]),
    "guidance_with_front_matter": (
        lambda r: (r / "demo/1.0.0.md").write_text("---\ntitle: x\n---\n## Contexte\n", encoding="utf-8"),
        ["standards/demo/1.0.0.md:1:1: erreur : (fichier) : en-tête « --- » interdit : les champs de la version sont dans le fichier .yaml"]),
    "guidance_broken_anchor": (
        lambda r: (r / "demo/1.0.0.md").write_text("## Contexte\n\nVoir [la suite](#suite).\n", encoding="utf-8"),
        ["standards/demo/1.0.0.md:3:17: erreur : corps : lien « #suite » : aucune section de ce texte n'a cette ancre"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule(mini: Path, case: str) -> None:
    mutate, expected = CASES[case]
    mutate(mini)
    write_lock(mini)
    assert errors(mini) == expected


def test_two_active_versions(mini: Path) -> None:
    shutil.copy(mini / "demo/1.0.0.yaml", mini / "demo/1.1.0.yaml")
    edit(mini / "demo/1.1.0.yaml", 'version: "1.0.0"', 'version: "1.1.0"')
    assert errors(mini) == ["standards/demo/1.0.0.yaml:6:9: erreur : status : plusieurs versions actives de « demo » (1.0.0, 1.1.0) : une seule peut être « active »"]


def test_removed_id_is_never_reused(mini: Path) -> None:
    for version, old, new in (("1.1.0", "  - id: DEM-02", "  - id: DEM-03"), ("1.2.0", "  - id: DEM-02", "  - id: DEM-02")):
        path = mini / f"demo/{version}.yaml"
        shutil.copy(mini / "demo/1.0.0.yaml", path)
        edit(path, 'version: "1.0.0"', f'version: "{version}"')
        edit(path, "status: active", "status: draft")
        edit(path, old, new)
        edit(path, "covers: [DEM-01, DEM-02]", f"covers: [DEM-01, {new.split()[-1]}]")
    assert errors(mini) == [
        "standards/demo/1.2.0.yaml:22:9: erreur : checklist[1].id : l'identifiant « DEM-02 » a été retiré en version 1.1.0 : "
        "il ne peut pas être réutilisé ; prenez un nouvel identifiant"]


def test_overdue_review_is_a_warning(mini: Path) -> None:
    cat = load_catalog(mini, today=dt.date(2026, 2, 1))
    assert cat.errors == []
    assert [p.format() for p in cat.warnings] == [
        f"{DEMO}:9:16: avertissement : last_reviewed : revue en retard : prévue le 10 janvier 2026 (revue tous les 12 mois)"]


def test_a_review_calendar_sets_the_next_review_within_the_period(mini: Path) -> None:
    # The PMO spreads its reviews over the year: the next one may come before the period ends, never after.
    edit(mini / "demo/1.0.0.yaml", "review_every_months: 12\n", "review_every_months: 12\nnext_review: 2025-09-15\n")
    write_lock(mini)
    assert [sv.standard.review_due for sv in load_catalog(mini, today=EARLY).current_standards()] == [dt.date(2025, 9, 15)]
    cat = load_catalog(mini, today=dt.date(2025, 10, 1))
    assert [p.format() for p in cat.warnings] == [
        f"{DEMO}:11:14: avertissement : next_review : revue en retard : prévue le 15 septembre 2025 (au calendrier de revue)"]
    edit(mini / "demo/1.0.0.yaml", "next_review: 2025-09-15", "next_review: 2026-02-01")
    write_lock(mini)
    assert errors(mini) == [
        f"{DEMO}:11:14: erreur : next_review : la prochaine revue (2026-02-01) doit suivre la dernière (2025-01-10) et venir au "
        "plus tard 12 mois après elle, le 2026-01-10"]


def test_edited_published_file_is_refused(mini: Path) -> None:
    write_lock(mini)
    assert errors(mini) == []
    edit(mini / "demo/1.0.0.yaml", "Rédiger la charte du projet.", "Rédiger la charte.")
    assert errors(mini) == [
        f"{DEMO}:1:1: erreur : (fichier) : fichier publié modifié : une version publiée ne change plus ; "
        "annulez la modification et créez une nouvelle version (pmo new-version demo --patch, --minor ou --major)"]


def test_edited_published_role_markdown_is_refused(mini: Path) -> None:
    write_lock(mini)
    edit(mini / "roles/sponsor/1.0.0.md", "Première responsabilité.", "Autre responsabilité.")
    assert [p.split(" : ")[0] for p in errors(mini)] == ["standards/roles/sponsor/1.0.0.md:1:1: erreur"]


def test_edited_published_guidance_is_refused(mini: Path) -> None:
    (mini / "demo/1.0.0.md").write_text("## Contexte\n\nTexte publié.\n", encoding="utf-8")
    write_lock(mini)
    assert errors(mini) == []
    edit(mini / "demo/1.0.0.md", "Texte publié.", "Texte corrigé après publication.")
    assert errors(mini) == [
        "standards/demo/1.0.0.md:1:1: erreur : (fichier) : fichier publié modifié : une version publiée ne change plus ; "
        "annulez la modification et créez une nouvelle version (pmo new-version demo --patch, --minor ou --major)"]


def test_guidance_added_to_a_published_version_is_refused(mini: Path) -> None:
    write_lock(mini)
    (mini / "demo/1.0.0.md").write_text("## Contexte\n\nTexte ajouté après coup.\n", encoding="utf-8")
    assert errors(mini) == [
        "standards/demo/1.0.0.md:1:1: erreur : (fichier) : texte ajouté à une version publiée : "
        "écrivez-le dans une nouvelle version (pmo new-version demo --patch, --minor ou --major)"]


def test_reference_errors_still_reported_when_the_model_fails(mini: Path) -> None:
    edit(mini / "demo/1.0.0.yaml", "    A: sponsor", "    A: [sponsor, chef-de-projet]")
    edit(mini / "demo/1.0.0.yaml", "owner: responsable-pmo", "owner: directeur")
    edit(mini / "demo/1.0.0.yaml", "    C: [responsable-pmo]", "    C: [comite]")
    write_lock(mini)
    assert errors(mini) == [
        f"{DEMO}:8:8: erreur : owner : rôle inconnu « directeur » ; rôles définis : chef-de-projet, responsable-pmo, sponsor",
        f"{DEMO}:31:8: erreur : raci[0].A : exactement un rôle « A » par activité (un seul responsable final)",
        f"{DEMO}:32:9: erreur : raci[0].C[0] : rôle inconnu « comite » ; rôles définis : chef-de-projet, responsable-pmo, sponsor",
    ]


def test_internal_links_in_markdown_must_exist(mini: Path) -> None:
    (mini / "demo/1.0.0.md").write_text(
        "## Contexte\n\nVoir [le sponsor](role:sponsor), [la charte](standard:demo#DEM-01), [RACI](standard:demo#raci),\n"
        "[absent](standard:absent), [rôle](role:directeur) et [ancre](standard:demo#DEM-99).\n", encoding="utf-8")
    write_lock(mini)
    assert errors(mini) == [
        "standards/demo/1.0.0.md:4:10: erreur : corps : lien « standard:absent » : standard inconnu « absent »",
        "standards/demo/1.0.0.md:4:35: erreur : corps : lien « role:directeur » : rôle inconnu « directeur »",
        "standards/demo/1.0.0.md:4:62: erreur : corps : lien « standard:demo#DEM-99 » : ancre inconnue ; ancres : un identifiant "
        "d'élément ou resume, objectifs, perimetre, mise-en-oeuvre, liste-de-controle, adaptation, matrice-des-risques, raci, modeles, "
        "indicateurs, references, historique",
    ]


def test_every_error_of_every_file_at_once(mini: Path) -> None:
    edit(mini / "demo/1.0.0.yaml", "    A: sponsor", "    A: inconnu")
    edit(mini / "editions.yaml", 'sponsor: "1.0.0"', 'sponsor: "2.0.0"')
    edit(mini / "lifecycle.yaml", "    after: cloture", "    after: recette")
    write_lock(mini)
    assert len(errors(mini)) == 3


# --- the same requirement in two standards --------------------------------------------------------------------------

ACTIONS = "standards/suivi-des-actions/1.1.0.yaml"
REVIEW_ITEM = "Tenir une revue de cadrage avant de planifier."


def _warnings(project: FixtureProject) -> list[str]:
    lock_project(project.root)  # the edits below are the subject, not the lock
    return [p.format() for p in project.load().problems if "presque la même chose" in p.message]


def test_a_requirement_repeated_in_another_standard_is_reported(complet_copy: FixtureProject) -> None:
    complet_copy.edit(ACTIONS, "text: Ouvrir le registre des actions du projet dès le cadrage.", f"text: {REVIEW_ITEM}")
    # Reported on the later of the two, in the order of the catalogue.
    assert _warnings(complet_copy) == [
        "standards/revue-de-projet/1.0.0.yaml:19:11: avertissement : checklist[0].text : REV-01 demande presque la même chose "
        "que ACT-01 : gardez une seule exigence et renvoyez à l'autre (see: ACT-01)"]


def test_a_reworded_repetition_is_reported_too(complet_copy: FixtureProject) -> None:
    # Other word order, one word more: the same requirement (5 of its 6 meaningful words).
    complet_copy.edit(ACTIONS, "text: Ouvrir le registre des actions du projet dès le cadrage.",
                      "text: Avant de planifier, tenir une revue de cadrage du projet.")
    assert [w.split(" : ")[2] for w in _warnings(complet_copy)] == ["REV-01 demande presque la même chose que ACT-01"]


@pytest.mark.parametrize("change", ["see", "phase", "different"])
def test_no_report_when_it_refers_to_the_other_or_is_another_moment(complet_copy: FixtureProject, change: str) -> None:
    text = {"see": REVIEW_ITEM, "phase": REVIEW_ITEM, "different": "Ouvrir le registre des décisions dès la première réunion."}[change]
    complet_copy.edit(ACTIONS, "text: Ouvrir le registre des actions du projet dès le cadrage.", f"text: {text}")
    if change == "see":
        complet_copy.edit(ACTIONS, "    responsible: pilote\n    template: registre-des-actions\n",
                          "    responsible: pilote\n    template: registre-des-actions\n    see: REV-01\n")
    if change == "phase":
        complet_copy.edit(ACTIONS, "  - id: ACT-01\n    phase: cadrage\n", "  - id: ACT-01\n    phase: planification\n")
    assert _warnings(complet_copy) == []


# --- what an evidence names ---------------------------------------------------------------------------------------

REVIEW = "standards/revue-de-projet/1.0.0.yaml"


@pytest.mark.parametrize(("evidence", "expected"), [
    ("Section « Décisions » du compte rendu complétée.", []),
    ("Colonnes « Action » et « Échéance » renseignées au registre des actions.", []),
    ("Section « Décision » du compte rendu complétée.",
     [f"{REVIEW}:23:15: erreur : checklist[0].evidence : la section « Décision » citée dans la preuve attendue n'existe ni dans "
      "les modèles de ce standard ni dans ceux de l'édition 2024.2 (vouliez-vous dire « Décisions » ?) : corrigez son nom ou ajoutez-la au modèle"]),
    ("Colonnes « Action » et « Date butoir » renseignées.",
     [f"{REVIEW}:23:15: erreur : checklist[0].evidence : la colonne « Date butoir » citée dans la preuve attendue n'existe ni dans "
      "les modèles de ce standard ni dans ceux de l'édition 2024.2 : corrigez son nom ou ajoutez-la au modèle"]),
])
def test_a_template_part_named_in_an_evidence_exists(complet_copy: FixtureProject, evidence: str, expected: list[str]) -> None:
    complet_copy.edit(REVIEW, "    template: compte-rendu-de-revue\n", f"    template: compte-rendu-de-revue\n    evidence: {evidence}\n")
    lock_project(complet_copy.root)
    assert [p.format() for p in complet_copy.load().problems if "preuve attendue" in p.message] == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("      - purpose: information\n",
     "standards/editions.yaml:13:9: erreur : editions[0].distribution[0] : une ligne de diffusion nomme soit un rôle (role), soit un autre "
     "destinataire (audience)"),
    ("      - role: sponsor\n        purpose: archivage\n",
     "standards/editions.yaml:14:18: erreur : editions[0].distribution[0].purpose : valeur « archivage » non permise ; valeurs permises : "
     "'application', 'information'"),
])
def test_distribution_line_names_one_recipient_and_why(mini: Path, line: str, expected: str) -> None:
    edit(mini / "editions.yaml", '      responsable-pmo: "1.0.0"\n', '      responsable-pmo: "1.0.0"\n    distribution:\n' + line)
    write_lock(mini)
    assert expected in errors(mini)
