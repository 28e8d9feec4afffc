"""The README's « Ajouter un standard » and « Ajouter un rôle ou modifier sa définition », run as written on a copy of
the real repository: its files are the README's blocks, its commands the README's console blocks, and the quiz
questions it shows are the ones `pmo validate` asks for.

The README opens edition 2027.3. When the repository already holds an edition in preparation, the test takes the
README's own alternative (`pmo edition add`) and stops before publishing: that edition is someone else's work.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import (
    PROJECT,
    copy_project,
    load_project,
    readme_blocks,
    readme_commands,
    readme_day,
    readme_section,
    run_readme_command,
)

STANDARD = readme_section("Ajouter un standard")
ROLE = readme_section("Ajouter un rôle ou modifier sa définition")
DAY = readme_day(PROJECT)
SLUG = "protection-des-donnees"
QUIZ = "quizzes/risques-et-budget.yaml"
# The edition the repository is already preparing, if any (the README's steps then add to it).
DRAFT = load_project(PROJECT).catalog.draft_edition()


def _file_blocks(section: str) -> dict[str, str]:
    """The README's « Fichier <path>, écrit tel quel » blocks: path -> content."""
    paths = re.findall(r"<!-- Fichier (\S+), écrit tel quel", section)
    blocks = [b for lang in ("yaml", "markdown") for b in readme_blocks(section, lang) if b.startswith(("# yaml-language", "---"))]
    assert len(paths) == len(blocks), (paths, len(blocks))
    return dict(zip(paths, blocks, strict=True))


FILES = {**_file_blocks(STANDARD), **_file_blocks(ROLE)}


def _next_free_id(project: Path, wanted: str) -> str:
    """The README names the next standard id; another standard may have taken it since: then the next free one."""
    taken = {sv.standard.id for versions in load_project(project).catalog.standards.values() for sv in versions.values()}
    if wanted not in taken:
        return wanted
    number = max(int(i.rsplit("-", 1)[1]) for i in taken) + 1
    return f"PMO-STD-{number:03d}"


def _commands(block: str) -> list[str]:
    """A README console block, adapted when an edition is already in preparation (the README's own alternative)."""
    commands = readme_commands(block)
    if DRAFT is None:
        return commands
    alternative = re.findall(r"`(\.venv/bin/pmo edition add [\w-]+)`", STANDARD)
    out: list[str] = []
    for command in commands:
        if " edition new " in command:
            out += alternative
        elif " publish " not in command:
            out.append(command)
    return out


def _insert_topic(text: str, topic: str) -> str:
    """At the end of the `topics:` list: before the next top-level key."""
    start = text.index("\ntopics:\n")
    end = re.compile(r"^\S", re.M).search(text, start + len("\ntopics:\n"))
    assert end is not None
    return text[:end.start()] + topic + text[end.start():]


def _insert_page(text: str, week: int, page: str) -> str:
    """At the end of the `pages:` list of one week of the onboarding path."""
    module = text.index(f"    week: {week}\n")
    pages = text.index("    pages:\n", module)
    end = re.compile(r"^    \S", re.M).search(text, pages + len("    pages:\n"))
    assert end is not None
    return text[:end.start()] + f"      {page}\n" + text[end.start():]


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, subprocess.CompletedProcess[str]]]:
    """A copy of the repository where the README adds its standard and its role; the output of each step."""
    project = copy_project(tmp_path_factory.mktemp("ajout"))
    out: dict[str, subprocess.CompletedProcess[str]] = {}
    for rel, text in FILES.items():
        target = project / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    standard = project / f"standards/{SLUG}/1.0.0.yaml"
    wanted = re.search(r"^id: (\S+)$", standard.read_text(encoding="utf-8"), re.M)
    assert wanted is not None
    standard.write_text(standard.read_text(encoding="utf-8").replace(wanted.group(0), f"id: {_next_free_id(project, wanted.group(1))}"),
                        encoding="utf-8")
    first, last = readme_blocks(STANDARD, "console")
    for n, command in enumerate(_commands(first)):
        out[f"avant les questions {n}"] = run_readme_command(project, command, DAY)
    # Step 5: the topic and questions the README shows, where it says, and the week's new reading.
    topic, questions = (b for b in readme_blocks(STANDARD, "yaml") if not b.startswith("# yaml-language"))
    quiz = project / QUIZ
    quiz.write_text(_insert_topic(quiz.read_text(encoding="utf-8"), topic).rstrip("\n") + "\n\n" + questions, encoding="utf-8")
    page = re.search(r"de la semaine (\d) :\s+`- ([^`]+)`", STANDARD)
    assert page is not None
    parcours = project / "quizzes/parcours.yaml"
    parcours.write_text(_insert_page(parcours.read_text(encoding="utf-8"), int(page.group(1)), f"- {page.group(2)}"), encoding="utf-8")
    for n, command in enumerate(_commands(last)):
        out[f"après les questions {n}"] = run_readme_command(project, command, DAY)
    for name, result in out.items():
        assert result.returncode == 0, f"{name} : {result.args}\n{result.stdout}{result.stderr}"
    return project, out


