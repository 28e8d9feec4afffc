"""Writing files without ever leaving half of one, one command at a time per project, and faults on demand for tests."""
from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import signal
from collections.abc import Iterator, Mapping
from pathlib import Path

LOCK_NAME = ".pmo.lock"
# Tests kill the process at the Nth file operation to prove every interruption can be recovered
# (set by the CLI from PMO_TEST_KILL_AFTER; None in normal use).
FAULT_AFTER: int | None = None
_operations = 0


class BusyError(Exception):
    """Another `pmo` command is writing in the same project; the message says which, in French."""


def step() -> None:
    """Count one file operation; kill the process at the one a test asked for."""
    global _operations  # noqa: PLW0603 - one counter per process, on purpose
    _operations += 1
    if FAULT_AFTER is not None and _operations >= FAULT_AFTER:
        os.kill(os.getpid(), signal.SIGKILL)


def staging_path(target: Path) -> Path:
    """The temporary file a new version of target is written to before the rename (beside it: same file system)."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def _write_synced(path: Path, data: bytes) -> None:
    step()
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(target: Path, data: bytes) -> None:
    """Replace target by data in one rename: a reader sees the old file or the new one, never a mix."""
    staging = staging_path(target)
    _write_synced(staging, data)
    step()
    os.replace(staging, target)
    _sync_folder(target.parent)


def write_all(changes: Mapping[Path, bytes]) -> None:
    """Write every file first, then rename them all: a failure while writing changes nothing already there."""
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
    """Remove a file or a whole folder (counted as one operation)."""
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


@contextlib.contextmanager
def project_lock(root: Path, command: str) -> Iterator[None]:
    """Hold the project's lock while a command writes; a second command is refused at once, in French."""
    path = root / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "une autre commande"
            raise BusyError(f"une autre commande pmo travaille déjà dans ce projet ({holder}) ; "
                            "attendez qu'elle se termine, puis relancez") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pmo {command}, processus {os.getpid()}".encode(), 0)
        yield
    finally:
        os.close(fd)
