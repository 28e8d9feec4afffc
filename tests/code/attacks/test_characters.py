"""Attacks with characters: controls, bidirectional controls, zero-width and line separators are refused in every
text, raw or written as YAML escapes, with their file, line, column and field."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.code.attacks.support import CHARACTERS, EDITIONS, GUIDANCE, QUIZ, ROLE, STANDARD, error, errors, forbidden, fresh, line_col, problems, write_bytes

# name -> (file, the text the character goes right after, the field named in the message)
TEXT_FIELDS = {
    "titre-standard": (STANDARD, "title: Revue", "title"),
    "nom-role": (ROLE, "name: Pilote", "name"),
    "notes-edition": (EDITIONS, "notes: Première", "editions[0].notes"),
    "question-quiz": (QUIZ, "prompt: Que", "questions[1].prompt"),
    "commentaire-yaml": (STANDARD, "# Standard", "(commentaire)"),
    "corps-texte-accompagnement": (GUIDANCE, "Une action", "corps"),
    "corps-role": (ROLE, "Mission", "corps"),
}
# YAML escapes of a double-quoted text -> the character they stand for
ESCAPES = {"\\u202E": "rlo", "\\0": "nul", "\\x07": "bel", "\\e": "echap", "\\L": "separateur-ligne", "\\N": "nel", "\\u200B": "espace-nulle"}


@pytest.mark.parametrize("char", CHARACTERS)
@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_raw_character_is_refused_where_it_is(tmp_path: Path, field: str, char: str) -> None:
    rel, before, field_path = TEXT_FIELDS[field]
    character = CHARACTERS[char][0]
    project = fresh(tmp_path).edit(rel, before, before + character)
    line, column = line_col(project.read(rel), character)
    assert error(rel, line, column, field_path, forbidden(char)) in errors(project)


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize("field", [f for f in TEXT_FIELDS if not f.startswith(("corps", "commentaire"))])
def test_character_written_as_yaml_escape_is_refused(tmp_path: Path, field: str, escape: str) -> None:
    rel, before, field_path = TEXT_FIELDS[field]
    project = fresh(tmp_path)
    text = project.read(rel)
    start = text.index(before)
    # The whole value of the line becomes one double-quoted text ending with the escape.
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.index("\n", start)
    key_part, _, value_part = text[line_start:line_end].partition(": ")
    project.write(rel, text[:line_start] + f'{key_part}: "{value_part}{escape}"' + text[line_end:])
    line, column = line_col(project.read(rel), f'"{value_part}')
    expected = error(rel, line, column, field_path, forbidden(ESCAPES[escape]) + " (écrit comme séquence d'échappement)")
    assert expected in errors(project)


def test_windows_line_ends_are_read_like_unix_ones(tmp_path: Path) -> None:
    project = fresh(tmp_path)
    for rel in (STANDARD, ROLE, EDITIONS, GUIDANCE):
        write_bytes(project, rel, project.path(rel).read_bytes().replace(b"\n", b"\r\n"))
    write_bytes(project, QUIZ, project.path(QUIZ).read_bytes().replace(b"\n", b"\r\n"))
    project.relock()
    assert problems(project) == []


def test_line_separator_is_located_on_its_line_and_shifts_nothing_after_it(tmp_path: Path) -> None:
    project = fresh(tmp_path).edit(STANDARD, "title: Revue de projet", "title: Revue\u2028de projet")
    project.edit(STANDARD, "    level: obligatoire", "    level: obligatoir")
    write_bytes(project, STANDARD, project.path(STANDARD).read_bytes().replace(b"\n", b"\r\n"))
    found = errors(project)
    assert error(STANDARD, 4, 13, "title", forbidden("separateur-ligne")) in found
    assert error(STANDARD, 20, 12, "checklist[0].level", "valeur « obligatoir » non permise (vouliez-vous dire « obligatoire » ?) ; valeurs permises : "
                 "'obligatoire', 'recommandé', 'non applicable'") in found
