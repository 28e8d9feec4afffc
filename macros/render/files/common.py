"""What every downloadable file shares: the stamp of the version it follows, XML-safe text, reproducible zip packages, example sections."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from macros.core.dates import french_date
from macros.core.gate_file import XML_ILLEGAL
from macros.core.text import one_line
from macros.core.vocabulary import ITEM_STATUS_LABELS, ItemStatus
from macros.model import Example, ExampleSection, RiskMatrix, Section, Template, tr
from macros.pages.checklist import ChecklistLine
from macros.pages.templates import TemplateRoles

# Cells starting with these are read as formulas by Excel or LibreOffice when a CSV is opened
# (OWASP "CSV injection"); tab and CR are listed there too because some parsers strip them first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Empty rows under each table header of a Word document, so the author sees where to write.
DOCX_EMPTY_ROWS = 3

CONTROL_HEADERS = ("Standard", "Version", "Statut", "Édition", "Date", "Empreinte du contenu")


CHECKLIST_STATUSES = tuple(ITEM_STATUS_LABELS[s] for s in ItemStatus)  # « À faire », « Fait », « Non applicable »


# A checklist's columns as the site's blank checklists and the gate file's exports write them: (id, header, width).
# The id names the column for the browser (dossier-exports.js fills a column by its id, or from the item's « cells »).
CHECKLIST_COLUMNS = (("standard", "Standard", 14), ("version", "Version", 9), ("item", "Identifiant", 12),
                     ("phase", "Phase", 16), ("level", "Niveau", 24), ("text", "Exigence", 60),
                     ("doers", "Réalise (R)", 22), ("approver", "Approuve (A)", 18), ("template", "Modèle", 24),
                     ("expected", "Preuve attendue", 40), ("status", "Statut", 16),
                     ("justification", "Justification (si non applicable)", 36), ("evidence", "Preuve fournie", 36),
                     ("date", "Date", 13))


CHECKLIST_HEADERS = tuple(header for _, header, _ in CHECKLIST_COLUMNS)


CHECKLIST_WIDTHS = tuple(width for _, _, width in CHECKLIST_COLUMNS)


# Characters XML 1.0 cannot hold (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF): lxml and
# openpyxl refuse them. The loader already rejects them in YAML; models built in code may still carry one.




@dataclass(frozen=True)
class Stamp:
    """What every downloaded file says about its origin: standard, version, edition, date, content hash."""

    standard_id: str
    standard_title: str
    version: str
    edition: str
    date: dt.date
    content_hash: str
    # The version's status on the edition's date (« À venir — entre en vigueur le … »); "" for a file of the whole edition.
    status: str = ""




def xml_safe(text: str) -> str:
    return XML_ILLEGAL.sub("", text)



def require_kind(template: Template, kind: str, fmt: str) -> None:
    if template.kind != kind:
        raise ValueError(f"le modèle « {template.id} » est de type « {template.kind} » : "
                         f"le format {fmt} est réservé aux modèles « {kind} »")


def zip_date_time(date: dt.date) -> tuple[int, int, int, int, int, int]:
    # The zip format cannot store a date before 1980.
    if date.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (date.year, date.month, date.day, 0, 0, 0)


def zip_bytes(entries: Iterable[tuple[str, bytes]], date: dt.date) -> bytes:
    """Write entries, in the given order, with every varying header field fixed."""
    buffer = io.BytesIO()
    stamp = zip_date_time(date)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # ZipInfo defaults to 0 on Windows, 3 elsewhere: fix it so bytes match
            info.external_attr = 0o100644 << 16  # a plain rw-r--r-- file, whatever the umask
            archive.writestr(info, data)
    return buffer.getvalue()


def normalise_package(raw: bytes, date: dt.date) -> bytes:
    """Rewrite an Office package: python-docx and openpyxl stamp zip entries with the current time."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    # [Content_Types].xml first, as Office writes it; the rest sorted so the order never depends on the writer.
    names = sorted(entries, key=lambda name: (name != "[Content_Types].xml", name))
    return zip_bytes(((name, entries[name]) for name in names), date)


def control_values(stamp: Stamp) -> tuple[str, ...]:
    return (f"{stamp.standard_id} — {stamp.standard_title}", stamp.version, stamp.status, stamp.edition, french_date(stamp.date),
            stamp.content_hash)


