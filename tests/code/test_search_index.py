"""The search index of the built fixture site: written in UTF-8, and holding each text once, where it is defined.

Every page is found by its title and introduction; left out are the pages and sections that repeat another page
(the other categories of a gate, a standard's items on gate lists and role pages, the catalogue, the RACI matrix's
cells, the details of release notes), version tables, and quiz questions (their answers would show in the results).
The ranking itself is tested in Chromium on the real site (tests/content/test_real_site_browser.py)."""
from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.support import FixtureProject


@pytest.fixture(scope="module")
def index(complet: FixtureProject) -> dict[str, Any]:
    assert complet.site is not None
    raw = (complet.site / "search" / "search_index.json").read_bytes()
    # UTF-8, not « \u00e9 »: a fifth of the index, downloaded on every first visit.
    assert b"\\u00" not in raw and "é".encode() in raw
    found: dict[str, Any] = json.loads(raw)
    return found


def _locations(index: dict[str, Any]) -> list[str]:
    return [doc["location"] for doc in index["docs"]]


def test_pages_that_repeat_another_page_are_not_indexed(index: dict[str, Any]) -> None:
    locations = _locations(index)
    assert "listes-de-controle/feu-vert-execution/" in locations and "standards/revue-de-projet/" in locations
    assert not [loc for loc in locations if re.search(r"/historique/|/\d+\.\d+\.\d+/|^listes-de-controle/[^/]+/[^/#]+/", loc)]


@pytest.mark.parametrize("section", [
    r"standards/[^/]+/#historique", r"standards/[^/]+/#adaptation", r"roles/[^/]+/#dans-les-standards", r"roles/[^/]+/#elements",
    r"listes-de-controle/[^/]+/#elements", r"modeles/#(?:tous-les-modeles|par-|phase-|role-|format-)",
    r"editions/[^/]+/#(?:transition|pour-|modif-|modifications|role-)",
])
def test_sections_that_repeat_another_page_are_not_indexed(index: dict[str, Any], section: str) -> None:
    assert not [loc for loc in _locations(index) if re.fullmatch(section + ".*", loc)]


def test_every_page_is_still_found_by_its_title_and_introduction(index: dict[str, Any]) -> None:
    pages = {doc["location"]: doc for doc in index["docs"] if "#" not in doc["location"]}
    for page in ("roles/pilote/", "roles/matrice-raci/", "modeles/", "editions/2024.2/", "parcours/quiz/quiz-actions/"):
        assert page in pages, page
    assert pages["roles/matrice-raci/"]["boost"] == 3 and pages["roles/pilote/"]["boost"] == 2
    assert "R\u00a0: réalise" in pages["roles/matrice-raci/"]["text"]
    # The matrix's cells (searched in each standard's RACI), the quiz's questions and answers stay out of the index.
    assert "Animer la revue" not in pages["roles/matrice-raci/"]["text"]
    assert [doc["location"] for doc in index["docs"] if "Animer la revue" in doc["text"]] == ["standards/revue-de-projet/#raci"]
    quiz = pages["parcours/quiz/quiz-actions/"]
    assert quiz["title"] == "Le suivi des actions" and "registre des actions" in quiz["text"]
    assert "Quand ouvrez-vous le registre des actions" not in json.dumps(index, ensure_ascii=False)


def test_links_to_files_and_controls_are_not_indexed(index: dict[str, Any]) -> None:
    # What to click (downloads, fingerprints, buttons, counts) is no answer to a search: the templates' descriptions
    # and the items are.
    texts = json.dumps([doc["text"] for doc in index["docs"] if doc["location"].startswith("standards/")], ensure_ascii=False)
    assert "Registre des actions ouvert" in texts or "registre des actions" in texts
    for control in ("Télécharger", "Vérifier l’authenticité", "empreinte", "Imprimer la liste", "à vérifier."):
        assert control not in texts, control
