"""Benchmark of the référentiel: build floor and scale, downloads, rebuilds, validation, page weight; writes RESULTS.md."""
from __future__ import annotations

import gzip
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import markdown
import yaml

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from macros.catalog.catalog import Catalog, StandardVersion  # noqa: E402
from macros.catalog.queries import template_hash  # noqa: E402
from macros.core.vocabulary import TemplateKind  # noqa: E402
from macros.pages.kit import KitFile, KitPage  # noqa: E402
from macros.project import Loaded, Project, load  # noqa: E402
from macros.render.files.common import Stamp  # noqa: E402
from macros.render.files.csv_text import template_csv  # noqa: E402
from macros.render.files.excel import template_xlsx  # noqa: E402
from macros.render.files.kit import kit_zip  # noqa: E402
from macros.render.files.markdown_text import template_md  # noqa: E402
from macros.render.files.word import template_docx  # noqa: E402
from macros.site.documents import edition_file, read_fonts  # noqa: E402
from macros.site.download_cache import DownloadCache  # noqa: E402
from macros.site.plan import generate  # noqa: E402
from tests.support import TODAY, copy_sources, write_lock  # noqa: E402

# The builds measure the pages: the editions' PDFs are measured apart (pdf_rows), once, not in every build of every size.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PMO_SANS_PDF": "1"}


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of fn in seconds (median: the machine is shared and noisy)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def copy_project(root: Path) -> Path:
    copied: Path = copy_sources(PROJECT, root)
    return copied


def loaded(project: Path) -> Loaded:
    """What `pmo validate` does: load and check the whole project."""
    return load(Project.at(project), preview=False, today=TODAY)


def current(cat: Catalog, slug: str) -> StandardVersion:
    sv = cat.current(slug)
    assert sv is not None, slug
    return sv


def build_seconds(project: Path, site: Path) -> float:
    """MkDocs' own « built in » time of one strict build (excludes interpreter start-up)."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=project, env=ENV,
                            capture_output=True, text=True, check=True)
    match = re.search(r"Documentation built in ([\d.]+) seconds", result.stderr)
    assert match, result.stderr
    return float(match[1])


def _vocabulary() -> list[str]:
    """The words of every checklist item of the real standards: synthetic texts read like real ones."""
    words: set[str] = set()
    for path in (PROJECT / "standards").glob("*/*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("    text: "):
                words.update(w for w in re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", line[10:].lower()) if len(w) > 3)
    return sorted(words)


def synthetic_project(root: Path, standards: int) -> Path:
    """The real project plus generated standards, all published in one current edition: copies of a real standard with
    their own identifiers and item texts (random words of the real items, so that no two standards repeat each other)."""
    project = copy_project(root)
    folder = project / "standards"
    (folder / "published.lock").unlink()
    edition = loaded(PROJECT).catalog.current_edition()
    assert edition is not None
    risks = edition.standards["gestion-des-risques"]
    source = (PROJECT / f"standards/gestion-des-risques/{risks}.yaml").read_text(encoding="utf-8")
    names = dict(edition.standards)
    taken = {sv.standard.id for sv in loaded(PROJECT).catalog.current_standards()}
    free_ids = (f"PMO-STD-{n:03d}" for n in range(1000) if f"PMO-STD-{n:03d}" not in taken)
    vocabulary = _vocabulary()
    for i in range(standards - len(names)):
        slug = f"synthetique-{i:04d}"
        (folder / slug).mkdir()
        rng = random.Random(i)  # the same project at every run
        text = source.replace("slug: gestion-des-risques", f"slug: {slug}").replace("id: PMO-STD-005", f"id: {next(free_ids)}")
        text = text.replace("registre-des-risques", f"registre-{slug}").replace("title: Gestion des risques", f"title: Standard synthétique {i}")
        # A project standard must be taught by three questions of the weekly quizzes, which generated text cannot
        # honestly provide: the synthetic ones govern the portfolio (their pages, lists and downloads are the same).
        text = text.replace("\nsummary:", "\napplies_to: portfolio\nsummary:", 1)
        lines = [("    text: " + " ".join(rng.sample(vocabulary, 9)).capitalize() + ".") if line.startswith("    text: ") else line
                 for line in text.split("\n")]
        text = "\n".join(lines)
        (folder / slug / f"{risks}.yaml").write_text(text, encoding="utf-8")
        names[slug] = risks
    data = yaml.safe_load((folder / "editions.yaml").read_text(encoding="utf-8"))
    data["editions"][-1]["standards"] = names
    (folder / "editions.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    write_lock(project)  # as `pmo publish` leaves it: every rule runs, quizzes included
    return project


def libyaml_scan(project: Path) -> None:
    """The floor of any YAML validation: libyaml reading every data file into events, building nothing."""
    for path in sorted((project / "standards").rglob("*.yaml")) + sorted((project / "quizzes").glob("*.yaml")):
        loader = yaml.CSafeLoader(path.read_text(encoding="utf-8"))
        try:
            while loader.get_event() is not None and loader.check_event():
                pass
        finally:
            loader.dispose()


def floor_seconds(project: Path) -> float:
    """Python-Markdown alone on every final page (hand-written and generated), with the site's extensions."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    extensions, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = (next(iter(entry.items())) if isinstance(entry, dict) else (entry, None))
        extensions.append(name)
        if options:
            configs[name] = {**options, "base_path": [str(project)]} if name == "pymdownx.snippets" else options
    pages = [p.read_text(encoding="utf-8") for p in (project / "docs").rglob("*.md")]
    pages += [f.content for f in generate(loaded(project)) if f.src.endswith(".md") and isinstance(f.content, str)]

    def convert() -> None:
        md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        for page in pages:
            md.reset().convert(page)

    return timed(convert, 3)


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def weight_rows(site: Path) -> list[tuple[str, str, str]]:
    """Page weight on the real site: HTML per page, the home page's first visit, the search index."""
    rows: list[tuple[str, str, str]] = []
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    sizes = [p.stat().st_size for p in pages]
    over = [p for p in pages if p.stat().st_size > 100 * 1024]
    rows.append(("HTML par page (médiane / maximum)", f"{statistics.median(sizes) / 1024:.0f} Ko / {sizes[-1] / 1024:.0f} Ko", "≤ 100 Ko"))
    # Which pages are over, and what they weigh as served compressed: the reader's real cost.
    rows.append(("Pages au-delà de 100 Ko (la plus lourde compressée en gzip)",
                 f"{len(over)} sur {len(pages)}" + (f" : {', '.join(str(p.parent.relative_to(site)) for p in over)} "
                                                    f"({len(gzip.compress(pages[-1].read_bytes())) / 1024:.0f} Ko gzip)" if over else ""), "0"))
    home = (site / "index.html").read_text(encoding="utf-8")
    assets = [site / ref for ref in re.findall(r'(?:href|src)="((?:assets|search)/[^"#?]+\.(?:css|js))"', home)]
    first = [site / "index.html", *assets]
    raw = sum(p.stat().st_size for p in first)
    packed = sum(len(gzip.compress(p.read_bytes())) for p in first)
    rows.append(("Première visite de l'accueil (HTML, CSS, JS ; brut / gzip)", f"{raw / 1024:.0f} Ko / {packed / 1024:.0f} Ko", "—"))
    index = (site / "search/search_index.json").read_bytes()
    rows.append(("Index de recherche (brut / gzip)", f"{len(index) / 1024:.0f} Ko / {len(gzip.compress(index)) / 1024:.0f} Ko", "≤ 1,5 Mo gzip"))
    return rows


