"""Attacks on the YAML reader and the schema: whatever YAML can do besides plain data, and every field out of its type,
are refused with their place and a French reason."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.code.attacks.support import STANDARD, error, errors, fresh, write_bytes

# --- YAML: whatever YAML can do besides plain data is refused, with its place and a French reason ------------------

# (old text of the standard's file, new text, expected error: line, column, field, message). Lines of the file:
# 2 id, 4 title, 5 version, 7 effective_from, 10 review_every_months, 11 summary, 15 scope, 17 « - id: REV-01 »,
# 37 the RACI's A; 50 lines in all.
YAML_CASES = {
    "ancre": ("scope: Tous", "scope: &a Tous", (15, 8, "scope", "ancre « &a » interdite : recopiez la valeur")),
    "alias": ("scope: Tous les projets du projet d'essai.", "scope: *a", (15, 8, "scope", "alias « *a » interdit : recopiez la valeur")),
    "milliard-de-rires": ("scope: Tous les projets du projet d'essai.",
                          "scope: Tous.\nlol: &a [x, x, x, x, x, x, x, x, x]\nlol2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                          "lol3: [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
                          (16, 6, "lol", "ancre « &a » interdite : recopiez la valeur")),
    "etiquette-python": ("title: Revue de projet", 'title: !!python/object/apply:os.system ["echo pwned"]',
                         (4, 8, "title", "étiquette YAML « tag:yaml.org,2002:python/object/apply:os.system » interdite")),
    "etiquette-str": ("title: Revue de projet", "title: !!str Revue de projet",
                      (4, 8, "title", "étiquette YAML « tag:yaml.org,2002:str » interdite")),
    "etiquette-locale": ("title: Revue de projet", "title: !secret Revue de projet", (4, 8, "title", "étiquette YAML « !secret » interdite")),
    "cle-de-fusion": ("scope: Tous les projets du projet d'essai.", "scope: Tous.\n<<: {summary: Autre résumé.}",
                      (16, 1, "", "clé de fusion « << » interdite : recopiez les champs")),
    "cle-en-double": ("title: Revue de projet\n", "title: Revue de projet\ntitle: Revue piégée\n",
                      (5, 1, "title", "clé « title » en double (première occurrence ligne 4, colonne 1)")),
    "deux-documents": ("scope: Tous les projets du projet d'essai.", "scope: Tous.\n---\nid: PMO-STD-999",
                       (16, 1, "", "plusieurs documents YAML dans un fichier : un seul est permis")),
    "imbrication": ("scope: Tous les projets du projet d'essai.", "scope: " + "[" * 45 + "]" * 45,
                    (15, 47, "scope[0]", "imbrication trop profonde (plus de 40 niveaux)")),
    "cle-complexe": ("scope: Tous les projets du projet d'essai.", "scope: Tous.\n? [a, b]\n: valeur",
                     (16, 3, "", "une clé doit être un texte simple")),
    "booleen-yaml-1-1": ("scope: Tous les projets du projet d'essai.", "scope: no",
                         (15, 8, "scope", 'valeur ambiguë « no » : YAML 1.1 la lit comme un booléen ; mettez-la entre guillemets ("no")')),
    "octal": ("review_every_months: 60", "review_every_months: 012",
              (10, 22, "review_every_months", 'valeur ambiguë « 012 » : YAML 1.1 la lit comme un nombre octal ; mettez-la entre guillemets ("012")')),
    "sexagesimal": ("scope: Tous les projets du projet d'essai.", "scope: 12:30",
                    (15, 8, "scope", 'valeur ambiguë « 12:30 » : YAML 1.1 la lit comme un nombre sexagésimal (une heure) ; '
                                     'mettez-la entre guillemets ("12:30")')),
    "version-decimale": ('version: "1.0.0"', "version: 1.10",
                         (5, 10, "version", 'valeur ambiguë « 1.10 » : YAML la lit comme un nombre décimal ; mettez-la entre guillemets ("1.10")')),
    "date-avec-heure": ("effective_from: 2024-03-01", "effective_from: 2024-03-01 10:00",
                        (7, 17, "effective_from", "« 2024-03-01 10:00 » : une date seule est attendue (AAAA-MM-JJ), sans heure")),
    "date-impossible": ("effective_from: 2024-03-01", "effective_from: 2024-02-30",
                        (7, 17, "effective_from", "date impossible « 2024-02-30 » (format AAAA-MM-JJ)")),
    "tabulation": ("  - id: REV-01", "\t- id: REV-01", (17, 1, "checklist", "tabulation interdite pour l'indentation (utilisez des espaces)")),
    "guillemet-ouvert": ("scope: Tous les projets du projet d'essai.", 'scope: "Tous les projets',
                         (52, 1, "scope", "fin de fichier inattendue (guillemet ou crochet non fermé ?)")),
}


@pytest.mark.parametrize("case", YAML_CASES)
def test_yaml_construct_is_refused_with_its_place(tmp_path: Path, case: str) -> None:
    old, new, (line, column, field, message) = YAML_CASES[case]
    project = fresh(tmp_path).edit(STANDARD, old, new)
    started = time.monotonic()
    found = errors(project)
    assert time.monotonic() - started < 5, "un document YAML hostile doit être refusé sans être développé"
    assert error(STANDARD, line, column, field, message) in found, "\n".join(found)


@pytest.mark.parametrize(("case", "content", "expected"), [
    pytest.param("vide", b"", error(STANDARD, 1, 1, "", "fichier vide"), id="fichier-vide"),
    pytest.param("commentaires", b"# rien\n", error(STANDARD, 1, 1, "", "fichier vide"), id="commentaires-seuls"),
    pytest.param("liste", b"- a\n- b\n", error(STANDARD, 1, 1, "", "le fichier doit contenir un dictionnaire (clé: valeur) au premier niveau"),
                 id="liste-au-premier-niveau"),
    pytest.param("latin-1", "id: PMO-STD-802\ntitle: Revue \xe9t\xe9\n".encode("latin-1"),
                 error(STANDARD, 2, 14, "", "octet 0xe9 invalide : le fichier doit être encodé en UTF-8"), id="octet-latin-1"),
    pytest.param("utf-16", "id: PMO-STD-802\n".encode("utf-16"), error(STANDARD, 1, 1, "", "octet 0xff invalide : le fichier doit être encodé en UTF-8"),
                 id="utf-16"),
])
def test_yaml_file_that_is_not_a_mapping_in_utf8_is_refused(tmp_path: Path, case: str, content: bytes, expected: str) -> None:
    project = fresh(tmp_path)
    write_bytes(project, STANDARD, content)
    assert expected in errors(project)


# --- Schema: every field has its type, its values, its format; an unknown field is a typo, never ignored -----------

SCHEMA_CASES = {
    "champ-inconnu": ("scope: Tous", "titel: Revue\nscope: Tous", (15, 1, "titel", "champ inconnu (vérifiez l'orthographe)")),
    "champ-manquant": ("summary: Les revues qui jalonnent le projet, et leur compte rendu.\n", "",
                       (2, 1, "summary", "champ obligatoire manquant")),
    "texte-liste": ("title: Revue de projet", "title: [Revue, de, projet]",
                    (4, 8, "title", "un texte est attendu (ou un dictionnaire langue: texte, par exemple fr: …)")),
    "texte-booleen": ("scope: Tous les projets du projet d'essai.", "scope: true",
                      (15, 8, "scope", "un texte est attendu (ou un dictionnaire langue: texte, par exemple fr: …)")),
    "texte-vide": ("title: Revue de projet", 'title: "   "', (4, 8, "title", "le texte ne doit pas être vide")),
    "langue-inconnue": ("title: Revue de projet", "title: {fr: Revue, de: Überprüfung}",
                        (4, 8, "title", "langue inconnue « de » ; langues permises : fr, en")),
    "sans-francais": ("title: Revue de projet", "title: {en: Project review}", (4, 8, "title", "le texte français (fr) est obligatoire")),
    "statut-inconnu": ("status: active", "status: actif",
                       (6, 9, "status", "valeur « actif » non permise ; valeurs permises : 'draft', 'active', 'superseded', 'retired'")),
    "identifiant-mal-forme": ("id: PMO-STD-802", "id: PMO-STD-8O2",
                              (2, 5, "id", "format invalide « PMO-STD-8O2 » (attendu : PMO-STD- suivi de trois chiffres, par exemple PMO-STD-005)")),
    "nombre-hors-bornes": ("review_every_months: 60", "review_every_months: 99999999999999999999999",
                           (10, 22, "review_every_months", "doit être inférieur ou égal à 60")),
    "nombre-nul": ("review_every_months: 60", "review_every_months: 0", (10, 22, "review_every_months", "doit être supérieur ou égal à 1")),
    "date-entre-guillemets": ("effective_from: 2024-03-01", 'effective_from: "2024-03-01"',
                              (7, 17, "effective_from", "une date AAAA-MM-JJ est attendue, pas « 2024-03-01 » : retirez les guillemets")),
    "deux-approbateurs": ("    A: commanditaire", "    A: [commanditaire, pilote]",
                          (37, 8, "raci[0].A", "exactement un rôle « A » par activité (un seul responsable final)")),
    "liste-vide": ("  - Prendre chaque décision de jalon sur des faits.\n  - Garder la trace de chaque décision.\n", "  []\n",
                   (13, 3, "objectives", "au moins 1 élément attendu")),
}


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_schema_violation_is_refused_with_its_field(tmp_path: Path, case: str) -> None:
    old, new, (line, column, field, message) = SCHEMA_CASES[case]
    project = fresh(tmp_path).edit(STANDARD, old, new)
    found = errors(project)
    assert error(STANDARD, line, column, field, message) in found, "\n".join(found)
