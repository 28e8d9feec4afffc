"""The portfolio report: project files checked as the gate file checks them, readiness as it computes it, outputs inert."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from macros.commands.portfolio import MARKER, PortfolioError, make_report, output_problem
from macros.core.vocabulary import Answer, ItemStatus
from macros.loading.project_files import RefusedFile, SavedEntry, SavedProject, check_project_file, read_project_files
from macros.pages.portfolio import _Data as Data
from macros.pages.portfolio import gate_view, portfolio_report
from macros.render.files.portfolio import portfolio_csv, portfolio_xlsx
from macros.render.portfolio_page import render_portfolio_page
from tests.support import FixtureProject

TODAY = dt.date(2026, 12, 7)
CATEGORIES, PHASES = ("leger", "standard"), ("cadrage", "execution")

# The gate file's data, reduced to what readiness reads: two gates, four items, levels per category.
DATA: dict[str, Any] = {
    "edition": "2027.1", "default": "standard",
    "categories": [{"id": "leger", "name": "Léger"}, {"id": "standard", "name": "Standard"}],
    "characteristics": [{"id": "fournisseur", "name": "Achats ou fournisseur"}, {"id": "mise-en-service", "name": "Mise en service"}],
    "phases": [{"id": "cadrage", "name": "Cadrage"}, {"id": "execution", "name": "Exécution"}],
    "gates": [
        {"id": "g1", "name": "Passage en exécution", "phase": "cadrage",
         "criteria": [{"id": "A-01", "text": "Charte signée", "evidence": "", "item": "A-01", "categories": ["leger", "standard"], "onlyIf": []},
                      {"id": "budget", "text": "Budget voté", "evidence": "", "item": None, "categories": ["leger", "standard"], "onlyIf": []}]},
        {"id": "g2", "name": "Fin de projet", "phase": "execution", "criteria": []},
    ],
    "items": [
        {"key": "S-1#A-01", "id": "A-01", "standard": "S-1", "phase": "cadrage", "text": "Signer la charte.",
         "levels": {"leger": "obligatoire", "standard": "obligatoire"}, "fingerprint": "aaaa"},
        {"key": "S-1#A-02", "id": "A-02", "standard": "S-1", "phase": "cadrage", "text": "Tenir le registre des risques.",
         "levels": {"leger": "recommandé", "standard": "obligatoire"}, "fingerprint": "bbbb"},
        {"key": "S-1#A-03", "id": "A-03", "standard": "S-1", "phase": "cadrage", "text": "Choisir le fournisseur.",
         "levels": {"leger": "non applicable", "standard": "obligatoire"}, "fingerprint": "cccc"},
        {"key": "S-1#B-01", "id": "B-01", "standard": "S-1", "phase": "execution", "text": "Recetter.",
         "levels": {}, "fingerprint": "dddd"},
    ],
}


def project(category: str = "standard", phase: str = "cadrage", gate: str = "", **entries: SavedEntry) -> SavedProject:
    return SavedProject("p.json", "2027.1", "2026-12-01", "p1", "Projet", "", category, phase, gate, "2026-11-01", "2026-12-01",
                        dict(entries))


DONE, NA = SavedEntry(ItemStatus.DONE), SavedEntry(ItemStatus.NOT_APPLICABLE, "sans objet ici")


def test_readiness_counts_criteria_then_the_mandatory_items_of_the_phase() -> None:
    data = Data(DATA)
    empty = gate_view(data, project(), DATA["gates"][0])
    assert (empty.ready, empty.unmet, empty.missing) == (False, ["Charte signée", "Budget voté"], ["S-1#A-01", "S-1#A-02", "S-1#A-03"])
    # A criterion naming an item is met by the item's status; the gate's own criterion by « <gate>#<id> ».
    ready = gate_view(data, project(**{"S-1#A-01": DONE, "S-1#A-02": NA, "S-1#A-03": DONE, "g1#budget": DONE}), DATA["gates"][0])
    assert ready.ready and ready.counts == {"mandatory": 3, "done": 2, "na": 1, "missing": 0, "recommended": 0,
                                            "recommendedDone": 0, "changed": 0}
    # A léger project: A-02 only recommended, A-03 not applicable at all.
    light = gate_view(data, project("leger", **{"S-1#A-01": DONE, "g1#budget": DONE}), DATA["gates"][0])
    assert light.ready and light.counts["mandatory"] == 1 and light.counts["recommended"] == 1


def test_an_item_without_a_level_for_the_category_takes_the_default_one() -> None:
    view = gate_view(Data(DATA), project(phase="execution"), DATA["gates"][1])
    assert view.missing == ["S-1#B-01"] and not view.ready


def test_a_tick_on_another_wording_is_counted_as_changed() -> None:
    ticked = SavedEntry(ItemStatus.DONE, fingerprint="0000")
    view = gate_view(Data(DATA), project(**{"S-1#A-01": ticked}), DATA["gates"][0])
    assert view.counts["changed"] == 1


def test_the_gate_prepared_is_named_or_follows_the_phase() -> None:
    data = Data(DATA)
    assert data.current_gate(project(phase="execution"))["id"] == "g2"  # type: ignore[index]
    assert data.current_gate(project(phase="execution", gate="g1"))["id"] == "g1"  # type: ignore[index]
    assert data.current_gate(project(phase="execution", gate="inconnu"))["id"] == "g2"  # type: ignore[index]


def _with_characteristics() -> dict[str, Any]:
    """DATA plus, at the end of execution, an item of projects with a supplier, a recommended one of projects with a
    supplier or a go-live, and two criteria: the first names the supplier's item, the second holds for standard only."""
    data: dict[str, Any] = json.loads(json.dumps(DATA))
    data["items"] += [
        {"key": "S-1#C-01", "id": "C-01", "standard": "S-1", "phase": "execution", "text": "Recetter avec le fournisseur.",
         "levels": {"leger": "obligatoire", "standard": "obligatoire"}, "onlyIf": ["fournisseur"], "fingerprint": "eeee"},
        {"key": "S-1#C-02", "id": "C-02", "standard": "S-1", "phase": "execution", "text": "Préparer l'exploitation.",
         "levels": {"leger": "recommandé", "standard": "recommandé"}, "onlyIf": ["fournisseur", "mise-en-service"], "fingerprint": "ffff"}]
    data["gates"][1]["criteria"] = [
        {"id": "C-01", "text": "Recette faite avec le fournisseur", "evidence": "", "item": "C-01", "categories": ["leger", "standard"],
         "onlyIf": ["fournisseur"]},
        {"id": "pv", "text": "Procès-verbal signé", "evidence": "", "item": None, "categories": ["standard"], "onlyIf": []}]
    return data


