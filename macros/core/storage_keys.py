"""The browser's storage keys, written once: the pages hand them to the scripts, which hold no copy."""
from __future__ import annotations

# A quiz's record: this prefix, then the quiz's stable id (never a URL nor a position).
QUIZ_PREFIX = "pmo:quiz:"
# A checklist tick: this prefix, then « <standard id>@<version>#<item id> » (ChecklistLine.tick_key).
TICK_PREFIX = "pmo:coche:"
# The gate file's projects, one JSON document.
DOSSIER_KEY = "pmo:dossier:v1"
# Each unreadable state of the gate file is set aside under this prefix plus the moment it was found, never overwritten.
DOSSIER_ASIDE_PREFIX = "pmo:dossier:v1:illisible"


def quiz_key(quiz_id: str) -> str:
    """The localStorage key of a quiz's record."""
    return QUIZ_PREFIX + quiz_id
