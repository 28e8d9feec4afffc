"""The README's publishing workflow, run verbatim (its ```console block) on a copy of the real repository.

The same steps are tested on the fixture project by tests/code/test_workflow.py; here the README itself is the
subject: its commands exist, run in order and do what it says on the real référentiel.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.support import PROJECT, copy_project, edit, load_project, page_text, readme_blocks, readme_day, readme_section, run_readme_command
from tests.support import readme_commands as commands_of


def readme_commands() -> list[str]:
    section = readme_section("Publier une nouvelle édition des standards")
    return commands_of(readme_blocks(section, "console")[0])


def run(project: Path, command: str) -> subprocess.CompletedProcess[str]:
    return run_readme_command(project, command, README_DAY)


def _latest_version(slug: str) -> str:
    """The version of a standard in the latest edition: the one in preparation, if any, which the README's steps
    follow once it is published."""
    edition = load_project(PROJECT).catalog.latest_edition()
    assert edition is not None and slug in edition.standards, slug
    return edition.standards[slug]


def _draft_edition() -> str | None:
    draft = load_project(PROJECT).catalog.draft_edition()
    return draft.id if draft else None


PREVIOUS = _latest_version("gestion-des-risques")
NEW = f"{int(PREVIOUS.split('.')[0]) + 1}.0.0"  # the README makes a major version: RSK-12 becomes mandatory
EDITION = "2027.3"
# The edition being prepared in the repository, if any: the README's steps start once it is published.
PREPARED = _draft_edition()
# The day the README's steps run: after the last published edition, whose date the new one cannot precede.
README_DAY = readme_day(PROJECT)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository where the README's steps publish edition 2027.3, with two changed items."""
    project = copy_project(tmp_path_factory.mktemp("flux"))
    if PREPARED is not None:
        # The README's example opens the next edition: the one the repository prepares is published first, as the PMO will.
        prepared = run(project, f".venv/bin/pmo publish {PREPARED}")
        assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    outputs = []
    for command in readme_commands():
        if command.startswith(".venv/bin/pmo diff"):
            # What the PMO does between creating the draft and reviewing it: change two items.
            draft = project / f"standards/gestion-des-risques/{NEW}.yaml"
            assert draft.exists()
            text = draft.read_text(encoding="utf-8")
            rsk12 = re.search(r"  - id: RSK-12\n(?:    .*\n)*?    level: recommandé\n    levels:\n      majeur: obligatoire\n", text)
            assert rsk12 is not None, f"RSK-12 must be a recommended item (mandatory for major projects) in {PREVIOUS}"
            mandatory = rsk12.group(0).replace("level: recommandé", "level: obligatoire").replace("    levels:\n      majeur: obligatoire\n", "")
            draft.write_text(text.replace(rsk12.group(0), mandatory), encoding="utf-8")
            edit(draft, "    text: Identifier les risques majeurs", "    text: Recenser et identifier les risques majeurs")
            # …rewrites one section of the guidance, in Markdown, next to the YAML…
            guidance = draft.with_suffix(".md")
            assert guidance.exists(), "new-version copies the guidance text"
            edit(guidance, "## Mise en pratique\n\n", "## Mise en pratique\n\nUn risque se décrit en trois temps : cause, événement, effet.\n\n")
        if command.startswith(".venv/bin/pmo publish"):
            # …and, as the README's step 4 shows, classes the rewording the diff left « à qualifier ».
            edit(project / "standards/editions.yaml", f'  - id: "{EDITION}"\n', f'  - id: "{EDITION}"\n' + CLASSIFIED)
            # The questions on the changed items are reread; the PMO marks them reviewed for this edition.
            stale = mark_questions_reviewed(project)
            assert stale, "a changed mandatory item is covered by at least one quiz question"
        result = run(project, command)
        outputs.append((command, result))
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
    project.joinpath("sorties.txt").write_text("\n".join(f"$ {c}\n{r.stdout}" for c, r in outputs), encoding="utf-8")
    return project


def mark_questions_reviewed(project: Path) -> list[str]:
    """Set `reviewed:` to the new edition on every question `pmo validate` says to review; returns their ids."""
    marked = []
    for problem in load_project(project, today=README_DAY).problems:
        found = re.search(r"question « ([^»]+) » à revoir pour l'édition", problem.message)
        if found is None:
            continue
        path = project / problem.file
        text = path.read_text(encoding="utf-8")
        start = text.index(f"  - id: {found.group(1)}\n")
        end = text.find("\n  - id: ", start + 1) % (len(text) + 1)
        block = re.sub(r'\n    reviewed: "[^"]*"\n', f'\n    reviewed: "{EDITION}"\n', text[start:end])
        path.write_text(text[:start] + block + text[end:], encoding="utf-8")
        marked.append(found.group(1))
    return marked


