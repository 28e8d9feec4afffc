"""The site's own scripts (docs/assets/javascripts/) and the tags that load them, shared helpers first."""
from __future__ import annotations

from macros.core import links
from macros.render.escape import esc

SCRIPTS_DIR = "assets/javascripts/"
# What every script uses (start-up, storage with its visible warning, safe elements, French typography): loaded first.
COMMON_SCRIPT = "pmo-common.js"
# « Mon dossier de jalon », one file per reason to change, in the order they build on each other.
DOSSIER_SCRIPTS = ("dossier-store.js", "dossier-check.js", "dossier-model.js", "dossier-traits.js", "dossier-view.js",
                   "dossier-gate.js", "dossier-entries.js", "dossier-notices.js", "dossier-files.js", "dossier-exports.js",
                   "dossier-report.js", "dossier.js")


def script_tags(src: str, *names: str) -> str:
    """Deferred <script> tags for the page at `src`: the common helpers, then `names` (deferred scripts run in order)."""
    return "".join(f'<script src="{esc(links.href(src, SCRIPTS_DIR + name))}" defer></script>' for name in (COMMON_SCRIPT, *names))
