"""The last committed copy of a file, read from git when the project is a git checkout (read only, never a fetch)."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

# git is asked for one object and nothing else: no pager, no prompt, no hook, no network.
_SAFE = ("-c", "core.fsmonitor=false", "-c", "protocol.allow=never", "--no-pager")
_TIMEOUT = 10


def committed_bytes(root: Path, rel: str, sha256: str | None = None) -> bytes | None:
    """The bytes of `rel` (relative to the project folder `root`) as committed at HEAD; None when the project is not
    a git checkout, the file is not committed, git is missing, or, given `sha256`, the committed bytes differ from it."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        found = subprocess.run([git, *_SAFE, "-C", str(root), "cat-file", "blob", f"HEAD:./{rel}"], capture_output=True,
                               timeout=_TIMEOUT, check=False, env={"GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1",
                                                                   "GIT_OPTIONAL_LOCKS": "0", "PATH": "/usr/bin:/bin"})
    except (OSError, subprocess.SubprocessError):
        return None
    if found.returncode != 0:
        return None
    if sha256 is not None and hashlib.sha256(found.stdout).hexdigest() != sha256:
        return None
    return found.stdout
