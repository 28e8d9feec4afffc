"""mkdocs-macros entry point: registers the author-facing macros, nothing else."""
from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """Register the macros that hand-written pages may call."""
    # Imported here, not at the top: importing the package (for the CLI or the hooks) must not load the macros' edge.
    from macros.adapters import page_macros  # noqa: PLC0415 - see above

    page_macros.register(env)
