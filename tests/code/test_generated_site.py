"""Whole-site tests of what is generated from standards/, on the fixture project « complet » built once:
pages, checklists, roles, downloads, an added standard, data shown literally, reproducible builds."""
from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from macros.catalog.queries import first_edition
from macros.core.dates import add_months
from macros.core.links import download_name, saved_name
from macros.site.plan import generate
from tests.support import FixtureProject, page_text, session_cache, tree_bytes

SECTIONS = ("Résumé", "Objectifs", "Périmètre", "Liste de contrôle", "RACI", "Modèles à télécharger", "Indicateurs", "Références",
            "Historique des versions")


def csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))


def test_every_current_standard_has_its_page(complet: FixtureProject) -> None:
    cat = complet.load().catalog
    index = complet.page("standards/index.html")
    assert [sv.standard.slug for sv in cat.current_standards()] == ["suivi-des-actions", "revue-de-projet"]
    for sv in cat.current_standards():
        s = sv.standard
        text = complet.page(f"standards/{s.slug}/index.html")
        assert f"{s.id} — " in text and f"v{s.version}" in text
        for heading in SECTIONS:
            assert heading in text, (s.slug, heading)
        assert s.id in index


def test_home_states_the_edition_in_force(complet: FixtureProject) -> None:
    text = complet.page("index.html")
    assert "Édition du référentiel en vigueur : 2024.2" in text
    assert "les 2 standards de l'édition" in text
    assert 'href="editions/2024.2/"' in complet.html("index.html")


def test_standard_page_checklist_is_accessible_markup(complet: FixtureProject) -> None:
    html = complet.html("standards/suivi-des-actions/index.html")
    assert 'type="checkbox" id="liste-suivi-des-actions-ACT-01" data-pmo-key="PMO-STD-801@1.1.0#ACT-01"' in html
    assert '<label for="liste-suivi-des-actions-ACT-01"><span class="pmo-level">' in html
    assert "task-list" not in html
    assert "assets/javascripts/checklist.js" in html


def test_gate_checklist_gathers_every_standard_mandatory_first(complet: FixtureProject) -> None:
    # The closing gate gathers the closing phase's items of both standards: the mandatory one first, although
    # it comes from the second standard.
    html = complet.html("listes-de-controle/bilan-final/index.html")
    keys = re.findall(r'data-pmo-key="([^"]+)"', html)
    assert keys == ["PMO-STD-802@1.0.0#REV-03", "PMO-STD-801@1.1.0#ACT-04"]
    rows = csv_rows(complet.file("listes-de-controle/bilan-final.csv"))
    assert [(r[2], r[4]) for r in rows[1:]] == [("REV-03", "Obligatoire"), ("ACT-04", "Recommandé")]
    wb = openpyxl.load_workbook(complet.file("listes-de-controle/bilan-final.xlsx"))
    assert wb.active.max_row == 3
    # Every gate of the lifecycle has its page and its downloads.
    for gate in ("feu-vert-planification", "feu-vert-execution", "bilan-final"):
        assert complet.file(f"listes-de-controle/{gate}/index.html").is_file(), gate
        assert complet.file(f"listes-de-controle/{gate}.csv").is_file() and complet.file(f"listes-de-controle/{gate}.xlsx").is_file()


def test_role_page_shows_body_and_raci(complet: FixtureProject) -> None:
    text = complet.page("roles/commanditaire/index.html")
    for part in ("Mission", "Responsabilités", "Compétences", "Dans les standards", "A (Approuve)"):
        assert part in text, part
    assert "PMO-STD-801" in text and "PMO-STD-802" in text


def test_raci_matrix_page_and_workbook(complet: FixtureProject) -> None:
    html = complet.html("roles/matrice-raci/index.html")
    assert html.count('<th scope="row">') == 3
    wb = openpyxl.load_workbook(complet.file("roles/matrice-raci.xlsx"))
    assert [c.value for c in wb.active["B"]][1:] == ["Tenir le registre des actions", "Clore les actions restantes", "Animer la revue"]


