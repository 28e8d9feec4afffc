"""Benchmark of `pmo portefeuille`: 500 project files, as a large PMO would collect them, read and reported."""
from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "projects" / "portefeuille"
FILES = 500


def _portfolio(folder: Path) -> None:
    """500 project files made from the fixture's valid ones: other names, ids and statuses, drawn reproducibly."""
    draw = random.Random(2026)
    models = []
    for path in sorted(FIXTURES.glob("projet-*.json")):
        try:
            models.append(json.loads(path.read_text(encoding="utf-8")))
        except ValueError:
            continue  # the fixture's truncated file
    for n in range(FILES):
        document = json.loads(json.dumps(models[n % len(models)]))
        project = document["project"]
        project["id"], project["name"], project["code"] = f"p{n:04d}", f"Projet {n:04d}", f"P-{n:04d}"
        for entry in project["entries"].values():
            if draw.random() < 0.2 and entry["status"] == "fait":
                entry["status"] = "à faire"
        (folder / f"projet-{n:04d}.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def portfolio_rows() -> list[tuple[str, str, str]]:
    """The time of the whole command (a fresh process, as the PMO runs it) on 500 project files; median of three."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "projets"
        folder.mkdir()
        _portfolio(folder)
        times = []
        for i in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "macros.adapters.cli", "portefeuille", str(folder), "--sortie", str(Path(tmp) / f"r{i}")],
                           cwd=PROJECT, capture_output=True, text=True, check=True)
            times.append(time.perf_counter() - start)
        size = sum(p.stat().st_size for p in (Path(tmp) / "r0").iterdir())
    seconds = sorted(times)[1]
    return [(f"`pmo portefeuille` sur {FILES} fichiers de projet (processus complet, rapport HTML, Excel et CSV)",
             f"{seconds:.2f} s ({size / 1024:.0f} Ko de rapport)", "≤ 5 s")]


if __name__ == "__main__":
    for row in portfolio_rows():
        print(" | ".join(row))
