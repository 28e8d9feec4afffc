"""Tiny complete MkDocs projects that must fail the strict build with a message naming the file."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import mkdocs_build

CONFIG = """\
site_name: Essai
strict: true
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
theme:
  name: material
  language: fr
  font: false
plugins:
  - macros:
      # The project's macros, imported as the installed package.
      modules: [macros]
      on_error_fail: true
      on_undefined: strict
      render_by_default: false
nav:
  - index.md
  - fautive.md
"""

CASES = {
    "unknown_macro": ("---\nrender_macros: true\n---\n# Page\n\n{{ macro_inconnue() }}\n", "fautive.md"),
    "undefined_variable": ("---\nrender_macros: true\n---\n# Page\n\n{{ variable_inconnue }}\n", "fautive.md"),
    "broken_link": ("# Page\n\nVoir [la page absente](absente.md).\n", "fautive.md"),
    "broken_anchor": ("# Page\n\nVoir [une section](index.md#section-absente).\n", "fautive.md"),
}


def make_project(root: Path, page: str) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "docs/index.md").write_text("# Accueil\n\n## Section\n\nTexte.\n", encoding="utf-8")
    (root / "docs/fautive.md").write_text(page, encoding="utf-8")
    return root / "mkdocs.yml"


def test_valid_tiny_project_builds(tmp_path: Path) -> None:
    config = make_project(tmp_path, "# Page\n\nVoir [la section](index.md#section).\n")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/fautive/index.html").exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_project_fails_naming_the_file(tmp_path: Path, case: str) -> None:
    page, culprit = CASES[case]
    config = make_project(tmp_path, page)
    result = mkdocs_build(config, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert culprit in output, output
    assert "Aborted" in output or "Error" in output or "error" in output
