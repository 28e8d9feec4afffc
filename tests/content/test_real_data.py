"""Checks of the real référentiel's data (standards/, quizzes/ of the repository): valid, substantial, locked,
schemas up to date, the editions' differences as the PMO published them.

These fail when the content is wrong or incomplete; the code's own behaviour is tested on fixture projects
(tests/code/, tests/projects/).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros.catalog.lock import lock_text
from macros.commands.schema import SCHEMAS, schema_text
from macros.core.links import quiz_page
from macros.diff.changes import Change
from macros.diff.editions import changes_by_role, diff_editions
from macros.diff.notes import unmatched_notes
from macros.pages import quizzes as quiz_pages
from macros.project import Loaded
from macros.render.diff_text import detail_words, format_terminal
from macros.render.quiz_page import render_parcours_page, render_quiz_page
from tests.support import PROJECT, copy_project, load_project

SCHEMA_LINE = "# yaml-language-server: $schema=../standards/schema/quiz.schema.json"
PARCOURS_SCHEMA_LINE = "# yaml-language-server: $schema=../standards/schema/parcours.schema.json"
REQUIRED_QUIZZES = {"role-du-pmo", "mise-en-place-du-pmo", "devenir-chef-de-projet", "gouvernance",
                    "lancement-et-planification", "risques-et-budget", "changements-et-cloture"}


@pytest.fixture(scope="module")
def real() -> Loaded:
    loaded = load_project(PROJECT)
    assert [p.format() for p in loaded.errors] == []
    return loaded


# --- standards, roles, editions ----------------------------------------------------------------------


def test_real_data_is_valid_and_substantial(real: Loaded) -> None:
    cat = real.catalog
    current = cat.current_standards()
    assert len(current) >= 10
    assert len(cat.roles) >= 8
    assert sum(len(sv.standard.checklist) for sv in current) >= 120
    assert sum(len(sv.standard.templates) for sv in current) >= 12
    assert all(sv.standard.raci for sv in current)
    assert cat.lifecycle is not None
    assert len(cat.lifecycle.phases) >= 4 and len(cat.lifecycle.gates) >= len(cat.lifecycle.phases) - 1


def test_validate_the_real_repository() -> None:
    result = subprocess.run([sys.executable, "-m", "macros.adapters.cli", "validate"], capture_output=True, text=True, cwd=PROJECT, check=False)
    assert result.returncode == 0, result.stdout
    cat = load_project(PROJECT).catalog
    versions = sum(len(v) for v in cat.standards.values())
    assert result.stdout.splitlines()[-1].startswith(
        f"Référentiel valide ({len(cat.standards)} standards, {versions} versions, {len(cat.roles)} rôles, {len(cat.editions)} éditions, ")


def test_every_data_file_names_its_schema() -> None:
    for path in [*(PROJECT / "standards").rglob("*.yaml"), *(PROJECT / "quizzes").glob("*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("$schema=")[1]).resolve()
        assert schema.exists(), path


def test_schema_files_match_the_models() -> None:
    for name, model in SCHEMAS.items():
        path = PROJECT / "standards" / "schema" / f"{name}.schema.json"
        assert path.read_text(encoding="utf-8") == schema_text(model), f"{path} : relancez « pmo schema »"


def test_lock_covers_every_published_file(real: Loaded) -> None:
    assert (PROJECT / "standards/published.lock").read_text(encoding="utf-8") == lock_text(real.catalog)


def impacts(changes: list[Change]) -> dict[str, str]:
    return {c.target: c.impact for c in changes}


def test_real_editions_2025_1_to_2026_1(real: Loaded) -> None:
    cat = real.catalog
    ed = diff_editions(cat, "2025.1", "2026.1")
    by_slug = {s.slug: s for s in ed.standards}
    assert list(by_slug) == ["suivi-et-reporting", "gestion-des-risques", "gestion-des-parties-prenantes"]
    assert ed.roles == []

    risks = by_slug["gestion-des-risques"]
    assert (risks.old_version, risks.new_version) == ("1.0.0", "2.0.0")
    items = {c.item_id: c for c in risks.changes if c.item_id}
    assert {i: (c.kind, c.impact) for i, c in items.items()} == {
        "RSK-08": ("modification", "nouvelle exigence"),
        "RSK-09": ("modification", "nouvelle exigence"),  # a text change the PMO classed as a new requirement
        "RSK-11": ("retrait", "exigence supprimée"),
        "RSK-13": ("ajout", "nouvelle exigence"),
        "RSK-14": ("ajout", "nouvelle exigence"),
    }
    assert str(risks.transition_until) == "2026-06-30"
    assert impacts(risks.changes)["colonne « Provision (€) » du modèle « Registre des risques »"] == "clarification"

    new = by_slug["gestion-des-parties-prenantes"]
    assert (new.old_version, new.new_version) == (None, "1.0.0")
    assert new.changes[0].target == "standard gestion-des-parties-prenantes"
    assert new.changes[0].impact == "nouvelle exigence"

    reporting = by_slug["suivi-et-reporting"]
    reworded = {c.item_id: c for c in reporting.changes if c.item_id}
    assert {i: (c.impact, detail_words(c.details[0]).split(" : ")[0]) for i, c in reworded.items()} == {
        "SUI-06": ("clarification", "texte"), "SUI-07": ("clarification", "texte")}
    assert all(c.note for c in reworded.values())
    assert not any(c.impact in ("nouvelle exigence", "exigence supprimée") for c in reporting.changes)
    edition = next(e for e in cat.editions if e.id == "2026.1")
    assert unmatched_notes(ed, edition) == []

    lines = format_terminal(ed).splitlines()
    assert lines[0] == "Édition 2025.1 → 2026.1 : 3 standards concernés, 0 définition de rôle concernée"
    # The PMO's note follows the change it classes.
    assert ("~ élément RSK-08 [nouvelle exigence] niveau : recommandé → obligatoire ; note du PMO : L'identification des "
            "opportunités, jusqu'ici recommandée, devient obligatoire.") in lines
    assert any(line.startswith("- élément RSK-11 [exigence supprimée] ") for line in lines)

    by_role = changes_by_role(ed)
    assert ("gestion-des-risques", "RACI « Estimer et valider la provision pour risques »") in [
        (sd.slug, c.target) for sd, c in by_role["controleur-de-gestion"]]


# --- quizzes and the onboarding path -----------------------------------------------------------------


def test_real_quizzes_load_without_errors(real: Loaded) -> None:
    quizset = real.quizzes
    assert quizset is not None
    assert [p.format() for p in quizset.errors] == []
    assert set(quizset.quizzes) >= REQUIRED_QUIZZES
    assert quizset.parcours is not None and [m.week for m in quizset.parcours.modules] == [1, 2, 3, 4]


def test_real_quizzes_are_substantial_and_mixed(real: Loaded) -> None:
    assert real.quizzes is not None
    types = set()
    for quiz in real.quizzes.quizzes.values():
        assert len(quiz.questions) >= 8, quiz.id
        types |= {q.type for q in quiz.questions}
        for q in quiz.questions:
            # An explanation teaches: at least two sentences, not a bare « Vrai. ».
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", str(q.explanation)) if len(s) > 15]
            assert len(sentences) >= 2, (quiz.id, q.id)
    assert types == {"single", "multiple", "true_false"}


def test_real_quiz_files_name_their_schema() -> None:
    for path in sorted((PROJECT / "quizzes").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == (PARCOURS_SCHEMA_LINE if path.name == "parcours.yaml" else SCHEMA_LINE), path.name


def test_real_quizzes_render(real: Loaded) -> None:
    cat, quizset = real.catalog, real.quizzes
    assert quizset is not None and quizset.parcours is not None
    for quiz_id, quiz in quizset.quizzes.items():
        page = render_quiz_page(quiz_pages.quiz_page(cat, quiz, quizset.labels, quiz_page(quiz_id)))
        assert page.count("<fieldset") == len(quiz.questions)
    parcours = render_parcours_page(quiz_pages.parcours_page(cat, quizset, quizset.parcours))
    assert [line for line in parcours.splitlines() if line.startswith("## Semaine")] == [
        "## Semaine 1 : Le PMO et le référentiel {#semaine-1}",
        "## Semaine 2 : Gouvernance et cadrage {#semaine-2}",
        "## Semaine 3 : Planification, risques et budget {#semaine-3}",
        "## Semaine 4 : Pilotage, changements et clôture {#semaine-4}",
    ]


def test_rejected_synonyms_are_reported_where_they_are(tmp_path: Path) -> None:
    """The terminology's rejected words, in any case, across a line break of spaces, with a typographic apostrophe;
    never in a YAML key or comment, nor inside another word."""
    project = copy_project(tmp_path / "projet")
    page = project / "docs/guides/essai.md"
    page.write_text("---\nmise_a_jour: 2026-12-01\n---\n\n# Essai\n\nLe Commanditaire valide ; le comité\u00a0directeur tranche.\n"
                    "Un parrainage n'est pas un parrain.\n", encoding="utf-8")
    quiz = project / "quizzes/role-du-pmo.yaml"
    quiz.write_text(quiz.read_text(encoding="utf-8") + "# commanditaire dans un commentaire\n", encoding="utf-8")
    found = [p.format() for p in load_project(project).problems if "employez" in p.message]
    assert found == [
        "docs/guides/essai.md:7:4: avertissement : (fichier) : « Commanditaire » : employez « sponsor » (terme retenu ; "
        "« commanditaire » est écarté, voir le glossaire)",
        "docs/guides/essai.md:7:30: avertissement : (fichier) : « comité\u00a0directeur » : employez « comité de pilotage » "
        "(terme retenu ; « comité directeur » est écarté, voir le glossaire)",
        "docs/guides/essai.md:8:28: avertissement : (fichier) : « parrain » : employez « sponsor » (terme retenu ; « parrain » est "
        "écarté, voir le glossaire)",
    ]
