"""The built fixture site references no external host for any asset: everything is served by the site itself."""
from __future__ import annotations

from pathlib import Path

from tests.support import FixtureProject, external_assets


def test_nothing_is_fetched_from_another_host(complet: FixtureProject) -> None:
    assert complet.site is not None
    assert external_assets(complet.site) == {}


def test_the_check_sees_each_kind_of_outside_fetch(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text('<link rel="canonical" href="https://exemple.fr/page/"><a href="https://exemple.fr/">lien</a>'
                                       '<script src="https://cdn.exemple.fr/x.js"></script><img src="//cdn.exemple.fr/i.png">',
                                       encoding="utf-8")
    (tmp_path / "style.css").write_text('@import "https://fonts.exemple.fr/f.css"; a { background: url(/local.png); }', encoding="utf-8")
    (tmp_path / "worker.js").write_text('importScripts("https://cdn.exemple.fr/lunr.js"); import("./local.js");', encoding="utf-8")
    assert external_assets(tmp_path) == {
        "page.html": ["https://cdn.exemple.fr/x.js", "//cdn.exemple.fr/i.png"],
        "style.css": ["https://fonts.exemple.fr/f.css"],
        "worker.js": ["https://cdn.exemple.fr/lunr.js"],
    }


def test_no_web_font_is_requested(complet: FixtureProject) -> None:
    html = complet.html("index.html")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
