"""Folders pmo owns: its mark inside every folder it fills, its temporary folders named after their process, and which
of them a killed command left behind (only those are ever removed)."""
from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from macros.core.fsutil import write_new

MARKER = ".pmo-genere"
MARKER_TEXT = ("Dossier écrit par pmo : la prochaine commande pmo le remplace en entier. N'y rangez rien d'autre ; "
               "pmo ne remplace jamais un dossier sans ce fichier.\n")
# A folder pmo makes for a while is named <prefix><process id>-<process start>-<random>: whoever finds it can tell
# whether the command that made it still runs.
_OWNER = re.compile(r"-(\d+)-(\d+)-[a-z0-9_]+$")
TEMP_PREFIX = "pmo-"


def mark(folder: Path) -> None:
    """Put pmo's mark in a folder it fills (a hidden file: MkDocs' --clean leaves hidden files alone)."""
    write_new(folder / MARKER, MARKER_TEXT.encode("utf-8"))


def is_marked(folder: Path) -> bool:
    """Whether folder is a real folder (not a link) holding pmo's mark as a regular file."""
    try:
        return stat.S_ISDIR(folder.lstat().st_mode) and stat.S_ISREG((folder / MARKER).lstat().st_mode)
    except OSError:
        return False


def _started(pid: int) -> int:
    """When a process started, in clock ticks since boot (0 where /proc cannot tell): a reused process id differs."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace").rsplit(")", 1)[1].split()
        return int(fields[19])
    except (OSError, IndexError, ValueError):
        return 0


def _alive(pid: int, started: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return started in (0, _started(pid))


def owned_folder(parent: Path, prefix: str) -> Path:
    """A new, marked folder of this process in parent (beside what it will replace, or in the temporary folder)."""
    pid = os.getpid()
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{pid}-{_started(pid)}-", dir=parent))
    mark(folder)
    return folder


def left_behind(parent: Path, prefix: str) -> list[Path]:
    """The folders of parent that pmo made for a command that no longer runs: named prefix<process>-<start>-<random>
    and carrying pmo's mark. Anything else is left alone: another tool's folder, a copy the PMO made of a site
    (marked, but named by them), a folder of a command still running."""
    found = []
    try:
        names = sorted(os.listdir(parent))
    except OSError:
        return []
    for name in names:
        if not name.startswith(prefix) or not is_marked(parent / name):
            continue
        owner = _OWNER.search(name)
        if owner is not None and not _alive(int(owner.group(1)), int(owner.group(2))):
            found.append(parent / name)
    return found


def temp_folder(kind: str, parent: Path | None = None) -> Path:
    """A marked folder of this process in the system's temporary folder (or parent), for a copy a command works on."""
    return owned_folder(parent or Path(tempfile.gettempdir()), f"{TEMP_PREFIX}{kind}-")


def remove_temp_folders_left_behind(parent: Path | None = None) -> list[Path]:
    """Remove the temporary folders killed pmo commands left in the system's temporary folder (only this user's)."""
    removed = []
    for folder in left_behind(parent or Path(tempfile.gettempdir()), TEMP_PREFIX):
        try:
            if folder.lstat().st_uid == os.getuid():
                shutil.rmtree(folder)
                removed.append(folder)
        except OSError:
            continue  # removed meanwhile, or not ours to remove: nothing to do
    return removed
