"""`pmo build`: a checked build replaces site/ only when every gate passes."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from macros.build import scan_html
from tests.support import copy_project


def pmo(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "macros.cli", "--project", str(project), *args],
                          capture_output=True, text=True, check=False)


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "projet")
    first = pmo(project, "build")
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.strip() == "Site construit et vérifié dans site/."
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}

    risks = project / "standards/gestion-des-risques/2.0.0.yaml"
    risks.write_text(risks.read_text(encoding="utf-8").replace("level: obligatoire", "level: obligatoir", 1), encoding="utf-8")
    second = pmo(project, "build")
    assert second.returncode == 1
    assert "standards/gestion-des-risques/2.0.0.yaml" in second.stdout
    assert "valeur « obligatoir » non permise" in second.stdout
    assert second.stdout.strip().endswith("Échec : le site précédent (site/) est conservé tel quel.")
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob(".site-*"))


def test_scan_finds_leftovers(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<p>{{ titre }}</p>\n<img src="x" onerror="alert(1)">\n<a href="javascript:alert(1)">x</a>\n', encoding="utf-8")
    assert scan_html(tmp_path) == [
        "a.html:1 : syntaxe de gabarit non interprétée",
        "a.html:2 : attribut de gestionnaire d'événement",
        "a.html:3 : adresse javascript:",
    ]


def _counts(output: str) -> tuple[int, int]:
    import re

    match = re.search(r"Téléchargements : (\d+) générés, (\d+) repris du cache", output)
    assert match is not None, output
    return int(match[1]), int(match[2])


def test_rebuild_without_data_change_regenerates_no_download(tmp_path: Path) -> None:
    from tests.support import mkdocs_build

    project = copy_project(tmp_path / "projet")
    first = mkdocs_build(project / "mkdocs.yml", tmp_path / "a")
    generated, reused = _counts(first.stderr)
    assert generated > 30 and reused == 0
    second = mkdocs_build(project / "mkdocs.yml", tmp_path / "b")
    assert _counts(second.stderr) == (0, generated)
    # Editing one standard regenerates only that standard's files (and the files that gather every standard).
    path = project / "standards/budget-et-couts/1.0.0.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Budget", "title: Budget révisé", 1), encoding="utf-8")
    lock = project / "standards/published.lock"
    lock.write_text("\n".join(ln for ln in lock.read_text(encoding="utf-8").splitlines() if "budget-et-couts" not in ln) + "\n", encoding="utf-8")
    third = mkdocs_build(project / "mkdocs.yml", tmp_path / "c")
    assert third.returncode == 0, third.stderr
    regenerated, _ = _counts(third.stderr)
    assert 0 < regenerated < generated / 2


def test_two_checked_builds_are_byte_identical(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "projet")
    assert pmo(project, "build", "--site-dir", "un").returncode == 0
    assert pmo(project, "build", "--site-dir", "deux").returncode == 0
    first = {p.relative_to(project / "un"): p.read_bytes() for p in (project / "un").rglob("*") if p.is_file()}
    second = {p.relative_to(project / "deux"): p.read_bytes() for p in (project / "deux").rglob("*") if p.is_file()}
    assert first.keys() == second.keys() and first == second