CLASSIFIED = """\
    changes:
      - standard: gestion-des-risques
        item: RSK-01
        impact: clarification
        note: Recenser les risques était déjà attendu ; la formulation le dit.
"""


def test_readme_shows_the_classification_it_asks_for() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "\n".join("       " + line[4:] if line else "" for line in CLASSIFIED.splitlines()) in readme


def test_readme_lists_the_whole_workflow() -> None:
    commands = readme_commands()
    assert commands[0] == "make validate" and commands[-1] == "make build"
    assert [c.split()[1] for c in commands[1:-1]] == ["edition", "new-version", "diff", "publish"]


def test_publish_sets_statuses_dates_and_lock(published: Path) -> None:
    cat = load_project(published).catalog
    assert cat.errors == []
    edition = cat.current_edition()
    assert edition is not None and edition.id == EDITION and edition.status == "published"
    assert edition.date == README_DAY
    new = cat.standards["gestion-des-risques"][NEW].standard
    old = cat.standards["gestion-des-risques"][PREVIOUS].standard
    assert (new.status, new.effective_from, old.status) == ("active", README_DAY, "superseded")
    assert str(new.transition_until) == "2027-12-31"
    lock = (published / "standards/published.lock").read_text(encoding="utf-8")
    assert f"standards/gestion-des-risques/{NEW}.yaml" in lock


def test_diff_output_names_the_changed_items(published: Path) -> None:
    out = (published / "sorties.txt").read_text(encoding="utf-8")
    assert f"Gestion des risques (gestion-des-risques) : {PREVIOUS} → {NEW}" in out
    assert re.search(r"~ élément RSK-12 \[nouvelle exigence\] niveau : recommandé → obligatoire", out)
    # The rewording of a mandatory item is left to the PMO, with a suggestion.
    # Word by word, the unchanged end of the sentence elided.
    assert ("~ élément RSK-01 [à qualifier] texte : [retiré : Identifier] [ajouté : Recenser et identifier] les risques majeurs et … ; "
            "à qualifier (suggestion : clarification, la formulation change sans nombre, fréquence ni délai)") in out.splitlines()


def test_site_shows_release_notes_and_keeps_the_old_version(published: Path) -> None:
    site = published / "site"
    notes = page_text(site, f"editions/{EDITION}/index.html")
    assert f"Nouveautés de l'édition {EDITION}" in notes
    assert "nouvelle exigence — Gestion des risques : élément RSK-12" in notes
    assert "Ce qui change pour vous" in notes
    old = page_text(site, f"standards/gestion-des-risques/{PREVIOUS}/index.html")
    assert "Version remplacée" in old and f"version {NEW}" in old
    assert (site / f"standards/gestion-des-risques/{PREVIOUS}/registre-des-risques.xlsx").exists()
    assert (site / "editions/2027.1/index.html").exists() and (site / "standards/gestion-des-risques/1.0.0/index.html").exists()
    current = page_text(site, "standards/gestion-des-risques/index.html")
    assert f"v{NEW}" in current


def test_guidance_change_is_reported_by_section_and_old_text_kept(published: Path) -> None:
    out = (published / "sorties.txt").read_text(encoding="utf-8")
    assert "~ section « Mise en pratique » [rédactionnel] texte modifié : 1 ligne ajoutée" in out.splitlines()
    history = page_text(published / "site", "standards/gestion-des-risques/historique/index.html")
    assert "section « Mise en pratique »" in history
    new = page_text(published / "site", "standards/gestion-des-risques/index.html")
    old = page_text(published / "site", f"standards/gestion-des-risques/{PREVIOUS}/index.html")
    assert "cause, événement, effet" in new and "Mise en œuvre" in new
    assert "cause, événement, effet" not in old and "Un risque n'est pas un problème" in old


def test_publishing_twice_is_refused(published: Path) -> None:
    result = run(published, f".venv/bin/pmo publish {EDITION}")
    assert result.returncode == 1
    assert result.stdout.strip() == f"Erreur : l'édition {EDITION} est déjà publiée : une édition ne se publie qu'une fois."
