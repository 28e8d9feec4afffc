"""The strict loader: each invalid fixture gives exactly one French error at the exact file:line:column."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from macros.core.constants import MAX_FILE_BYTES
from macros.loading.yaml_reader import decode, load_yaml_model, parse_yaml
from macros.model import Standard
from macros.project import Project, load
from tests.support import FIXTURES as ALL_FIXTURES
from tests.support import TODAY, FixtureProject

FIXTURES = ALL_FIXTURES / "invalid"
VALID = ALL_FIXTURES / "mini" / "standards" / "demo" / "1.0.0.yaml"

EXPECTED = {
    "alias": 'alias.yaml:30:8: erreur : raci[0].R : alias « *equipe » interdit : recopiez la valeur',
    "anchor": 'anchor.yaml:8:8: erreur : owner : ancre « &proprietaire » interdite : recopiez la valeur',
    "bad_item_id": 'bad_item_id.yaml:22:9: erreur : checklist[1].id : format invalide « dem2 » (attendu : 2 à 5 majuscules, un tiret et 2 ou 3 chiffres, par exemple RSK-03)',
    "bad_level": "bad_level.yaml:25:12: erreur : checklist[1].level : valeur « obligatoir » non permise (vouliez-vous dire « obligatoire » ?) ; "
                 "valeurs permises : 'obligatoire', 'recommandé', 'non applicable'",
    "bad_standard_id": 'bad_standard_id.yaml:2:5: erreur : id : format invalide « PMO-5 » (attendu : PMO-STD- suivi de trois chiffres, par exemple PMO-STD-005)',
    "bad_status": "bad_status.yaml:6:9: erreur : status : valeur « actif » non permise ; valeurs permises : 'draft', 'active', 'superseded', 'retired'",
    "bad_version_format": 'bad_version_format.yaml:5:10: erreur : version : format invalide « 1.0 » (attendu : version sémantique MAJEUR.MINEUR.CORRECTIF, par exemple 2.0.0)',
    "bidi_override": 'bidi_override.yaml:18:22: erreur : checklist[0].text : caractère de contrôle bidirectionnel U+202E interdit dans un texte',
    "choice_without_values": 'choice_without_values.yaml:50:9: erreur : templates[1].columns[1] : une colonne « choice » doit lister au moins deux valeurs (values)',
    "control_character": 'control_character.yaml:14:24: erreur : scope : caractère de contrôle U+0007 interdit dans un texte',
    "date_with_time": 'date_with_time.yaml:9:16: erreur : last_reviewed : « 2025-01-10 12:00 » : une date seule est attendue (AAAA-MM-JJ), sans heure',
    "deep_nesting": 'deep_nesting.yaml:13:43: erreur : objectives[0] : imbrication trop profonde (plus de 40 niveaux)',
    "duplicate_key": 'duplicate_key.yaml:15:1: erreur : title : clé « title » en double (première occurrence ligne 4, colonne 1)',
    "empty_checklist": 'empty_checklist.yaml:15:12: erreur : checklist : au moins 1 élément attendu',
    "empty_file": 'empty_file.yaml:1:1: erreur : (fichier) : fichier vide',
    "float_text": 'float_text.yaml:24:11: erreur : checklist[1].text : valeur ambiguë « 3.5 » : YAML la lit comme un nombre décimal ; mettez-la entre guillemets ("3.5")',
    "impossible_date": 'impossible_date.yaml:7:17: erreur : effective_from : date impossible « 2025-02-30 » (format AAAA-MM-JJ)',
    "merge_key": 'merge_key.yaml:29:5: erreur : raci[0] : clé de fusion « << » interdite : recopiez les champs',
    "missing_field": 'missing_field.yaml:2:1: erreur : scope : champ obligatoire manquant',
    "not_utf8": 'not_utf8.yaml:4:21: erreur : (fichier) : octet 0xe9 invalide : le fichier doit être encodé en UTF-8',
    "number_as_text": 'number_as_text.yaml:4:8: erreur : title : un texte est attendu (ou un dictionnaire langue: texte, par exemple fr: …)',
    "raci_no_responsible": 'raci_no_responsible.yaml:30:8: erreur : raci[0].R : au moins 1 élément attendu',
    "raci_two_accountable": 'raci_two_accountable.yaml:31:8: erreur : raci[0].A : exactement un rôle « A » par activité (un seul responsable final)',
    "register_as_docx": 'register_as_docx.yaml:46:14: erreur : templates[1].formats : format « docx » impossible pour un modèle « register » ; formats permis : xlsx, csv, md',
    "review_period_zero": 'review_period_zero.yaml:10:22: erreur : review_every_months : doit être supérieur ou égal à 1',
    "syntax_colon": "syntax_colon.yaml:11:21: erreur : (syntaxe) : deux-points inattendu : "
                    "mettez entre guillemets une valeur qui contient « : », ou vérifiez l'indentation de la ligne",
    "tab_indentation": "tab_indentation.yaml:25:1: erreur : checklist[1] : tabulation interdite pour l'indentation (utilisez des espaces)",
    "tag_core": 'tag_core.yaml:4:8: erreur : title : étiquette YAML « tag:yaml.org,2002:str » interdite',
    "tag_python": 'tag_python.yaml:11:10: erreur : summary : étiquette YAML « tag:yaml.org,2002:python/object:os.system » interdite',
    "top_level_list": 'top_level_list.yaml:1:1: erreur : (fichier) : le fichier doit contenir un dictionnaire (clé: valeur) au premier niveau',
    "transition_before_start": "transition_before_start.yaml:8:19: erreur : transition_until : la fin de transition doit suivre la date d'entrée en vigueur (2025-01-15)",
    "translation_without_french": 'translation_without_french.yaml:4:8: erreur : title : le texte français (fr) est obligatoire',
    "two_documents": 'two_documents.yaml:55:1: erreur : (fichier) : plusieurs documents YAML dans un fichier : un seul est permis',
    "unknown_field": "unknown_field.yaml:15:1: erreur : perimetre : champ inconnu (vérifiez l'orthographe)",
    "version_unquoted": 'version_unquoted.yaml:5:10: erreur : version : valeur ambiguë « 1.10 » : YAML la lit comme un nombre décimal ; mettez-la entre guillemets ("1.10")',
    "yaml11_bool": 'yaml11_bool.yaml:14:8: erreur : scope : valeur ambiguë « NO » : YAML 1.1 la lit comme un booléen ; mettez-la entre guillemets ("NO")',
    "yaml11_octal": 'yaml11_octal.yaml:4:8: erreur : title : valeur ambiguë « 0755 » : YAML 1.1 la lit comme un nombre octal ; mettez-la entre guillemets ("0755")',
    "yaml11_sexagesimal": 'yaml11_sexagesimal.yaml:11:10: erreur : summary : valeur ambiguë « 12:30 » : '
                          'YAML 1.1 la lit comme un nombre sexagésimal (une heure) ; mettez-la entre guillemets ("12:30")',
}


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_gives_one_precise_error(name: str) -> None:
    path = FIXTURES / f"{name}.yaml"
    _, _, problems = load_yaml_model(path, Standard, path.name)
    assert [p.format() for p in problems] == [EXPECTED[name]]


def test_valid_fixture_loads() -> None:
    model, _, problems = load_yaml_model(VALID, Standard, "demo.yaml")
    assert problems == []
    assert model is not None and model.checklist[1].level == "recommandé"


def test_file_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    _, _, problems = load_yaml_model(path, Standard, "big.yaml")
    assert [p.format() for p in problems] == [
        f"big.yaml:1:1: erreur : (fichier) : fichier trop volumineux ({MAX_FILE_BYTES + 3} octets ; maximum {MAX_FILE_BYTES})"
    ]


def test_all_errors_of_a_file_are_reported_at_once(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace("status: active", "status: actif").replace("    level: recommandé", "    level: conseillé")
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    _, _, problems = load_yaml_model(path, Standard, "two.yaml")
    assert [p.field for p in problems] == ["status", "checklist[1].level"]


def test_duplicate_key_and_model_error_both_reported(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace("status: active", "status: actif\nstatus: active")
    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    _, _, problems = load_yaml_model(path, Standard, "dup.yaml")
    assert [p.message for p in problems] == [
        "clé « status » en double (première occurrence ligne 6, colonne 1)",
        "valeur « actif » non permise ; valeurs permises : 'draft', 'active', 'superseded', 'retired'",
    ]


def test_quoted_values_are_texts() -> None:
    doc, problems = parse_yaml('a: "NO"\nb: "1.10"\nc: "12:30"\nd: \'0755\'\n', "q.yaml")
    assert problems == [] and doc is not None
    assert doc.data == {"a": "NO", "b": "1.10", "c": "12:30", "d": "0755"}


def test_model_errors_name_their_field() -> None:
    standard, _, problems = load_yaml_model(FIXTURES / "bad_level.yaml", Standard, "bad_level.yaml")
    assert standard is None
    assert any(p.field == "checklist[1].level" for p in problems)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_loader_raises_only_its_own_error_on_arbitrary_bytes(raw: bytes) -> None:
    text, problems = decode(raw, "x.yaml")
    if text is None:
        assert problems
        return
    doc, problems = parse_yaml(text, "x.yaml")
    assert doc is not None or problems


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@` \n\t,?0123456789.\u202e\x07")), max_size=120))
def test_loader_raises_only_its_own_error_on_yaml_like_text(text: str) -> None:
    doc, problems = parse_yaml(text, "x.yaml")
    assert doc is not None or problems
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1


def test_a_load_makes_no_cycle_so_a_command_may_settle_what_it_loaded(complet_copy: FixtureProject) -> None:
    """A command leaves what it loaded out of the cycle collector's scans (settled): safe only because reference counting
    alone frees a loaded project. A cycle made by the loader would be kept until the process ends."""
    project = Project.at(complet_copy.root)
    gc.collect()
    loaded = load(project, preview=False, today=TODAY, cached=True, update_cache=True)
    assert not loaded.errors and loaded.catalog.standards
    gc.collect()  # what the test itself made
    del loaded
    assert gc.collect() == 0


def test_a_settled_load_leaves_the_collector_as_it_was(complet_copy: FixtureProject) -> None:
    frozen = gc.get_freeze_count()
    try:
        load(Project.at(complet_copy.root), preview=False, today=TODAY, cached=True, settled=True)
        assert gc.isenabled() and gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
