"""The PMO's publishing workflow, run exactly as the README writes it, on a copy of the repository."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import load_catalog
from tests.support import PROJECT, copy_project
from tests.support import page_text


def readme_commands() -> list[str]:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Publier une nouvelle édition des standards"):]
    block = re.search(r"```console\n(.*?)```", section, re.S)
    assert block is not None
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def run(project: Path, command: str) -> subprocess.CompletedProcess[str]:
    """Run one README command; `make X` runs the same tool the Makefile target runs."""
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "PMO_TODAY": "2026-11-26"}
    if command.startswith(".venv/bin/pmo "):
        args = [sys.executable, "-m", "macros.cli", *_split(command.removeprefix(".venv/bin/pmo "))]
    elif command in ("make validate", "make build"):
        args = [sys.executable, "-m", "macros.cli", command.split()[1]]
    else:
        raise AssertionError(f"commande inattendue dans le README : {command}")
    return subprocess.run(args, cwd=project, capture_output=True, text=True, env=env, check=False)


def _split(text: str) -> list[str]:
    import shlex

    return shlex.split(text)


def pmo_edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PREVIOUS = load_catalog(PROJECT / "standards").current("gestion-des-risques").standard.version
NEW = ".".join([PREVIOUS.split(".")[0], str(int(PREVIOUS.split(".")[1]) + 1), "0"])


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository where the README's steps publish edition 2027.1, with two changed items."""
    project = copy_project(tmp_path_factory.mktemp("flux"))
    outputs = []
    for command in readme_commands():
        if command.startswith(".venv/bin/pmo diff"):
            # What the PMO does between creating the draft and reviewing it: change two items.
            draft = project / f"standards/gestion-des-risques/{NEW}.yaml"
            assert draft.exists()
            text = draft.read_text(encoding="utf-8")
            rsk07 = re.search(r"  - id: RSK-12\n(?:    .*\n)*?    level: recommandé\n", text)
            assert rsk07 is not None, "RSK-12 must be a recommended item in 2.0.0"
            draft.write_text(text.replace(rsk07.group(0), rsk07.group(0).replace("level: recommandé", "level: obligatoire")), encoding="utf-8")
            pmo_edit(draft, "    text: Identifier", "    text: Recenser et identifier")
            # …and rewrites one section of the guidance, in Markdown, next to the YAML.
            guidance = draft.with_suffix(".md")
            assert guidance.exists(), "new-version copies the guidance text"
            pmo_edit(guidance, "## Contexte\n\n", "## Contexte\n\nUn risque se décrit en trois temps : cause, événement, effet.\n\n")
        result = run(project, command)
        outputs.append((command, result))
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
    project.joinpath("sorties.txt").write_text("\n".join(f"$ {c}\n{r.stdout}" for c, r in outputs), encoding="utf-8")
    return project


def test_readme_lists_the_whole_workflow() -> None:
    commands = readme_commands()
    assert commands[0] == "make validate" and commands[-1] == "make build"
    assert [c.split()[1] for c in commands[1:-1]] == ["edition", "new-version", "diff", "publish"]


def test_publish_sets_statuses_dates_and_lock(published: Path) -> None:
    cat = load_catalog(published / "standards")
    assert cat.errors == []
    edition = cat.current_edition()
    assert edition is not None and edition.id == "2027.1" and edition.status == "published"
    assert str(edition.date) == "2026-11-26"
    new = cat.standards["gestion-des-risques"][NEW].standard
    old = cat.standards["gestion-des-risques"][PREVIOUS].standard
    assert (new.status, str(new.effective_from), old.status) == ("active", "2026-11-26", "superseded")
    lock = (published / "standards/published.lock").read_text(encoding="utf-8")
    assert f"standards/gestion-des-risques/{NEW}.yaml" in lock


def test_diff_output_names_the_changed_items(published: Path) -> None:
    out = (published / "sorties.txt").read_text(encoding="utf-8")
    assert f"Gestion des risques (gestion-des-risques) : {PREVIOUS} → {NEW}" in out
    assert re.search(r"~ élément RSK-12 \[nouvelle exigence\] niveau : recommandé → obligatoire", out)
    assert re.search(r"~ élément RSK-\d\d \[rédactionnel\] texte : « Identifier", out)


def test_site_shows_release_notes_and_keeps_the_old_version(published: Path) -> None:
    site = published / "site"
    notes = page_text(site, "editions/2027.1/index.html")
    assert "Nouveautés de l'édition 2027.1" in notes
    assert "nouvelle exigence — Gestion des risques : élément RSK-12" in notes
    assert "Ce qui change pour vous" in notes
    old = page_text(site, f"standards/gestion-des-risques/{PREVIOUS}/index.html")
    assert "Version remplacée" in old and f"version {NEW}" in old
    assert (site / f"standards/gestion-des-risques/{PREVIOUS}/registre-des-risques.xlsx").exists()
    assert (site / "editions/2026.1/index.html").exists() and (site / "standards/gestion-des-risques/1.0.0/index.html").exists()
    current = page_text(site, "standards/gestion-des-risques/index.html")
    assert f"v{NEW}" in current