def fit(text: str, limit: int) -> str:
    # Core properties and Excel prompts have hard length limits; cut with an ellipsis rather than fail.
    text = one_line(xml_safe(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


SCALES_HEADING = "Échelles et matrice des risques du PMO"


REVISION_HEADERS = ("Version", "Date", "Auteur", "Modifications")


APPROVAL_HEADERS = ("Rôle", "Nom", "Date", "Visa")


# The steps of a document's approval, as the example's `approval` names them, and their labels.
APPROVAL_STEPS = (("written_by", "Rédigé par"), ("reviewed_by", "Vérifié par"), ("approved_by", "Approuvé par"))


def day_text(day: dt.date | str) -> str:
    """A revision's or signature's date the French way (a citation left unresolved is reported by pmo validate)."""
    return french_date(day) if isinstance(day, dt.date) else day


def cover_rows(project: dict[str, str], example: Example | None) -> list[tuple[str, str]]:
    """The cover's rows: the project's name and code, the document's version and date (the last revision's, if any);
    placeholders to fill in a blank template, a dash where an example does not say."""
    last = example.revisions[-1] if example and example.revisions else None
    missing = "—" if example else None

    def value(key: str, placeholder: str) -> str:
        return project.get(key) or missing or placeholder

    return [("Projet", value("name", "[Nom du projet]")), ("Code du projet", value("code", "[Code]")),
            ("Version du document", last.version if last else value("document_version", "[0.1]")),
            ("Date", day_text(last.date) if last else value("document_date", "[JJ/MM/AAAA]"))]


def revision_rows(example: Example | None) -> list[tuple[str, ...]]:
    """The revision history: the example's revisions, or empty rows to fill in."""
    if example and example.revisions:
        return [(r.version, day_text(r.date), tr(r.author), tr(r.changes)) for r in example.revisions]
    return [("",) * len(REVISION_HEADERS)] * DOCX_EMPTY_ROWS


def section_rows(section: Section) -> list[tuple[str, ...]]:
    """The rows of a section's table: its labels written in the first column, or empty rows to fill in."""
    width = len(section.table or [])
    if section.rows:
        return [(tr(label),) + ("",) * (width - 1) for label in section.rows]
    return [("",) * width] * DOCX_EMPTY_ROWS


def scale_tables(matrix: RiskMatrix, role_names: dict[str, str] | None = None) -> list[tuple[str, list[str], list[tuple[str, ...]]]]:
    """The risk scales and matrix as (caption, headers, rows): the same in the Word and Markdown downloads; with whom each
    impact needs a decision from and whom each criticality reaches, when the matrix says so."""
    names = {c.id: tr(c.name) for c in matrix.criticality}
    role = (role_names or {}).get
    decides = any(i.decided_by for i in matrix.impact)
    reach = any(c.escalates_to for c in matrix.criticality)
    return [
        ("Échelle de probabilité", ["Niveau", "Définition"], [(tr(p.name), tr(p.definition)) for p in matrix.probability]),
        ("Échelle d'impact", ["Niveau", "Définition", *(["Qui décide"] if decides else [])],
         [(tr(i.name), tr(i.definition), *([role(i.decided_by, i.decided_by) if i.decided_by else "—"] if decides else []))
          for i in matrix.impact]),
        ("Matrice de criticité", ["Probabilité \\ impact", *[tr(i.name) for i in matrix.impact]],
         [(tr(p.name), *[names[matrix.matrix[p.id][i.id]] for i in matrix.impact]) for p in reversed(matrix.probability)]),
        ("Réponse attendue selon la criticité", ["Criticité", "Réponse attendue", *(["Remonte à"] if reach else [])],
         [(tr(c.name), tr(c.action), *([role(c.escalates_to, c.escalates_to) if c.escalates_to else "—"] if reach else []))
          for c in matrix.criticality]),
    ]


def responsibility_text(roles: TemplateRoles | None) -> str:
    """One sentence on who fills in the document and who approves it, from the RACI; "" when it does not say."""
    if roles is None or not (roles.doers or roles.approvers):
        return ""
    parts = ([f"réalisé par {', '.join(roles.doers)} (R)"] if roles.doers else []) + (
        [f"approuvé par {', '.join(roles.approvers)} (A)"] if roles.approvers else [])
    return "Selon le RACI du standard : " + ", ".join(parts) + "."


def approval_rows(example: Example | None, roles: TemplateRoles | None = None) -> list[tuple[str, ...]]:
    """The approval block: who writes the document (the R of the RACI) and who approves it (its A) named after their
    step; each step signed in the example, the others left to fill in."""
    approval = example.approval if example else None
    named = {"written_by": f" : {', '.join(roles.doers)} (R)" if roles and roles.doers else "",
             "approved_by": f" : {', '.join(roles.approvers)} (A)" if roles and roles.approvers else ""}
    rows: list[tuple[str, ...]] = []
    for key, step in APPROVAL_STEPS:
        signed = getattr(approval, key) if approval is not None else None
        label = step + named.get(key, "")
        rows.append((label, tr(signed.name), day_text(signed.date), tr(signed.visa)) if signed is not None else (label, "", "", ""))
    return rows


def example_notice(example: Example) -> str:
    """The warning an example opens with, naming its project as the example itself does (the case's facts, cited)."""
    name, organisation = (cell_text(example.project[k]) if k in example.project else "" for k in ("name", "organisation"))
    project = f"du projet {name}" + (f" ({organisation})" if organisation else "") if name else "d'un projet"
    return (f"EXEMPLE — document fictif {project}, tiré du cas d'étude du référentiel et rempli pour montrer ce qu'on attend "
            "de ce modèle. Noms, dates et montants sont inventés. Partez du modèle vierge pour votre projet.")


def example_section(example: Example | None, title: str) -> ExampleSection | None:
    return next((s for s in example.sections if one_line(tr(s.title)) == one_line(title)), None) if example else None


def cell_text(value: object) -> str:
    return french_date(value) if isinstance(value, dt.date) else str(value)


def checklist_values(line: ChecklistLine) -> tuple[str, ...]:
    """A checklist line as the CSV and Excel downloads write it: names, not ids; « À faire », and blanks to fill in."""
    return (line.standard_id, line.version, line.item_id, line.phase_name, line.level_label, line.text, line.doer_names,
            line.approver_name, line.template_title, line.evidence, CHECKLIST_STATUSES[0], "", "", "")
