"""Where generated pages and files live, and relative links between them."""
from __future__ import annotations

import posixpath
from typing import TypeGuard

STANDARDS_INDEX = "standards/index.md"
CHECKLISTS_INDEX = "listes-de-controle/index.md"
ROLES_INDEX = "roles/index.md"
RACI_MATRIX = "roles/matrice-raci.md"
TEMPLATES_INDEX = "modeles/index.md"
EDITIONS_INDEX = "editions/index.md"
PARCOURS_PAGE = "parcours/index.md"
# The PMO's pages about the quizzes, outside the learner's /parcours/: what to review, the banks to export.
STALE_PAGE = "pmo/questions-a-revoir.md"
QUIZ_BANK_PAGE = "pmo/banque-de-questions.md"
RACI_XLSX = "roles/matrice-raci.xlsx"


def standard_page(slug: str) -> str:
    return f"standards/{slug}/index.md"


def version_page(slug: str, version: str) -> str:
    return f"standards/{slug}/{version}/index.md"


def history_page(slug: str) -> str:
    return f"standards/{slug}/historique.md"


def version_file(slug: str, version: str, name: str) -> str:
    """A download of one version of a standard: permanent, addressed by version."""
    return f"standards/{slug}/{version}/{name}"


def download_name(template_id: str, fmt: str) -> str:
    """The file name of one format of a template, inside its version's folder."""
    return f"{template_id}.{fmt}"


def saved_name(name: str, version: str) -> str:
    """The name a download is saved under: its own name and the version it follows, so files never collide in a
    Downloads folder (« charte-de-projet-v1.0.1.docx »); the address itself stays the same."""
    stem, _, ext = name.rpartition(".")
    return f"{stem}-v{version}.{ext}"


def download_link(from_src: str, to_src: str, label: str, saved: str) -> str:
    """A Markdown link to a download, saved under `saved` (attr_list writes the download attribute)."""
    return f'[{label}]({md_link(from_src, to_src)}){{: download="{saved}" }}'


def example_name(template_id: str, fmt: str) -> str:
    """The file name of a filled-in example of a template, beside the blank one."""
    return f"{template_id}-exemple.{fmt}"


def gate_page(gate_id: str, category: str | None = None) -> str:
    """A gate's checklist: the default category's at a stable address, each other category's beneath it."""
    return f"listes-de-controle/{gate_id}.md" if category is None else f"listes-de-controle/{gate_id}/{category}.md"


def gate_file(gate_id: str, ext: str, category: str | None = None) -> str:
    return f"listes-de-controle/{gate_id}.{ext}" if category is None else f"listes-de-controle/{gate_id}-{category}.{ext}"


CATEGORIES_PAGE = "listes-de-controle/categories-de-projet.md"
LIFECYCLE_PAGE = "standards/cycle-de-vie.md"
GLOSSARY_PAGE = "reference/glossaire.md"
DOSSIER_PAGE = "listes-de-controle/mon-dossier-de-jalon.md"
DOSSIER_DATA = "listes-de-controle/dossier-referentiel.json"
PMO_ROADMAP = "pmo/feuille-de-route.md"
PORTFOLIO_CALENDAR = "pmo/calendrier-du-portefeuille.md"


def pmo_file(page: str, ext: str) -> str:
    """The download of a PMO page (its checklist as CSV or Excel), beside it."""
    return page.removesuffix(".md") + "." + ext


def role_page(role_id: str) -> str:
    return f"roles/{role_id}.md"


def edition_page(edition_id: str) -> str:
    return f"editions/{edition_id}.md"


def edition_pdf(edition_id: str) -> str:
    """The whole edition as one PDF document, beside its release notes (editions/<id>/ is that page's folder)."""
    return f"editions/{edition_id}/referentiel-pmo-{edition_id}.pdf"


def kit_file(edition_id: str) -> str:
    return f"modeles/kit-modeles-{edition_id}.zip"


def quiz_page(quiz_id: str) -> str:
    return f"parcours/quiz/{quiz_id}.md"


def moodle_file(quiz_id: str) -> str:
    """A quiz bank in Moodle XML, with its answers: for the PMO's learning platform, beside the PMO's bank page."""
    return f"pmo/banque-de-questions/{quiz_id}-moodle.xml"


def standard_form_id(slug: str) -> str:
    """The id of a standard page's checklist form."""
    return f"liste-{slug}"


def item_anchor(slug: str, item_id: str) -> str:
    """The anchor of one item on its standard's page (its checkbox), for links to the exact clause."""
    return f"{standard_form_id(slug)}-{item_id}"


def page_url(src: str) -> str:
    """The served URL of a source path (MkDocs' directory URLs)."""
    if not src.endswith(".md"):
        return src
    if src == "index.md" or src.endswith("/index.md"):
        return src[: -len("index.md")]
    return src[: -len(".md")] + "/"


def relative_path(path: str, start: str) -> str:
    """posixpath.relpath for the site's relative paths, without its two calls to os.getcwd (a build makes tens of
    thousands of links); any other path (absolute, or leaving the site) goes to posixpath.relpath itself."""
    path, start = posixpath.normpath(path), posixpath.normpath(start)
    if path.startswith(("/", "..")) or start.startswith(("/", "..")):
        return posixpath.relpath(path, start)
    to = [] if path == "." else path.split("/")
    base = [] if start == "." else start.split("/")
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def href(from_src: str, to_src: str, anchor: str = "") -> str:
    """A relative link usable in raw HTML, from the page built from from_src to to_src."""
    base = page_url(from_src) or "./"
    target = page_url(to_src)
    relative = relative_path(target or ".", base.rstrip("/") or ".")
    if to_src.endswith(".md"):
        relative = "./" if relative == "." else relative + "/"
    return relative + (f"#{anchor}" if anchor else "")


def file_href(from_src: str, path: str) -> str:
    """A relative link usable in raw HTML to a file, never a page (a template's .md download stays a file)."""
    base = page_url(from_src) or "./"
    return relative_path(path, base.rstrip("/") or ".")


def md_link(from_src: str, to_src: str, anchor: str = "") -> str:
    """A relative link between source files, for Markdown links MkDocs validates."""
    relative = relative_path(to_src, posixpath.dirname(from_src) or ".")
    return relative + (f"#{anchor}" if anchor else "")


def is_web_address(url: str | None) -> TypeGuard[str]:
    """Whether a reference's address becomes a link: only http(s) ones (a javascript: or data: one is dropped, its
    title kept as text), on the site and in the edition's PDF alike."""
    return url is not None and url.startswith(("https://", "http://"))