def test_the_readme_shows_a_standard_citing_its_own_template() -> None:
    text = FILES[f"standards/{SLUG}/1.0.0.yaml"]
    assert "evidence: Colonnes « Objectif du traitement » et « Base légale »" in text
    assert "      - name: Objectif du traitement\n" in text


def test_a_new_standard_citing_its_own_column_is_accepted(added: tuple[Path, dict[str, subprocess.CompletedProcess[str]]]) -> None:
    project, out = added
    opened = out["avant les questions 0"].stdout
    if DRAFT is None:
        assert "standards/editions.yaml : édition 2027.3 ajoutée en brouillon" in opened
    assert "preuve attendue" not in "".join(r.stdout for r in out.values())
    cat = load_project(project, today=DAY).catalog
    edition = next(e for e in cat.editions if e.id == (DRAFT.id if DRAFT else "2027.3"))
    assert edition.standards[SLUG] == "1.0.0" and edition.roles["delegue-a-la-protection-des-donnees"] == "1.0.0"


def test_validate_asks_for_the_questions_the_readme_writes(added: tuple[Path, dict[str, subprocess.CompletedProcess[str]]]) -> None:
    _, out = added
    lines = out["avant les questions 1"].stdout.splitlines()
    asked = [line for line in lines if f"« {SLUG} »" in line]
    assert asked == [
        "quizzes/parcours.yaml:51:5: avertissement : modules[2] : [bloque la publication] le standard « protection-des-donnees » "
        "n'a aucune question dans les quiz des quatre semaines : il en faut au moins 3 ; ajoutez-en 3 au quiz « risques-et-budget » "
        "de la semaine 3 (quizzes/risques-et-budget.yaml), sous un nouveau thème (topics: - {id: protection-des-donnees, name: "
        "Protection des données personnelles}), chacune couvrant un de ses éléments (covers: DCP-01, DCP-02, DCP-03), et sa page "
        "aux lectures de cette semaine (pages: standards/protection-des-donnees/index.md)"]
    # The README follows that advice: the same quiz, week, topic, items and page.
    topic = readme_blocks(STANDARD, "yaml")[1]
    assert topic == "  - id: protection-des-donnees\n    name: Protection des données personnelles\n"
    assert "la semaine 3 : ajoutez à la fin de\n   la liste `topics:` de `quizzes/risques-et-budget.yaml`" in STANDARD
    assert {f"- {item}" for item in ("DCP-01", "DCP-02", "DCP-03")} <= set(readme_blocks(STANDARD, "yaml")[2].replace("      - DCP", "- DCP").split("\n"))
    assert "`- standards/protection-des-donnees/index.md`" in STANDARD
    assert lines[-1].endswith("la publication de l'édition " + (DRAFT.id if DRAFT else "2027.3") + " serait refusée : "
                              + ("1 point bloquant, marqué [bloque la publication]." if DRAFT is None else lines[-1].rsplit(" : ", 1)[1]))


