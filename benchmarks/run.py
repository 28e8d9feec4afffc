"""Benchmark of the référentiel: validation, preview, rebuild, build floor and scale, downloads, first visit; writes RESULTS.md."""
from __future__ import annotations

import gzip
import os
import platform
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import markdown
import yaml

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from benchmarks.portfolio import portfolio_rows  # noqa: E402
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
from tests.support import TODAY, chromium, copy_sources, serve, write_lock  # noqa: E402

# The builds measure the pages: the editions' PDFs are measured apart (pdf_rows), once, not in every build of every size.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(PROJECT), "PMO_SANS_PDF": "1"}
Row = tuple[str, str, str]


# --- measuring on a shared machine: processor time for ratios, wall time where a person waits ----------------------------

def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of fn in seconds (median: the machine is shared and noisy)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpu(fn: Callable[[], object], repeat: int = 3) -> float:
    """Median processor time of fn in this process, in seconds: what other users of the machine do not change."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a command to its end: (wall seconds, processor seconds of it and its children, its error output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env or ENV, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stdout + result.stderr
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), result.stderr


def mkdocs_build(project: Path, site: Path) -> tuple[float, float, str]:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], project)


def copy_project(root: Path) -> Path:
    copied: Path = copy_sources(PROJECT, root)
    return copied


def loaded(project: Path, cached: bool = True) -> Loaded:
    """What `pmo validate` does: load and check the whole project (with its parse cache, and as a command settles what it
    loaded: see macros.project._collector_paused)."""
    return load(Project.at(project), preview=False, today=TODAY, cached=cached, update_cache=cached, settled=True)


def current(cat: Catalog, slug: str) -> StandardVersion:
    sv = cat.current(slug)
    assert sv is not None, slug
    return sv


# --- projects -----------------------------------------------------------------------------------------------------------

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
    real = loaded(PROJECT, cached=False)
    edition = real.catalog.current_edition()
    assert edition is not None
    risks = edition.standards["gestion-des-risques"]
    source = (PROJECT / f"standards/gestion-des-risques/{risks}.yaml").read_text(encoding="utf-8")
    names = dict(edition.standards)
    taken = {sv.standard.id for sv in real.catalog.current_standards()}
    free_ids = (f"PMO-STD-{n:03d}" for n in range(1000) if f"PMO-STD-{n:03d}" not in taken)
    vocabulary = _vocabulary()
    for i in range(standards - len(names)):
        slug = f"synthetique-{i:04d}"
        (folder / slug).mkdir()
        rng = random.Random(i)  # the same project at every run
        text = source.replace("slug: gestion-des-risques", f"slug: {slug}").replace("id: PMO-STD-005", f"id: {next(free_ids)}")
        # Template ids are unique in the référentiel: each of the model's templates gets the synthetic standard's own.
        text = text.replace("plan-de-management-des-risques", f"plan-{slug}")
        text = text.replace("registre-des-risques", f"registre-{slug}").replace("title: Gestion des risques", f"title: Standard synthétique {i}")
        # A project standard must be taught by three questions of the weekly quizzes, which generated text cannot
        # honestly provide: the synthetic ones govern the portfolio (their pages, lists and downloads are the same).
        text = text.replace("\nsummary:", "\napplies_to: portfolio\nsummary:", 1)
        lines = [("    text: " + " ".join(rng.sample(vocabulary, 9)).capitalize() + ".") if line.startswith("    text: ") else line
                 for line in text.split("\n")]
        (folder / slug / f"{risks}.yaml").write_text("\n".join(lines), encoding="utf-8")
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


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def floor_cpu(project: Path) -> float:
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

    return cpu(convert, 3)


# --- the rows -------------------------------------------------------------------------------------------------------------

def validation_rows(base: Path) -> list[Row]:
    """`pmo validate` on 1,000 standards against libyaml reading the same files, processor time in this process."""
    project = synthetic_project(base / "v", 1000)
    scan = cpu(lambda: libyaml_scan(project))
    cold = cpu(lambda: loaded(project, cached=False))
    loaded(project)  # the parse cache of .cache/lecture, as after any earlier run
    warm = cpu(lambda: loaded(project))
    warm_wall = timed(lambda: loaded(project), 3)
    return [("`pmo validate`, 1 000 standards, rapporté à la lecture par libyaml (événements, sans rien construire)",
             f"{warm:.2f} s / {scan:.2f} s = **{warm / scan:.2f}×** (durée : {warm_wall:.2f} s)", "≤ 2×"),
            ("… la première fois, sans le cache de lecture (`.cache/lecture`)", f"{cold:.2f} s = {cold / scan:.2f}×", "—")]


def pdf_rows() -> list[Row]:
    """The edition in force as one PDF: made without cache (wall and processor time), then from the cache; size and pages."""
    cat = loaded(PROJECT).catalog
    edition = cat.current_edition()
    assert edition is not None
    fonts = read_fonts()
    start, processor = time.perf_counter(), time.process_time()
    data = edition_file(cat, edition.id, DownloadCache(None), fonts)
    cold, used = time.perf_counter() - start, time.process_time() - processor
    with tempfile.TemporaryDirectory() as tmp:
        edition_file(cat, edition.id, DownloadCache(Path(tmp)), fonts)
        warm = timed(lambda: edition_file(cat, edition.id, DownloadCache(Path(tmp)), fonts), repeat=3)
        pdf = Path(tmp) / "edition.pdf"
        pdf.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return [(f"PDF de l'édition {edition.id} : génération sans cache (temps écoulé / temps processeur)", f"{cold:.1f} s / {used:.1f} s", "≤ 20 s"),
            ("… le même PDF repris du cache (clé, sources et polices relues)", f"{warm:.2f} s", "—"),
            ("… sa taille et ses pages", f"{len(data) / (1024 * 1024):.1f} Mo, {pages[1] if pages else '?'} pages", "≤ 10 Mo")]


def files_rows() -> list[Row]:
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
    return [(f"Génération à froid d'un fichier {ext}", f"{seconds * 1000:.1f} ms", target) for ext, (seconds, target) in per.items()]


def build_rows(base: Path) -> tuple[list[Row], Path, Path]:
    """The real site against its Markdown floor; then 100, 200 and 400 standards (download and parse caches warm, as every
    build after the first; the first one is reported apart)."""
    real = copy_project(base / "reel")
    mkdocs_build(real, base / "s-premiere")  # fills the caches
    builds = [mkdocs_build(real, base / f"s{i}") for i in range(3)]
    real_cpu, real_wall = statistics.median(b[1] for b in builds), statistics.median(b[0] for b in builds)
    real_floor = floor_cpu(real)
    rows = [("Site réel : construction / plancher Python-Markdown", f"{real_cpu:.2f} s / {real_floor:.2f} s = **{real_cpu / real_floor:.2f}×** "
             f"(durée : {real_wall:.1f} s)", "≤ 2,0×")]
    # The same build when no page's conversion is kept (a code change, or a first build with the downloads cached).
    shutil.rmtree(real / ".cache" / "pages")
    unkept = mkdocs_build(real, base / "s-sans-pages")[1]
    rows.append(("… sans les conversions de pages gardées (`.cache/pages` vidé) / plancher",
                 f"{unkept:.2f} s / {real_floor:.2f} s = {unkept / real_floor:.2f}×", "—"))
    scale, cold = {}, {}
    for n in (100, 200, 400):
        project = synthetic_project(base / f"n{n}", n)
        cold[n] = mkdocs_build(project, base / f"n{n}-froid")[1]
        scale[n] = statistics.median(mkdocs_build(project, base / f"n{n}-s{i}")[1] for i in range(3))
        if n == 400:
            floor = floor_cpu(project)
            rows.append(("400 standards : construction / plancher", f"{scale[n]:.1f} s / {floor:.1f} s = **{scale[n] / floor:.2f}×**", "≤ 2,2×"))
    rows.append(("Facteur par doublement (100→200, 200→400)", f"**{scale[200] / scale[100]:.2f} / {scale[400] / scale[200]:.2f}**", "≤ 2,1"))
    rows.append(("Construction à 100 / 200 / 400 standards (première : caches vides)",
                 " / ".join(f"{scale[n]:.1f} s ({cold[n]:.1f} s)" for n in (100, 200, 400)), "—"))
    return rows, real, base / "s0"


def rebuild_rows(real: Path) -> list[Row]:
    """`pmo build` after editing one standard, the whole process (the download and parse caches warm)."""
    again = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(real.parent / "encore")], real)[2]
    counts = re.search(r"Téléchargements : (\d+) générés, (\d+) repris", again)
    assert counts, again
    pmo = [sys.executable, "-m", "macros.adapters.cli", "build", "--site-dir", "site"]
    run(pmo, real)
    budget = current(loaded(real).catalog, "budget-et-couts").standard.version
    path = real / f"standards/budget-et-couts/{budget}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Budget", "title: Budget révisé", 1), encoding="utf-8")
    write_lock(real)  # the lock follows, as if the change had been published: the build checks it
    wall, processor, _ = run(pmo, real)
    return [("Reconstruction sans changement de données : fichiers régénérés", f"{counts[1]} sur {int(counts[1]) + int(counts[2])}", "0"),
            ("`pmo build` après modification d'un standard (processus complet, vérification du HTML comprise)",
             f"**{wall:.2f} s** (processeur : {processor:.2f} s)", "≤ 4 s")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return ""


def preview_rows(base: Path) -> list[Row]:
    """`make apercu`: a draft of the risk standard edited three times; from each save to the served page showing it."""
    project = copy_project(base / "apercu")
    cli = [sys.executable, "-m", "macros.adapters.cli"]
    last = loaded(project).catalog.published_editions()[-1].id
    year, number = map(int, last.split("."))
    run([*cli, "edition", "new", f"{year}.{number + 1}", "--notes", "Banc d'essai de l'aperçu."], project)
    run([*cli, "new-version", "gestion-des-risques", "--minor"], project)
    draft = next(p for p in (project / "standards/gestion-des-risques").glob("*.yaml")
                 if "status: draft" in p.read_text(encoding="utf-8"))
    url = f"http://127.0.0.1:{_free_port()}/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", url[7:-1]], cwd=project,
                              env={**ENV, "PMO_APERCU": "1"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = url + "standards/gestion-des-risques/"
    latencies = []
    try:
        while "Gestion des risques" not in _fetch(page):
            time.sleep(0.5)
        for n in range(3):
            time.sleep(2)  # the server settles (the watcher, the browsers' reload)
            text = draft.read_text(encoding="utf-8")
            marker = f"Relecture numéro {n} du banc."
            summary = re.search(r"\nsummary: (?:>-\n  )?", text)
            assert summary is not None
            edited = text[:summary.end()] + marker + " " + text[summary.end():]
            assert edited != text
            start = time.perf_counter()
            draft.write_text(edited, encoding="utf-8")
            while marker not in _fetch(page):
                time.sleep(0.02)
            latencies.append(time.perf_counter() - start)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return [("`make apercu` : brouillon modifié visible sur sa page servie (médiane de 3)",
             f"**{statistics.median(latencies):.2f} s** ({', '.join(f'{s:.2f}' for s in latencies)})", "≤ 1,5 s")]


def first_visit(site: Path) -> tuple[int, int, int]:
    """What Chromium fetches for a first visit of the home page, nobody searching yet: raw bytes, gzip bytes, requests."""
    bodies: dict[str, bytes] = {}
    with serve(site) as url, chromium() as browser:
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.on("response", lambda r: bodies.__setitem__(r.url, r.body()) if r.ok else None)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        context.close()
    return sum(map(len, bodies.values())), sum(len(gzip.compress(b)) for b in bodies.values()), len(bodies)


def weight_rows(site: Path) -> list[Row]:
    """Page weight on the real site: HTML per page, the search index, the home page's first visit."""
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    sizes = [p.stat().st_size for p in pages]
    over = [p for p in pages if p.stat().st_size > 100 * 1024]
    index = (site / "search/search_index.json").read_bytes()
    raw, packed, requests = first_visit(site)
    return [
        ("HTML par page (médiane / maximum)", f"{statistics.median(sizes) / 1024:.0f} Ko / {sizes[-1] / 1024:.0f} Ko", "≤ 100 Ko"),
        ("Pages au-delà de 100 Ko", f"{len(over)} sur {len(pages)}" + (f" : {', '.join(str(p.parent.relative_to(site)) for p in over)}" if over else ""), "0"),
        ("Index de recherche (brut / gzip)", f"**{len(index) / 1024:.0f} Ko** / {len(gzip.compress(index)) / 1024:.0f} Ko", "≤ 600 Ko brut"),
        ("Première visite de l'accueil dans Chromium : HTML, CSS, JS (l'index de recherche attend la première recherche) (brut / gzip)",
         f"**{raw / 1024:.0f} Ko** / {packed / 1024:.0f} Ko ({requests} requêtes)", "≤ 800 Ko brut"),
    ]


