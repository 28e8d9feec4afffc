"""The PMO's publishing workflow on the fixture project « complet »: the README's steps (validate, edition new,
new-version, diff, publish, build), then each command's refusals, with their exact French messages.

The README's own block of commands is run verbatim on a copy of the real repository by tests/content/test_readme.py.
"""
from __future__ import annotations

import subprocess

import pytest

from macros.site.plan import generate
from tests.support import TODAY, FixtureProject, session_cache

EDITION = "2024.3"
SLUG = "suivi-des-actions"
PREVIOUS, NEW = "1.1.0", "1.2.0"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[FixtureProject, dict[str, str]]:
    """A copy of « complet » where the README's steps publish edition 2024.3, with two changed items and a reworded section.

    Returns the project and the output of each step.
    """
    project = FixtureProject.named("complet").copy(tmp_path_factory.mktemp("publication"))
    steps: dict[str, subprocess.CompletedProcess[str]] = {}

    def step(name: str, *args: str) -> None:
        steps[name] = result = project.pmo(*args)
        assert result.returncode == 0, f"{name}\n{result.stdout}{result.stderr}"

    step("validate", "validate")
    step("edition", "edition", "new", EDITION, "--notes", "Précisions sur le suivi des actions.")
    step("new-version", "new-version", SLUG, "--minor")
    # What the PMO does between creating the draft and reviewing it: reword one item, add a recommended one…
    draft = f"standards/{SLUG}/{NEW}.yaml"
    project.edit(draft, "    text: Revoir les actions ouvertes", "    text: Passer en revue les actions ouvertes")
    project.edit(draft, "raci:\n", "  - id: ACT-06\n    phase: cloture\n    text: Archiver le registre des actions avec le dossier du projet.\n"
                 "    level: recommandé\nraci:\n")
    # …with its doer and approver: the RACI activity that covers it…
    project.edit(draft, "covers: [ACT-04]", "covers: [ACT-04, ACT-06]")
    # …rewrite one section of the guidance, in Markdown, next to the YAML…
    project.edit(f"standards/{SLUG}/{NEW}.md", "## Contexte\n\n", "## Contexte\n\nUne action se décrit en trois temps : quoi, qui, quand.\n\n")
    # …class the rewording of a mandatory item, which the data alone cannot qualify…
    editions = project.read("standards/editions.yaml")
    project.write("standards/editions.yaml", editions + "    changes:\n      - standard: suivi-des-actions\n        item: ACT-03\n"
                  "        impact: rédactionnel\n        note: Reformulation, sans changement de sens.\n")
    # …and review the quiz question on the reworded item for this edition.
    project.edit("quizzes/quiz-actions.yaml", "  - id: q-comite\n", f'  - id: q-comite\n    reviewed: "{EDITION}"\n')
    step("diff", "diff", SLUG)
    step("publish", "publish", EDITION)
    step("build", "build")
    return project, {name: result.stdout for name, result in steps.items()}


def test_each_step_says_what_it_wrote(published: tuple[FixtureProject, dict[str, str]]) -> None:
    _, out = published
    assert out["validate"].startswith("Référentiel valide (2 standards, 3 versions, 3 rôles, 2 éditions, ")
    assert out["edition"].splitlines() == [
        f"standards/editions.yaml : édition {EDITION} ajoutée en brouillon",
        f"Créez les nouvelles versions (pmo new-version <standard> --minor…), puis publiez : pmo publish {EDITION}."]
    assert out["new-version"].splitlines() == [
        f"standards/{SLUG}/{NEW}.yaml : créé (brouillon)",
        f"standards/{SLUG}/{NEW}.md : créé (copie du texte d'accompagnement)",
        f"standards/editions.yaml : édition {EDITION} : {SLUG} passe en {NEW}",
        f"Modifiez ce brouillon, puis vérifiez-le : pmo validate, et pmo diff {SLUG} (ou pmo diff --edition <publiée> <en préparation> pour un rôle)."]
    assert out["publish"].splitlines()[-1] == f"Édition {EDITION} publiée. Construisez le site : make build."
    assert out["build"].strip() == "Site construit et vérifié dans site/."