def pdf_rows() -> list[tuple[str, str, str]]:
    """The edition in force as one PDF: made without cache (wall and processor time), then from the cache; size and pages."""
    cat = loaded(PROJECT).catalog
    edition = cat.current_edition()
    assert edition is not None
    fonts = read_fonts()
    start, processor = time.perf_counter(), time.process_time()
    data = edition_file(cat, edition.id, DownloadCache(None), fonts)
    cold, cpu = time.perf_counter() - start, time.process_time() - processor
    with tempfile.TemporaryDirectory() as tmp:
        edition_file(cat, edition.id, DownloadCache(Path(tmp)), fonts)
        warm = timed(lambda: edition_file(cat, edition.id, DownloadCache(Path(tmp)), fonts), repeat=3)
        pdf = Path(tmp) / "edition.pdf"
        pdf.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return [(f"PDF de l'édition {edition.id} : génération sans cache (temps écoulé / temps processeur)", f"{cold:.1f} s / {cpu:.1f} s", "≤ 20 s"),
            ("… le même PDF repris du cache (clé, sources et polices relues)", f"{warm:.2f} s", "—"),
            ("… sa taille et ses pages", f"{len(data) / (1024 * 1024):.1f} Mo, {pages[1] if pages else '?'} pages", "≤ 10 Mo")]


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        real = copy_project(base / "reel")
        real_build = statistics.median(build_seconds(real, base / f"s{i}") for i in range(3))
        real_floor = floor_seconds(real)
        rows.append(("Site réel : construction / plancher Python-Markdown", f"{real_build:.2f} s / {real_floor:.2f} s = {real_build / real_floor:.1f}×", "—"))
        # Like the real site's median of three: builds with the download cache of .cache/ warm, as every build after
        # the first one is. The first build of each size, which generates every file, is reported on its own.
        scale, cold = {}, {}
        for n in (100, 200, 400):
            project = synthetic_project(base / f"n{n}", n)
            cold[n] = build_seconds(project, base / f"n{n}-froid")
            scale[n] = statistics.median(build_seconds(project, base / f"n{n}-s{i}") for i in range(3))
            if n == 400:
                floor = floor_seconds(project)
                rows.append(("400 standards : construction / plancher", f"{scale[n]:.2f} s / {floor:.2f} s = {scale[n] / floor:.1f}×", "≤ 2,5×"))
        rows.append(("Construction à 100 / 200 / 400 standards", " / ".join(f"{scale[n]:.1f} s" for n in (100, 200, 400)), "—"))
        rows.append(("… première construction, cache des téléchargements vide", " / ".join(f"{cold[n]:.1f} s" for n in (100, 200, 400)), "—"))
        rows.append(("Facteur par doublement (100→200, 200→400)", f"{scale[200] / scale[100]:.2f} / {scale[400] / scale[200]:.2f}", "≤ 2,2"))

        # Rebuilds on the real site, the download cache warm from the builds above.
        again = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(base / "again")], cwd=real, env=ENV,
                               capture_output=True, text=True, check=True)
        counts = re.search(r"Téléchargements : (\d+) générés, (\d+) repris", again.stderr)
        assert counts, again.stderr
        rows.append(("Reconstruction sans changement de données : fichiers régénérés", f"{counts[1]} sur {int(counts[1]) + int(counts[2])}", "0"))
        budget = current(loaded(real).catalog, "budget-et-couts").standard.version
        path = real / f"standards/budget-et-couts/{budget}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("title: Budget", "title: Budget révisé", 1), encoding="utf-8")
        write_lock(real)  # the lock follows, as if the change had been published: the build checks it
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(base / "edit")], cwd=real, env=ENV,
                       capture_output=True, text=True, check=True)
        rows.append(("Reconstruction après modification d'un standard (processus complet)", f"{time.perf_counter() - start:.2f} s", "< 5 s"))

        rows += weight_rows(base / "s0")

    with tempfile.TemporaryDirectory() as tmp:
        project = synthetic_project(Path(tmp) / "v", 1000)
        seconds = timed(lambda: loaded(project), repeat=3)
        scan = timed(lambda: libyaml_scan(project), repeat=3)
        rows.insert(0, ("`pmo validate` : chargement et règles de 1 000 standards", f"{seconds:.2f} s", "< 2 s"))
        rows.insert(1, ("… rapporté à la seule lecture des fichiers par libyaml (événements, sans rien construire)",
                        f"{seconds:.2f} s / {scan:.2f} s = {seconds / scan:.1f}×", "—"))

    cat = loaded(PROJECT).catalog
    sv = current(cat, "lancement-de-projet")
    document = next(t for t in sv.standard.templates if t.kind == TemplateKind.DOCUMENT)
    risks = current(cat, "gestion-des-risques")
    register = next(t for t in risks.standard.templates if t.kind == TemplateKind.REGISTER)
    stamp_doc = Stamp(sv.standard.id, "Lancement", sv.standard.version, "2026.2", TODAY, template_hash(sv.standard, document))
    stamp_reg = Stamp(risks.standard.id, "Risques", risks.standard.version, "2026.2", TODAY, template_hash(risks.standard, register))
    per = {
        ".docx": (timed(lambda: template_docx(sv.standard, document, stamp_doc), 30), "< 15 ms"),
        ".xlsx": (timed(lambda: template_xlsx(risks.standard, register, stamp_reg), 30), "—"),
        ".csv": (timed(lambda: template_csv(risks.standard, register), 30), "—"),
        ".md": (timed(lambda: template_md(risks.standard, register, stamp_reg), 30), "—"),
    }
    data = template_xlsx(risks.standard, register, stamp_reg)
    kit = KitPage("2026.2", TODAY, [("1-cadrage", "Cadrage")],
                  [KitFile("1-cadrage", f"f{i}.xlsx", f"f{i}.xlsx", "Registre", "x", "x", "1", "En vigueur", "", [], example=False) for i in range(20)])
    contents = {f.source: data for f in kit.files}
    per[".zip (kit de 20 fichiers)"] = (timed(lambda: kit_zip(kit, contents, stamp_reg), 10), "—")
    rows[2:2] = [(f"Génération à froid d'un fichier {ext}", f"{seconds * 1000:.1f} ms", target) for ext, (seconds, target) in per.items()]
    rows += pdf_rows()

    lines = ["# Résultats du banc d'essai", "",
             f"Mesuré par `make bench` le {time.strftime('%Y-%m-%d')} sur {platform.machine()}, {os.cpu_count()} cœurs, "
             f"Python {platform.python_version()}. Médianes ; la machine est partagée : comparer les rapports d'une même exécution. "
             "Les temps de construction sont ceux que MkDocs affiche (« built in »), sans le démarrage de Python, cache des téléchargements chaud sauf mention.", "",
             "| Mesure | Résultat | Cible |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    (PROJECT / "benchmarks/RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