def test_guidance_change_is_reported_by_section_and_old_text_kept(published: Path) -> None:
    out = (published / "sorties.txt").read_text(encoding="utf-8")
    assert "~ section « Contexte » [rédactionnel]" in out
    notes = page_text(published / "site", "editions/2027.1/index.html")
    assert "section « Contexte »" in notes
    new = page_text(published / "site", "standards/gestion-des-risques/index.html")
    old = page_text(published / "site", f"standards/gestion-des-risques/{PREVIOUS}/index.html")
    assert "cause, événement, effet" in new and "Mise en œuvre" in new
    assert "cause, événement, effet" not in old and "La norme ISO 31000 définit le risque" in old


def test_publishing_twice_is_refused(published: Path) -> None:
    result = run(published, ".venv/bin/pmo publish 2027.1")
    assert result.returncode == 1
    assert result.stdout.strip() == "Erreur : l'édition 2027.1 est déjà publiée : une édition ne se publie qu'une fois."


def test_publish_refused_on_invalid_data(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run(project, '.venv/bin/pmo edition new 2027.1 --notes "Essai."').returncode == 0
    assert run(project, ".venv/bin/pmo new-version planification --patch").returncode == 0
    draft = max((project / "standards/planification").glob("*.yaml"), key=lambda p: p.stat().st_mtime_ns)
    pmo_edit(draft, "level: obligatoire", "level: obligatoir")
    before = {p: p.read_bytes() for p in (project / "standards").rglob("*") if p.is_file()}
    result = run(project, ".venv/bin/pmo publish 2027.1")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert re.match(r"standards/planification/1\.0\.\d\.yaml:\d+:\d+: erreur : checklist\[\d+\]\.level : valeur « obligatoir » non permise", lines[0])
    assert lines[-1] == "Erreur : publication refusée : les données contiennent des erreurs ; corrigez-les d'abord (pmo validate)."
    after = {p: p.read_bytes() for p in (project / "standards").rglob("*") if p.is_file()}
    assert after == before


def test_new_version_refuses_a_second_draft_and_unknown_standard(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run(project, ".venv/bin/pmo new-version planification --minor --date 2026-12-15").returncode == 0
    again = run(project, ".venv/bin/pmo new-version planification --minor")
    assert again.returncode == 1
    assert again.stdout.strip() == ("Erreur : la version 1.1.0 de « planification » est encore un brouillon : "
                                    "modifiez-la, ou publiez-la avant d'en créer une autre.")
    unknown = run(project, ".venv/bin/pmo new-version planif --minor")
    assert unknown.stdout.startswith("Erreur : standard inconnu « planif » ; standards : budget-et-couts,")
    # Comments and layout are kept, only version, status and dates change.
    latest = load_catalog(PROJECT / "standards").current("planification").standard.version
    old = (project / f"standards/planification/{latest}.yaml").read_text(encoding="utf-8").splitlines()
    new = (project / "standards/planification/1.1.0.yaml").read_text(encoding="utf-8").splitlines()
    changed = [n for o, n in zip(old, new, strict=False) if o != n]
    assert [c.split(":")[0] for c in changed] == ["version", "status", "effective_from", "last_reviewed"]


def test_draft_written_before_the_edition_is_taken_in(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    first = run(project, ".venv/bin/pmo new-version planification --minor --date 2026-12-15")
    assert "aucune édition en préparation" in first.stdout
    warned = run(project, ".venv/bin/pmo validate")
    assert "brouillon hors de toute édition" in warned.stdout
    assert run(project, '.venv/bin/pmo edition new 2027.1 --notes "Essai."').returncode == 0
    cat = load_catalog(project / "standards")
    assert cat.editions[-1].standards["planification"] == "1.1.0"


def test_role_definition_gets_a_new_version(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run(project, '.venv/bin/pmo edition new 2027.1 --notes "Essai."').returncode == 0
    result = run(project, ".venv/bin/pmo new-version sponsor --minor")
    assert result.returncode == 0
    assert result.stdout.splitlines()[:2] == ["standards/roles/sponsor/1.1.0.md : créé (nouvelle version de la définition)",
                                             "standards/editions.yaml : édition 2027.1 : sponsor passe en 1.1.0"]
    cat = load_catalog(project / "standards")
    assert cat.errors == [] and cat.roles["sponsor"]["1.1.0"].meta.version == "1.1.0"


def test_publish_refuses_an_edition_without_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run(project, '.venv/bin/pmo edition new 2027.1 --notes "Essai."').returncode == 0
    result = run(project, ".venv/bin/pmo publish 2027.1")
    assert result.returncode == 1
    assert result.stdout.startswith("Erreur : l'édition 2027.1 ne change rien à l'édition ")


def test_publish_keeps_a_planned_future_date(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run(project, '.venv/bin/pmo edition new 2027.1 --notes "Essai."').returncode == 0
    assert run(project, ".venv/bin/pmo new-version planification --minor --date 2027-03-01").returncode == 0
    assert run(project, ".venv/bin/pmo publish 2027.1 --date 2027-01-10").returncode == 0
    new = load_catalog(project / "standards").standards["planification"]["1.1.0"].standard
    assert (new.status, str(new.effective_from)) == ("active", "2027-03-01")