def test_publish_sets_statuses_dates_and_lock(published: tuple[FixtureProject, dict[str, str]]) -> None:
    project, _ = published
    cat = project.load().catalog
    assert cat.errors == []
    edition = cat.current_edition()
    assert edition is not None and edition.id == EDITION and edition.status == "published"
    assert edition.date == TODAY
    new = cat.standards[SLUG][NEW].standard
    old = cat.standards[SLUG][PREVIOUS].standard
    assert (new.status, new.effective_from, old.status) == ("active", TODAY, "superseded")
    assert new.transition_until is None  # the previous version's window is not carried over
    lock = project.read("standards/published.lock")
    assert f"standards/{SLUG}/{NEW}.yaml" in lock and f"standards/{SLUG}/{NEW}.md" in lock


def test_diff_output_names_the_changed_items(published: tuple[FixtureProject, dict[str, str]]) -> None:
    _, out = published
    lines = out["diff"].splitlines()
    assert lines[0] == f"Suivi des actions ({SLUG}) : {PREVIOUS} → {NEW}"
    # A reworded mandatory item: the words that changed, and the class the PMO gave it in the edition in preparation.
    assert ("~ élément ACT-03 [rédactionnel] texte : [retiré : Revoir] [ajouté : Passer en revue] les actions ouvertes à chaque comité. ; "
            "note du PMO : Reformulation, sans changement de sens.") in lines
    # Who does and who approves the new item: the R and the A of the RACI activity that covers it.
    assert ("+ élément ACT-06 [clarification] « Archiver le registre des actions avec le dossier du projet. » ; niveau : recommandé ; "
            "phase : Clôture ; réalise (R) : Bureau PMO ; approuve (A) : Commanditaire") in lines


def test_site_shows_release_notes_and_keeps_the_old_version(published: tuple[FixtureProject, dict[str, str]]) -> None:
    project, _ = published
    site = project.path("site")
    notes = project.page(f"editions/{EDITION}/index.html", site)
    assert f"Nouveautés de l'édition {EDITION}" in notes
    assert "clarification — Suivi des actions : élément ACT-06" in notes
    # The PMO's class and note of the reworded item, in the notes and on the standard's history page alike.
    assert "rédactionnel — Suivi des actions : élément ACT-03" in notes
    assert "élément ACT-03 (rédactionnel) : Reformulation, sans changement de sens." in notes
    history = project.page(f"standards/{SLUG}/historique/index.html", site)
    assert "élément ACT-03 rédactionnel" in history and "Note du PMO : Reformulation, sans changement de sens." in history
    assert "à qualifier" not in history.split("De 1.1.0 à 1.2.0", 1)[1]
    assert "Ce qui change pour vous" in notes
    old = project.page(f"standards/{SLUG}/{PREVIOUS}/index.html", site)
    assert "Version remplacée" in old and f"version {NEW}" in old
    assert (site / f"standards/{SLUG}/{PREVIOUS}/registre-des-actions.xlsx").exists()
    assert (site / "editions/2024.2/index.html").exists() and (site / f"standards/{SLUG}/1.0.0/index.html").exists()
    assert f"v{NEW}" in project.page(f"standards/{SLUG}/index.html", site)


def test_guidance_change_is_reported_by_section_and_old_text_kept(published: tuple[FixtureProject, dict[str, str]]) -> None:
    project, out = published
    site = project.path("site")
    assert "~ section « Contexte » [rédactionnel] texte modifié : 1 ligne ajoutée" in out["diff"].splitlines()
    assert "section « Contexte »" in project.page(f"standards/{SLUG}/historique/index.html", site)
    new = project.page(f"standards/{SLUG}/index.html", site)
    old = project.page(f"standards/{SLUG}/{PREVIOUS}/index.html", site)
    assert "quoi, qui, quand" in new and "Mise en œuvre" in new
    assert "quoi, qui, quand" not in old and "Une action décidée en revue et jamais suivie" in old


def test_publishing_twice_is_refused(published: tuple[FixtureProject, dict[str, str]]) -> None:
    project, _ = published
    result = project.pmo("publish", EDITION)
    assert result.returncode == 1
    assert result.stdout.strip() == f"Erreur : l'édition {EDITION} est déjà publiée : une édition ne se publie qu'une fois."


