"""Macros that hand-written pages may call (pages opt in with `render_macros: true`)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from macros.adapters import settings
from macros.catalog.catalog import Catalog
from macros.project import Project, load_cached


def _catalog(env: Any) -> Catalog:
    project = Project.at(Path(env.conf["config_file_path"]).parent)
    loaded = load_cached(project, preview=settings.preview(), today=settings.today())
    if loaded.errors:
        raise ValueError("données du référentiel invalides :\n" + "\n".join(p.format() for p in loaded.errors))
    return loaded.catalog


def register(env: Any) -> None:
    """Register every author-facing macro on the mkdocs-macros environment."""

    def edition_courante() -> str:
        """Identifier of the current published edition, for example 2026.1."""
        edition = _catalog(env).current_edition()
        if edition is None:
            raise ValueError("aucune édition publiée dans standards/editions.yaml")
        return edition.id

    def nombre_de_standards() -> int:
        """Number of standards in the current edition."""
        return len(_catalog(env).current_standards())

    env.macro(edition_courante)
    env.macro(nombre_de_standards)