def test_template_downloads_open_and_carry_the_page_version(complet: FixtureProject) -> None:
    cat = complet.load().catalog
    document = docx.Document(str(complet.file("standards/suivi-des-actions/1.1.0/fiche-action.docx")))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "PMO-STD-801" in text and "1.1.0" in text
    assert document.core_properties.language == "fr-FR"
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)

    wb = openpyxl.load_workbook(complet.file("standards/suivi-des-actions/1.1.0/registre-des-actions.xlsx"))
    sheet = wb.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert [v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"] == ['"Ouverte,En cours,Bloquée,Close"']
    assert not sheet.merged_cells.ranges
    about = " ".join(str(c.value) for row in wb.worksheets[1].iter_rows() for c in row if c.value)
    edition = first_edition(cat, "suivi-des-actions", "1.1.0")
    assert edition is not None and edition.id == "2024.2"
    assert "1.1.0" in about and "2024.2" in about


def test_archived_versions_keep_their_pages_and_downloads(complet: FixtureProject) -> None:
    cat = complet.load().catalog
    for slug in cat.standards:
        for sv in cat.published_versions(slug):
            s = sv.standard
            assert complet.file(f"standards/{slug}/{s.version}/index.html").exists()
            for t in s.templates:
                for fmt in t.formats:
                    assert complet.file(f"standards/{slug}/{s.version}/{t.id}.{fmt}").exists()
    assert len(cat.published_versions("suivi-des-actions")) == 2
    old = complet.page("standards/suivi-des-actions/1.0.0/index.html")
    assert "Version remplacée" in old and "version 1.1.0" in old and "31 décembre 2024" in old
    # The replaced version's register keeps its own list of values.
    wb = openpyxl.load_workbook(complet.file("standards/suivi-des-actions/1.0.0/registre-des-actions.xlsx"))
    assert [v.formula1 for v in wb.worksheets[0].data_validations.dataValidation if v.type == "list"] == ['"Ouverte,En cours,Close"']


def test_kit_by_phase_with_a_readme_and_no_answer_bank(complet: FixtureProject) -> None:
    """The kit holds what a project manager fills in (Word, Excel), in the folder of the first phase that asks for it, a
    LISEZMOI saying what each file is for, and its manifest; no Markdown or CSV copy, no quiz bank with the answers."""
    with zipfile.ZipFile(complet.file("modeles/kit-modeles-2024.2.zip")) as kit:
        assert kit.namelist() == ["LISEZMOI.txt", "manifeste.csv", "1-cadrage/compte-rendu-de-revue-v1.0.0.docx",
                                  "1-cadrage/registre-des-actions-v1.1.0.xlsx", "1-cadrage/registre-des-actions-exemple-v1.1.0.xlsx",
                                  "3-execution/fiche-action-v1.1.0.docx"]
        readme = kit.read("LISEZMOI.txt").decode("utf-8-sig")
        assert readme.startswith("Kit des modèles du Référentiel PMO, édition 2024.2\r\nÉdition publiée le 16 septembre 2024.\r\n")
        assert ("\r\nDossier 1-cadrage — Cadrage\r\n===========================\r\n\r\ncompte-rendu-de-revue-v1.0.0.docx\r\n"
                "  Modèle\u00a0: Compte rendu de revue\r\n") in readme
        assert ("registre-des-actions-v1.1.0.xlsx\r\n  Modèle\u00a0: Registre des actions\r\n"
                "  Standard\u00a0: PMO-STD-801 Suivi des actions, version 1.1.0 (en vigueur)\r\n"
                "  À quoi il sert\u00a0: Toutes les actions du projet.\r\n"
                "  Exigences qui le demandent\u00a0: ACT-01, ACT-02\r\n") in readme
        assert "\r\nDossier 3-execution — Exécution\r\n" in readme and "moodle" not in readme.lower()
        manifest = kit.read("manifeste.csv").decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(manifest), delimiter=";"))
        assert rows[0] == ["fichier", "modèle", "standard", "version", "sha256"]
        assert [row[:4] for row in rows[1:]] == [["1-cadrage/compte-rendu-de-revue-v1.0.0.docx", "Compte rendu de revue", "PMO-STD-802", "1.0.0"],
                                                 ["1-cadrage/registre-des-actions-v1.1.0.xlsx", "Registre des actions", "PMO-STD-801", "1.1.0"],
                                                 ["1-cadrage/registre-des-actions-exemple-v1.1.0.xlsx", "Registre des actions (exemple)",
                                                  "PMO-STD-801", "1.1.0"],
                                                 ["3-execution/fiche-action-v1.1.0.docx", "Fiche action", "PMO-STD-801", "1.1.0"]]
        for row in rows[1:]:
            assert hashlib.sha256(kit.read(row[0])).hexdigest() == row[4]
        # The kit's files are the site's downloads, byte for byte.
        assert kit.read("3-execution/fiche-action-v1.1.0.docx") == complet.file("standards/suivi-des-actions/1.1.0/fiche-action.docx").read_bytes()