def test_only_the_items_and_criteria_that_apply_to_the_project_count() -> None:
    """As the gate file: an item of some projects applies when one of its characteristics is answered yes or not
    answered; a criterion holds for the categories the data lists and for the characteristics of the item it names."""
    data = Data(_with_characteristics())
    gate = data.data["gates"][1]
    at_execution = project(phase="execution")

    def view(category: str = "standard", **answers: bool) -> Any:
        return gate_view(data, dataclasses.replace(at_execution, category=category, characteristics=answers), gate)

    not_asked = gate_view(data, at_execution, gate)  # a file of schema 1: nothing is left out
    assert (not_asked.shown, not_asked.criteria, not_asked.missing) == (["S-1#B-01", "S-1#C-01", "S-1#C-02"], 2, ["S-1#B-01", "S-1#C-01"])
    without = view(fournisseur=False, **{"mise-en-service": False})
    assert (without.shown, without.criteria, without.unmet) == (["S-1#B-01"], 1, ["Procès-verbal signé"])
    assert without.counts["recommended"] == 0 and without.missing == ["S-1#B-01"]
    go_live = view(fournisseur=False, **{"mise-en-service": True})
    assert go_live.shown == ["S-1#B-01", "S-1#C-02"] and go_live.counts["recommended"] == 1
    light = view("leger", fournisseur=True)
    assert light.criteria == 1 and light.unmet == ["Recette faite avec le fournisseur"] and light.missing == ["S-1#B-01", "S-1#C-01"]


