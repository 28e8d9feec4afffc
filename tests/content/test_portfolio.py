"""`pmo portefeuille` on the fixture portfolio (tests/projects/portefeuille) read against the real référentiel."""
from __future__ import annotations

import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from openpyxl import load_workbook

from macros.core.vocabulary import ANSWER_LABELS
from macros.loading.project_files import RefusedFile, read_project_files
from macros.model import tr
from macros.pages.portfolio import _Data, gate_view
from macros.project import Project, load
from tests.support import PROJECT, TODAY, dossier_contract, load_project, pmo, serve, serve_dossier_data

PORTFOLIO = PROJECT / "tests" / "projects" / "portefeuille"
READABLE = {"Refonte de l'intranet RH", "Déploiement du CRM commercial", "ERP finance – lot 2",
            "Dématérialisation des factures fournisseurs", '<script>alert(1)</script> =HYPERLINK("http://exemple.invalid")'}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _git_status() -> list[str]:
    """Every changed, new or ignored path of the repository but Python's bytecode caches, which any run may write."""
    out = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=PROJECT, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if "__pycache__" not in line]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path, list[str], list[str]]:
    before = _git_status()
    out = tmp_path_factory.mktemp("rapport") / "portefeuille"
    result = pmo(PROJECT, "portefeuille", str(PORTFOLIO), "--sortie", str(out))
    return result, out, before, _git_status()


