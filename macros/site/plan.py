"""The site plan: every generated page and download, computed from the loaded project; no MkDocs here."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from macros.catalog.catalog import Catalog, StandardVersion
from macros.catalog.citations import resolve_example, resolve_model
from macros.catalog.queries import categories, default_category, first_edition, raci_matrix, template_hashes
from macros.core import links
from macros.core.site_config import Contact
from macros.core.text import one_line
from macros.core.vocabulary import Format, status_text
from macros.model import Edition, Entry, tr
from macros.pages.checklist import checklist_lines
from macros.pages.dossier import dossier_data
from macros.pages.editions import DocumentFile, edition_page, editions_index, history_page
from macros.pages.gates import categories_page, checklists_index, gate_page, pmo_roadmap, portfolio_calendar
from macros.pages.kit import kit_page
from macros.pages.lifecycle import lifecycle_page
from macros.pages.quizzes import parcours_page, quiz_bank_page, quiz_pages, stale_page
from macros.pages.roles import raci_page, role_page, roles_index
from macros.pages.standards import standard_page, standards_index
from macros.pages.templates import template_roles, templates_index
from macros.project import Loaded
from macros.quiz.quizzes import QuizSet, stale_questions
from macros.render.contact import render_contact
from macros.render.dossier_page import render_dossier_page
from macros.render.release_notes import document_paragraph, render_edition_page, render_editions_index
from macros.render.escape import esc
from macros.render.files.common import Stamp
from macros.render.files.csv_text import checklist_csv, template_csv
from macros.render.files.excel import checklist_xlsx, raci_xlsx, template_xlsx
from macros.render.files.gate_file import gate_file_exports
from macros.render.files.kit import kit_zip
from macros.render.files.markdown_text import template_md
from macros.render.files.moodle import quiz_moodle_xml
from macros.render.files.word import template_docx
from macros.render.gate_pages import render_categories_page, render_checklists_index, render_gate_page, render_scope_page
from macros.render.glossary import render_glossary
from macros.render.lifecycle import lifecycle_figure, render_lifecycle_page
from macros.render.overview_pages import (
    render_history_page,
    render_raci_matrix,
    render_role_page,
    render_roles_index,
    render_standards_index,
    render_templates_index,
)
from macros.render.quiz_page import render_parcours_page, render_quiz_bank_page, render_quiz_page, render_stale_page
from macros.render.standard_page import render_standard_page
from macros.site.documents import edition_documents
from macros.site.download_cache import DownloadCache

CHECKLIST_NAME = "liste-de-controle"
# The generated sections of the navigation, in order, with their French titles. « parcours » joins the
# hand-written tutorials instead of the « Standards » tab.
NAV_TITLES = {
    "standards": "Standards en vigueur",
    "checklists": "Listes de contrôle",
    "roles": "Rôles",
    "templates": "Modèles",
    "pmo": "Pour le PMO",
    "editions": "Éditions",
}
# Hand-written pages may show a generated block where they write its marker (replaced by macros/hooks.py).
MARKERS = {"<!-- referentiel:cycle-de-vie -->": "cycle-de-vie", "<!-- referentiel:contact -->": "contact",
           "<!-- referentiel:document-pdf -->": "document-pdf"}
NAV_TAB = "Standards"
PARCOURS_TITLE = "Mon parcours"


@dataclass(frozen=True)
class GeneratedFile:
    """A page (Markdown text) or a download (bytes) to add to the site, and where it goes in the navigation."""

    src: str
    content: str | bytes
    nav_section: str | None = None  # a key of NAV_TITLES or « parcours »; None: reachable by links only
    nav_title: str | None = None
    # False: in the navigation (its tab, its section, previous and next), but the sidebar shows it on its own page
    # only; its section's index lists them all. Pages there may be many (one per standard): listed on each of them,
    # they made every page's sidebar, and the site, grow as their number squared.
    in_sidebar: bool = True


def _version_stamp(cat: Catalog, sv: StandardVersion, content_hash: str = "") -> Stamp:
    s = sv.standard
    edition = first_edition(cat, s.slug, s.version)
    day = edition.date if edition is not None and edition.date is not None else s.effective_from
    return Stamp(standard_id=s.id, standard_title=tr(s.title), version=s.version, edition=edition.id if edition else "brouillon",
                 date=day, content_hash=content_hash, status=status_text(cat.status_of(sv), s.effective_from))


def _site_stamp(edition: Edition, day: dt.date) -> Stamp:
    return Stamp(standard_id="", standard_title="Référentiel PMO", version="", edition=edition.id, date=day, content_hash="")


_MAKERS = {Format.DOCX: template_docx, Format.XLSX: template_xlsx, Format.MD: template_md}


def version_downloads(cat: Catalog, sv: StandardVersion, cache: DownloadCache) -> list[tuple[str, bytes]]:
    """Every template file of one version of a standard: (path, bytes)."""
    s = sv.standard
    out = []
    current = cat.current(s.slug)
    for t in s.templates:
        stamp = _version_stamp(cat, sv, template_hashes(cat, sv)[t.id])
        roles = template_roles(cat, s, t)
        for fmt in t.formats:
            data = cache.make(template_csv, s, t) if fmt == Format.CSV else cache.make(_MAKERS[fmt], s, t, stamp, None, roles)
            out.append((links.version_file(s.slug, s.version, links.download_name(t.id, fmt)), data))
        # The filled-in example illustrates the template in force: only the current version gets it.
        found = cat.examples.get((s.slug, t.id))
        if found is not None and current is not None and current.standard.version == s.version:
            example = resolve_example(cat, found[0])
            for fmt in (f for f in t.formats if f != Format.CSV):
                data = cache.make(_MAKERS[fmt], s, t, stamp, example, roles)
                out.append((links.version_file(s.slug, s.version, links.example_name(t.id, fmt)), data))
    return out


def version_checklist_downloads(cat: Catalog, sv: StandardVersion, cache: DownloadCache) -> list[GeneratedFile]:
    """The checklist of one version of a standard, as CSV and Excel, beside its templates."""
    s = sv.standard
    rows = checklist_lines(cat, [Entry(s, item) for item in s.checklist])
    title = f"{s.id} {tr(s.title)}"
    return [
        GeneratedFile(links.version_file(s.slug, s.version, CHECKLIST_NAME + ".csv"), cache.make(checklist_csv, rows)),
        GeneratedFile(links.version_file(s.slug, s.version, CHECKLIST_NAME + ".xlsx"),
                      cache.make(checklist_xlsx, title, rows, _version_stamp(cat, sv))),
    ]


def edition_kit(cat: Catalog, edition: Edition, downloads: dict[str, bytes], cache: DownloadCache) -> GeneratedFile:
    """The kit of one edition: its templates by phase with a « LISEZMOI » and a manifest (see macros/pages/kit.py)."""
    page = kit_page(cat, edition)
    stamp = _site_stamp(edition, edition.date or dt.date(2000, 1, 1))
    return GeneratedFile(links.kit_file(edition.id), cache.make(kit_zip, page, {f.source: downloads[f.source] for f in page.files}, stamp))


def quiz_files(cat: Catalog, quizset: QuizSet, cache: DownloadCache) -> list[GeneratedFile]:
    """« Mon parcours » and its quizzes, in the path's order; for the PMO, outside /parcours/: the questions to review and
    the question banks (answers included) in Moodle XML."""
    if quizset.parcours is None:
        return []
    files = [GeneratedFile(links.PARCOURS_PAGE, render_parcours_page(parcours_page(cat, quizset, quizset.parcours)), "parcours")]
    # Each quiz page belongs to « Mon parcours » in the navigation, week by week: the menu, the active tab and
    # « Précédent / Suivant » follow the path.
    for page in quiz_pages(cat, quizset):
        files.append(GeneratedFile(page.src, render_quiz_page(page), "parcours", esc(page.nav_title)))
    files.append(GeneratedFile(links.STALE_PAGE, render_stale_page(stale_page(cat, stale_questions(quizset, cat))), "pmo",
                               "Questions à revoir"))
    bank = quiz_bank_page(cat, quizset)
    files.append(GeneratedFile(bank.src, render_quiz_bank_page(bank), "pmo", "Banque de questions"))
    for row in bank.rows:
        # The bank a learning platform imports shows the case's facts as the quiz page does, never their citations.
        quiz = resolve_model(cat, quizset.quizzes[row.quiz_id])
        files.append(GeneratedFile(row.file, cache.make(quiz_moodle_xml, quiz, bank.edition_id)))
    return files


def _standard_files(cat: Catalog, cache: DownloadCache) -> list[GeneratedFile]:
    files = [GeneratedFile(links.STANDARDS_INDEX, render_standards_index(standards_index(cat)), "standards")]
    for sv in cat.current_standards():
        s = sv.standard
        src = links.standard_page(s.slug)
        files.append(GeneratedFile(src, render_standard_page(standard_page(cat, sv, src, current=True)),
                                   "standards", esc(f"{s.id} {one_line(tr(s.title))}"), in_sidebar=False))
    for slug in sorted(cat.standards):
        shown = cat.shown_versions(slug)
        if not shown:
            continue
        files.append(GeneratedFile(links.history_page(slug), render_history_page(history_page(cat, slug))))
        for sv in shown:
            s = sv.standard
            src = links.version_page(slug, s.version)
            files.append(GeneratedFile(src, render_standard_page(standard_page(cat, sv, src, current=False))))
            for path, data in version_downloads(cat, sv, cache):
                files.append(GeneratedFile(path, data))
            files += version_checklist_downloads(cat, sv, cache)
    return files


def _gate_files(cat: Catalog, cache: DownloadCache, stamp: Stamp) -> list[GeneratedFile]:
    files = [GeneratedFile(links.CHECKLISTS_INDEX, render_checklists_index(checklists_index(cat)), "checklists"),
             GeneratedFile(links.CATEGORIES_PAGE, render_categories_page(categories_page(cat)), "checklists",
                           "Choisir la catégorie du projet")]
    default = default_category(cat)
    for gate in cat.lifecycle.gates if cat.lifecycle else []:
        for category in categories(cat):
            key = None if category.id == default else category.id
            page = gate_page(cat, gate, category.id)
            rows = [line for _, lines in page.groups for line in lines]
            title = tr(gate.name) if key is None else f"{tr(gate.name)} (projet {one_line(tr(category.name)).lower()})"
            files.append(GeneratedFile(page.src, render_gate_page(page), "checklists" if key is None else None,
                                       esc(one_line(tr(gate.name))) if key is None else None))
            files.append(GeneratedFile(links.gate_file(gate.id, Format.CSV, key), cache.make(checklist_csv, rows)))
            files.append(GeneratedFile(links.gate_file(gate.id, Format.XLSX, key), cache.make(checklist_xlsx, title, rows, stamp)))
    return files


def _dossier_files(cat: Catalog) -> list[GeneratedFile]:
    """« Mon dossier de jalon » and its data file."""
    edition = cat.current_edition()
    assert edition is not None
    contract = {**dossier_data(cat), "exports": gate_file_exports()}
    data = json.dumps(contract, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return [GeneratedFile(links.DOSSIER_PAGE, render_dossier_page(links.DOSSIER_PAGE, edition.id), "checklists", "Mon dossier de jalon"),
            GeneratedFile(links.DOSSIER_DATA, data)]


def _pmo_files(cat: Catalog, cache: DownloadCache, stamp: Stamp) -> list[GeneratedFile]:
    """The PMO's own lists: its set-up roadmap and the portfolio calendar, each with its downloads."""
    files = []
    for page in (pmo_roadmap(cat), portfolio_calendar(cat)):
        rows = [line for _, lines in page.groups for line in lines]
        files.append(GeneratedFile(page.src, render_scope_page(page), "pmo", page.title))
        files.append(GeneratedFile(links.pmo_file(page.src, Format.CSV), cache.make(checklist_csv, rows)))
        files.append(GeneratedFile(links.pmo_file(page.src, Format.XLSX), cache.make(checklist_xlsx, page.title, rows, stamp)))
    return files