def test_diff_of_a_standard_with_one_version_and_of_two_editions(complet: FixtureProject) -> None:
    single = complet.pmo("diff", "revue-de-projet")
    assert single.returncode == 0
    assert single.stdout.splitlines()[:3] == [
        "Le standard « revue-de-projet » n'a qu'une version (1.0.0) : tout son contenu est nouveau.",
        "Revue de projet (revue-de-projet) : nouveau standard, version 1.0.0",
        "+ standard revue-de-projet [nouvelle exigence] PMO-STD-802 ; « Les revues qui jalonnent le projet, et leur compte rendu. » ; "
        "3 éléments de contrôle, dont 3 obligatoires ; 1 modèle"]
    editions = complet.pmo("diff", "--edition", "2024.1", "2024.2")
    assert editions.returncode == 0
    assert editions.stdout.splitlines()[0] == "Édition 2024.1 → 2024.2 : 1 standard concerné, 0 définition de rôle concernée"
    # The PMO's note classes the reworded item as a clarification.
    assert any(line.startswith("~ élément ACT-01 [clarification] texte : ") for line in editions.stdout.splitlines())


RAISED = ("    text: Signaler au commanditaire toute action bloquée depuis plus d'un mois.\n    level: recommandé",
          "    text: Signaler au commanditaire toute action bloquée depuis plus d'un mois.\n    level: obligatoire")


