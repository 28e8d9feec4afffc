"""The parse cache (.cache/lecture): an unchanged file is not parsed again, and every model, message and position stays
the same; an edited file, a corrupt entry or a link in the cache only costs a parse."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from macros.loading import texts, yaml_reader
from macros.loading.parse_cache import ParseCache
from macros.loading.yaml_reader import load_yaml_model
from macros.model import Standard
from macros.project import Loaded, Project, load
from tests.support import FIXTURES, TODAY, FixtureProject
from tests.support import write_lock as lock_project

INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
VALID = FIXTURES / "mini" / "standards" / "demo" / "1.0.0.yaml"
ACTIONS = "standards/suivi-des-actions/1.1.0.yaml"


def _formatted(loaded: Loaded) -> list[str]:
    return [p.format() for p in loaded.problems]


def _cached(project: FixtureProject, update: bool = True) -> Loaded:
    """As `pmo validate` (update: the cache is written) or any other command (it is only read)."""
    return load(Project.at(project.root), preview=False, today=TODAY, cached=True, update_cache=update)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the YAML reader composes from here on (each call to its parser, by file)."""
    seen: list[str] = []
    compose = yaml_reader._compose

    def counting(parser: type, clean: str, file: str, *args: Any) -> Any:
        seen.append(file)
        return compose(parser, clean, file, *args)

    monkeypatch.setattr(yaml_reader, "_compose", counting)
    return seen


@pytest.mark.parametrize("path", [VALID, *INVALID], ids=lambda p: p.stem)
def test_a_file_read_from_the_cache_gives_the_same_model_and_messages(tmp_path: Path, path: Path) -> None:
    fresh_model, _, fresh = load_yaml_model(path, Standard, path.name)
    cache = ParseCache(tmp_path / "cache")
    for _ in range(2):  # the first reading fills the cache, the second one reads it
        model, _, problems = load_yaml_model(path, Standard, path.name, cache)
        assert [p.format() for p in problems] == [p.format() for p in fresh]
        assert model == fresh_model


def test_a_file_with_a_model_error_is_read_from_the_cache_and_its_error_keeps_its_position(tmp_path: Path, parses: list[str]) -> None:
    # The YAML is clean, so its parse is kept; pydantic refuses it, and the position comes from a parse made on demand.
    path = FIXTURES / "invalid" / "bad_level.yaml"
    cache = ParseCache(tmp_path / "cache")
    load_yaml_model(path, Standard, path.name, cache)
    parses.clear()
    _, _, problems = load_yaml_model(path, Standard, path.name, cache)
    assert (cache.hits, [p.format() for p in problems]) == (1, [
        "bad_level.yaml:25:12: erreur : checklist[1].level : valeur « obligatoir » non permise (vouliez-vous dire « obligatoire » ?) ; "
        "valeurs permises : 'obligatoire', 'recommandé', 'non applicable'"])
    assert parses == ["bad_level.yaml"]  # once, for the position, and only because there is an error to place


def test_an_unchanged_project_is_not_parsed_again(complet_copy: FixtureProject, parses: list[str]) -> None:
    expected = _formatted(complet_copy.load())
    assert _formatted(_cached(complet_copy)) == expected
    assert len(parses) > 20  # every YAML file and front matter of « complet »
    parses.clear()
    assert _formatted(_cached(complet_copy)) == expected
    assert parses == []
    assert (complet_copy.root / ".cache" / "lecture").is_dir()


def test_problems_found_by_the_rules_keep_their_positions_when_read_from_the_cache(complet_copy: FixtureProject) -> None:
    # Errors of the rules (an unknown role, a reference to a missing item) and of the model, in files whose YAML is clean.
    complet_copy.edit(ACTIONS, "    responsible: pilote\n", "    responsible: inconnu\n")
    complet_copy.edit("standards/revue-de-projet/1.0.0.yaml", "level: obligatoire", "level: obligatoir")
    lock_project(complet_copy.root)
    expected = _formatted(complet_copy.load())
    assert any("inconnu" in line for line in expected) and any("obligatoir »" in line for line in expected)
    _cached(complet_copy)
    assert _formatted(_cached(complet_copy)) == expected


def test_an_edited_file_is_read_again(complet_copy: FixtureProject) -> None:
    _cached(complet_copy)
    complet_copy.edit(ACTIONS, "title: Suivi des actions", "title: Suivi des actions décidées")
    loaded = _cached(complet_copy)
    assert _formatted(loaded) == _formatted(complet_copy.load())
    assert str(loaded.catalog.standards["suivi-des-actions"]["1.1.0"].standard.title) == "Suivi des actions décidées"


def test_a_corrupt_cache_only_costs_a_parse(complet_copy: FixtureProject, parses: list[str]) -> None:
    expected = _formatted(complet_copy.load())
    _cached(complet_copy)
    entries = sorted((complet_copy.root / ".cache" / "lecture").glob("*.json"))
    for n, entry in enumerate(entries):
        entry.write_bytes([b"{", b"", b"[]", b'{"code": 1}', b"\xff\xfe"][n % 5])
    parses.clear()
    assert _formatted(_cached(complet_copy)) == expected
    assert len(parses) == len(entries)  # every file parsed again, and its entry written anew
    parses.clear()
    assert _formatted(_cached(complet_copy)) == expected
    assert parses == []


def test_nothing_is_written_or_read_through_a_link(complet_copy: FixtureProject, tmp_path: Path) -> None:
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (complet_copy.root / ".cache").mkdir()
    (complet_copy.root / ".cache" / "lecture").symlink_to(elsewhere)
    assert _formatted(_cached(complet_copy)) == _formatted(complet_copy.load())
    assert list(elsewhere.iterdir()) == []


def test_a_command_other_than_validate_reads_the_cache_and_writes_nothing(complet_copy: FixtureProject, parses: list[str]) -> None:
    # `pmo diff`, `pmo publish`, a refused command: the project is left as it was (tests/code/test_attacks.py).
    assert _formatted(_cached(complet_copy, update=False)) == _formatted(complet_copy.load())
    assert not (complet_copy.root / ".cache").exists()
    _cached(complet_copy)  # `pmo validate` writes it
    parses.clear()
    _cached(complet_copy, update=False)
    assert parses == []


def test_a_standard_read_by_the_loader_is_not_read_again_for_the_checks_on_texts(complet_copy: FixtureProject,
                                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The terminology and the address checks read every text file; those the loader has just read (the standards'
    YAML) come from it, so a load reads each of them once."""
    read: list[str] = []
    original = texts.read_data_file

    def counting(path: Path, display: str) -> Any:
        read.append(display)
        return original(path, display)

    monkeypatch.setattr(texts, "read_data_file", counting)
    loaded = _cached(complet_copy)
    assert not loaded.errors and ACTIONS in loaded.catalog.docs
    assert ACTIONS not in read and not [file for file in read if file.endswith(".yaml") and file.startswith("standards/")]
    assert any(file.startswith("quizzes/") for file in read)  # the quizzes are read by the texts' reader, later by theirs