def test_a_waiver_counts_only_where_the_item_applies_and_each_row_shows_the_answers() -> None:
    files = [dataclasses.replace(project(phase="execution", **{"S-1#C-01": NA, "S-1#B-01": NA}), file="sans.json",
                                 characteristics={"fournisseur": False}),
             dataclasses.replace(project(phase="execution", **{"S-1#C-01": NA}), file="avec.json", characteristics={"fournisseur": True}),
             dataclasses.replace(project(phase="execution"), file="ancien.json")]
    report = portfolio_report(_with_characteristics(), ["2027.1"], files, TODAY)
    assert report.characteristics == [("fournisseur", "Achats ou fournisseur"), ("mise-en-service", "Mise en service")]
    rows = {r.file: r for r in report.projects}
    assert rows["sans.json"].traits == [("Achats ou fournisseur", Answer.NO), ("Mise en service", Answer.UNKNOWN)]
    assert (rows["sans.json"].declared_na, rows["avec.json"].declared_na) == (1, 1)
    waived = next(s for s in report.items if s.key == "S-1#C-01")
    assert waived.not_applicable == {"standard": 1} and [r[0] for r in waived.reasons] == ["Projet"]
    # The HTML says which characteristics a project has, and which it has not answered; the workbook and the CSV give
    # one column per characteristic.
    html = render_portfolio_page(report).replace("\u00a0", " ")
    assert '<th scope="col">Caractéristiques</th>' in html
    assert '<td>aucune<br><span class="note">non précisée : Mise en service</span></td>' in html
    assert '<td>Achats ou fournisseur<br><span class="note">non précisée : Mise en service</span></td>' in html
    assert '<td><span class="note">non précisées</span></td>' in html  # a file saved before the questions
    sheet = load_workbook(io.BytesIO(portfolio_xlsx(report)))["Projets"]
    headers = [c.value for c in sheet[1]]
    assert headers[2:5] == ["Catégorie", "Achats ou fournisseur", "Mise en service"]
    answers = {sheet.cell(row=r, column=headers.index("Fichier") + 1).value: (sheet.cell(row=r, column=4).value, sheet.cell(row=r, column=5).value)
               for r in range(2, sheet.max_row + 1)}
    assert answers == {"sans.json": ("Non", "Non précisée"), "avec.json": ("Oui", "Non précisée"),
                       "ancien.json": ("Non précisée", "Non précisée")}
    assert portfolio_csv(report).decode("utf-8-sig").splitlines()[0].startswith("Projet;Code;Catégorie;Achats ou fournisseur;Mise en service;Phase")


def _file(project_fields: dict[str, Any] | None = None, **top: Any) -> str:
    document = {"schema": 1, "type": "pmo-dossier-de-jalon", "edition": "2027.1", "saved": "2026-12-01",
                "project": {"id": "p1", "name": "CRM", "category": "standard", "phase": "cadrage", "entries": {}, **(project_fields or {})}}
    document.update(top)
    return json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize(("text", "reasons"), [
    ("{", ["ce n'est pas un fichier JSON lisible"]),
    ("[]", ["un objet JSON est attendu"]),
    (_file(type="autre", schema=3), ["« type » : « pmo-dossier-de-jalon » attendu (ce n'est pas un dossier de jalon)",
                                     "« schema » : version 1 ou 2 attendue (le fichier est en version 3)"]),
    (_file({"name": " "}), ["« project.name » : ne peut pas être vide"]),
    (_file({"name": "x" * 121}), ["« project.name » : 120 caractères au plus (121 ici)"]),
    (_file({"name": "a\nb"}), ["« project.name » : une seule ligne est attendue"]),
    (_file({"name": "a\ufffeb"}), ["« project.name » : caractère interdit (U+FFFE) : un fichier Excel ne peut pas le contenir"]),
    (_file({"name": "😀" * 61}), ["« project.name » : 120 caractères au plus (122 ici)"]),  # counted as the browser counts
    (_file({"entries": None}), ["« project.entries » : un objet est attendu"]),
    (_file(schema=3.0), ["« schema » : version 1 ou 2 attendue (le fichier est en version 3)"]),
    (_file(schema=True), ["« schema » : version 1 ou 2 attendue"]),
    (_file(schema="2"), ["« schema » : version 1 ou 2 attendue"]),
    (_file({"characteristics": ["fournisseur"]}), ["« project.characteristics » : un objet est attendu"]),
    (_file({"characteristics": {"fournisseur": "oui", "__proto__": True}}),
     ['« project.characteristics["fournisseur"] » : true, false ou null attendu',
      '« project.characteristics["__proto__"] » : identifiant de caractéristique invalide']),
    (_file({"characteristics": {f"c{n}": True for n in range(101)}}), ["« project.characteristics » : 100 caractéristiques au plus"]),
    (_file(saved="0050-01-01"), ["« saved » : date AAAA-MM-JJ attendue"]),
    (_file({"category": "enorme"}), ["« project.category » : catégorie inconnue « enorme » (attendu : leger, standard)"]),
    (_file({"updated": "2026-02-30"}), ["« project.updated » : date AAAA-MM-JJ attendue"]),
    (_file({"entries": {"S-1#A-01": {"status": "fini"}}}),
     ['« project.entries["S-1#A-01"].status » : statut inconnu (attendu : « à faire », « fait », « non applicable »)']),
    (_file({"entries": {"S-1#A-01": {"status": "non applicable"}}}),
     ['« project.entries["S-1#A-01"] » : un élément « non applicable » doit avoir sa justification']),
    (_file({"entries": {"pas une clé": {"status": "fait"}}}),
     ['« project.entries["pas une clé"] » : clé invalide (attendu « standard#élément » ou « jalon#critère »)']),
    (_file({"script": "<b>"}), ["« project.script » : champ inconnu"]),
])
def test_a_file_is_refused_with_every_reason_the_gate_file_gives(text: str, reasons: list[str]) -> None:
    checked = check_project_file(text, "f.json", CATEGORIES, PHASES)
    assert checked == RefusedFile("f.json", reasons)


