"""Attacks on what was published: it never changes, never disappears, and only `pmo publish` publishes."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.code.attacks.support import EDITIONS, GUIDANCE, LOCK, ROLE, STANDARD, error, errors, fresh, write_bytes
from tests.support import FixtureProject, add_draft_edition


def _drop_lock_lines(project: FixtureProject, word: str) -> None:
    project.write(LOCK, "".join(line + "\n" for line in project.read(LOCK).splitlines() if word not in line))


def _unlocked_then_edited(project: FixtureProject) -> None:
    _drop_lock_lines(project, "revue-de-projet/1.0.0.yaml")
    project.edit(STANDARD, "title: Revue de projet", "title: Revue modifiée")


def _fingerprint_dropped_then_edited(project: FixtureProject) -> None:
    _drop_lock_lines(project, "edition:2024.1")
    project.edit(EDITIONS, "notes: Première édition", "notes: Autre édition")


def _new_version_hint(name: str) -> str:
    return f"pmo new-version {name} --patch, --minor ou --major"


PUBLISHED_MODIFIED = "fichier publié modifié : une version publiée ne change plus ; annulez la modification et créez une nouvelle version ({})"
EDITION_MODIFIED = ("édition publiée 2024.1 modifiée : une édition publiée ne change plus ; annulez la modification (ses versions, sa date "
                    "et ses notes) et préparez une nouvelle édition")
NOT_IN_LOCK = ("version publiée absente de standards/published.lock : ce fichier ne serait plus protégé ; restaurez standards/published.lock "
               "(git checkout standards/published.lock)")
BY_HAND = ("édition {} marquée publiée sans être passée par « pmo publish » (absente de standards/published.lock) : remettez status: draft "
           "puis publiez-la")

IMMUTABILITY_CASES: dict[str, tuple[Callable[[FixtureProject], Any], list[str]]] = {
    "version-publiee-modifiee": (lambda p: p.edit(STANDARD, "title: Revue de projet", "title: Revue de projet modifiée"),
                                 [error(STANDARD, 1, 1, "", PUBLISHED_MODIFIED.format(_new_version_hint("revue-de-projet")))]),
    "un-octet-change": (lambda p: write_bytes(p, STANDARD, p.path(STANDARD).read_bytes() + b" "),
                        [error(STANDARD, 1, 1, "", PUBLISHED_MODIFIED.format(_new_version_hint("revue-de-projet")))]),
    "role-publie-modifie": (lambda p: p.edit(ROLE, "Mission du rôle", "Mission revue du rôle"),
                            [error(ROLE, 1, 1, "", PUBLISHED_MODIFIED.format(_new_version_hint("pilote")))]),
    "texte-publie-modifie": (lambda p: p.edit(GUIDANCE, "## Contexte", "## Contexte revu"),
                             [error(GUIDANCE, 1, 1, "", PUBLISHED_MODIFIED.format(_new_version_hint("suivi-des-actions")))]),
    "texte-ajoute-a-une-version-publiee": (lambda p: p.write("standards/revue-de-projet/1.0.0.md", "## Ajout\n\nTexte ajouté après coup.\n"),
                                           [error("standards/revue-de-projet/1.0.0.md", 1, 1, "", "texte ajouté à une version publiée : écrivez-le "
                                                  f"dans une nouvelle version ({_new_version_hint('revue-de-projet')})")]),
    "fichier-publie-supprime": (lambda p: p.path(GUIDANCE).unlink(),
                                [error(GUIDANCE, 1, 1, "", "fichier publié supprimé : une version publiée reste en ligne ; restaurez-le")]),
    "ligne-du-verrou-supprimee-puis-fichier-modifie": (_unlocked_then_edited, [error(STANDARD, 1, 1, "", NOT_IN_LOCK)]),
    "verrou-supprime": (lambda p: p.path(LOCK).unlink(),
                        [error(LOCK, 1, 1, "", "verrou des publications absent alors que 2 éditions sont publiées : restaurez "
                                           "standards/published.lock (git checkout standards/published.lock)")]),
    "verrou-vide": (lambda p: p.write(LOCK, ""),
                    [error(EDITIONS, 4, 13, "editions[0].status", BY_HAND.format("2024.1")), error(STANDARD, 1, 1, "", NOT_IN_LOCK),
                     error(EDITIONS, 15, 13, "editions[1].status", BY_HAND.format("2024.2"))]),
    "edition-publiee-version-changee": (lambda p: p.edit(EDITIONS, 'suivi-des-actions: "1.0.0"', 'suivi-des-actions: "1.1.0"'),
                                        [error(EDITIONS, 3, 5, "editions[0]", EDITION_MODIFIED)]),
    "edition-publiee-date-changee": (lambda p: p.edit(EDITIONS, "date: 2024-03-01", "date: 2024-03-02"),
                                     [error(EDITIONS, 3, 5, "editions[0]", EDITION_MODIFIED)]),
    "edition-publiee-notes-changees": (lambda p: p.edit(EDITIONS, "notes: Première édition", "notes: Toute première édition"),
                                       [error(EDITIONS, 3, 5, "editions[0]", EDITION_MODIFIED)]),
    "edition-publiee-note-de-changement-ajoutee": (
        lambda p: p.edit(EDITIONS, '      bureau-pmo: "1.0.0"\n  - id: "2024.2"',
                         '      bureau-pmo: "1.0.0"\n    changes:\n      - standard: revue-de-projet\n        impact: rédactionnel\n'
                         '        note: Ajoutée après coup.\n  - id: "2024.2"'),
        [error(EDITIONS, 3, 5, "editions[0]", EDITION_MODIFIED)]),
    "edition-publiee-supprimee": (lambda p: p.write(EDITIONS, p.read(EDITIONS)[: p.read(EDITIONS).index('  - id: "2024.2"')]),
                                  [error(EDITIONS, 1, 1, "editions", "édition publiée 2024.2 supprimée : une édition publiée reste en ligne ; "
                                         "restaurez son bloc dans ce fichier")]),
    "edition-publiee-renommee": (lambda p: p.edit(EDITIONS, 'id: "2024.1"', 'id: "2024.9"'),
                                 [error(EDITIONS, 1, 1, "editions", "édition publiée 2024.1 supprimée : une édition publiée reste en ligne ; "
                                        "restaurez son bloc dans ce fichier"),
                                  error(EDITIONS, 4, 13, "editions[0].status", BY_HAND.format("2024.9"))]),
    "edition-publiee-redevenue-brouillon": (lambda p: p.edit(EDITIONS, "status: published\n    date: 2024-09-16", "status: draft\n    date: 2024-09-16"),
                                            [error(EDITIONS, 15, 13, "editions[1].status", "l'édition 2024.2 est publiée : elle ne redevient pas un brouillon")]),
    "edition-publiee-a-la-main": (lambda p: add_draft_edition(p).edit(EDITIONS, '  - id: "2024.3"\n    status: draft',
                                                                      '  - id: "2024.3"\n    status: published\n    date: 2024-12-01'),
                                  [error(EDITIONS, 31, 13, "editions[2].status", BY_HAND.format("2024.3"))]),
    "empreinte-d-edition-retiree-puis-edition-modifiee": (_fingerprint_dropped_then_edited,
                                                          [error(EDITIONS, 4, 13, "editions[0].status", BY_HAND.format("2024.1"))]),
}


@pytest.mark.parametrize("case", IMMUTABILITY_CASES)
def test_published_state_cannot_change(tmp_path: Path, case: str) -> None:
    setup, expected = IMMUTABILITY_CASES[case]
    project = fresh(tmp_path)
    setup(project)
    found = errors(project)
    for line in expected:
        assert line in found, "\n".join(found)