def main() -> None:
    start_load = os.getloadavg()[0]
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += validation_rows(Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        rows += preview_rows(Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        built, real, site = build_rows(Path(tmp))
        rows += rebuild_rows(real)
        rows += built
        rows += weight_rows(site)
    rows += files_rows()
    rows += pdf_rows()
    rows += portfolio_rows()
    minutes = (time.perf_counter() - started) / 60
    lines = ["# Résultats du banc d'essai", "",
             f"Mesuré par `make bench` le {time.strftime('%Y-%m-%d')} sur {platform.machine()}, {os.cpu_count()} cœurs, "
             f"Python {platform.python_version()}, en {minutes:.0f} min ; charge moyenne de la machine (partagée) : "
             f"{start_load:.1f} au début, {os.getloadavg()[0]:.1f} à la fin.", "",
             "Les rapports se mesurent en temps processeur (celui du processus et de ses enfants) : les autres utilisateurs "
             "de la machine ne le changent guère, alors qu'ils allongent les durées. Les délais qu'une personne attend "
             "(aperçu, reconstruction) sont des durées, sur la montre. Constructions : caches des téléchargements et de "
             "lecture chauds, comme toute construction après la première, sauf mention.", "",
             "| Mesure | Résultat | Cible |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    (PROJECT / "benchmarks/RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
