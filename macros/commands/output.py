"""The folders pmo writes its output into (`pmo build --site-dir`, `pmo generate`): absent, empty or marked as its own,
filled beside them and swapped in whole; a link to a folder is built through and kept."""
from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from macros.core.fsutil import exchange, file_kind, remove, step
from macros.core.owned import MARKER, is_marked, left_behind, mark, owned_folder
from macros.core.text import plural
from macros.loading.yaml_reader import os_reason

# Names shown when a folder pmo did not make is refused: enough to recognise it.
_SHOWN_NAMES = 3


def real_path(target: Path) -> Path | None:
    """The folder a path names once every link is followed (a site/ linked to the web server's folder), None when the
    links go round in a loop."""
    try:
        return target.resolve()
    except (OSError, RuntimeError):
        return None


def _what_it_holds(folder: Path, names: list[str]) -> str:
    listed = []
    for name in names[:_SHOWN_NAMES]:
        try:
            is_dir = stat.S_ISDIR((folder / name).lstat().st_mode)
        except OSError:
            is_dir = False  # gone meanwhile: still named, it was there
        listed.append(f"« {name}/ »" if is_dir else f"« {name} »")
    more = "…" if len(names) > _SHOWN_NAMES else ""
    written = "écrit" if len(names) == 1 else "écrits"
    return (f"il contient {plural(len(names), 'élément')} que pmo n'a pas {written} ({', '.join(listed)}{more}) : pmo ne remplace qu'un "
            f"dossier vide ou un dossier qu'il a rempli lui-même (marqué par son fichier {MARKER}) ; s'il ne contient rien à garder, "
            "videz-le vous-même")


def output_problem(target: Path) -> str | None:
    """Why pmo may not put its output at target (None when it may): only an absent path, an empty folder or a folder
    pmo filled before is ever replaced; through a link, the folder it names is what counts."""
    real = real_path(target)
    if real is None:
        return "ses liens symboliques tournent en boucle"
    try:
        info = real.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"inaccessible ({os_reason(exc)})"
    if not stat.S_ISDIR(info.st_mode):
        kind = file_kind(info.st_mode)
        return "c'est un fichier" if kind is None else f"c'est un {kind}"
    if is_marked(real):
        return None
    try:
        names = sorted(os.listdir(real))
    except OSError as exc:
        return f"dossier illisible ({os_reason(exc)})"
    return _what_it_holds(real, names) if names else None


def _readable(folder: Path) -> None:
    """Folders 0755 and files 0644, as `mkdocs build` leaves them: a web server running as another user reads them.
    Links are left alone (chmod would change what they point to)."""
    folder.chmod(0o755)
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(parent) / name
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode):
                path.chmod(0o755)
            elif stat.S_ISREG(mode):
                path.chmod(0o644)


def _prefix(real: Path) -> str:
    """The name of the folders pmo fills beside real before the swap (« .site-… » for site)."""
    return f".{real.name}-"


def clean_leftovers(real: Path) -> list[Path]:
    """Remove what an interrupted command left beside real: its marked folders whose process is gone, nothing else."""
    found = left_behind(real.parent, _prefix(real))
    for folder in found:
        remove(folder)
    return found


def _swap(staging: Path, real: Path) -> None:
    """Put the new folder in place: there is a complete one at real at every moment, old or new."""
    if not (real.exists() or real.is_symlink()):
        step()
        os.rename(staging, real)
        return
    if not is_marked(real):
        mark(real)  # an empty folder becomes pmo's: if a kill leaves it aside, the next command knows it may remove it
    if exchange(staging, real):
        return  # staging now holds the previous folder, removed by the caller
    # Without an atomic exchange: set the old folder aside (inside a marked folder of this process, so that a kill here
    # leaves something the next command recognises), rename the new one in, then remove the old one.
    aside = owned_folder(real.parent, _prefix(real))
    step()
    os.rename(real, aside / real.name)
    step()
    os.rename(staging, real)
    remove(aside)


def replace_folder(target: Path, fill: Callable[[Path], list[str]], refused: Callable[[str], str]) -> list[str]:
    """Fill a new folder beside target (`fill` writes into it and returns problems), then swap it in whole when there
    are none; returns the problems (target untouched then). `refused` words the refusal of a target pmo may not
    replace (the caller checked it before, with output_problem; it is checked again just before the swap)."""
    real = real_path(target)
    if real is None:
        return [refused("ses liens symboliques tournent en boucle")]
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(real)
        staging = owned_folder(real.parent, _prefix(real))
    except OSError as exc:
        # The new folder is made beside the old one (the swap is a rename, within one file system): a web server's folder
        # whose parent pmo may not write in cannot be replaced in one step.
        return [refused(f"pmo ne peut pas écrire à côté de lui, dans {real.parent} ({os_reason(exc)}), où il prépare le nouveau "
                        "dossier avant de l'échanger d'un coup")]
    try:
        problems = fill(staging)
        if problems:
            return problems
        # Checked again: the folder may have been changed while the output was made.
        if (reason := output_problem(real)) is not None:
            return [refused(reason)]
        if not is_marked(staging):
            mark(staging)  # MkDocs' --clean keeps hidden files: this only repairs a fill that removed it
        _readable(staging)
        _swap(staging, real)
        return []
    finally:
        if staging.exists():
            remove(staging)
