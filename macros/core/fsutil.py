"""Writing files without ever leaving half of one, never through a link, one command at a time per project, and
faults on demand for tests."""
from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import signal
import stat
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

LOCK_NAME = ".pmo.lock"
# How long a refused command waits for the holder to have written its name (it does so right after taking the lock).
_HOLDER_WAIT = 2.0
# Tests kill the process at the Nth file operation to prove every interruption can be recovered
# (set by the CLI from PMO_TEST_KILL_AFTER; None in normal use).
FAULT_AFTER: int | None = None
_operations = 0
# Every file pmo creates is opened with these: never through a link, never left open for a child process.
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class BusyError(Exception):
    """Another `pmo` command is writing in the same project; the message says which, in French."""


class UnsafePathError(Exception):
    """A file pmo would write is a link, or not one regular file; the message says what it is and what to do, in French."""


def step() -> None:
    """Count one file operation; kill the process at the one a test asked for."""
    global _operations  # noqa: PLW0603 - one counter per process, on purpose
    _operations += 1
    if FAULT_AFTER is not None and _operations >= FAULT_AFTER:
        os.kill(os.getpid(), signal.SIGKILL)


def file_kind(mode: int) -> str | None:
    """None for a regular file; else what it is, in French (a data path must name a regular file)."""
    if stat.S_ISREG(mode):
        return None
    for test, name in ((stat.S_ISLNK, "lien symbolique"), (stat.S_ISDIR, "dossier"), (stat.S_ISFIFO, "tube nommé (FIFO)"),
                       (stat.S_ISCHR, "périphérique"), (stat.S_ISBLK, "périphérique"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return name
    return "fichier spécial"


def shown(path: Path) -> str:
    """A path as the PMO reads it in a message: relative to the folder the command runs in, when it is below it."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)


def _refuse(path: Path, info: os.stat_result) -> None:
    """Refuse what pmo must not write into: anything but a regular file, or a file that has other names."""
    kind = file_kind(info.st_mode)
    if kind == "lien symbolique":
        raise UnsafePathError(f"{shown(path)} est un lien symbolique : pmo n'écrit jamais à travers un lien ; supprimez-le, pmo le recréera")
    if kind is not None:
        raise UnsafePathError(f"{shown(path)} est un {kind}, pas un fichier ordinaire ; supprimez-le, pmo le recréera")
    if info.st_nlink > 1:
        raise UnsafePathError(f"{shown(path)} est un fichier à plusieurs noms (lien physique) : pmo écrirait aussi dans l'autre ; "
                              "supprimez-le, pmo le recréera")


def check_replaceable(path: Path) -> None:
    """Before pmo replaces path: absent, or one regular file (a link there is refused, never replaced silently)."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    _refuse(path, info)


def _create(path: Path) -> int:
    """A new file of pmo's own at path, opened for writing; what is already there (a leftover of a killed command
    under a name only pmo uses, or a link planted there) is removed first, never followed."""
    try:
        return os.open(path, _CREATE, 0o666)
    except FileExistsError:
        info = path.lstat()
        if stat.S_ISDIR(info.st_mode):
            _refuse(path, info)
        path.unlink()
        return os.open(path, _CREATE, 0o666)


def write_new(path: Path, data: bytes, *, sync: bool = False) -> None:
    """Write data into a new file at path (see _create); synced to disk when asked."""
    with os.fdopen(_create(path), "wb") as handle:
        handle.write(data)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())


def staging_path(target: Path) -> Path:
    """The temporary file a new version of target is written to before the rename (beside it: same file system)."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def read_regular(path: Path) -> bytes | None:
    """The bytes of a cache's file, or None when it is absent, unreadable or not a regular file (a link planted there is
    never followed)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)  # a FIFO planted there never blocks
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read()


def write_replacing(path: Path, data: bytes) -> None:
    """A cache's file written whole beside path, then renamed over it: a concurrent reader gets the old bytes or the new,
    and whatever was at path (a link planted there too) is replaced, never written through. Not synced: a cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    write_new(staging, data)
    os.replace(staging, path)


def _write_synced(path: Path, data: bytes) -> None:
    step()
    write_new(path, data, sync=True)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(target: Path, data: bytes) -> None:
    """Replace target by data in one rename: a reader sees the old file or the new one, never a mix."""
    check_replaceable(target)
    staging = staging_path(target)
    _write_synced(staging, data)
    step()
    os.replace(staging, target)
    _sync_folder(target.parent)


def write_all(changes: Mapping[Path, bytes]) -> None:
    """Write every file first, then rename them all: a failure while writing changes nothing already there."""
    for target in changes:
        check_replaceable(target)
    staged = []
    try:
        for target, data in changes.items():
            staging = staging_path(target)
            _write_synced(staging, data)
            staged.append((staging, target))
    except OSError:
        for staging, _ in staged:
            staging.unlink(missing_ok=True)
        raise
    for staging, target in staged:
        step()
        os.replace(staging, target)
    for folder in {target.parent for _, target in staged}:
        _sync_folder(folder)


def remove(path: Path) -> None:
    """Remove a file or a whole folder (counted as one operation); a link is removed itself, never followed."""
    step()
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where the system cannot."""
    step()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _open_lock(path: Path) -> int:
    """The project's lock file, opened for reading and writing: created if absent, refused if it is not one regular file."""
    check_replaceable(path)
    try:
        # O_NOFOLLOW and O_NONBLOCK: a link or a FIFO put there since the check is refused, never followed nor waited on.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            check_replaceable(path)
        raise
    try:
        _refuse(path, os.fstat(fd))
    except UnsafePathError:
        os.close(fd)
        raise
    return fd


@contextlib.contextmanager
def project_lock(root: Path, command: str) -> Iterator[None]:
    """Hold the project's lock while a command writes; a second command is refused at once, in French."""
    fd = _open_lock(root / LOCK_NAME)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BusyError(f"une autre commande pmo travaille déjà dans ce projet ({_holder(fd)}) ; "
                            "attendez qu'elle se termine, puis relancez") from None
        text = f"pmo {command}, processus {os.getpid()}".encode()
        # Written before truncating: a reader never sees the file empty while it is held, only the old or the new holder.
        os.pwrite(fd, text, 0)
        os.ftruncate(fd, len(text))
        try:
            yield
        finally:
            # Emptied while still held, so the next holder's first instant never shows this command as the holder.
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    """Who holds the lock, as it wrote itself; it writes just after taking it, so an empty file is read again briefly."""
    deadline = time.monotonic() + _HOLDER_WAIT
    while True:
        holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        if holder or time.monotonic() >= deadline:
            return holder or "une autre commande"
        time.sleep(0.01)
