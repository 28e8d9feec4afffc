"""Macros that hand-written pages may call (pages opt in with `render_macros: true`)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from macros.render.text import md_inline


def _catalog(env: Any) -> Any:
    from macros.catalog import catalog_or_raise

    project = Path(env.conf["config_file_path"]).parent
    return catalog_or_raise(project / "standards")


def register(env: Any) -> None:
    """Register every author-facing macro on the mkdocs-macros environment."""

    @env.macro
    def edition_courante() -> str:
        """Identifier of the current published edition, for example 2026.1."""
        edition = _catalog(env).current_edition()
        if edition is None:
            raise ValueError("aucune édition publiée dans standards/editions.yaml")
        return edition.id

    @env.macro
    def nombre_de_standards() -> int:
        """Number of standards in the current edition."""
        return len(_catalog(env).current_standards())

    @env.macro
    def titre_standard(slug: str) -> str:
        """Title of a standard's current version, escaped for Markdown."""
        sv = _catalog(env).current(slug)
        if sv is None:
            raise ValueError(f"standard inconnu dans l'édition courante : « {slug} »")
        from macros.model import tr

        return md_inline(tr(sv.standard.title))
