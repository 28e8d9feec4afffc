"""What the YAML reader built from each file, kept as JSON beside the project (.cache/, ignored by git): an unchanged file is not parsed again."""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

import yaml

_PACKAGE = Path(__file__).resolve().parent.parent
# Cached data is what the reader (macros/loading) builds under the limits and values of macros/core: a change to either
# invalidates every entry, as does another PyYAML or the loss of its C parser.
_CODE_FOLDERS = ("loading", "core")
# An entry larger than this is not a parse of a file the reader accepts (MAX_FILE_BYTES of text): ignored.
_MAX_ENTRY_BYTES = 16 * 1024 * 1024
_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


@functools.cache
def code_version() -> str:
    """A hash of the reader's code and of PyYAML's version, computed once per process."""
    digest = hashlib.sha256(f"{yaml.__version__}:{getattr(yaml, '__with_libyaml__', False)}".encode())
    for folder in _CODE_FOLDERS:
        for path in sorted((_PACKAGE / folder).glob("*.py")):
            digest.update(f"{folder}/{path.name}".encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _encode(value: Any, loc: list[Any], dates: list[list[Any]]) -> Any:
    """The reader's data as JSON: dates become ISO strings and their place is listed (JSON has no date)."""
    if isinstance(value, dict):
        return {key: _encode(item, [*loc, key], dates) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item, [*loc, n], dates) for n, item in enumerate(value)]
    if isinstance(value, dt.date):
        dates.append(loc)
        return value.isoformat()
    return value


def _restore_dates(data: Any, dates: list[list[Any]]) -> Any:
    for loc in dates:
        if not loc:
            return dt.date.fromisoformat(data)
        parent = data
        for key in loc[:-1]:
            parent = parent[key]
        parent[loc[-1]] = dt.date.fromisoformat(parent[loc[-1]])
    return data


class ParseCache:
    """One JSON entry per file of the project, replaced when the file's text changes.

    An entry holds the sha256 of the text it was built from and is used only for that exact text, so an edit, a
    checkout or a file restored from a backup never reads a stale entry. Only parses without any problem are kept:
    a file with an error is read again each time, and its messages come from the reader itself. Nothing is written
    or read through a symbolic link; an unreadable, corrupt or unwritable cache only costs a parse.
    """

    def __init__(self, folder: Path, *, writable: bool = True) -> None:
        self.folder = folder
        # A command refused or whose job is not to check the data reads the cache but never writes (nothing written).
        self.writable = writable
        self.hits = 0
        self.misses = 0
        self._folder: int | None = None  # the folder, opened once for all the files of a load (close() releases it)

    def _entry_name(self, file: str) -> str:
        return hashlib.sha256(file.encode("utf-8")).hexdigest()[:40] + ".json"

    def close(self) -> None:
        """Release the folder (a load reads and writes all its entries through one descriptor)."""
        if self._folder is not None:
            os.close(self._folder)
            self._folder = None

    def _open_folder(self, create: bool) -> int | None:
        """A descriptor of the cache folder, each part opened without following a link; None if it cannot be."""
        if self._folder is None:
            self._folder = self._walk(create)
        return self._folder

    def _walk(self, create: bool) -> int | None:
        parts = self.folder.parts
        try:
            fd = os.open(parts[0], _FOLDER_FLAGS)
        except OSError:
            return None
        for part in parts[1:]:
            try:
                if create:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(part, 0o755, dir_fd=fd)
                child = os.open(part, _FOLDER_FLAGS, dir_fd=fd)
            except OSError:
                os.close(fd)
                return None
            os.close(fd)
            fd = child
        return fd

    def get(self, file: str, text: str) -> tuple[bool, Any]:
        """(True, data) when the entry of `file` was built from exactly `text`; else (False, None)."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        folder = self._open_folder(create=False)
        if folder is None:
            self.misses += 1
            return False, None
        try:
            fd = os.open(self._entry_name(file), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_ENTRY_BYTES:
                    raise ValueError("not an entry")
                entry = json.loads(handle.read())
            if (entry["code"], entry["file"], entry["sha256"]) != (code_version(), file, digest):
                raise ValueError("another text")
            data = _restore_dates(entry["data"], entry["dates"])
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            self.misses += 1
            return False, None
        self.hits += 1
        return True, data

    def put(self, file: str, text: str, data: Any) -> None:
        """Keep what the reader built from `text`; written whole (a new file renamed over the old one) or not at all."""
        if not self.writable:
            return
        dates: list[list[Any]] = []
        entry = {"code": code_version(), "file": file, "sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                 "dates": dates, "data": _encode(data, [], dates)}
        # UTF-8 (smaller, faster to read than « \u00e9 »); a text holding a lone surrogate cannot be read back as UTF-8,
        # and is then simply parsed again.
        payload = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        folder = self._open_folder(create=True)
        if folder is None:
            return
        name = self._entry_name(file)
        staging = f".{name}.{os.getpid()}.tmp"
        try:
            fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=folder)
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(staging, name, src_dir_fd=folder, dst_dir_fd=folder)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(staging, dir_fd=folder)