def test_with_its_questions_the_standard_is_published(added: tuple[Path, dict[str, subprocess.CompletedProcess[str]]]) -> None:
    project, out = added
    checked = out["après les questions 0"].stdout
    assert f"« {SLUG} »" not in checked and "risques-et-budget" not in checked and "delegue-a-la-protection" not in checked
    if DRAFT is not None:
        return  # the repository's own edition in preparation is not the README's to publish
    assert checked.splitlines()[-1].startswith("Référentiel valide (17 standards,") and checked.endswith("; 0 avertissement.\n")
    assert out["après les questions 1"].stdout.splitlines()[-1] == "Édition 2027.3 publiée. Construisez le site : make build."
    cat = load_project(project, today=DAY).catalog
    assert cat.current_edition() is not None and cat.current_edition().id == "2027.3"  # type: ignore[union-attr]
    assert cat.standards[SLUG]["1.0.0"].standard.status == "active"


def test_the_published_standard_is_on_every_page_it_belongs_to(added: tuple[Path, dict[str, subprocess.CompletedProcess[str]]],
                                                               tmp_path: Path) -> None:
    project, _ = added
    if DRAFT is not None:
        pytest.skip("l'édition en préparation du dépôt n'est pas publiée par ce test")
    result = subprocess.run([sys.executable, "-m", "macros.adapters.cli", "generate", str(tmp_path / "site")], cwd=project,
                            capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin", "PMO_TODAY": DAY.isoformat(), "PMO_SANS_PDF": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    page = (site / f"standards/{SLUG}/index.md").read_text(encoding="utf-8")
    assert "Protection des données personnelles" in page and "DCP-01" in page and "registre-des-traitements.xlsx" in page
    assert (site / f"standards/{SLUG}/1.0.0/registre-des-traitements.csv").is_file()
    role = (site / "roles/delegue-a-la-protection-des-donnees.md").read_text(encoding="utf-8")
    assert "# Délégué à la protection des données" in role
    assert f"(../standards/{SLUG}/index.md#raci) | Tenir le registre des traitements du projet | C (Consulté) |" in role
    assert "DCP-01" in (site / "listes-de-controle/passage-en-planification-majeur.csv").read_text(encoding="utf-8")
    assert f"standards/{SLUG}/index.md" in (site / "parcours/index.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def role_changed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[subprocess.CompletedProcess[str]]]:
    """A copy where the README's role commands run; an edition is opened first when the repository has none."""
    project = copy_project(tmp_path_factory.mktemp("role"))
    if DRAFT is None:
        opened = run_readme_command(project, '.venv/bin/pmo edition new 2027.3 --notes "Définition de l’analyste PMO précisée."', DAY)
        assert opened.returncode == 0, opened.stdout
    results = [run_readme_command(project, command, DAY) for command in readme_commands(readme_blocks(ROLE, "console")[0])]
    return project, results


def test_a_role_definition_gets_its_next_version(role_changed: tuple[Path, list[subprocess.CompletedProcess[str]]]) -> None:
    project, (created, checked) = role_changed
    assert created.returncode == 0, created.stdout
    latest = max((p.stem for p in (PROJECT / "standards/roles/analyste-pmo").glob("*.md")), key=lambda v: tuple(map(int, v.split("."))))
    major, minor, _ = latest.split(".")
    new = f"{major}.{int(minor) + 1}.0"
    assert created.stdout.splitlines()[0] == f"standards/roles/analyste-pmo/{new}.md : créé (nouvelle version de la définition)"
    assert f'version: "{new}"' in (project / f"standards/roles/analyste-pmo/{new}.md").read_text(encoding="utf-8")
    # As the README says: a copy that changes nothing is not published without a reason.
    assert f"[bloque la publication] analyste-pmo {new} ne change rien à la version {latest}" in checked.stdout


def test_the_readme_role_file_starts_with_its_three_sections() -> None:
    body = FILES["standards/roles/delegue-a-la-protection-des-donnees/1.0.0.md"].split("---\n", 2)[2]
    headings = re.findall(r"^## (.+)$", body, re.M)
    assert headings[:3] == ["Mission", "Responsabilités", "Compétences"]
    assert "« ## Mission », « ## Responsabilités », « ## Compétences », dans cet\nordre" in ROLE
