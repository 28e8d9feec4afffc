"""`pmo build`: a checked build replaces site/ only when every gate passes; downloads are cached; builds are reproducible."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.commands import build as build_module
from macros.commands.build import scan_html
from macros.site.plan import generate
from tests.support import FixtureProject, page_text, session_cache, tree_bytes


def test_failed_build_leaves_previous_site_untouched(complet_copy: FixtureProject) -> None:
    project = complet_copy
    first = project.pmo("build")
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.strip() == "Site construit et vérifié dans site/."
    before = tree_bytes(project.path("site"))
    assert "standards/revue-de-projet/index.html" in before

    project.edit("standards/revue-de-projet/1.0.0.yaml", "level: obligatoire", "level: obligatoir")
    second = project.pmo("build")
    assert second.returncode == 1
    assert "standards/revue-de-projet/1.0.0.yaml:20:12: erreur : checklist[0].level : valeur « obligatoir » non permise" in second.stdout
    assert second.stdout.strip().endswith("Échec : le site précédent (site/) est conservé tel quel.")
    assert tree_bytes(project.path("site")) == before
    assert not list(project.root.glob(".site-*"))


def test_scan_finds_leftovers(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<p>{{ titre }}</p>\n<img src="x" onerror="alert(1)">\n<a href="javascript:alert(1)">x</a>\n', encoding="utf-8")
    # In the order of the page's lines.
    assert scan_html(tmp_path) == [
        "a.html:1 : syntaxe de gabarit non interprétée",
        "a.html:2 : attribut de gestionnaire d'événement « onerror » sur <img>",
        "a.html:3 : adresse « javascript: » interdite dans l'attribut href de <a>",
    ]


def _counts(output: str) -> tuple[int, int]:
    match = re.search(r"Téléchargements : (\d+) générés, (\d+) repris du cache", output)
    assert match is not None, output
    return int(match[1]), int(match[2])


def test_rebuild_without_data_change_regenerates_no_download(complet_copy: FixtureProject, tmp_path: Path) -> None:
    project = complet_copy
    downloads = [f for f in generate(project.load(), session_cache()) if isinstance(f.content, bytes)]
    cache = project.path(".cache")
    assert not cache.exists()
    own = {"PMO_CACHE": ""}  # the project's own cache, not the session's shared one
    first = project.build_result(tmp_path / "a", own)
    assert first.returncode == 0, first.stderr
    generated, reused = _counts(first.stderr)
    # A first build makes every file; only a file identical to one made just before (same maker, same inputs) is reused.
    assert generated > len(downloads) / 2 and reused < generated
    assert len([p for p in (cache / "telechargements").rglob("*") if p.is_file()]) == generated
    second = project.build_result(tmp_path / "b", own)
    assert _counts(second.stderr) == (0, generated + reused)
    # Editing one standard regenerates only that standard's files (and the files that gather every standard).
    project.edit("standards/revue-de-projet/1.0.0.yaml", "title: Revue de projet", "title: Revue de projet révisée")
    project.relock()
    third = project.build_result(tmp_path / "c", own)
    assert third.returncode == 0, third.stderr
    regenerated, _ = _counts(third.stderr)
    assert 0 < regenerated < generated / 2


def test_two_checked_builds_are_byte_identical(complet_copy: FixtureProject) -> None:
    project = complet_copy
    assert project.pmo("build", "--site-dir", "un").returncode == 0
    assert project.pmo("build", "--site-dir", "deux").returncode == 0
    first, second = tree_bytes(project.path("un")), tree_bytes(project.path("deux"))
    assert first.keys() == second.keys() and first == second


def test_a_page_that_passed_the_gate_is_not_parsed_again_but_any_change_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, passed = tmp_path / "site", tmp_path / "verifiees"
    site.mkdir()
    (site / "a.html").write_text("<p>Une page sûre.</p>\n", encoding="utf-8")
    assert scan_html(site, passed) == []
    assert len(list(passed.iterdir())) == 1
    # Noted by its bytes: the same page is not parsed again…
    monkeypatch.setattr(build_module._Gate, "feed", lambda *_: pytest.fail("page déjà vérifiée analysée de nouveau"))
    assert scan_html(site, passed) == []
    monkeypatch.undo()
    # …one byte more, and it is.
    (site / "a.html").write_text("<p>Une page sûre.</p>\n<img src=x onerror=alert(1)>\n", encoding="utf-8")
    assert scan_html(site, passed) == ["a.html:2 : attribut de gestionnaire d'événement « onerror » sur <img>"]
    # A page that failed is never noted; a link planted as a note is not one.
    assert len(list(passed.iterdir())) == 1
    for note in passed.iterdir():
        note.unlink()
        note.symlink_to(tmp_path / "ailleurs")
    (site / "a.html").write_text("<p>Une page sûre.</p>\n", encoding="utf-8")
    monkeypatch.setattr(build_module._Gate, "feed", lambda *_: (_ for _ in ()).throw(RuntimeError("analysée")))
    with pytest.raises(RuntimeError, match="analysée"):
        scan_html(site, passed)


def test_a_checked_build_dates_its_pages_by_the_current_edition(complet_copy: FixtureProject) -> None:
    """The dates MkDocs writes (the sitemap's) are the current edition's, not the day of the build: pmo build and a plain
    mkdocs build write the same bytes on any day. An environment that sets SOURCE_DATE_EPOCH keeps its own."""
    project = complet_copy
    assert project.pmo("build").returncode == 0
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", project.path("site/sitemap.xml").read_text(encoding="utf-8")))
    assert dates == {"2024-09-16"}  # edition 2024.2 of « complet »
    assert project.pmo("build", env={"SOURCE_DATE_EPOCH": "86400"}).returncode == 0
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", project.path("site/sitemap.xml").read_text(encoding="utf-8")))
    assert dates == {"1970-01-02"}


def test_a_hand_written_page_without_its_update_date_fails_the_build(complet_copy: FixtureProject) -> None:
    """Every hand-written page ends with « Page mise à jour le … »: a page that does not say when is refused."""
    project = complet_copy
    project.edit("docs/guides/preparer-une-revue.md", "mise_a_jour: 2026-11-20\n", "")
    result = project.build_result()
    assert result.returncode == 1
    assert ("docs/guides/preparer-une-revue.md : l'en-tête doit indiquer « mise_a_jour: AAAA-MM-JJ », la date de la dernière "
            "mise à jour du contenu, affichée au bas de la page") in result.stderr
    project.edit("docs/guides/preparer-une-revue.md", "---\n---\n", "---\nmise_a_jour: bientôt\n---\n")
    assert "(valeur actuelle : « bientôt »)" in project.build_result().stderr
    # The date shows at the bottom of the page, in words.
    project.edit("docs/guides/preparer-une-revue.md", "mise_a_jour: bientôt\n", "mise_a_jour: 2026-11-20\n")
    site = project.build()
    assert "Page mise à jour le 20 novembre 2026." in page_text(site, "guides/preparer-une-revue/index.html")