def test_a_valid_file_is_read_whole() -> None:
    checked = check_project_file(_file({"entries": {"S-1#A-02": {"status": "non applicable", "justification": "Pas d'achat.",
                                                                 "date": "2026-11-30", "fingerprint": "bbbb"}}}),
                                 "f.json", CATEGORIES, PHASES)
    assert isinstance(checked, SavedProject)
    assert checked.entries == {"S-1#A-02": SavedEntry(ItemStatus.NOT_APPLICABLE, "Pas d'achat.", "", "2026-11-30", "bbbb")}


def test_the_characteristics_are_read_and_a_file_of_schema_1_has_none_yet() -> None:
    """Schema 2 keeps the answers (an id this référentiel does not know is kept); a file saved before (schema 1) is read
    with no answer, as the gate file reads it: its project manager is asked once."""
    answers = {"fournisseur": False, "mise-en-service": None, "ancienne": True}  # None: asked, not answered
    checked = check_project_file(_file({"characteristics": answers}, schema=2), "f.json", CATEGORIES, PHASES)
    assert isinstance(checked, SavedProject) and checked.characteristics == answers
    for older in (_file(), _file({"characteristics": None}, schema=2)):
        read = check_project_file(older, "f.json", CATEGORIES, PHASES)
        assert isinstance(read, SavedProject) and read.characteristics is None


def test_links_and_sub_folders_are_never_read(tmp_path: Path) -> None:
    (tmp_path / "vrai.json").write_text(_file(), encoding="utf-8")
    (tmp_path / "lien.json").symlink_to(tmp_path / "vrai.json")
    (tmp_path / "dossier.json").mkdir()
    found = {f.file: f for f in read_project_files(tmp_path, CATEGORIES, PHASES)}
    assert isinstance(found["vrai.json"], SavedProject)
    assert found["lien.json"] == RefusedFile("lien.json", ["lien symbolique interdit : seuls les fichiers ordinaires du projet sont lus ; "
                                                           "remplacez le lien par le fichier"])
    assert isinstance(found["dossier.json"], RefusedFile)


HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> =HYPERLINK("http://exemple.invalid")'


def _report(*files: SavedProject | RefusedFile) -> Any:
    return portfolio_report(DATA, ["2026.2", "2027.1"], list(files), TODAY)


