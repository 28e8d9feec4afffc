"""Whole-site tests of what is generated from standards/: pages, checklists, roles, downloads."""
from __future__ import annotations

import csv
import filecmp
import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from tests.support import load_catalog
from tests.support import copy_project, mkdocs_build
from tests.support import page_text


def test_every_current_standard_has_its_page(built_site: Path, project: Path) -> None:
    cat = load_catalog(project / "standards")
    index = page_text(built_site, "standards/index.html")
    for sv in cat.current_standards():
        s = sv.standard
        text = page_text(built_site, f"standards/{s.slug}/index.html")
        assert f"{s.id} — " in text and f"v{s.version}" in text
        for heading in ("Résumé", "Objectifs", "Périmètre", "Liste de contrôle", "RACI", "Modèles à télécharger",
                        "Indicateurs", "Références", "Historique des versions"):
            assert heading in text, (s.slug, heading)
        assert s.id in index


def test_standard_page_checklist_is_accessible_markup(built_site: Path, project: Path) -> None:
    version = load_catalog(project / "standards").current("gestion-des-risques").standard.version
    html = (built_site / "standards/gestion-des-risques/index.html").read_text(encoding="utf-8")
    assert f'type="checkbox" id="liste-gestion-des-risques-RSK-01" data-pmo-key="PMO-STD-005@{version}#RSK-01"' in html
    assert '<label for="liste-gestion-des-risques-RSK-01"><span class="pmo-level">' in html
    assert "task-list" not in html
    assert "assets/javascripts/checklist.js" in html