def test_templates_catalogue_by_phase_role_format(complet: FixtureProject) -> None:
    text = complet.page("modeles/index.html")
    for part in ("Par phase", "Par rôle", "Par format", "Word (.docx)", "Excel (.xlsx)", "Fiche action", "Registre des actions",
                 "Compte rendu de revue"):
        assert part in text, part


def test_standard_with_and_without_guidance_both_render(complet: FixtureProject) -> None:
    cat = complet.load().catalog
    assert [sv.standard.slug for sv in cat.current_standards() if sv.guidance] == ["suivi-des-actions"]
    html = complet.html("standards/suivi-des-actions/index.html")
    assert 'id="mise-en-oeuvre"' in html and '<div class="pmo-guidance"><h3 id="guide-' in html
    # The PMO's internal links are resolved for this page: a role, an item of the standard, another standard's section.
    assert 'href="../../roles/commanditaire/"' in html
    assert 'href="#liste-suivi-des-actions-ACT-03"' in html or 'href="./#liste-suivi-des-actions-ACT-03"' in html
    assert 'href="../revue-de-projet/#liste-de-controle"' in html
    text = complet.page("standards/revue-de-projet/index.html")
    assert "Mise en œuvre" not in text and "Liste de contrôle" in text


def test_each_standard_checklist_downloads_and_each_edition_has_its_kit(complet: FixtureProject) -> None:
    cat = complet.load().catalog
    for sv in cat.current_standards():
        s = sv.standard
        rows = csv_rows(complet.file(f"standards/{s.slug}/{s.version}/liste-de-controle.csv"))
        assert [r[2] for r in rows[1:]] == [i.id for i in s.checklist]
        assert complet.file(f"standards/{s.slug}/{s.version}/liste-de-controle.xlsx").exists()
    assert [e.id for e in cat.published_editions()] == ["2024.1", "2024.2"]
    for edition in cat.published_editions():
        with zipfile.ZipFile(complet.file(f"modeles/kit-modeles-{edition.id}.zip")) as kit:
            names = {name.rsplit("/", 1)[-1] for name in kit.namelist()}
        # Each template of the edition's versions, in the format a project manager fills in (Word or Excel).
        expected = {saved_name(download_name(t.id, t.formats[0]), v) for slug, v in edition.standards.items()
                    for t in cat.standards[slug][v].standard.templates}
        assert expected <= names


