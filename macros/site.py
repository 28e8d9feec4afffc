"""Every generated page and download of the site, computed from the catalog; no MkDocs here."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass

from macros.catalog import Catalog, StandardVersion
from macros.download_cache import DownloadCache
from macros.model import Edition, tr
from macros.render.checklist import Entry
from macros.render import downloads, links
from macros.render.edition_page import render_edition_page, render_editions_index
from macros.render.overview_pages import (
    gate_entries,
    raci_matrix,
    render_checklists_index,
    render_gate_page,
    render_history_page,
    render_raci_matrix,
    render_role_page,
    render_roles_index,
    render_standards_index,
    render_templates_index,
)
from macros.quizzes import QuizSet, stale_questions
from macros.render.quiz_page import PARCOURS_PAGE, STALE_PAGE, quiz_page, render_parcours_page, render_quiz_page, render_stale_page
from macros.render.standard_page import download_name, first_edition, render_standard_page
from macros.render.text import esc

RACI_XLSX = "roles/matrice-raci.xlsx"
CHECKLIST_NAME = "liste-de-controle"


@dataclass(frozen=True)
class GeneratedFile:
    """A page (Markdown text) or a download (bytes) to add to the site, and where it goes in the navigation."""

    src: str
    content: str | bytes
    nav_section: str | None = None  # None: reachable by links only (archived versions, downloads)
    nav_title: str | None = None


def _stamp(cat: Catalog, sv: StandardVersion, template_id: str) -> downloads.Stamp:
    """The stamp of one template: its version's stamp plus the template's own content hash."""
    template = next(t for t in sv.standard.templates if t.id == template_id)
    return dataclasses.replace(_version_stamp(cat, sv), content_hash=downloads.template_hash(sv.standard, template))


def version_downloads(cat: Catalog, sv: StandardVersion, cache: DownloadCache) -> list[tuple[str, bytes]]:
    """Every template file of one version of a standard: (path, bytes)."""
    s = sv.standard
    out = []
    for t in s.templates:
        stamp = _stamp(cat, sv, t.id)
        inputs = f"{s.id}\0{s.version}\0{s.model_dump_json(include={'title'})}\0{t.model_dump_json()}\0{stamp!r}"
        makers = {
            "docx": lambda t=t, stamp=stamp: downloads.template_docx(s, t, stamp),
            "xlsx": lambda t=t, stamp=stamp: downloads.template_xlsx(s, t, stamp),
            "csv": lambda t=t: downloads.template_csv(s, t),
            "md": lambda t=t, stamp=stamp: downloads.template_md(s, t, stamp),
        }
        for fmt in t.formats:
            data = cache.get(f"modele.{fmt}", inputs, makers[fmt])
            out.append((links.version_file(s.slug, s.version, download_name(t.id, fmt)), data))
    return out


def version_checklist_downloads(cat: Catalog, sv: StandardVersion, cache: DownloadCache) -> list[GeneratedFile]:
    """The checklist of one version of a standard, as CSV and Excel, beside its templates."""
    s = sv.standard
    rows = _checklist_rows(cat, [Entry(s, item) for item in s.checklist])
    stamp = _version_stamp(cat, sv)
    title = f"{s.id} {tr(s.title)}"
    inputs = f"{title}\0{rows!r}\0{stamp!r}"
    return [
        GeneratedFile(links.version_file(s.slug, s.version, CHECKLIST_NAME + ".csv"),
                      cache.get("liste.csv", inputs, lambda: downloads.checklist_csv(rows))),
        GeneratedFile(links.version_file(s.slug, s.version, CHECKLIST_NAME + ".xlsx"),
                      cache.get("liste.xlsx", inputs, lambda: downloads.checklist_xlsx(title, rows, stamp))),
    ]


def _version_stamp(cat: Catalog, sv: StandardVersion) -> downloads.Stamp:
    s = sv.standard
    edition_id = first_edition(cat, s.slug, s.version)
    edition = next((e for e in cat.editions if e.id == edition_id), None)
    day = edition.date if edition is not None and edition.date is not None else s.effective_from
    return downloads.Stamp(standard_id=s.id, standard_title=tr(s.title), version=s.version,
                           edition=edition_id or "brouillon", date=day, content_hash="")


def edition_kit(edition: Edition, templates_of: dict[tuple[str, str], list[tuple[str, bytes, str, str]]],
                cache: DownloadCache) -> GeneratedFile:
    """Every template of one edition in a .zip, with its manifest (file, standard, version, sha256)."""
    kit = sorted(member for slug, version in edition.standards.items() for member in templates_of.get((slug, version), []))
    day = edition.date or dt.date(2000, 1, 1)
    stamp = downloads.Stamp(standard_id="", standard_title="Référentiel PMO", version="", edition=edition.id, date=day, content_hash="")
    inputs = repr([(name, hashlib.sha256(data).hexdigest(), sid, version) for name, data, sid, version in kit]) + repr(stamp)
    return GeneratedFile(links.kit_file(edition.id), cache.get("kit.zip", inputs, lambda: downloads.kit_zip(kit, stamp)))


def _checklist_rows(cat: Catalog, entries: list) -> list[downloads.ChecklistRow]:
    from macros.constants import LEVEL_LABELS
    from macros.render.standard_page import role_name

    phases = {p.id: tr(p.name) for p in cat.lifecycle.phases}
    rows = []
    for e in entries:
        s, item = e.standard, e.item
        template = next((tr(t.title) for t in s.templates if t.id == item.template), "")
        rows.append(downloads.ChecklistRow(
            standard_id=s.id, standard_title=tr(s.title), version=s.version, item_id=item.id, phase=phases[item.phase],
            level=LEVEL_LABELS[item.level], text=tr(item.text), responsible=role_name(cat, item.responsible),
            template=template, evidence=tr(item.evidence) if item.evidence else ""))
    return rows


def quiz_files(cat: Catalog, quizset: QuizSet) -> list[GeneratedFile]:
    """« Mon parcours », one page per quiz, and the PMO's list of questions to review."""
    if quizset.parcours is None:
        return []
    files = [GeneratedFile(PARCOURS_PAGE, render_parcours_page(quizset, cat, PARCOURS_PAGE), "parcours", "Mon parcours")]
    for quiz_id in sorted(quizset.quizzes):
        src = quiz_page(quiz_id)
        files.append(GeneratedFile(src, render_quiz_page(quizset.quizzes[quiz_id], cat, src, quizset.labels)))
    files.append(GeneratedFile(STALE_PAGE, render_stale_page(stale_questions(quizset, cat), cat, STALE_PAGE)))
    return files


