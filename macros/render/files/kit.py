"""The edition's kit: every template of the edition in one reproducible zip, with its manifest."""
from __future__ import annotations

import hashlib
from collections.abc import Sequence

from macros.render.files.common import Stamp, zip_bytes
from macros.render.files.csv_text import csv_bytes

MANIFEST_NAME = "manifeste.csv"


def kit_zip(files: Sequence[tuple[str, bytes, str, str]], stamp: Stamp) -> bytes:
    """A zip of files (path, content, standard id, version) with a `manifeste.csv` of their sha256."""
    paths = [path for path, *_ in files]
    for path in paths:
        parts = path.split("/")
        if not path or path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"chemin d'archive invalide : « {path} »")
    if MANIFEST_NAME in paths:
        raise ValueError(f"« {MANIFEST_NAME} » est réservé au manifeste du kit")
    if len(set(paths)) != len(paths):
        twice = sorted({p for p in paths if paths.count(p) > 1})
        raise ValueError(f"fichier présent deux fois dans le kit : « {twice[0]} »")
    ordered = sorted(files, key=lambda f: f[0])
    manifest = csv_bytes([("fichier", "standard", "version", "sha256"),
                     *((path, std, version, hashlib.sha256(data).hexdigest()) for path, data, std, version in ordered)])
    entries = sorted([(path, data) for path, data, _, _ in ordered] + [(MANIFEST_NAME, manifest)])
    return zip_bytes(entries, stamp.date)
