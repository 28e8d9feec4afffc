"""The crawler of a built site (tests/support.py), beside MkDocs' own validation, on the fixture site « complet »:
internal links, anchors, downloads, nothing fetched from outside."""
from __future__ import annotations

from pathlib import Path

import pytest

from macros.core.links import page_url
from macros.site.plan import generate
from tests.support import (
    DOWNLOADS,
    FixtureProject,
    Page,
    broken_anchors,
    broken_links,
    checked_anchors,
    linked_downloads,
    outside_fetches,
    parse_site,
    session_cache,
)


@pytest.fixture(scope="module")
def pages(complet: FixtureProject) -> dict[str, Page]:
    assert complet.site is not None
    return parse_site(complet.site)


def test_crawler_reads_the_whole_site(complet: FixtureProject, pages: dict[str, Page]) -> None:
    assert "index.html" in pages and "404.html" in pages
    generated = [f.src for f in generate(complet.load(), session_cache()) if isinstance(f.content, str)]
    # Every generated page, and every hand-written one.
    for src in [*generated, "index.md", "tutoriels/index.md", "guides/index.md", "guides/preparer-une-revue.md"]:
        assert page_url(src) + "index.html" in pages, src
    assert sum(len(page.refs) for page in pages.values()) > 1000 and all(page.refs for page in pages.values())


def test_every_internal_link_resolves(complet: FixtureProject, pages: dict[str, Page]) -> None:
    assert complet.site is not None
    errors = broken_links(complet.site, pages)
    assert errors == [], "\n".join(errors[:50])


def test_every_anchor_exists(pages: dict[str, Page]) -> None:
    assert checked_anchors(pages) > 50  # the RACI, checklist and quiz pages link into each other by anchor
    errors = broken_anchors(pages)
    assert errors == [], "\n".join(errors[:50])


def test_every_download_exists(complet: FixtureProject, pages: dict[str, Page]) -> None:
    assert complet.site is not None
    linked, missing = linked_downloads(complet.site, pages)
    assert missing == [], "\n".join(missing)
    assert {ext for ext, found in linked.items() if not found} == set(), linked
    for found in linked.values():
        for name in found:
            assert (complet.site / name).stat().st_size > 0, f"{name} est vide"
    # Every generated download is linked from some page (data files fetched by scripts, and the quiz banks shipped
    # in the kit, are not downloads of their own).
    downloads = {f.src for f in generate(complet.load(), session_cache()) if isinstance(f.content, bytes) and f.src.endswith(DOWNLOADS)}
    assert downloads <= set().union(*linked.values())


def test_external_urls_only_in_links(pages: dict[str, Page]) -> None:
    errors = outside_fetches(pages)
    assert errors == [], "\n".join(errors)


def test_crawler_reports_what_it_should(tmp_path: Path) -> None:
    """The crawler itself, on a tiny site with one mistake of each kind."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h1 id="haut">A</h1><a name="vieux"></a>'
        '<a href="../b.html#ici">ok</a> <a href="#haut">ok</a> <a href="#vieux">ok</a> <a href="./">ok</a>'
        '<a href="../absent/">ko</a> <a href="../b.html#ailleurs">ko</a> <a href="../a#nulle-part">ko</a> <a href="kit.zip">ko</a>'
        '<a href="https://example.org/">ok</a> <a href="mailto:pmo@example.org">ok</a>'
        '<link rel="canonical" href="https://example.org/a/">'
        '<link rel="stylesheet" href="https://cdn.example.org/x.css"><img src="//cdn.example.org/i.png">'
        '<a href="javascript:alert(1)">ko</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text('<p id="ici">B</p><a href="/a/#haut">ok</a>', encoding="utf-8")
    found = parse_site(tmp_path)
    assert broken_links(tmp_path, found) == [
        'a/index.html:1 <a href="../absent/"> : absent/index.html n\'existe pas',
        'a/index.html:1 <a href="kit.zip"> : a/kit.zip n\'existe pas',
        'a/index.html:1 <a href="javascript:alert(1)"> : adresse javascript:',
    ]
    assert broken_anchors(found) == [
        'a/index.html:1 <a href="../b.html#ailleurs"> : pas d\'ancre « ailleurs » dans b.html',
        'a/index.html:1 <a href="../a#nulle-part"> : pas d\'ancre « nulle-part » dans a',
    ]
    assert outside_fetches(found) == [
        'a/index.html:1 <link href="https://cdn.example.org/x.css"> : adresse externe hors d\'un lien <a>',
        'a/index.html:1 <img src="//cdn.example.org/i.png"> : adresse externe hors d\'un lien <a>',
    ]
