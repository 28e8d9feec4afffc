"""The project file a PM saves from « Mon dossier de jalon »: its type, schema, fields, limits and patterns, written once.

The browser's script reads them from the gate file's data (macros/pages/dossier.py, « file »); `pmo portefeuille`
checks the files it collects with the same values (macros/loading/project_files.py).
"""
from __future__ import annotations

import re

FILE_TYPE = "pmo-dossier-de-jalon"
# The format of a saved project, in the browser's storage and in a file (the data file has a schema of its own).
# 2: the project's characteristics (« characteristics »: {id: true | false | null for asked, not answered}, null until
# the project manager was asked).
PROJECT_SCHEMA = 2
# Every format still read, oldest first; an older one is brought to the current one as it is read: a project of
# schema 1 has no characteristics yet (null), so the gate file asks them once.
READABLE_SCHEMAS = (1, 2)
FILE_FIELDS = ("schema", "type", "edition", "saved", "project")
PROJECT_FIELDS = ("id", "name", "code", "category", "phase", "gate", "created", "updated", "characteristics", "entries")
ENTRY_FIELDS = ("status", "justification", "evidence", "date", "fingerprint")
# What one saved project may hold: the browser refuses a file beyond these, and so does `pmo portefeuille`.
LIMITS = {"name": 120, "code": 40, "text": 2000, "entries": 5000, "characteristics": 100, "gate": 100, "edition": 40,
          "fileBytes": 1024 * 1024}
# Patterns written so that Python's re and JavaScript's RegExp read them the same way.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}#[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
FINGERPRINT_PATTERN = r"^[0-9a-f]{0,64}$"
# Characters XML 1.0 cannot hold (code point ranges): an Excel file holding one is unreadable, so a saved text never
# holds one (refused in a file, dropped from typed text) and the exports strip them.
XML_ILLEGAL_RANGES = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0xD800, 0xDFFF), (0xFFFE, 0xFFFF))
XML_ILLEGAL = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in XML_ILLEGAL_RANGES) + "]")


def file_format() -> dict[str, object]:
    """The saved format as the browser reads it from the data file."""
    return {"type": FILE_TYPE, "schema": PROJECT_SCHEMA, "readable": list(READABLE_SCHEMAS), "fields": list(FILE_FIELDS), "projectFields": list(PROJECT_FIELDS),
            "entryFields": list(ENTRY_FIELDS), "limits": dict(LIMITS), "idPattern": ID_PATTERN, "keyPattern": KEY_PATTERN,
            "fingerprintPattern": FINGERPRINT_PATTERN}