def test_a_new_requirement_is_refused_in_a_minor_version(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    assert project.pmo("new-version", SLUG, "--minor").returncode == 0
    project.edit(f"standards/{SLUG}/{NEW}.yaml", *RAISED)
    result = project.pmo("publish", EDITION)
    assert result.returncode == 1
    assert (f"standards/{SLUG}/{NEW}.yaml:5:10: erreur : version : [bloque la publication] la version {NEW} annonce une évolution mineure depuis {PREVIOUS}, "
            "mais ces changements demandent une version majeure (2.0.0) : ACT-05 (nouvelle exigence)") in result.stdout.splitlines()


def test_a_new_requirement_makes_a_major_version_with_its_transition(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    # A major version says how long projects started before may keep the current one, or why they may not.
    refused = project.pmo("new-version", SLUG, "--major")
    assert refused.returncode == 1
    assert refused.stdout.strip() == (
        "Erreur : une version majeure demande une transition : ajoutez --transition AAAA-MM-JJ (jusqu'à quand les projets "
        "démarrés avant peuvent garder la version actuelle) ou --sans-transition « raison ».")
    assert not project.path(f"standards/{SLUG}/2.0.0.yaml").exists()
    created = project.pmo("new-version", SLUG, "--major", "--transition", "2027-06-30")
    assert created.returncode == 0, created.stdout
    draft = f"standards/{SLUG}/2.0.0.yaml"
    assert "\ntransition_until: 2027-06-30\n" in project.path(draft).read_text(encoding="utf-8")
    project.edit(draft, *RAISED)
    project.edit("quizzes/quiz-actions.yaml", "  - id: q-bloquee\n", f'  - id: q-bloquee\n    reviewed: "{EDITION}"\n')
    diff = project.pmo("diff", SLUG)
    assert "~ élément ACT-05 [nouvelle exigence] niveau : recommandé → obligatoire" in diff.stdout.splitlines()
    published = project.pmo("publish", EDITION)
    assert published.returncode == 0, published.stdout
    notes = {f.src: f.content for f in generate(project.load(), session_cache())}[f"editions/{EDITION}.md"]
    assert isinstance(notes, str) and "30 juin 2027" in notes
    assert "- **nouvelle exigence** — Suivi des actions : élément ACT&#45;05 (niveau &#58; recommandé → obligatoire)" in notes


def test_publish_refused_on_invalid_data(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    assert project.pmo("new-version", "revue-de-projet", "--patch").returncode == 0
    project.edit("standards/revue-de-projet/1.0.1.yaml", "level: obligatoire", "level: obligatoir")
    before = {p: p.read_bytes() for p in project.path("standards").rglob("*") if p.is_file()}
    result = project.pmo("publish", EDITION)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0] == ("standards/revue-de-projet/1.0.1.yaml:20:12: erreur : checklist[0].level : valeur « obligatoir » non permise (vouliez-vous dire « obligatoire » ?) ; "
                        "valeurs permises : 'obligatoire', 'recommandé', 'non applicable'")
    assert lines[-1] == "Erreur : publication refusée : les données contiennent des erreurs ; corrigez-les d'abord (pmo validate)."
    assert {p: p.read_bytes() for p in project.path("standards").rglob("*") if p.is_file()} == before


def test_new_version_refuses_a_second_draft_and_unknown_standard(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("new-version", "revue-de-projet", "--minor", "--date", "2026-12-15").returncode == 0
    again = project.pmo("new-version", "revue-de-projet", "--minor")
    assert again.returncode == 1
    assert again.stdout.strip() == ("Erreur : la version 1.1.0 de « revue-de-projet » est déjà un brouillon de version mineure "
                                    "après 1.0.0 : modifiez-la, ou publiez-la avant d'en créer une autre.")
    unknown = project.pmo("new-version", "revue", "--minor")
    assert unknown.returncode == 1
    assert unknown.stdout.strip() == ("Erreur : standard inconnu « revue » ; standards : revue-de-projet, suivi-des-actions ; "
                                      "rôles : bureau-pmo, commanditaire, pilote.")
    # Comments and layout are kept, only version, status and dates change; the items' « responsible » of the published
    # version go, since the RACI activity that covers an item says who does it and who approves it.
    old = project.read("standards/revue-de-projet/1.0.0.yaml").splitlines()
    new = project.read("standards/revue-de-projet/1.1.0.yaml").splitlines()
    dropped = [line for line in old if line.startswith("    responsible: ")]
    assert len(dropped) == 3 and not any(line.startswith("    responsible: ") for line in new)
    kept = [line for line in old if line not in dropped]
    assert len(kept) == len(new) and new[0].startswith("# Standard d'essai")
    changed = [n for o, n in zip(kept, new, strict=True) if o != n]
    assert changed == ['version: "1.1.0"', "status: draft", "effective_from: 2026-12-15", "last_reviewed: 2026-12-15"]


def test_draft_written_before_the_edition_is_taken_in(complet_copy: FixtureProject) -> None:
    project = complet_copy
    first = project.pmo("new-version", "revue-de-projet", "--minor", "--date", "2026-12-15")
    assert "aucune édition en préparation" in first.stdout
    warned = project.pmo("validate")
    assert "brouillon hors de toute édition" in warned.stdout
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    cat = project.load().catalog
    assert cat.editions[-1].standards == {"suivi-des-actions": "1.1.0", "revue-de-projet": "1.1.0"}


def test_role_definition_gets_a_new_version(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    result = project.pmo("new-version", "commanditaire", "--minor")
    assert result.returncode == 0
    assert result.stdout.splitlines()[:2] == ["standards/roles/commanditaire/1.1.0.md : créé (nouvelle version de la définition)",
                                             f"standards/editions.yaml : édition {EDITION} : commanditaire passe en 1.1.0"]
    cat = project.load().catalog
    assert cat.errors == [] and cat.roles["commanditaire"]["1.1.0"].meta.version == "1.1.0"


def test_publish_refuses_an_edition_without_change(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    result = project.pmo("publish", EDITION)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"standards/editions.yaml:30:5: erreur : editions[2] : [bloque la publication] l'édition {EDITION} ne change rien à l'édition "
        "2024.2 : créez d'abord les nouvelles versions (pmo new-version <standard> --minor…)",
        f"Erreur : publication de l'édition {EDITION} refusée : 1 point bloquant, marqué [bloque la publication] ; rien n'a été écrit."]


def test_publish_keeps_a_planned_future_date(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    assert project.pmo("new-version", "revue-de-projet", "--minor", "--date", "2027-03-01").returncode == 0
    # A version that changes nothing is published only with the PMO's reason.
    project.write("standards/editions.yaml", project.read("standards/editions.yaml") + (
        "    changes:\n      - {standard: revue-de-projet, impact: rédactionnel, note: Version datée du 1er mars 2027.}\n"))
    assert project.pmo("publish", EDITION, "--date", "2027-01-10").returncode == 0
    new = project.load().catalog.standards["revue-de-projet"]["1.1.0"].standard
    assert (new.status, str(new.effective_from)) == ("active", "2027-03-01")
