"""Downloads cached by content hash: a rebuild where no data changed regenerates no file."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from macros.render import downloads

# The renderers' own source is part of every key: changing how a file is made invalidates the cache.
_CODE = hashlib.sha256(Path(downloads.__file__).read_bytes()).hexdigest()


class DownloadCache:
    """Bytes of generated downloads, kept in memory (for `mkdocs serve`) and on disk (between builds)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}
        self.generated = 0
        self.reused = 0

    def get(self, kind: str, inputs: str, make: Callable[[], bytes]) -> bytes:
        """The file for these inputs: from the cache if it was made before, else made now and kept."""
        key = hashlib.sha256(f"{_CODE}\0{kind}\0{inputs}".encode()).hexdigest()
        if key in self.memory:
            self.reused += 1
            return self.memory[key]
        path = self.folder / key[:2] / key if self.folder is not None else None
        if path is not None and path.exists():
            data = path.read_bytes()
            self.reused += 1
        else:
            data = make()
            self.generated += 1
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                staging = path.with_suffix(".tmp")
                staging.write_bytes(data)
                os.replace(staging, path)  # a concurrent build never reads half a file
        self.memory[key] = data
        return data

    def reset_counts(self) -> None:
        self.generated = 0
        self.reused = 0
