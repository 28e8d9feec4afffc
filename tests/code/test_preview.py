"""Preview mode (`make apercu`, PMO_APERCU=1): the edition being prepared shows as current on the PMO's machine only.

« brouillon » is « complet » plus a draft edition holding a draft version (tests/support.py, add_draft_edition),
built twice: as published (no PMO_APERCU) and as the PMO's preview.
"""
from __future__ import annotations

from pathlib import Path

from macros.site.plan import generate
from tests.support import DRAFT_EDITION, DRAFT_ITEM, DRAFT_STANDARD, DRAFT_VERSION, FixtureProject, page_text, session_cache

BANNER = "Aperçu : version en préparation"
DRAFT_PAGES = (f"editions/{DRAFT_EDITION}/index.html", f"standards/{DRAFT_STANDARD}/{DRAFT_VERSION}/index.html")


def test_the_draft_is_valid_and_current_only_in_preview(brouillon: FixtureProject) -> None:
    public, preview = brouillon.load(), brouillon.load(preview=True)
    assert public.errors == [] and public.warnings == []
    assert preview.errors == []
    assert [(e.id, e.status) for e in public.catalog.editions][-1] == (DRAFT_EDITION, "draft")
    assert public.catalog.current_edition().id == "2024.2"  # type: ignore[union-attr]
    assert preview.catalog.current_edition().id == DRAFT_EDITION  # type: ignore[union-attr]
    public_files = {f.src for f in generate(public, session_cache())}
    preview_files = {f.src for f in generate(preview, session_cache())}
    assert f"editions/{DRAFT_EDITION}.md" not in public_files and f"editions/{DRAFT_EDITION}.md" in preview_files
    assert f"standards/{DRAFT_STANDARD}/{DRAFT_VERSION}/index.md" in preview_files - public_files


def test_public_build_never_shows_the_draft(brouillon_public: Path) -> None:
    site = brouillon_public
    for page in DRAFT_PAGES:
        assert not (site / page).exists(), page
    assert not (site / f"modeles/kit-modeles-{DRAFT_EDITION}.zip").exists()
    assert "Édition du référentiel en vigueur : 2024.2" in page_text(site, "index.html")
    current = page_text(site, f"standards/{DRAFT_STANDARD}/index.html")
    assert "v1.0.0" in current and DRAFT_ITEM not in current
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert BANNER not in text and DRAFT_ITEM not in text and DRAFT_EDITION not in text, page


def test_preview_build_shows_the_draft_as_current(brouillon_apercu: Path) -> None:
    site = brouillon_apercu
    for page in DRAFT_PAGES:
        assert (site / page).is_file(), page
    assert "Édition du référentiel en vigueur : 2024.3" in page_text(site, "index.html")
    assert "Édition en préparation (aperçu)." in page_text(site, f"editions/{DRAFT_EDITION}/index.html")
    current = page_text(site, f"standards/{DRAFT_STANDARD}/index.html")
    assert f"v{DRAFT_VERSION}" in current and BANNER in current and DRAFT_ITEM in current
    # The draft's item reaches the gate it belongs to, and the kit of the edition being prepared exists.
    assert DRAFT_ITEM in (site / "listes-de-controle/feu-vert-execution/index.html").read_text(encoding="utf-8")
    assert (site / f"modeles/kit-modeles-{DRAFT_EDITION}.zip").is_file()
    # The published versions stay online in preview too.
    assert (site / f"standards/{DRAFT_STANDARD}/1.0.0/index.html").is_file()
