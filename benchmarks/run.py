"""Benchmark: validation of 1,000 standard versions, cost per generated file, whole-site build; writes RESULTS.md."""
from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from macros.catalog import load_catalog  # noqa: E402
from macros.render import downloads  # noqa: E402
from macros.site import _stamp  # noqa: E402


def timed(fn, repeat: int = 5) -> float:
    """Median wall time of fn in seconds (median: the machine is shared and noisy)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic_referentiel(root: Path, count: int) -> Path:
    """A copy of the real standards/ plus `count` generated versions of a real standard (distinct slugs)."""
    standards = root / "standards"
    shutil.copytree(PROJECT / "standards", standards)
    (standards / "published.lock").unlink()
    source = (PROJECT / "standards/gestion-des-risques/2.0.0.yaml").read_text(encoding="utf-8")
    for i in range(count):
        slug = f"synthetique-{i:04d}"
        folder = standards / slug
        folder.mkdir()
        text = source.replace("slug: gestion-des-risques", f"slug: {slug}").replace("id: PMO-STD-005", f"id: PMO-STD-{100 + i % 900:03d}")
        text = text.replace("id: registre-des-risques", f"id: registre-{slug}").replace("template: registre-des-risques", f"template: registre-{slug}")
        (folder / "2.0.0.yaml").write_text(text.replace("status: active", "status: draft"), encoding="utf-8")
    return standards


def main() -> None:
    results: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        standards = synthetic_referentiel(Path(tmp), 1000)
        seconds = timed(lambda: load_catalog(standards), repeat=3)
        results.append(("`pmo validate` sur 1 000 versions de standard (+ le référentiel réel)", f"{seconds:.2f} s", "< 2 s"))

    cat = load_catalog(PROJECT / "standards")
    sv = cat.current("lancement-de-projet")
    document = next(t for t in sv.standard.templates if t.kind == "document")
    risks = cat.current("gestion-des-risques")
    register = next(t for t in risks.standard.templates if t.kind == "register")
    stamp_doc, stamp_reg = _stamp(cat, sv, document.id), _stamp(cat, risks, register.id)
    per = {
        ".docx": timed(lambda: downloads.template_docx(sv.standard, document, stamp_doc), 20),
        ".xlsx": timed(lambda: downloads.template_xlsx(risks.standard, register, stamp_reg), 20),
        ".csv": timed(lambda: downloads.template_csv(risks.standard, register), 20),
        ".md": timed(lambda: downloads.template_md(risks.standard, register, stamp_reg), 20),
    }
    for ext, seconds in per.items():
        results.append((f"Génération d'un fichier {ext}", f"{seconds * 1000:.1f} ms", "< 15 ms" if ext == ".docx" else "—"))

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        def build() -> None:
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", tmp], cwd=PROJECT, env=env, check=True)
        seconds = timed(build, repeat=3)
        results.append(("Construction complète du site réel (processus neuf)", f"{seconds:.2f} s", "< 5 s"))
        pages = list(Path(tmp).rglob("*.html"))
        sizes = sorted(p.stat().st_size for p in pages)
        results.append(("HTML par page (médiane / maximum)", f"{statistics.median(sizes) / 1024:.0f} Ko / {sizes[-1] / 1024:.0f} Ko", "≤ 100 Ko"))
        index = Path(tmp) / "search/search_index.json"
        import gzip

        raw = index.read_bytes()
        results.append(("Index de recherche (brut / gzip)", f"{len(raw) / 1024:.0f} Ko / {len(gzip.compress(raw)) / 1024:.0f} Ko", "≤ 1,5 Mo gzip"))

    lines = ["# Résultats du banc d'essai", "",
             f"Mesuré par `make bench` le {time.strftime('%Y-%m-%d')} sur {platform.machine()}, {os.cpu_count()} cœurs, "
             f"Python {platform.python_version()} (médianes ; machine partagée, comparer les rapports d'une même exécution).", "",
             "| Mesure | Résultat | Cible |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in results]
    (PROJECT / "benchmarks/RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