def test_gate_checklist_gathers_every_standard_mandatory_first(built_site: Path, project: Path) -> None:
    cat = load_catalog(project / "standards")
    expected = [(sv.standard.id, i.id, i.level) for sv in cat.current_standards() for i in sv.standard.checklist
                if i.phase == "planification"]
    html = (built_site / "listes-de-controle/passage-en-execution/index.html").read_text(encoding="utf-8")
    keys = [k.split("#")[1] for k in __import__("re").findall(r'data-pmo-key="([^"]+)"', html)]
    assert sorted(keys) == sorted(i for _, i, _ in expected)
    levels = [next(lv for _, i, lv in expected if i == k) for k in keys]
    assert levels == sorted(levels, key=lambda lv: lv != "obligatoire")
    rows = list(csv.reader(io.StringIO((built_site / "listes-de-controle/passage-en-execution.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == len(expected) + 1
    wb = openpyxl.load_workbook(built_site / "listes-de-controle/passage-en-execution.xlsx")
    assert wb.active.max_row == len(expected) + 1


def test_role_page_shows_body_and_raci(built_site: Path) -> None:
    text = page_text(built_site, "roles/sponsor/index.html")
    for part in ("Mission", "Responsabilités", "Compétences", "Dans les standards", "A (Approuve)"):
        assert part in text, part
    assert "PMO-STD-005" in text


def test_raci_matrix_page_and_workbook(built_site: Path, project: Path) -> None:
    cat = load_catalog(project / "standards")
    rows = sum(len(sv.standard.raci) for sv in cat.current_standards())
    html = (built_site / "roles/matrice-raci/index.html").read_text(encoding="utf-8")
    assert html.count('<th scope="row">') == rows
    wb = openpyxl.load_workbook(built_site / "roles/matrice-raci.xlsx")
    assert wb.active.max_row >= rows + 1


def test_template_downloads_open_and_carry_the_page_version(built_site: Path, project: Path) -> None:
    cat = load_catalog(project / "standards")
    sv = cat.current("lancement-de-projet")
    s = sv.standard
    charter = next(t for t in s.templates if t.kind == "document")
    document = docx.Document(str(built_site / f"standards/{s.slug}/{s.version}/{charter.id}.docx"))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert s.id in text and s.version in text
    assert document.core_properties.language == "fr-FR"
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)

    risks = cat.current("gestion-des-risques").standard
    register = next(t for t in risks.templates if t.kind == "register")
    wb = openpyxl.load_workbook(built_site / f"standards/{risks.slug}/{risks.version}/{register.id}.xlsx")
    sheet = wb.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.data_validations.dataValidation, "drop-downs expected on choice columns"
    assert not sheet.merged_cells.ranges
    about = " ".join(str(c.value) for row in wb.worksheets[1].iter_rows() for c in row if c.value)
    from macros.queries import first_edition

    assert risks.version in about and first_edition(cat, risks.slug, risks.version).id in about


def test_archived_versions_keep_their_pages_and_downloads(built_site: Path, project: Path) -> None:
    cat = load_catalog(project / "standards")
    for slug in cat.standards:
        for sv in cat.published_versions(slug):
            s = sv.standard
            assert (built_site / f"standards/{slug}/{s.version}/index.html").exists()
            for t in s.templates:
                for fmt in t.formats:
                    assert (built_site / f"standards/{slug}/{s.version}/{t.id}.{fmt}").exists()
    old = page_text(built_site, "standards/gestion-des-risques/1.0.0/index.html")
    assert "Version remplacée" in old and "version 2.0.0" in old and "30 juin 2026" in old


def test_kit_zip_has_manifest_with_matching_hashes(built_site: Path, project: Path) -> None:
    import hashlib

    edition = load_catalog(project / "standards").current_edition().id
    with zipfile.ZipFile(built_site / f"modeles/kit-modeles-{edition}.zip") as kit:
        names = kit.namelist()
        manifest = kit.read(next(n for n in names if n.endswith(".csv") and "manifeste" in n)).decode("utf-8-sig")
        rows = [r for r in csv.reader(io.StringIO(manifest), delimiter=";")][1:]
        assert len(rows) >= 30
        for row in rows:
            assert hashlib.sha256(kit.read(row[0])).hexdigest() == row[3]


def test_templates_catalogue_by_phase_role_format(built_site: Path) -> None:
    text = page_text(built_site, "modeles/index.html")
    for part in ("Par phase", "Par rôle", "Par format", "Word (.docx)", "Excel (.xlsx)"):
        assert part in text


INJECTION = '''\
# yaml-language-server: $schema=../schema/standard.schema.json
id: PMO-STD-099
slug: essai-injection
title: "{{ 7*7 }} <script>alert(1)</script>"
version: "1.0.0"
status: active
effective_from: 2026-03-01
owner: sponsor
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
    responsible: sponsor
    template: registre-injection
raci:
  - activity: "@SUM(A1:A2)"
    R: [sponsor]
    A: sponsor
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


@pytest.fixture(scope="module")
def site_with_fixture_standard(tmp_path_factory: pytest.TempPathFactory, project: Path) -> Path:
    """The real project plus one new standard file (and an edition naming it): no Markdown or Python edit."""
    root = copy_project(tmp_path_factory.mktemp("projet"))
    (root / "standards/essai-injection").mkdir()
    (root / "standards/essai-injection/1.0.0.yaml").write_text(INJECTION, encoding="utf-8")
    cat = load_catalog(project / "standards")
    last = cat.editions[-1]
    lines = [f'      {slug}: "{version}"' for slug, version in {**last.standards, "essai-injection": "1.0.0"}.items()]
    roles = [f'      {rid}: "{version}"' for rid, version in last.roles.items()]
    with (root / "standards/editions.yaml").open("a", encoding="utf-8") as out:
        out.write('  - id: "2099.1"\n    status: published\n    date: 2099-01-01\n    notes: Édition d\'essai.\n'
                  "    standards:\n" + "\n".join(lines) + "\n    roles:\n" + "\n".join(roles) + "\n")
    site = root / "site"
    result = mkdocs_build(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


def test_added_standard_appears_everywhere(site_with_fixture_standard: Path) -> None:
    site = site_with_fixture_standard
    assert (site / "standards/essai-injection/index.html").exists()
    assert "PMO-STD-099" in page_text(site, "standards/index.html")
    assert "INJ-01" in (site / "listes-de-controle/passage-en-execution/index.html").read_text(encoding="utf-8")
    assert "essai-injection/index.html" in "".join(str(p) for p in site.rglob("index.html"))
    assert 'href="../standards/essai-injection/"' in (site / "modeles/index.html").read_text(encoding="utf-8") or \
        "essai-injection" in (site / "modeles/index.html").read_text(encoding="utf-8")
    nav_html = (site / "standards/index.html").read_text(encoding="utf-8")
    assert "PMO-STD-099" in nav_html
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
    for page in site.rglob("*.html"):
        assert "<script>alert(1)</script>" not in page.read_text(encoding="utf-8"), page


def test_formula_injection_is_stored_as_text(site_with_fixture_standard: Path) -> None:
    site = site_with_fixture_standard
    rows = list(csv.reader(io.StringIO((site / "listes-de-controle/passage-en-execution.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    cell = next(c for r in rows for c in r if "HYPERLINK" in c)
    assert cell.startswith("'=")
    wb = openpyxl.load_workbook(site / "listes-de-controle/passage-en-execution.xlsx")
    cells = [c for row in wb.active.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    wb = openpyxl.load_workbook(site / "standards/essai-injection/1.0.0/registre-injection.xlsx")
    header = [c for c in wb.worksheets[0][1]]
    assert header[0].data_type == "s" and "cmd" in header[0].value


def test_two_builds_are_byte_identical(tmp_path: Path, project: Path, built_site: Path) -> None:
    again = tmp_path / "again"
    result = mkdocs_build(project / "mkdocs.yml", again, {"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr
    first = sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    _, mismatch, errors = filecmp.cmpfiles(built_site, again, [str(p) for p in first], shallow=False)
    assert mismatch == [] and errors == []


def test_standard_with_and_without_guidance_both_render(built_site: Path, project: Path) -> None:
    cat = load_catalog(project / "standards")
    with_text = [sv for sv in cat.current_standards() if sv.guidance]
    without = [sv for sv in cat.current_standards() if not sv.guidance]
    assert with_text and without
    html = (built_site / f"standards/{with_text[0].standard.slug}/index.html").read_text(encoding="utf-8")
    assert 'id="mise-en-oeuvre"' in html and '<div class="pmo-guidance"><h3 id="guide-' in html
    text = page_text(built_site, f"standards/{without[0].standard.slug}/index.html")
    assert "Mise en œuvre" not in text and "Liste de contrôle" in text


def test_each_standard_checklist_downloads_and_each_edition_has_its_kit(built_site: Path, project: Path) -> None:
    cat = load_catalog(project / "standards")
    for sv in cat.current_standards():
        s = sv.standard
        rows = list(csv.reader(io.StringIO((built_site / f"standards/{s.slug}/{s.version}/liste-de-controle.csv")
                                           .read_bytes().decode("utf-8-sig")), delimiter=";"))
        assert [r[2] for r in rows[1:]] == [i.id for i in s.checklist]
        assert (built_site / f"standards/{s.slug}/{s.version}/liste-de-controle.xlsx").exists()
    for edition in cat.published_editions():
        with zipfile.ZipFile(built_site / f"modeles/kit-modeles-{edition.id}.zip") as kit:
            names = set(kit.namelist())
        expected = {f"{t.id}.{f}" for slug, v in edition.standards.items() for t in cat.standards[slug][v].standard.templates for f in t.formats}
        assert expected <= names


def test_overdue_review_is_flagged_against_the_edition_date(built_site: Path, project: Path) -> None:
    from macros.dates import add_months

    cat = load_catalog(project / "standards")
    edition = cat.current_edition()
    for sv in cat.current_standards():
        s = sv.standard
        late = add_months(s.last_reviewed, s.review_every_months) < edition.date
        text = page_text(built_site, f"standards/{s.slug}/index.html")
        assert (f"en retard à la date de l'édition {edition.id}" in text) == late, s.slug
