"""The real référentiel as its next edition makes it (the edition in preparation, shown as the PMO's preview shows it,
or the published one once it is): one source for who does what, and a light project that is light.

Loaded with preview on: with an edition in preparation it is the one checked, and once published it is the current one,
so these checks hold before and after `pmo publish`."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from macros.catalog.queries import categories, covering_row, gate_entries, scoped_entries
from macros.checks.meaning import meaning_problems
from macros.core.vocabulary import LEVEL_WEIGHT, Level, Scope
from macros.pages.checklist import checklist_lines
from macros.pages.dossier import dossier_data
from macros.pages.gates import gate_page
from macros.pages.templates import templates_index
from macros.project import Loaded
from macros.render.files.csv_text import checklist_csv
from tests.support import PROJECT, load_project


@pytest.fixture(scope="module")
def upcoming() -> Loaded:
    loaded = load_project(PROJECT, preview=True)
    assert loaded.errors == []
    return loaded


def unconditional_mandatory(loaded: Loaded, category: str) -> int:
    cat = loaded.catalog
    assert cat.lifecycle is not None
    return sum(e.item.level == Level.MANDATORY and not e.item.only_if
               for gate in cat.lifecycle.gates for e in gate_entries(cat, gate, category))


def test_a_light_project_is_light(upcoming: Loaded) -> None:
    leger, standard, majeur = (unconditional_mandatory(upcoming, c) for c in ("leger", "standard", "majeur"))
    assert leger <= 60
    assert leger < standard <= majeur


def test_standard_and_major_projects_lose_no_requirement(upcoming: Loaded) -> None:
    """Against the edition before it, no item of a standard or major project gets lighter; an item may only come to
    depend on a characteristic (it stays mandatory for every project that has it)."""
    cat = upcoming.catalog
    edition = cat.current_edition()
    assert edition is not None
    before = next(e for e in reversed(cat.published_editions()) if e.id != edition.id)
    previous = {item.id: item for slug, version in before.standards.items() for item in cat.standards[slug][version].standard.checklist}
    weakened = [(e.item.id, c) for e in scoped_entries(cat, Scope.PROJECT) for c in ("standard", "majeur")
                if e.item.id in previous and LEVEL_WEIGHT[e.item.level_for(c)] < LEVEL_WEIGHT[previous[e.item.id].level_for(c)]]
    assert weakened == []


def test_characteristics_make_items_conditional(upcoming: Loaded) -> None:
    cat = upcoming.catalog
    assert cat.tailoring is not None and len(cat.tailoring.characteristics) >= 5
    conditional = [e.item.id for e in scoped_entries(cat, Scope.PROJECT) if e.item.only_if]
    assert len(conditional) >= 5
    # The whole purchasing chain applies only to a project that buys.
    assert {e.item.id for e in scoped_entries(cat, Scope.PROJECT) if e.standard.slug == "achats-et-contrats" and e.item.only_if != ["fournisseur"]} == set()


def test_at_least_one_gate_decider_differs_per_category(upcoming: Loaded) -> None:
    cat = upcoming.catalog
    assert cat.lifecycle is not None
    ids = [c.id for c in categories(cat)]
    assert any(len({g.decider(c) for c in ids}) > 1 for g in cat.lifecycle.gates)


def test_the_doer_shown_is_an_r_of_the_one_row_that_covers_the_item(upcoming: Loaded) -> None:
    cat = upcoming.catalog
    entries = [e for sv in cat.current_standards() for e in scoped_entries(cat, sv.standard.applies_to) if e.standard is sv.standard]
    for line, entry in zip(checklist_lines(cat, entries), entries, strict=True):
        rows = [r for r in entry.standard.raci if entry.item.id in r.covers]
        assert len(rows) == 1, entry.item.id
        row = covering_row(entry.standard, entry.item.id)
        assert row is not None and [r.id for r in line.doers] == row.R and line.approver is not None and line.approver.id == row.A


def test_the_edition_means_what_it_says(upcoming: Loaded) -> None:
    """Each gate decision has its RACI row with its deciders, no mandatory item relies on a document its category does
    not have, the risk matrix escalates as its scales say: the rules on meaning find nothing."""
    assert [p.format() for p in meaning_problems(upcoming.catalog)] == []


def test_a_very_strong_impact_reaches_the_steering_committee(upcoming: Loaded) -> None:
    sv = upcoming.catalog.current("gestion-des-risques")
    assert sv is not None and sv.standard.risk_matrix is not None
    m = sv.standard.risk_matrix
    reach = {c.id: c.escalates_to for c in m.criticality}
    assert {reach[row["tres-fort"]] for row in m.matrix.values()} == {"copil"}


def test_each_gate_list_names_r_and_a_in_every_category(upcoming: Loaded) -> None:
    cat = upcoming.catalog
    assert cat.lifecycle is not None
    levels: set[str] = set()
    for gate in cat.lifecycle.gates:
        for category in categories(cat):
            page = gate_page(cat, gate, category.id)
            lines = [line for _, group in page.groups for line in group]
            rows = list(csv.reader(io.StringIO(checklist_csv(lines).decode("utf-8-sig")), delimiter=";"))
            assert rows[0][6:8] == ["Réalise (R)", "Approuve (A)"]
            assert all(r[6] and r[7] for r in rows[1:]), (gate.id, category.id)
            levels |= {r[4] for r in rows[1:]}
    # The « Niveau » column says when an item applies to some projects only.
    assert "Obligatoire si le projet achète ou a un fournisseur" in levels


def test_the_gate_file_knows_the_characteristics(upcoming: Loaded) -> None:
    data: dict[str, Any] = json.loads(json.dumps(dossier_data(upcoming.catalog)))
    tailoring = upcoming.catalog.tailoring
    assert tailoring is not None and [c["id"] for c in data["characteristics"]] == [c.id for c in tailoring.characteristics]
    items = {i["id"]: i for i in data["items"]}
    assert items["ACH-04"]["onlyIf"] == ["fournisseur"] and items["LAN-02"]["onlyIf"] == []
    assert items["SUI-05"]["R"] == ["chef-de-projet"] and items["SUI-05"]["A"] == "chef-de-projet"


def test_the_catalogue_offers_a_light_combined_template_to_a_light_project(upcoming: Loaded) -> None:
    uses = {u.template.id: u for u in templates_index(upcoming.catalog).uses}
    combined = uses["charte-et-plan-simplifies"]
    assert combined.categories == {"leger"} and set(combined.template.replaces) == {"charte-de-projet", "plan-de-management"}
    assert "leger" not in uses["charte-de-projet"].categories and "leger" not in uses["plan-de-management"].categories
