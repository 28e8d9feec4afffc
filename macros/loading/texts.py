"""The project's text files whose wording the terminology governs, read once while loading (the checks read no file)."""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from macros.core.constants import SCHEMA_DIR
from macros.loading.yaml_reader import decode, read_data_file


@dataclass(frozen=True)
class TextFile:
    """A text file as the checks see it: its path as shown in messages, and its text (empty when unreadable)."""

    display: str
    text: str


def read_texts(root: Path, folders: list[tuple[Path, str]], published: Collection[str] = (),
               known: Mapping[str, str] | None = None) -> list[TextFile]:
    """Every regular file matching each (folder, glob pattern), outside the JSON schemas; links are never followed.

    `published` files (project-relative paths) are left out: their wording is fixed, a change goes to a new version.
    `known` texts (by project-relative path) were read by this load already: not read a second time.
    """
    found = []
    for folder, pattern in folders:
        if folder.is_dir() and not folder.is_symlink():
            for path in sorted(folder.glob(pattern)):
                if path.is_file() and not path.is_symlink() and SCHEMA_DIR not in path.relative_to(root).parts:
                    display = path.relative_to(root).as_posix()
                    if display in published:
                        continue
                    if known is not None and display in known:
                        found.append(TextFile(display, known[display]))
                        continue
                    raw, _ = read_data_file(path, display)
                    text, _ = decode(raw, display) if raw is not None else (None, [])
                    found.append(TextFile(display, text or ""))
    return found
