"""Attacks through spreadsheets: a text that a spreadsheet would read as a formula stays text (Excel: a string cell;
CSV: a leading « ' »), wherever it comes from; sheet names are made valid."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl
import pytest

from macros.site.download_cache import DownloadCache
from macros.site.plan import generate
from tests.code.attacks.support import COMPLET
from tests.support import FixtureProject

SHEET_VERSION = "standards/suivi-des-actions/1.1.0"
# name -> a text starting like a formula; {m} is a marker that finds the cell again.
FORMULAS = {
    "egal": '=HYPERLINK("https://exemple.invalid","{m}")',
    "plus": "+SUM(1;1)&\"{m}\"",
    "moins": "-1+1&\"{m}\"",
    "arobase": "@SUM(1+1)&\"{m}\"",
    "tabulation": "\t=1+1&\"{m}\"",
}
# where the text is written -> (the files that show it: xlsx, then csv or None)
FORMULA_PLACES = {
    "nom-de-colonne": (f"{SHEET_VERSION}/registre-des-actions.xlsx", f"{SHEET_VERSION}/registre-des-actions.csv"),
    "texte-d-exigence": (f"{SHEET_VERSION}/liste-de-controle.xlsx", f"{SHEET_VERSION}/liste-de-controle.csv"),
    "texte-d-exigence-au-jalon": ("listes-de-controle/bilan-final.xlsx", "listes-de-controle/bilan-final.csv"),
    "ligne-d-exemple": (f"{SHEET_VERSION}/registre-des-actions-exemple.xlsx", None),
}
# template title -> the sheet name Excel accepts (at most 31 characters, none of []:*?/\, no edge quote, unique)
SHEET_TITLES = {
    "Registre [actions]: 2024/25 *?": "Registre actions 2024 25",
    "'Registre cité'": "Registre cité",
    "History": "Modèle",
    "Registre des actions et des décisions du comité de pilotage": "Registre des actions",  # a whole word, none dangling
    "À propos": "À propos (2)",
    "Listes": "Listes (2)",
    "=cmd|' /C calc'!A0": "=cmd|' C calc'!A0",
}


def formula(name: str, place: str) -> str:
    return FORMULAS[name].format(m=f"{place}-{name}".upper())


@pytest.fixture(scope="module")
def spreadsheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """« complet » with formula-like texts in column names, checklist texts and an example's rows, and templates whose
    titles are no valid sheet names; every download generated (as the build would, without MkDocs)."""
    project = FixtureProject.named(COMPLET).copy(tmp_path_factory.mktemp("tableurs") / "p")
    rel = f"{SHEET_VERSION}.yaml"
    # Items of the execution phase show in the standard's checklist; those of the closing phase in the gate's too.
    items = "".join(f"  - id: ACT-{60 + 10 * j + i}\n    phase: {phase}\n    text: {json.dumps(formula(name, place))}\n"
                    "    level: recommandé\n    responsible: pilote\n"
                    for j, (place, phase) in enumerate((("texte-d-exigence", "execution"), ("texte-d-exigence-au-jalon", "cloture")))
                    for i, name in enumerate(FORMULAS))
    project.edit(rel, "raci:\n", items + "raci:\n")
    columns = "".join(f"      - name: {json.dumps(formula(name, 'nom-de-colonne'))}\n" for name in FORMULAS)
    project.edit(rel, "      - name: Échéance\n        type: date\n", "      - name: Échéance\n        type: date\n" + columns)
    registers = "".join(f"  - id: registre-{i}\n    title: {json.dumps(title, ensure_ascii=False)}\n    kind: register\n    formats: [xlsx]\n"
                        "    description: Un registre au titre difficile.\n    columns:\n      - name: Action\n"
                        for i, title in enumerate(SHEET_TITLES))
    project.edit(rel, "kpis:\n", registers + "kpis:\n")
    rows = "".join(f"  - Action: {json.dumps(formula(name, 'ligne-d-exemple'))}\n    Statut: Ouverte\n" for name in FORMULAS)
    project.write("standards/suivi-des-actions/exemples/registre-des-actions.yaml",
                  f"template: registre-des-actions\ntitle: Registre des actions du projet Atlas\nrows:\n{rows}")
    project.relock()
    loaded = project.load()
    assert loaded.errors == [], "\n".join(p.format() for p in loaded.errors)
    files = {f.src: f.content for f in generate(loaded, DownloadCache(None))}
    return {src: content for src, content in files.items() if isinstance(content, bytes)}


def _xlsx_cells(data: bytes, marker: str) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str) and marker in cell.value]


def _written_as(text: str) -> set[str]:
    """How a text may be written in a cell: as typed, or on one line (runs of white space made one space)."""
    return {text, " ".join(text.split())}


@pytest.mark.parametrize("name", FORMULAS)
@pytest.mark.parametrize("place", FORMULA_PLACES)
def test_formula_stays_text_in_excel(spreadsheets: dict[str, bytes], place: str, name: str) -> None:
    text = formula(name, place)
    cells = _xlsx_cells(spreadsheets[FORMULA_PLACES[place][0]], f"{place}-{name}".upper())
    assert cells, f"« {text} » absent de {FORMULA_PLACES[place][0]}"
    for cell in cells:
        assert (cell.data_type, cell.value in _written_as(text)) == ("s", True), f"{cell.coordinate} : {cell.data_type} {cell.value!r}"


@pytest.mark.parametrize("name", FORMULAS)
@pytest.mark.parametrize("place", [p for p, (_, csv_file) in FORMULA_PLACES.items() if csv_file])
def test_formula_is_prefixed_in_csv(spreadsheets: dict[str, bytes], place: str, name: str) -> None:
    text = formula(name, place)
    csv_file = FORMULA_PLACES[place][1]
    assert csv_file is not None
    rows = list(csv.reader(io.StringIO(spreadsheets[csv_file].decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row if f"{place}-{name}".upper() in cell]
    assert cells, f"« {text} » absent de {csv_file}"
    assert all(cell in {"'" + t for t in _written_as(text)} for cell in cells), cells


@pytest.mark.parametrize("title", SHEET_TITLES)
def test_sheet_name_is_made_valid(spreadsheets: dict[str, bytes], title: str) -> None:
    index = list(SHEET_TITLES).index(title)
    book = openpyxl.load_workbook(io.BytesIO(spreadsheets[f"{SHEET_VERSION}/registre-{index}.xlsx"]))
    assert book.sheetnames[0] == SHEET_TITLES[title]
    assert len(set(name.lower() for name in book.sheetnames)) == len(book.sheetnames)