def _role_files(cat: Catalog, cache: DownloadCache, stamp: Stamp) -> list[GeneratedFile]:
    files = [GeneratedFile(links.ROLES_INDEX, render_roles_index(roles_index(cat)), "roles")]
    for role in cat.current_roles():
        files.append(GeneratedFile(links.role_page(role.meta.id), render_role_page(role_page(cat, role)), "roles",
                                   esc(one_line(tr(role.meta.name)))))
    files.append(GeneratedFile(links.RACI_MATRIX, render_raci_matrix(raci_page(cat, links.RACI_XLSX)), "roles", "Matrice RACI"))
    raci_roles = [(r.meta.id, one_line(tr(r.meta.name))) for r in cat.current_roles()]
    raci_rows = [(s.id, activity, cells) for s, activity, cells in raci_matrix(cat)]
    files.append(GeneratedFile(links.RACI_XLSX, cache.make(raci_xlsx, raci_roles, raci_rows, stamp)))
    return files


def generate(loaded: Loaded, cache: DownloadCache | None = None, *, documents: bool = True) -> list[GeneratedFile]:
    """All generated pages and files of a loaded project, in a stable order (reproducible builds); `documents=False` leaves
    out the editions' PDFs (and the links to them)."""
    cat = loaded.catalog
    cache = cache if cache is not None else DownloadCache(None)
    edition = cat.current_edition()
    if edition is None or cat.lifecycle is None or not cat.current_standards():
        return []
    stamp = _site_stamp(edition, edition.date or cat.current_standards()[0].standard.effective_from)
    files = _standard_files(cat, cache)
    files.insert(1, GeneratedFile(links.LIFECYCLE_PAGE, render_lifecycle_page(lifecycle_page(cat)), "standards",
                                  "Cycle de vie d'un projet"))
    files += _gate_files(cat, cache, stamp)
    files += _dossier_files(cat)
    files += _role_files(cat, cache, stamp)
    files += _pmo_files(cat, cache, stamp)
    if cat.terminology is not None:
        files.append(GeneratedFile(links.GLOSSARY_PAGE, render_glossary(cat.terminology)))
    files.append(GeneratedFile(links.TEMPLATES_INDEX, render_templates_index(templates_index(cat)), "templates"))
    # The PMO's preview skips the PDFs: it is for rereading a draft quickly, and a draft edition has no PDF.
    made = edition_documents(cat, cache) if documents and not cat.preview else {}
    pdfs = {edition_id: info for edition_id, (_, info) in made.items()}
    files.append(GeneratedFile(links.EDITIONS_INDEX, render_editions_index(editions_index(cat, pdfs)), "editions"))
    shown_editions = cat.published_editions() + ([edition] if edition not in cat.published_editions() else [])
    for shown in reversed(shown_editions):
        files.append(GeneratedFile(links.edition_page(shown.id), render_edition_page(edition_page(cat, shown, pdfs.get(shown.id))),
                                   "editions", esc(f"Nouveautés de l'édition {shown.id}")))
    files += [GeneratedFile(info.src, data) for data, info in made.values()]
    quizzes = quiz_files(cat, loaded.quizzes, cache) if loaded.quizzes is not None else []
    downloads = {f.src: f.content for f in files if isinstance(f.content, bytes)}
    files += [edition_kit(cat, shown, downloads, cache) for shown in shown_editions]
    return files + quizzes