def generate(cat: Catalog, quizset: QuizSet | None = None, cache: DownloadCache | None = None) -> list[GeneratedFile]:
    """All generated pages and files, in a stable order (reproducible builds)."""
    cache = cache if cache is not None else DownloadCache(None)
    edition = cat.current_edition()
    if edition is None or cat.lifecycle is None:
        return []
    files: list[GeneratedFile] = [GeneratedFile(links.STANDARDS_INDEX, render_standards_index(cat), "standards", None)]
    templates_of: dict[tuple[str, str], list[tuple[str, bytes, str, str]]] = {}
    for sv in cat.current_standards():
        s = sv.standard
        files.append(GeneratedFile(links.standard_page(s.slug), render_standard_page(cat, sv, links.standard_page(s.slug), current=True),
                                   "standards", esc(f"{s.id} {tr(s.title)}")))
    for slug in sorted(cat.standards):
        shown = cat.shown_versions(slug)
        if not shown:
            continue
        files.append(GeneratedFile(links.history_page(slug), render_history_page(cat, slug)))
        for sv in shown:
            s = sv.standard
            src = links.version_page(slug, s.version)
            files.append(GeneratedFile(src, render_standard_page(cat, sv, src, current=False)))
            members = templates_of.setdefault((slug, s.version), [])
            for path, data in version_downloads(cat, sv, cache):
                files.append(GeneratedFile(path, data))
                members.append((path.split("/")[-1], data, s.id, s.version))
            files += version_checklist_downloads(cat, sv, cache)
    stamp_day = edition.date or cat.current_standards()[0].standard.effective_from
    stamp = downloads.Stamp(standard_id="", standard_title="Référentiel PMO", version="", edition=edition.id,
                            date=stamp_day, content_hash="")
    files.append(GeneratedFile(links.CHECKLISTS_INDEX, render_checklists_index(cat), "checklists", None))
    for gate in cat.lifecycle.gates:
        rows = _checklist_rows(cat, gate_entries(cat, gate))
        files.append(GeneratedFile(links.gate_page(gate.id), render_gate_page(cat, gate), "checklists", esc(tr(gate.name))))
        inputs = f"{gate.id}\0{tr(gate.name)}\0{rows!r}\0{stamp!r}"
        files.append(GeneratedFile(links.gate_file(gate.id, "csv"), cache.get("liste.csv", inputs, lambda rows=rows: downloads.checklist_csv(rows))))
        files.append(GeneratedFile(links.gate_file(gate.id, "xlsx"), cache.get(
            "liste.xlsx", inputs, lambda rows=rows, gate=gate: downloads.checklist_xlsx(tr(gate.name), rows, stamp))))
    files.append(GeneratedFile(links.ROLES_INDEX, render_roles_index(cat), "roles", None))
    for role in cat.current_roles():
        files.append(GeneratedFile(links.role_page(role.meta.id), render_role_page(cat, role), "roles", esc(tr(role.meta.name))))
    roles, matrix = raci_matrix(cat)
    files.append(GeneratedFile(links.RACI_MATRIX, render_raci_matrix(cat, RACI_XLSX), "roles", "Matrice RACI"))
    raci_roles = [(r.meta.id, tr(r.meta.name)) for r in roles]
    raci_rows = [(sv.standard.id, activity, cells) for sv, activity, cells in matrix]
    files.append(GeneratedFile(RACI_XLSX, cache.get("raci.xlsx", f"{raci_roles!r}\0{raci_rows!r}\0{stamp!r}",
                                                    lambda: downloads.raci_xlsx(raci_roles, raci_rows, stamp))))
    files.append(GeneratedFile(links.TEMPLATES_INDEX, render_templates_index(cat), "templates", None))
    files.append(GeneratedFile(links.EDITIONS_INDEX, render_editions_index(cat), "editions", None))
    shown_editions = cat.published_editions() + ([edition] if edition.status == "draft" else [])
    for shown in reversed(shown_editions):
        files.append(GeneratedFile(links.edition_page(shown.id), render_edition_page(cat, shown), "editions",
                                   esc(f"Nouveautés de l'édition {shown.id}")))
    for shown in shown_editions:
        files.append(edition_kit(shown, templates_of, cache))
    if quizset is not None:
        files += quiz_files(cat, quizset)
    return files
