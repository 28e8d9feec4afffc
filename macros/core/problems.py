"""Problems found in the data: file, line, column, field and a French message."""
from __future__ import annotations

from dataclasses import dataclass

from macros.core.vocabulary import Severity


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning about one place of one file (line and column start at 1)."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.severity} : {self.field or '(fichier)'} : {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "severity": str(self.severity),
        }


class HasProblems:
    """Mixin for a loaded set holding `problems`: its errors and its warnings, sorted."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.severity == Severity.ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.severity != Severity.ERROR)


def field_path(parts: tuple[object, ...]) -> str:
    """Format a location such as ('checklist', 3, 'text') as checklist[3].text."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