def test_the_report_refuses_an_unknown_edition_and_flags_stale_or_older_files() -> None:
    old = SavedProject("ancien.json", "2026.2", "2026-10-01", "p2", "Ancien", "", "standard", "cadrage", "", "", "2026-10-01", {})
    unknown = SavedProject("futur.json", "2099.1", "2026-12-01", "p3", "Futur", "", "standard", "cadrage", "", "", "", {})
    report = _report(project(), old, unknown)
    assert [r.file for r in report.refused] == ["futur.json"]
    assert report.refused[0].reasons == ["« edition » : édition « 2099.1 » inconnue du référentiel (éditions publiées : 2026.2, 2027.1)"]
    rows = {r.file: r for r in report.projects}
    assert rows["ancien.json"].stale and rows["ancien.json"].older_edition
    assert not rows["p.json"].stale and not rows["p.json"].older_edition


def test_waived_items_are_counted_by_category_with_their_reasons() -> None:
    light = SavedProject("l.json", "2027.1", "", "l", "Léger A", "", "leger", "cadrage", "", "", "2026-12-01",
                         {"S-1#A-02": SavedEntry(ItemStatus.NOT_APPLICABLE, "Projet sans risque notable.")})
    report = _report(project(**{"S-1#A-02": NA}), light)
    waived = next(s for s in report.items if s.key == "S-1#A-02")
    assert waived.not_applicable == {"standard": 1, "leger": 1}
    assert ("Léger A", "Léger", "Projet sans risque notable.") in waived.reasons
    missing = next(s for s in report.items if s.key == "S-1#A-01")
    assert missing.missing == {"standard": 1, "leger": 1}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_hostile_text_stays_text_in_every_output() -> None:
    hostile = SavedProject("h.json", "2027.1", "", "h", HOSTILE, "=1+1", "standard", "cadrage", "", "", "2026-12-01",
                           {"S-1#A-03": SavedEntry(ItemStatus.NOT_APPLICABLE, HOSTILE)})
    report = _report(hostile)
    parser = _Tags()
    parser.feed(render_portfolio_page(report))
    assert [t for t, _ in parser.tags if t in {"script", "img", "link", "iframe"}] == []
    assert all(not k.startswith("on") for _, attrs in parser.tags for k in attrs)
    assert HOSTILE in "".join(parser.text).replace("\u202f", " ").replace("\u00a0", " ")
    sheets = load_workbook(io.BytesIO(portfolio_xlsx(report)))
    assert sheets.sheetnames == ["Projets", "Éléments", "Justifications"]
    codes = [c for ws in sheets for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(("=", "<"))]
    assert codes and all(c.data_type == "s" for c in codes)
    assert sheets["Projets"].freeze_panes == "A2" and sheets["Projets"].auto_filter.ref.startswith("A1:")
    assert "'=1+1" in portfolio_csv(report).decode("utf-8-sig")


def test_the_output_folder_is_never_a_source_the_site_or_someone_elses(tmp_path: Path) -> None:
    fixture = FixtureProject.named("complet").copy(tmp_path / "p")
    loaded = fixture.load()
    assert output_problem(loaded, fixture.root / "standards" / "x") is not None
    assert output_problem(loaded, fixture.root / "site" / "portefeuille") is not None
    theirs = tmp_path / "notes"
    theirs.mkdir()
    (theirs / "a-moi.txt").write_text("mes notes", encoding="utf-8")
    assert output_problem(loaded, theirs) == ("il contient déjà des fichiers qui ne viennent pas de « pmo portefeuille » (a-moi.txt) ; "
                                              "choisissez un dossier vide ou neuf")
    link = tmp_path / "lien"
    link.symlink_to(tmp_path)
    assert output_problem(loaded, link) == "c'est un lien symbolique ; indiquez le dossier lui-même"
    ours = tmp_path / "rapport"
    ours.mkdir()
    (ours / MARKER).write_text("", encoding="utf-8")
    assert output_problem(loaded, ours) is None


def test_an_empty_folder_gets_a_french_message_and_nothing_is_written(tmp_path: Path) -> None:
    fixture = FixtureProject.named("complet").copy(tmp_path / "p")
    (tmp_path / "vide").mkdir()
    with pytest.raises(PortfolioError, match=r"^aucun fichier de projet \(\*\.json\) dans « .*vide » : rassemblez-y"):
        make_report(fixture.load(), tmp_path / "vide", tmp_path / "sortie", TODAY)
    assert not (tmp_path / "sortie").exists()
