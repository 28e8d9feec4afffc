"""Writing files without ever leaving half of one: each is written beside its target, then renamed over it."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def staging_path(target: Path) -> Path:
    """The temporary file a new version of target is written to before the rename."""
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")


def atomic_write(target: Path, data: bytes) -> None:
    """Replace target by data in one rename: a reader sees the old file or the new one, never a mix."""
    staging = staging_path(target)
    staging.write_bytes(data)
    os.replace(staging, target)


def write_all(changes: Mapping[Path, bytes]) -> None:
    """Write every file first, then rename them all: a failure while writing changes nothing already there."""
    staged = []
    try:
        for target, data in changes.items():
            staging = staging_path(target)
            staging.write_bytes(data)
            staged.append((staging, target))
    except OSError:
        for staging, _ in staged:
            staging.unlink(missing_ok=True)
        raise
    for staging, target in staged:
        os.replace(staging, target)