def fragment(loaded: Loaded, name: str, src: str, contact: Contact, files: list[GeneratedFile]) -> str:
    """A generated block for a hand-written page (see MARKERS), with links relative to that page; `contact` is the PMO's,
    as mkdocs.yml sets it once (extra.referentiel.contact); `files` are the generated ones (the edition's PDF is among them)."""
    if name == "cycle-de-vie" and loaded.catalog.lifecycle is not None:
        return lifecycle_figure(lifecycle_page(loaded.catalog), src)
    if name == "contact":
        return render_contact(contact)
    if name == "document-pdf":
        return _document_fragment(loaded, src, files)
    raise ValueError(f"bloc généré inconnu « {name} »")


def _document_fragment(loaded: Loaded, src: str, files: list[GeneratedFile]) -> str:
    """The current edition's PDF, as the home page offers it; nothing in the PMO's preview, which makes none."""
    edition = loaded.catalog.current_edition()
    found = next((f.content for f in files if edition is not None and f.src == links.edition_pdf(edition.id)), None)
    if edition is None or not isinstance(found, bytes):
        return ""
    return document_paragraph(src, DocumentFile(links.edition_pdf(edition.id), len(found), hashlib.sha256(found).hexdigest()), edition.id)


def navigation(files: list[GeneratedFile]) -> tuple[dict[str, list[dict[str, list[object]]]], list[object]]:
    """The navigation of the generated pages: the « Standards » tab, and « Mon parcours » that joins the tutorials, a
    section whose index is the path's page and whose pages are its quizzes, week by week."""
    sections: dict[str, list[object]] = {key: [] for key in (*NAV_TITLES, "parcours")}
    for item in files:
        if item.nav_section is not None:
            sections[item.nav_section].append(item.src if item.nav_title is None else {item.nav_title: item.src})
    tab = {NAV_TAB: [{NAV_TITLES[key]: entries} for key, entries in sections.items() if entries and key in NAV_TITLES]}
    return tab, [{PARCOURS_TITLE: sections["parcours"]}] if sections["parcours"] else []


def write(files: list[GeneratedFile], folder: Path) -> int:
    """Write every generated page and download under folder (`pmo generate`); returns how many files were written."""
    for item in files:
        target = folder / item.src
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(item.content, bytes):
            target.write_bytes(item.content)
        else:
            target.write_text(item.content, encoding="utf-8")
    return len(files)