class _Rows(HTMLParser):
    """The row headers of the first table (one per project), every tag, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables = 0
        self.in_row_header = False
        self.projects: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.tables += tag == "table"
        if tag == "th" and ("scope", "row") in attrs and self.tables == 1:
            self.in_row_header = True
            self.projects.append("")
        if tag == "br":
            self.in_row_header = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self.in_row_header = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.in_row_header:
            self.projects[-1] += data


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ").replace("\u2019", "'")


def test_the_command_names_each_refused_file_and_writes_its_three_files(report: tuple[Any, Path, list[str], list[str]]) -> None:
    result, out, before, after = report
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Fichier refusé : export-outil-ticketing.json : champ inconnu « tickets » ; « type » :")
    assert lines[1] == "Fichier refusé : projet-tronque.json : ce n'est pas un fichier JSON lisible."
    assert lines[2].startswith("5 projets lus, dont 2 prêts pour le passage du jalon préparé ; 2 fichiers refusés. Rapport écrit dans ")
    assert sorted(p.name for p in out.iterdir()) == [".pmo-portefeuille", "portefeuille-projets.csv", "portefeuille.html", "portefeuille.xlsx"]
    # Nothing written in the project's tree (tracked or ignored), nor in its site.
    assert after == before


def test_the_html_lists_every_readable_project_and_keeps_hostile_text_inert(report: tuple[Any, Path, list[str], list[str]]) -> None:
    _, out, _, _ = report
    page = _Rows()
    page.feed((out / "portefeuille.html").read_text(encoding="utf-8"))
    assert {_plain(p) for p in page.projects} == READABLE
    assert [t for t, _ in page.tags if t in {"script", "img", "link", "iframe", "object"}] == []
    assert all(not name.startswith("on") and not str(value).startswith(("http", "//")) for _, attrs in page.tags
               for name, value in attrs.items() if name in {"src", "href"} or name.startswith("on"))
    text = _plain("".join(page.text))
    assert '=HYPERLINK("http://exemple.invalid/x";"cliquez ici")' in text  # a justification, shown as typed
    assert "pas mis à jour depuis 30 jours" in text and "Édition du référentiel en vigueur" in text
    assert "projet-tronque.json : ce n'est pas un fichier JSON lisible" in text
    # Each project with its characteristics; a file saved before they existed says none was answered.
    assert ("Refonte de l'intranet RH RH-2026-07 Léger Achats ou fournisseur, Données personnelles, Mise en service, "
            "Changement pour les utilisateurs Cadrage") in " ".join(_plain(" ".join(page.text)).split())
    assert "COM-2026-02 Standard non précisées Planification" in " ".join(_plain(" ".join(page.text)).split())


def test_the_workbook_has_one_row_per_project_and_the_waived_items(report: tuple[Any, Path, list[str], list[str]]) -> None:
    _, out, _, _ = report
    book = load_workbook(out / "portefeuille.xlsx")
    assert book.sheetnames == ["Projets", "Éléments", "Justifications"]
    projects = book["Projets"]
    assert projects.max_row == 1 + len(READABLE) and projects.freeze_panes == "A2"
    assert {projects.cell(row=r, column=1).value for r in range(2, projects.max_row + 1)} == READABLE
    hostile = next(r for r in range(2, projects.max_row + 1) if str(projects.cell(row=r, column=1).value).startswith("<script>"))
    assert projects.cell(row=hostile, column=2).data_type == "s" and projects.cell(row=hostile, column=2).value == "@SOMME(1;2)"
    items = book["Éléments"]
    headers = [c.value for c in items[1]]
    waived = {items.cell(row=r, column=1).value: items.cell(row=r, column=headers.index("Non applicable : standard") + 1).value
              for r in range(2, items.max_row + 1)}
    assert {f"ACH-0{n}" for n in range(2, 8)} <= {k for k, v in waived.items() if v == 1}
    reasons = [row[5].value for row in book["Justifications"].iter_rows(min_row=2)]
    assert "Aucun achat : le CRM est paramétré en interne par la DSI, sans prestataire ni contrat." in reasons
    formula = next(c for row in book["Justifications"].iter_rows(min_row=2) for c in row if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"
    # One column per characteristic of the référentiel, after the category: a file saved before them answers none.
    tailoring = load(Project.at(PROJECT), preview=False, today=TODAY).catalog.tailoring
    assert tailoring is not None
    names = [tr(c.name) for c in tailoring.characteristics]
    project_headers = [c.value for c in projects[1]]
    assert project_headers[2:3 + len(names)] == ["Catégorie", *names]
    answers = {projects.cell(row=r, column=1).value: [projects.cell(row=r, column=4 + n).value for n in range(len(names))]
               for r in range(2, projects.max_row + 1)}
    assert answers["Déploiement du CRM commercial"] == ["Non précisée"] * len(names)
    assert answers["Refonte de l'intranet RH"] == ["Oui", "Non", "Oui", "Oui", "Oui"]
    csv = (out / "portefeuille-projets.csv").read_bytes().decode("utf-8-sig")
    assert csv.splitlines()[0].startswith(";".join(["Projet", "Code", "Catégorie", *names]))
    assert "'@SOMME(1;2)" in csv and len(csv.strip().splitlines()) == 1 + len(READABLE)


def test_an_empty_or_missing_folder_gets_a_french_message(tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    for folder in (tmp_path / "vide", tmp_path / "absent"):
        result = pmo(PROJECT, "portefeuille", str(folder), "--sortie", str(tmp_path / "sortie"))
        assert result.returncode == 1
        assert result.stdout.startswith("Erreur : aucun fichier de projet"), result.stdout
    assert not (tmp_path / "sortie").exists()


@pytest.fixture(scope="module")
def report_url(report: tuple[Any, Path, list[str], list[str]]) -> Iterator[str]:
    with serve(report[1]) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375, 320])
def test_the_html_report_has_no_accessibility_violation(browser: Any, report_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(report_url) else None)
    page.goto(report_url + "portefeuille.html")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    found = [f"{v['id']} {' '.join(n['target'])}" for v in results.response["violations"] for n in v["nodes"]]
    context.close()
    assert found == [] and outside == []


# --- one readiness logic: the browser's gate file and the CLI read the same files the same way ----------------------

def _data(preview: bool) -> dict[str, Any]:
    """The gate file's data as the site writes it: of the edition in force, or of the edition in preparation (the PMO's
    preview; the one in force once it is published), where items of some projects depend on their characteristics."""
    return dossier_contract(load_project(PROJECT, preview=True) if preview else load(Project.at(PROJECT), preview=False, today=TODAY))


def _python_views(data: dict[str, Any]) -> dict[str, Any]:
    """Each fixture file as `pmo portefeuille` reads it: refused (with its reasons), or its readiness at its gate and
    its answers to the characteristics."""
    indexed = _Data(data)
    out: dict[str, Any] = {}
    categories, phases = [c["id"] for c in indexed.data["categories"]], [p["id"] for p in indexed.data["phases"]]
    for found in read_project_files(PORTFOLIO, categories, phases):
        if isinstance(found, RefusedFile):
            out[found.file] = found.reasons
        else:
            gate = indexed.current_gate(found)
            assert gate is not None
            answers = [f"{name} : {ANSWER_LABELS[indexed.answer(found, cid)].lower()}" for cid, name in indexed.characteristics.items()]
            # The questions its project manager was never asked (every one for a file saved before them): asked once.
            to_ask = [cid for cid in indexed.characteristics if cid not in (found.characteristics or {})]
            out[found.file] = (found, gate_view(indexed, found, gate), answers, bool(to_ask))
    return out


def _said_count(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


@pytest.mark.browser
@pytest.mark.parametrize("preview", [False, True], ids=["edition-en-vigueur", "edition-a-venir"])
def test_the_browser_and_the_cli_agree_on_every_fixture_file(browser: Any, real_url: str, preview: bool) -> None:
    """Both read every file alike: the same refusals, and for each project the same gate, verdict, counts, items that
    apply (given its category and its characteristics) and answers. Against the edition in force (the site as built),
    and the edition in preparation (its data handed to the same page), where the characteristics decide items."""
    data = _data(preview)
    expected = _python_views(data)
    assert len(expected) == 7
    if preview:  # the characteristics must matter here: some project of the fixture needs less because of its answers
        left_out = [name for name, v in expected.items() if isinstance(v, tuple) and any(
            i["phase"] == _gate_phase(data, v[1].gate_id) and i["levels"].get(v[0].category) != "non applicable" and i["key"] not in v[1].shown
            for i in data["items"])]
        assert left_out, "aucun projet du portefeuille n'écarte un élément d'après ses caractéristiques"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if preview:
        serve_dossier_data(page, data)
    page.goto(real_url + "listes-de-controle/mon-dossier-de-jalon/")
    page.locator(".pmo-dossier.is-ready").wait_for()
    picker = page.get_by_label("Charger un projet enregistré (fichier .json)")
    for name, python in expected.items():
        picker.set_input_files(PORTFOLIO / name)
        if isinstance(python, list):  # refused by both, for the same reasons, in the same words
            error = page.locator("#pmo-d-fichier-erreur")
            error.wait_for()
            shown = python[:5]
            assert _plain(error.inner_text()) == _plain(f"Fichier « {name} » refusé : {' ; '.join(shown)}"
                                                        + (f" ; et {_said_count(len(python) - 5, 'autre problème')}" if len(python) > 5 else "") + ".")
            continue
        project, view, answers, to_ask = python
        page.wait_for_function("name => (document.querySelector('#pmo-d-projet').selectedOptions[0] || {}).textContent"
                               "?.startsWith(name)", arg=project.name)
        verdict = _plain(page.locator(".pmo-dossier__verdict").inner_text())
        c = view.counts
        assert verdict.startswith(("✓ Prêt pour le passage — " if view.ready else "✗ Pas encore prêt — ") + _plain(view.gate_name)), name
        assert f"Critères de passage atteints : {view.criteria - len(view.unmet)} sur {view.criteria}" in verdict, name
        mandatory = (f"Éléments obligatoires : {_said_count(c['done'], 'fait')}, {c['na']} non applicable{'s' if c['na'] > 1 else ''}, "
                     f"{_said_count(c['missing'], 'manquant')} (sur {c['mandatory']})")
        assert mandatory in verdict, (name, verdict)
        assert f"Éléments recommandés : {_said_count(c['recommendedDone'], 'fait')} sur {c['recommended']}" in verdict, name
        keys = page.locator("li.pmo-dossier__entry[data-context='i']").evaluate_all("lines => lines.map(l => l.dataset.key)")
        assert keys == view.shown, name
        summary = page.locator(".pmo-dossier__project-meta .pmo-dossier__trait-list li").all_inner_texts()
        assert [_plain(s) for s in summary] == answers, name
        # A file saved before the characteristics existed, or that answered some only: the questions never asked, once.
        assert page.locator(".pmo-dossier__questions").is_visible() == to_ask, name
    context.close()


def _gate_phase(data: dict[str, Any], gate_id: str) -> str:
    return str(next(g["phase"] for g in data["gates"] if g["id"] == gate_id))
