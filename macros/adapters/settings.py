"""What the edges read from the environment: preview mode and the date of the checks. Nothing else reads it."""
from __future__ import annotations

import datetime as dt
import os


def preview() -> bool:
    """PMO_APERCU=1 (`make apercu`) shows the draft edition as current; the public build never does."""
    return os.environ.get("PMO_APERCU") == "1"


def today() -> dt.date:
    """Today's date; PMO_TODAY=AAAA-MM-JJ fixes it for reproducible checks and tests."""
    fixed = os.environ.get("PMO_TODAY")
    if not fixed:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(fixed)
    except ValueError:
        raise SystemExit(f"PMO_TODAY invalide « {fixed} » : une date AAAA-MM-JJ est attendue") from None


def fault_after() -> int | None:
    """PMO_TEST_KILL_AFTER=N kills the command at its Nth file operation: the tests prove every interruption recovers."""
    value = os.environ.get("PMO_TEST_KILL_AFTER")
    return int(value) if value and value.isdigit() else None
