"""The PMO's mistakes are undone by a command, on the fixture project « complet »: a draft given the wrong version
number is renumbered, an edit made in a published file moves into the new draft (from git), a past transition is
refused before anything is planned. Each message is checked exactly."""
from __future__ import annotations

import signal
import subprocess

from tests.support import FixtureProject, tree_bytes

EDITION = "2024.3"
SLUG = "suivi-des-actions"
RAISED = ("    text: Signaler au commanditaire toute action bloquée depuis plus d'un mois.\n    level: recommandé",
          "    text: Signaler au commanditaire toute action bloquée depuis plus d'un mois.\n    level: obligatoire")
PUBLISHED = f"standards/{SLUG}/1.1.0.yaml"


def git(project: FixtureProject, *args: str) -> str:
    """Run git in the project, as the PMO's checkout would (an identity of its own, no global configuration)."""
    result = subprocess.run(["git", "-c", "user.name=PMO", "-c", "user.email=pmo@example.org", "-c", "init.defaultBranch=main", *args],
                            cwd=project.root, capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin", "HOME": str(project.root)})
    assert result.returncode == 0, result.stderr
    return result.stdout


def committed(project: FixtureProject) -> FixtureProject:
    project.write(".gitignore", ".pmo.lock\n")  # as the repository's own: the lock of a running command is not data
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Référentiel publié")
    return project


def minor_draft_that_must_be_major(project: FixtureProject) -> FixtureProject:
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    assert project.pmo("new-version", SLUG, "--minor").returncode == 0
    project.edit(f"standards/{SLUG}/1.2.0.yaml", *RAISED)
    project.edit(f"standards/{SLUG}/1.2.0.md", "## Contexte\n\n", "## Contexte\n\nUne action bloquée se signale.\n\n")
    return project


def test_a_minor_draft_is_renumbered_major_with_its_content(complet_copy: FixtureProject) -> None:
    project = minor_draft_that_must_be_major(complet_copy)
    wrong = project.pmo("validate")
    assert (f"standards/{SLUG}/1.2.0.yaml:5:10: erreur : version : [bloque la publication] la version 1.2.0 annonce une évolution "
            "mineure depuis 1.1.0, mais ces changements demandent une version majeure (2.0.0) : ACT-05 (nouvelle exigence)") in wrong.stdout
    draft = project.read(f"standards/{SLUG}/1.2.0.yaml")
    refused = project.pmo("new-version", SLUG, "--major")
    assert refused.stdout.strip() == (
        "Erreur : une version majeure demande une transition : ajoutez --transition AAAA-MM-JJ (jusqu'à quand les projets démarrés avant "
        "peuvent garder la version actuelle) ou --sans-transition « raison ».")
    renumbered = project.pmo("new-version", SLUG, "--major", "--transition", "2027-06-30")
    assert renumbered.returncode == 0, renumbered.stdout
    assert renumbered.stdout.splitlines()[:5] == [
        f"standards/{SLUG}/2.0.0.yaml : créé (brouillon 1.2.0 renuméroté, contenu gardé)",
        f"standards/{SLUG}/2.0.0.md : créé (texte d'accompagnement de 1.2.0, renuméroté)",
        f"standards/{SLUG}/1.2.0.yaml : supprimé (renuméroté en 2.0.0)",
        f"standards/{SLUG}/1.2.0.md : supprimé (renuméroté en 2.0.0)",
        f"standards/editions.yaml : édition {EDITION} : {SLUG} passe en 2.0.0"]
    assert not project.path(f"standards/{SLUG}/1.2.0.yaml").exists() and not project.path(f"standards/{SLUG}/1.2.0.md").exists()
    # The content is kept: only the version changes, and the transition is written where new-version writes it.
    new = project.read(f"standards/{SLUG}/2.0.0.yaml")
    assert new == draft.replace('version: "1.2.0"', 'version: "2.0.0"').replace("effective_from: 2026-11-26\n",
                                                                                "effective_from: 2026-11-26\ntransition_until: 2027-06-30\n")
    assert "Une action bloquée se signale." in project.read(f"standards/{SLUG}/2.0.0.md")
    draft_edition = project.load().catalog.draft_edition()
    assert draft_edition is not None and draft_edition.standards[SLUG] == "2.0.0"
    assert [p.format() for p in project.load().errors] == []


def test_a_major_draft_renumbered_minor_loses_its_transition(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    assert project.pmo("new-version", SLUG, "--major", "--transition", "2027-06-30").returncode == 0
    back = project.pmo("new-version", SLUG, "--minor")
    assert back.returncode == 0, back.stdout
    text = project.read(f"standards/{SLUG}/1.2.0.yaml")
    assert 'version: "1.2.0"' in text and "transition_until" not in text
    again = project.pmo("new-version", SLUG, "--minor")
    assert again.returncode == 1
    assert again.stdout.strip() == (f"Erreur : la version 1.2.0 de « {SLUG} » est déjà un brouillon de version mineure après 1.1.0 : "
                                    "modifiez-la, ou publiez-la avant d'en créer une autre.")


def test_a_missing_transition_is_written_by_the_same_command(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    assert project.pmo("new-version", SLUG, "--major", "--transition", "2027-06-30").returncode == 0
    project.edit(f"standards/{SLUG}/2.0.0.yaml", "transition_until: 2027-06-30\n", "")
    missing = project.pmo("validate")
    assert missing.returncode == 1
    assert (f"standards/{SLUG}/2.0.0.yaml:5:10: erreur : version : [bloque la publication] une version majeure demande une transition : "
            "ajoutez transition_until: AAAA-MM-JJ (jusqu'à quand les projets démarrés avant peuvent garder la version 1.1.0), ou "
            "without_transition: « la raison d'appliquer la nouvelle version sans délai »") in missing.stdout.splitlines()
    written = project.pmo("new-version", SLUG, "--major", "--transition", "2027-09-30")
    assert written.returncode == 0, written.stdout
    assert written.stdout.splitlines()[0] == f"standards/{SLUG}/2.0.0.yaml : transition écrite : jusqu'au 30 septembre 2027"
    assert "\ntransition_until: 2027-09-30\n" in project.read(f"standards/{SLUG}/2.0.0.yaml")
    assert project.load().errors == []


def test_a_role_draft_is_renumbered(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("edition", "new", EDITION, "--notes", "Essai.").returncode == 0
    assert project.pmo("new-version", "pilote", "--minor").returncode == 0
    renumbered = project.pmo("new-version", "pilote", "--major")
    assert renumbered.returncode == 0, renumbered.stdout
    assert renumbered.stdout.splitlines()[:3] == [
        "standards/roles/pilote/2.0.0.md : créé (brouillon 1.1.0 renuméroté, contenu gardé)",
        "standards/roles/pilote/1.1.0.md : supprimé (renuméroté en 2.0.0)",
        f"standards/editions.yaml : édition {EDITION} : pilote passe en 2.0.0"]
    assert 'version: "2.0.0"' in project.read("standards/roles/pilote/2.0.0.md")
    cat = project.load().catalog
    assert cat.errors == [] and cat.draft_edition().roles["pilote"] == "2.0.0"  # type: ignore[union-attr]


def test_an_interrupted_renumbering_is_finished_by_the_next_command(complet_copy: FixtureProject) -> None:
    """Killed after the new files are written but before the old ones go, the journal finishes the renaming."""
    project = minor_draft_that_must_be_major(complet_copy)
    killed = project.pmo("new-version", SLUG, "--major", "--transition", "2027-06-30", env={"PMO_TEST_KILL_AFTER": "9"})
    assert killed.returncode == -signal.SIGKILL
    assert project.path(f"standards/{SLUG}/2.0.0.yaml").exists() and project.path(f"standards/{SLUG}/1.2.0.yaml").exists()
    assert "a été interrompue" in project.pmo("validate").stdout
    resumed = project.pmo("publish", "--reprendre")
    assert resumed.returncode == 0, resumed.stdout
    assert not project.path(f"standards/{SLUG}/1.2.0.yaml").exists() and not project.path(f"standards/{SLUG}/1.2.0.md").exists()
    assert project.load().errors == []


def test_an_edit_of_a_published_file_moves_into_the_new_draft(complet_copy: FixtureProject) -> None:
    project = committed(complet_copy)
    original = project.read(PUBLISHED)
    project.edit(PUBLISHED, "    text: Revoir les actions ouvertes", "    text: Passer en revue les actions ouvertes")
    # The error is at the first changed character, with the command that repairs it.
    assert [p.format() for p in project.load().errors] == [
        f"{PUBLISHED}:31:11: erreur : (fichier) : fichier publié modifié (première différence ligne 31) : une version publiée ne change "
        f"plus ; « pmo new-version {SLUG} --patch, --minor ou --major » reporte la modification dans une nouvelle version et restaure ce "
        "fichier"]
    moved = project.pmo("new-version", SLUG, "--minor")
    assert moved.returncode == 0, moved.stdout
    assert moved.stdout.splitlines()[:4] == [
        f"standards/{SLUG}/1.2.0.yaml : créé (brouillon)",
        f"standards/{SLUG}/1.2.0.md : créé (copie du texte d'accompagnement)",
        "standards/editions.yaml : inchangé : aucune édition en préparation ; « pmo edition new <id> » reprendra ce brouillon",
        f"{PUBLISHED} : restauré (version publiée, d'après git) ; la modification est dans le nouveau brouillon"]
    assert project.read(PUBLISHED) == original
    assert git(project, "status", "--porcelain") == f"?? standards/{SLUG}/1.2.0.md\n?? standards/{SLUG}/1.2.0.yaml\n"
    assert "    text: Passer en revue les actions ouvertes à chaque comité.\n" in project.read(f"standards/{SLUG}/1.2.0.yaml")
    assert project.load().errors == []


def test_an_edit_of_a_published_role_moves_into_its_new_version(complet_copy: FixtureProject) -> None:
    project = committed(complet_copy)
    role = "standards/roles/pilote/1.0.0.md"
    original = project.read(role)
    project.write(role, original.replace("## Mission\n", "## Mission\n\nConduire le projet d'essai.\n", 1))
    moved = project.pmo("new-version", "pilote", "--minor")
    assert moved.returncode == 0, moved.stdout
    assert project.read(role) == original
    assert "Conduire le projet d'essai." in project.read("standards/roles/pilote/1.1.0.md")
    assert project.load().errors == []


def test_a_guidance_text_written_beside_a_published_version_moves_into_the_new_draft(complet_copy: FixtureProject) -> None:
    project = complet_copy.write("standards/revue-de-projet/1.0.0.md", "## Contexte\n\nUne revue se prépare.\n")
    assert [p.message for p in project.load().errors] == [
        "texte ajouté à une version publiée : écrivez-le dans une nouvelle version (pmo new-version revue-de-projet --patch, --minor ou "
        "--major)"]
    moved = project.pmo("new-version", "revue-de-projet", "--patch")
    assert moved.returncode == 0, moved.stdout
    assert "standards/revue-de-projet/1.0.0.md : supprimé : ce texte ajouté à une version publiée est dans le nouveau brouillon" in \
        moved.stdout.splitlines()
    assert not project.path("standards/revue-de-projet/1.0.0.md").exists()
    assert project.read("standards/revue-de-projet/1.0.1.md") == "## Contexte\n\nUne revue se prépare.\n"
    assert project.load().errors == []


def test_without_git_the_command_prints_the_steps(complet_copy: FixtureProject) -> None:
    project = complet_copy
    project.edit(PUBLISHED, "    text: Revoir les actions ouvertes", "    text: Passer en revue les actions ouvertes")
    assert [p.format() for p in project.load().errors] == [
        f"{PUBLISHED}:1:1: erreur : (fichier) : fichier publié modifié : une version publiée ne change plus ; annulez la modification et "
        f"créez une nouvelle version (pmo new-version {SLUG} --patch, --minor ou --major)"]
    before = tree_bytes(project.root / "standards")
    refused = project.pmo("new-version", SLUG, "--minor")
    assert refused.returncode == 1
    assert refused.stdout.splitlines() == [
        "Erreur : fichier publié modifié et version publiée introuvable (le projet n'est pas un dépôt git, ou son dernier commit ne "
        "contient pas la version publiée) ; faites ceci :",
        f"  1. mettez la modification de côté : mv {PUBLISHED} {SLUG}-1.1.0.yaml.modifie",
        f"  2. restaurez la version publiée de {PUBLISHED} depuis votre sauvegarde (son empreinte est dans standards/published.lock)",
        f"  3. pmo new-version {SLUG} --minor",
        f"  4. reportez la modification de {SLUG}-1.1.0.yaml.modifie dans le nouveau brouillon, puis supprimez ce fichier."]
    assert tree_bytes(project.root / "standards") == before


def test_an_edit_of_a_published_file_beside_a_draft_says_where_it_goes(complet_copy: FixtureProject) -> None:
    project = committed(complet_copy)
    assert project.pmo("new-version", SLUG, "--minor").returncode == 0
    project.edit(PUBLISHED, "    text: Revoir les actions ouvertes", "    text: Passer en revue les actions ouvertes")
    refused = project.pmo("new-version", SLUG, "--major", "--transition", "2027-06-30")
    assert refused.returncode == 1
    assert refused.stdout.strip() == (
        f"Erreur : fichier publié modifié ({PUBLISHED}) alors que le brouillon 1.2.0 existe : reportez la modification dans "
        f"standards/{SLUG}/1.2.0.yaml, puis restaurez le fichier publié (git checkout -- {PUBLISHED}).")


def test_an_edit_of_an_older_published_version_is_only_restored(complet_copy: FixtureProject) -> None:
    project = committed(complet_copy)
    older = f"standards/{SLUG}/1.0.0.yaml"
    project.edit(older, "    text: Revoir les actions ouvertes", "    text: Passer en revue les actions ouvertes")
    refused = project.pmo("new-version", SLUG, "--minor")
    assert refused.returncode == 1
    assert refused.stdout.strip() == (
        f"Erreur : fichier publié modifié ({older}) : seule la dernière version (1.1.0) peut être reprise dans une nouvelle version ; "
        f"restaurez ce fichier (git checkout -- {older}).")


def test_a_past_transition_names_the_option(complet_copy: FixtureProject) -> None:
    project = complet_copy
    before = tree_bytes(project.root / "standards")
    refused = project.pmo("new-version", SLUG, "--major", "--transition", "2020-01-01")
    assert refused.returncode == 1
    assert refused.stdout.strip() == (
        "Erreur : --transition 2020-01-01 : cette date précède l'entrée en vigueur de la nouvelle version, le 26 novembre 2026 "
        "(le jour de la commande, ou --date) ; la transition finit après : donnez une date postérieure, ou --sans-transition « raison ».")
    assert tree_bytes(project.root / "standards") == before
