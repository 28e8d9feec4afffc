"""The gate file's exports as Python defines them: the browser's Excel and CSV write these columns, statuses and guards."""
from __future__ import annotations

from macros.core.gate_file import XML_ILLEGAL_RANGES
from macros.core.vocabulary import ITEM_STATUS_LABELS, ItemStatus
from macros.render.files.common import CHECKLIST_COLUMNS, FORMULA_STARTS

LIST_SHEET = "Liste de contrôle"
# The gate file's list: the columns of the site's blank checklists, and after the level, for an item of some projects
# only, the project's answer to each characteristic it depends on (« Achats ou fournisseur : oui »).
_LEVEL_AT = next(n for n, (cid, _, _) in enumerate(CHECKLIST_COLUMNS) if cid == "level") + 1
LIST_COLUMNS = (*CHECKLIST_COLUMNS[:_LEVEL_AT], ("characteristics", "Caractéristique du projet", 28), *CHECKLIST_COLUMNS[_LEVEL_AT:])
CRITERIA_SHEET = "Critères de passage"
SUMMARY_SHEET = "Dossier"
# The gate's criteria, named by their text; the reference says which item of which standard a criterion is, if any.
CRITERIA_COLUMNS = (("criterion", "Critère de passage", 60), ("reference", "Référence", 30), ("expected", "Preuve attendue", 40),
                    ("status", "Statut", 16), ("justification", "Justification (si non applicable)", 36),
                    ("evidence", "Preuve fournie", 36), ("date", "Date", 13), ("met", "Atteint", 10))
# Excel holds at most this many characters in a cell.
CELL_LIMIT = 32767


def _columns(columns: tuple[tuple[str, str, int], ...]) -> list[dict[str, object]]:
    return [{"id": cid, "header": header, "width": width} for cid, header, width in columns]


def gate_file_exports() -> dict[str, object]:
    """What dossier-exports.js writes, as JSON: each sheet's name and columns (id, header, width, in order), the
    status labels the files use, the characters that make a cell a formula, and those XML 1.0 cannot hold.

    A column the script does not compute (status, level, dates…) is read from the item's « cells » by its id, so a
    new column (R and A, a project characteristic) needs only Python: a column here, a value in each item's cells."""
    return {
        "summarySheet": SUMMARY_SHEET,
        "list": {"sheet": LIST_SHEET, "columns": _columns(LIST_COLUMNS)},
        "criteria": {"sheet": CRITERIA_SHEET, "columns": _columns(CRITERIA_COLUMNS)},
        "statusLabels": {status.value: ITEM_STATUS_LABELS[status] for status in ItemStatus},
        "formulaStarts": list(FORMULA_STARTS),
        "xmlIllegal": [list(r) for r in XML_ILLEGAL_RANGES],
        "cellLimit": CELL_LIMIT,
    }