def test_overdue_review_is_flagged_against_the_edition_date(complet: FixtureProject, complet_copy: FixtureProject) -> None:
    for slug in ("suivi-des-actions", "revue-de-projet"):
        assert "en retard à la date de l'édition" not in complet.page(f"standards/{slug}/index.html")
    # Reviewed every 12 months from January 2023: due in January 2024, before edition 2024.2 (16 September 2024).
    complet_copy.edit("standards/revue-de-projet/1.0.0.yaml", "last_reviewed: 2024-02-15", "last_reviewed: 2023-01-10")
    complet_copy.edit("standards/revue-de-projet/1.0.0.yaml", "review_every_months: 60", "review_every_months: 12")
    loaded = complet_copy.relock().load()
    s = loaded.catalog.current("revue-de-projet")
    assert s is not None and add_months(s.standard.last_reviewed, 12) < loaded.catalog.current_edition().date  # type: ignore[union-attr]
    pages = {f.src: f.content for f in generate(loaded, session_cache()) if isinstance(f.content, str)}
    assert "en retard à la date de l'édition 2024.2" in pages["standards/revue-de-projet/index.md"]
    assert "en retard à la date de l'édition" not in pages["standards/suivi-des-actions/index.md"]


def test_a_second_build_of_another_copy_is_byte_identical(complet: FixtureProject, tmp_path: Path) -> None:
    """Same sources, same bytes: a fresh copy elsewhere, with an empty download cache, gives the same site."""
    assert complet.site is not None
    again = FixtureProject.named("complet").copy(tmp_path / "ailleurs")
    site = again.build()
    first, second = tree_bytes(complet.site), tree_bytes(site)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


INJECTION = '''\
id: PMO-STD-899
slug: essai-injection
title: "{{ 7*7 }} <script>alert(1)</script>"
version: "1.0.0"
status: active
effective_from: 2026-03-01
owner: commanditaire
last_reviewed: 2026-03-01
review_every_months: 12
summary: "Résumé <img src=x onerror=alert(1)> [lien](javascript:alert(1))"
objectives:
  - "{% raw %}Objectif{% endraw %}"
scope: Essai.
checklist:
  - id: INJ-01
    phase: planification
    text: "=HYPERLINK(\\"http://exemple.invalid\\";\\"clic\\")"
    level: obligatoire
    responsible: commanditaire
    template: registre-injection
raci:
  - activity: "@SUM(A1:A2)"
    R: [commanditaire]
    A: commanditaire
templates:
  - id: registre-injection
    title: "-2+3 registre"
    kind: register
    formats: [xlsx, csv, md]
    description: Essai.
    columns:
      - name: "+cmd"
      - name: Statut
        type: choice
        values: ["=1+1", Ouvert]
references:
  - title: Lien piégé
    url: "javascript:alert(1)"
'''


# Every project standard is taught by the weekly quizzes: three questions on the new one, as hostile as its data.
QUESTIONS = '''\
  - id: q-injection-unique
    type: single
    scenario: true
    prompt: "{{ 7*7 }} <script>alert(1)</script> : qui réalise INJ-01 ?"
    choices:
      - id: pilote
        text: "<b>Le pilote</b>, qui tient tous les registres du projet."
        feedback: "=1+1"
      - id: commanditaire
        text: Le commanditaire.
        correct: true
      - id: equipe
        text: L'équipe.
        feedback: "{% raw %}Non{% endraw %}"
    explanation: Le commanditaire réalise INJ-01. C'est écrit dans le standard.
    covers: [INJ-01]
  - id: q-injection-multiple
    type: multiple
    prompt: Que contient le registre piégé ?
    choices:
      - id: cmd
        text: "+cmd"
        correct: true
      - id: statut
        text: Statut
        correct: true
      - id: budget
        text: Budget
        feedback: Pas de budget.
      - id: date
        text: Date
        feedback: Pas de date.
    explanation: Deux colonnes, dont une qui commence par « + ». Aucune n'est une formule.
    covers: [INJ-01]
  - id: q-injection-vrai-faux
    type: true_false
    prompt: "[lien](javascript&#58;alert(1)) exécute du code."
    choices:
      - id: vrai
        text: Vrai
      - id: faux
        text: Faux
        correct: true
    explanation: Une adresse javascript n'est jamais publiée. Le texte reste du texte.
    covers: [INJ-01]
'''


