"""The journal of a command that writes several files: written first, so an interruption is always recoverable."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from macros.core.constants import FORBIDDEN_CHARS, JOURNAL_FILE
from macros.core.fsutil import atomic_write, remove, write_all
from macros.loading.yaml_reader import read_data_file


class RecoveryError(Exception):
    """An interrupted command cannot be finished safely; the message says why and what to do, in French."""


@dataclass(frozen=True)
class Entry:
    """One file the command writes: its sha256 before (None: a new file) and after, and its new content (both None:
    the file is removed, as when a draft is renumbered)."""

    path: str
    before: str | None
    after: str | None
    content: str | None


def _sha(path: Path) -> str | None:
    raw, _ = read_data_file(path, path.name)
    return hashlib.sha256(raw).hexdigest() if raw is not None else None


# A removed file (a renumbered draft's old name) has neither content nor hash after; a written one has both.
_FIELDS = {"path": (str,), "before": (str, type(None)), "after": (str, type(None)), "content": (str, type(None))}


def _parse(raw: bytes) -> tuple[str, list[Entry]] | None:
    """The journal's command and entries, or None when it is not the journal pmo writes (not JSON, a field missing,
    unknown or of the wrong type): such a journal is never acted on."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        return None
    if not isinstance(data, dict) or set(data) != {"command", "files"} or not isinstance(data["command"], str) \
            or not isinstance(data["files"], list) or FORBIDDEN_CHARS.search(data["command"]):
        return None
    entries = []
    for item in data["files"]:
        if not isinstance(item, dict) or set(item) != set(_FIELDS) or not all(isinstance(item[k], t) for k, t in _FIELDS.items()) \
                or FORBIDDEN_CHARS.search(item["path"]) or (item["after"] is None) != (item["content"] is None):
            return None  # the command and paths are printed: a terminal sequence in them never reaches the screen
        entries.append(Entry(**item))
    return data["command"], entries


def pending(root: Path) -> str | None:
    """The label of an interrupted command, if its journal is still there (« commande inconnue » if it is unreadable)."""
    path = root / JOURNAL_FILE
    raw, _ = read_data_file(path, JOURNAL_FILE)
    if raw is None:
        return None
    parsed = _parse(raw)
    return parsed[0] if parsed is not None else "commande inconnue"


def write_with_journal(root: Path, command: str, texts: dict[str, str | None]) -> None:
    """Write every file of a command (None: remove it): the journal (what every file becomes) first, then the files,
    then the journal goes."""
    for stale in root.glob(f".{JOURNAL_FILE}.*.tmp"):
        stale.unlink()  # left by a command killed before its journal was in place: it had changed nothing
    entries = [Entry(rel, _sha(root / rel), None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest(), text)
               for rel, text in texts.items()]
    data = {"command": command, "files": [e.__dict__ for e in entries]}
    atomic_write(root / JOURNAL_FILE, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    _apply(root, entries)
    remove(root / JOURNAL_FILE)


def _apply(root: Path, entries: list[Entry]) -> None:
    for entry in entries:
        if entry.content is not None:
            (root / entry.path).parent.mkdir(parents=True, exist_ok=True)
    write_all({root / e.path: e.content.encode("utf-8") for e in entries if e.content is not None and _sha(root / e.path) != e.after})
    # Removed last: interrupted before, the files that replace them are already written and the journal finishes the rest.
    for entry in entries:
        if entry.content is None and _sha(root / entry.path) is not None:
            remove(root / entry.path)


# The folders a journaled command (publish, new-version, edition) writes in.
WRITABLE = ("standards", "quizzes")


def _inside_data(root: Path, rel: str) -> bool:
    """A relative path under one of WRITABLE, without « .. » and without a symbolic link on the way."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or ".." in parts or parts[0] not in WRITABLE or len(parts) < 2:
        return False
    return not any((root.joinpath(*parts[:k])).is_symlink() for k in range(1, len(parts) + 1))


def recover(root: Path) -> tuple[str, list[str]]:
    """Finish an interrupted command from its journal: (its label, the files written now).

    A file already in its new state is kept, one still in its old state is written; a file changed by hand since
    stops the recovery, so nothing the PMO did is overwritten.
    """
    raw, _ = read_data_file(root / JOURNAL_FILE, JOURNAL_FILE)
    if raw is None:
        raise RecoveryError("aucune commande interrompue à reprendre")
    parsed = _parse(raw)
    if parsed is None:
        raise RecoveryError(f"journal {JOURNAL_FILE} illisible : restaurez les données (git checkout standards) puis "
                            f"supprimez {JOURNAL_FILE}")
    command, entries = parsed
    for entry in entries:
        # The journal is a file in the project, so it may have been edited: it writes only where pmo writes.
        if not _inside_data(root, entry.path):
            raise RecoveryError(f"journal {JOURNAL_FILE} : chemin « {entry.path} » hors des dossiers {', '.join(f'{d}/' for d in WRITABLE)} "
                                f"ou passant par un lien symbolique : reprise refusée, rien n'a été écrit ; supprimez {JOURNAL_FILE} "
                                "et vérifiez vos données (git status)")
    for entry in entries:
        # Leftovers of the interrupted process (its own staging files) go first.
        for stale in (root / entry.path).parent.glob(f".{Path(entry.path).name}.*.tmp"):
            stale.unlink()
        current = _sha(root / entry.path)
        if current not in (entry.before, entry.after):
            raise RecoveryError(f"{entry.path} a été modifié depuis l'interruption de « {command} » : restaurez-le, "
                                "puis relancez la reprise")
    todo = [e for e in entries if _sha(root / e.path) != e.after]
    _apply(root, entries)
    remove(root / JOURNAL_FILE)
    for stale in root.glob(f".{JOURNAL_FILE}.*.tmp"):
        stale.unlink()
    return command, [e.path for e in todo]
