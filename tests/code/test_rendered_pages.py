"""The pages' converted Markdown (with its typography and search entries) is cached by everything that shapes it: a rebuild
converts nothing and writes the same bytes, a warning is never cached away, the abbreviations of includes/ reach every
page, a planted link is never followed."""
from __future__ import annotations

import re
from pathlib import Path

from tests.support import FixtureProject, page_text, tree_bytes

OWN = {"PMO_CACHE": ""}  # the project's own caches (.cache/), not the session's shared one


def _counts(output: str) -> tuple[int, int]:
    match = re.search(r"Pages : (\d+) converties, (\d+) reprises du cache", output)
    assert match is not None, output
    return int(match[1]), int(match[2])


def _built(project: FixtureProject, site: Path) -> tuple[int, int]:
    result = project.build_result(site, OWN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return _counts(result.stderr)


def test_a_rebuild_converts_no_page_and_writes_the_same_bytes(complet_copy: FixtureProject, tmp_path: Path) -> None:
    project = complet_copy
    converted, reused = _built(project, tmp_path / "a")
    assert converted > 10 and reused == 0
    assert _built(project, tmp_path / "b") == (0, converted)
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")
    # One hand-written page edited: that page alone is converted again, and shows the edit.
    project.edit("docs/guides/preparer-une-revue.md", "mise_a_jour: 2026-11-20\n", "mise_a_jour: 2026-11-20\n")
    text = project.path("docs/guides/preparer-une-revue.md").read_text(encoding="utf-8")
    project.path("docs/guides/preparer-une-revue.md").write_text(text + "\nUne phrase ajoutée après la mise en cache.\n", encoding="utf-8")
    assert _built(project, tmp_path / "c") == (1, converted - 1)
    assert "Une phrase ajoutée après la mise en cache." in page_text(tmp_path / "c", "guides/preparer-une-revue/index.html")
    # What is kept with a conversion (the search plugin's entries) follows it.
    assert "Une phrase ajoutée après la mise en cache." in (tmp_path / "c/search/search_index.json").read_text(encoding="utf-8")
    assert "Une phrase ajoutée" not in (tmp_path / "b/search/search_index.json").read_text(encoding="utf-8")
    # A page added: the others keep their conversion (a page depends on the files its links name, not on all of them).
    project.path("docs/guides/nouveau-guide.md").write_text("---\nmise_a_jour: 2026-12-08\n---\n# Nouveau guide\n\nTexte.\n",
                                                           encoding="utf-8")
    project.edit("mkdocs.yml", "      - Préparer une revue: guides/preparer-une-revue.md\n",
                 "      - Préparer une revue: guides/preparer-une-revue.md\n      - Nouveau guide: guides/nouveau-guide.md\n")
    assert _built(project, tmp_path / "d") == (1, converted)


def test_a_page_that_warned_is_converted_again_and_warns_again(complet_copy: FixtureProject, tmp_path: Path) -> None:
    project = complet_copy
    page = project.path("docs/guides/preparer-une-revue.md")
    page.write_text(page.read_text(encoding="utf-8") + "\nVoir [la page disparue](page-disparue.md).\n", encoding="utf-8")
    for attempt in ("a", "b"):
        result = project.build_result(tmp_path / attempt, OWN)
        assert result.returncode == 1, attempt
        assert "guides/page-disparue.md' is not found among documentation files" in result.stderr, (attempt, result.stderr)


def test_a_page_whose_link_target_is_gone_is_converted_again_and_warns(complet_copy: FixtureProject, tmp_path: Path) -> None:
    project = complet_copy
    project.path("docs/guides/nouveau-guide.md").write_text("---\nmise_a_jour: 2026-12-08\n---\n# Nouveau guide\n\nTexte.\n",
                                                           encoding="utf-8")
    nav = "      - Préparer une revue: guides/preparer-une-revue.md\n"
    project.edit("mkdocs.yml", nav, nav + "      - Nouveau guide: guides/nouveau-guide.md\n")
    index = project.path("docs/guides/index.md")
    index.write_text(index.read_text(encoding="utf-8") + "\nVoir aussi le [nouveau guide](nouveau-guide.md).\n", encoding="utf-8")
    _built(project, tmp_path / "a")
    # The guide goes; the index's Markdown, which links to it, does not change: its kept conversion no longer holds.
    project.path("docs/guides/nouveau-guide.md").unlink()
    project.edit("mkdocs.yml", "      - Nouveau guide: guides/nouveau-guide.md\n", "")
    result = project.build_result(tmp_path / "b", OWN)
    assert result.returncode == 1
    assert "Doc file 'guides/index.md' contains a link 'nouveau-guide.md', but the target 'guides/nouveau-guide.md' is not found" in result.stderr, result.stderr


def test_an_abbreviation_changed_in_includes_reaches_every_page(complet_copy: FixtureProject, tmp_path: Path) -> None:
    project = complet_copy
    _built(project, tmp_path / "a")
    old = "*[RACI]: Réalise, Approuve, Consulté, Informé"
    assert old in project.path("includes/abbreviations.md").read_text(encoding="utf-8")
    project.edit("includes/abbreviations.md", old, "*[RACI]: Responsable, Approbateur, Consulté, Informé")
    assert _built(project, tmp_path / "b")[1] == 0  # every page appends the abbreviations: none is taken from the cache
    shown = [p for p in (tmp_path / "b").rglob("*.html") if 'title="Responsable, Approbateur, Consulté, Informé"' in p.read_text(encoding="utf-8")]
    assert shown
    assert not [p for p in (tmp_path / "b").rglob("*.html") if "Réalise, Approuve" in p.read_text(encoding="utf-8")]


def test_a_link_planted_in_the_cache_is_never_followed(complet_copy: FixtureProject, tmp_path: Path) -> None:
    project = complet_copy
    converted, _ = _built(project, tmp_path / "a")
    entries = list(project.path(".cache/pages").rglob("*.json"))
    assert len(entries) == converted
    # Every entry replaced by a link to a file of the user's that reads like an entry of another page.
    precious = tmp_path / "precieux.json"
    precious.write_bytes(entries[0].read_bytes())
    before = precious.read_bytes()
    for entry in entries:
        entry.unlink()
        entry.symlink_to(precious)
    assert _built(project, tmp_path / "b") == (converted, 0)
    assert precious.read_bytes() == before
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")
    assert not [p for p in project.path(".cache/pages").rglob("*.json") if p.is_symlink()]


def test_a_damaged_entry_is_converted_again(complet_copy: FixtureProject, tmp_path: Path) -> None:
    project = complet_copy
    converted, _ = _built(project, tmp_path / "a")
    damages = [b"\x00pas du JSON", b"[]", b'{"looked": {}}', b'{"looked": {}, "content": 3, "toc": "x"}']
    for number, entry in enumerate(sorted(project.path(".cache/pages").rglob("*.json"))):
        entry.write_bytes(damages[number % len(damages)])
    assert _built(project, tmp_path / "b") == (converted, 0)
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")


def test_the_themes_compiled_templates_are_kept_and_a_damaged_one_compiled_again(complet_copy: FixtureProject, tmp_path: Path) -> None:
    project = complet_copy
    _built(project, tmp_path / "a")
    compiled = sorted(project.path(".cache/pages/gabarits").glob("*.jinja"))
    assert len(compiled) > 10  # Material's templates and the project's overrides
    precious = tmp_path / "precieux"
    precious.write_bytes(b"ne pas toucher")
    for number, path in enumerate(compiled):
        path.unlink()
        if number % 2:
            path.symlink_to(precious)
        else:
            path.write_bytes(b"\x00pas du code compile")
    _built(project, tmp_path / "b")
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")
    assert precious.read_bytes() == b"ne pas toucher"
    assert not [p for p in project.path(".cache/pages/gabarits").glob("*.jinja") if p.is_symlink()]
