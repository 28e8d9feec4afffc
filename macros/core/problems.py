"""Problems found in the data: file, line, column, field and a French message."""
from __future__ import annotations

from dataclasses import dataclass, replace

from macros.core.vocabulary import BLOCKS_PUBLICATION, Severity


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning about one place of one file (line and column start at 1)."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = Severity.ERROR
    # `pmo publish` refuses the edition in preparation while this problem stands (a warning may, too).
    blocks_publication: bool = False

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        mark = f"[{BLOCKS_PUBLICATION}] " if self.blocks_publication else ""
        return f"{where}: {self.severity} : {self.field or '(fichier)'} : {mark}{self.message}"

    def blocking(self) -> Problem:
        """The same problem, marked as one `pmo publish` refuses."""
        return replace(self, blocks_publication=True)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "severity": str(self.severity),
            "blocks_publication": self.blocks_publication,
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