@pytest.fixture(scope="module")
def site_with_fixture_standard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """« complet » plus one new standard file, an edition naming it (locked, as `pmo publish` would) and three quiz
    questions on it: data only, no Markdown or Python edit."""
    project = FixtureProject.named("complet").copy(tmp_path_factory.mktemp("injection"))
    project.write("standards/essai-injection/1.0.0.yaml", INJECTION)
    project.write("quizzes/quiz-revues.yaml", project.read("quizzes/quiz-revues.yaml") + QUESTIONS)
    editions = project.read("standards/editions.yaml")
    last = editions[editions.rindex('  - id: "2024.2"'):].split("    changes:")[0]
    added = last.replace('"2024.2"', '"2099.1"').replace("2024-09-16", "2099-01-01").replace(
        "    roles:", '      essai-injection: "1.0.0"\n    roles:')
    project.write("standards/editions.yaml", editions + added)
    return project.relock().build()


def test_added_standard_appears_everywhere(site_with_fixture_standard: Path) -> None:
    site = site_with_fixture_standard
    assert (site / "standards/essai-injection/index.html").exists()
    assert "PMO-STD-899" in page_text(site, "standards/index.html")
    assert "INJ-01" in (site / "listes-de-controle/feu-vert-execution/index.html").read_text(encoding="utf-8")
    assert 'href="../standards/essai-injection/"' in (site / "modeles/index.html").read_text(encoding="utf-8")
    assert "PMO-STD-899" in (site / "roles/commanditaire/index.html").read_text(encoding="utf-8")
    # Listed with the other standards on their index; in the sidebar of its own page (tests/code/test_navigation.py).
    assert '<td><a href="essai-injection/">' in (site / "standards/index.html").read_text(encoding="utf-8")
    assert 'href="./" class="md-nav__link md-nav__link--active"' in (site / "standards/essai-injection/index.html").read_text(encoding="utf-8")
    for fmt in ("xlsx", "csv", "md"):
        assert (site / f"standards/essai-injection/1.0.0/registre-injection.{fmt}").exists()


def test_data_is_shown_literally_never_executed(site_with_fixture_standard: Path) -> None:
    site = site_with_fixture_standard
    html = (site / "standards/essai-injection/index.html").read_text(encoding="utf-8")
    text = page_text(site, "standards/essai-injection/index.html")
    assert "{{ 7*7 }} <script>alert(1)</script>" in text
    assert "<script>alert(1)" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "49" not in text.split("—")[1][:30]
    assert 'href="javascript:' not in html
    assert "{{" not in html and "{%" not in html
    quiz = page_text(site, "parcours/quiz/quiz-revues/index.html")
    assert "{{ 7*7 }} <script>alert(1)</script> : qui réalise INJ-01 ?" in quiz and "<b>Le pilote</b>" in quiz
    quiz_html = (site / "parcours/quiz/quiz-revues/index.html").read_text(encoding="utf-8")
    # A plain « javascript: » in a quiz is refused by `pmo validate` (tests/code/attacks/test_validation.py); spelt with an
    # entity it passes, and must still show as typed.
    assert "[lien](javascript&#58;alert(1)) exécute du code." in quiz and 'href="javascript' not in quiz_html
    assert "<script>alert(1)" not in quiz_html and "<b>Le pilote" not in quiz_html
    for page in site.rglob("*.html"):
        assert "<script>alert(1)</script>" not in page.read_text(encoding="utf-8"), page


def test_formula_injection_is_stored_as_text(site_with_fixture_standard: Path) -> None:
    site = site_with_fixture_standard
    rows = csv_rows(site / "listes-de-controle/feu-vert-execution.csv")
    cell = next(c for r in rows for c in r if "HYPERLINK" in c)
    assert cell.startswith("'=")
    wb = openpyxl.load_workbook(site / "listes-de-controle/feu-vert-execution.xlsx")
    cells = [c for row in wb.active.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    wb = openpyxl.load_workbook(site / "standards/essai-injection/1.0.0/registre-injection.xlsx")
    header = list(wb.worksheets[0][1])
    assert header[0].data_type == "s" and "cmd" in header[0].value
