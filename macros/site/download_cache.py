"""Downloads cached by their inputs: a rebuild where no data and no code changed regenerates no file."""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import importlib.metadata
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from macros.core.fsutil import read_regular, write_replacing

_PACKAGE = Path(__file__).resolve().parent.parent
# The libraries that write the files: another version may write other bytes (a WeasyPrint upgrade, every PDF).
_WRITERS = ("python-docx", "openpyxl", "weasyprint", "pydyf", "fonttools", "markdown", "nh3")


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


@functools.cache
def code_hash() -> str:
    """A hash of every module of the package and of the writing libraries' versions, computed on first use: any change in
    the code that shapes a file invalidates the cache."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _WRITERS:
        digest.update(f"{name}=={_version(name)}".encode() + b"\0")
    return digest.hexdigest()


# JSON writes a str or int enum as its value, as it writes any text, number or None: they are kept as they are.
_SCALARS = (str, int, float, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, looked up once per class


def _field_names(value: Any) -> tuple[str, ...] | None:
    """A dataclass instance's field names (None for anything else), looked up once per class."""
    names = _FIELDS.get(type(value))
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    return names


def _digest(content: Any) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


class _Plain:
    """Inputs as JSON-ready data, so that a key depends on their content and nothing else.

    A model or a dataclass is written as the digest of its content, computed once per object: an edition's PDF document
    holds the same standards, roles and changes many times over (by role, by standard, in the notes), and walking each
    copy again made its key cost more than a second. `models` may keep the models' digests across keys (a build's).
    """

    def __init__(self, models: dict[int, tuple[Any, str]] | None = None) -> None:
        self.models = models if models is not None else {}
        self.objects: dict[int, tuple[Any, str]] = {}  # dataclasses: this key's only (a page's data may still be filled)

    def __call__(self, value: Any) -> Any:
        if isinstance(value, _SCALARS):
            return value
        if isinstance(value, BaseModel):
            return self._once(self.models, value, lambda: value.model_dump(mode="json"))
        names = _field_names(value)
        if names is not None:
            return self._once(self.objects, value, lambda: {name: self(getattr(value, name)) for name in names})
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, bytes):
            return "sha256:" + hashlib.sha256(value).hexdigest()
        if isinstance(value, dict):
            return {str(k): self(v) for k, v in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            items = [self(v) for v in value]
            return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
        return value

    @staticmethod
    def _once(memo: dict[int, tuple[Any, str]], value: Any, content: Callable[[], Any]) -> str:
        found = memo.get(id(value))
        if found is None or found[0] is not value:  # the object is kept with its digest: its identity is never reused
            found = memo[id(value)] = (value, f"{type(value).__qualname__}:{_digest(content())}")
        return found[1]


def cache_key(maker: Callable[..., bytes], args: tuple[Any, ...], plain: Callable[[Any], Any] | None = None) -> str:
    """The key of one file: the code's hash, the function that makes it and its arguments. Mappings are written in
    their order, not sorted (faster): inputs built alike give the same key, and another order only makes the file again."""
    return _digest([code_hash(), f"{maker.__module__}.{maker.__qualname__}", (plain or _Plain())(args)])


class DownloadCache:
    """Bytes of generated downloads, kept in memory (for `mkdocs serve`) and on disk (between builds)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.memory: dict[str, bytes] = {}
        self.generated = 0
        self.reused = 0
        # Each model's digest for the keys of one build (a standard makes a dozen files), by identity (see _Plain).
        self._models: dict[int, tuple[Any, str]] = {}

    def make(self, maker: Callable[..., bytes], *args: Any) -> bytes:
        """maker(*args), from the cache when the same function made a file from the same inputs before."""
        key = cache_key(maker, args, _Plain(self._models))
        if key in self.memory:
            self.reused += 1
            return self.memory[key]
        path = self.folder / key[:2] / key if self.folder is not None else None
        found = read_regular(path) if path is not None else None
        if found is not None:
            data = found
            self.reused += 1
        else:
            data = maker(*args)
            self.generated += 1
            if path is not None:
                write_replacing(path, data)  # never through a link planted there; a concurrent build never reads half
        self.memory[key] = data
        return data

    def reset_counts(self) -> None:
        """A new build: counts from zero, and models are those of the project loaded for it."""
        self.generated = 0
        self.reused = 0
        self._models.clear()
