"""The gate file's saved format (« Mon dossier de jalon »): statuses, limits and patterns, shared by Python and the browser."""
from __future__ import annotations

import re
from enum import StrEnum

FILE_TYPE = "pmo-dossier-de-jalon"
FILE_SCHEMA = 1
FILE_FIELDS = ("schema", "type", "edition", "saved", "project")
PROJECT_FIELDS = ("id", "name", "code", "category", "phase", "gate", "created", "updated", "entries")
ENTRY_FIELDS = ("status", "justification", "evidence", "date", "fingerprint")


class EntryStatus(StrEnum):
    """Where an item or a criterion stands in a project's gate file."""

    TODO = "à faire"
    DONE = "fait"
    NOT_APPLICABLE = "non applicable"


ENTRY_STATUS_LABELS = {EntryStatus.TODO: "À faire", EntryStatus.DONE: "Fait", EntryStatus.NOT_APPLICABLE: "Non applicable"}

# What one saved project may hold: the browser refuses a file beyond these, and so does `pmo portefeuille`.
LIMITS = {"name": 120, "code": 40, "text": 2000, "entries": 5000, "id": 64, "gate": 100, "edition": 40, "fileBytes": 1024 * 1024}
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}#[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
FINGERPRINT_PATTERN = re.compile(r"^[0-9a-f]{0,64}$")
# Control characters a saved text may not hold (line breaks are allowed in long texts, not in names).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS = re.compile("[\r\n\t]")
