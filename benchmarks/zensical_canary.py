"""Zensical canary: build the site with Zensical from `pmo generate`'s output and report what differs from MkDocs.

Material for MkDocs is in maintenance mode; its team's successor is Zensical. This script measures the cost of a
move: it is not part of `make test`. Run it with `make zensical`; it writes benchmarks/ZENSICAL.md.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import yaml

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from macros.adapters.settings import today  # noqa: E402
from macros.catalog.citations import resolve_text  # noqa: E402
from macros.project import Project, load  # noqa: E402
from macros.render.escape import md_inline  # noqa: E402
from macros.site.plan import GeneratedFile, generate, navigation, write  # noqa: E402

ZENSICAL = Path(os.environ.get("ZENSICAL", PROJECT / ".venv-zensical/bin/zensical")).absolute()
REPORT = PROJECT / "benchmarks/ZENSICAL.md"
# What the MkDocs build relies on that Zensical has no place for: left out of its configuration.
MKDOCS_ONLY = ("hooks", "watch", "validation", "strict")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.hrefs.append(value)


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def _config(files: list[GeneratedFile], docs: Path, site: Path) -> dict[str, object]:
    """mkdocs.yml for Zensical: the same theme and extensions, the generated navigation written out, no hooks or macros."""
    config: dict[str, Any] = yaml.load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    for key in MKDOCS_ONLY:
        config.pop(key, None)
    config["plugins"] = [p for p in config.get("plugins", []) if not (isinstance(p, dict) and "macros" in p)]
    config["site_url"] = "http://127.0.0.1:8000/"
    # Zensical 0.0.x wants paths relative to its configuration file.
    config["docs_dir"], config["site_dir"] = docs.name, site.name
    config["theme"]["custom_dir"] = str(PROJECT / "overrides")
    anchors = config.get("extra", {}).get("referentiel", {})
    tab, parcours = navigation(files)
    nav = config["nav"]
    for entry in nav:
        if isinstance(entry, dict) and anchors.get("nav_parcours") in entry:
            entry[anchors["nav_parcours"]].extend(parcours)
    after = next(i for i, e in enumerate(nav) if isinstance(e, dict) and anchors.get("nav_after") in e)
    nav.insert(after + 1, tab)
    for ext in config.get("markdown_extensions", []):
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            # A base path outside the build's folder makes Zensical 0.0.x's file watcher panic: includes/ is copied in.
            ext["pymdownx.snippets"]["base_path"] = ["."]
    return config


def _adapt(config: dict[str, object], output: str) -> str | None:
    """Zensical refuses an option it does not know: drop it, say so, and try again (None: nothing known to adapt)."""
    option = re.search(r"unknown (\w+) option: (\w+)", output)
    if option:
        plugin, name = option.groups()
        for entry in config.get("plugins", []):  # type: ignore[attr-defined]
            if isinstance(entry, dict) and isinstance(entry.get(plugin), dict):
                entry[plugin].pop(name, None)
        return f"option « {name} » du greffon « {plugin} » retirée (inconnue de Zensical)"
    return None


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _broken_links(site: Path) -> list[str]:
    """Internal links of the built pages whose target is not in the site."""
    broken = set()
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        base = "http://site/" + page.relative_to(site).as_posix()
        for href in parser.hrefs:
            url = urlparse(urljoin(base, href))
            if url.netloc != "site":
                continue
            path = unquote(url.path).lstrip("/")
            target = site / path
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.add(f"{page.relative_to(site).as_posix()} → {href}")
    return sorted(broken)


def _run(args: list[str], cwd: Path) -> tuple[int, str, float]:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return result.returncode, result.stdout + result.stderr, time.perf_counter() - start


def main() -> int:
    loaded = load(Project.at(PROJECT), preview=False, today=today())
    if loaded.errors:
        print("Données invalides : lancez pmo validate.")
        return 1
    files = generate(loaded)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs = work / "docs"
        shutil.copytree(PROJECT / "docs", docs)
        shutil.copytree(PROJECT / "includes", work / "includes")
        # The case's facts the hand-written pages cite, written in as the MkDocs hook does (macros/adapters/hooks.py).
        for page in docs.rglob("*.md"):
            page.write_text(resolve_text(loaded.catalog, page.read_text(encoding="utf-8"), md_inline, markdown=True), encoding="utf-8")
        write(files, docs)
        # The home page's two macro calls, resolved as mkdocs-macros would.
        home = docs / "index.md"
        edition = loaded.catalog.current_edition()
        text = home.read_text(encoding="utf-8").replace("{{ nombre_de_standards() }}", str(len(loaded.catalog.current_standards())))
        home.write_text(re.sub(r"\{\{ edition_courante\(\) \}\}", edition.id if edition else "", text), encoding="utf-8")
        config = _config(files, docs, work / "site-zensical")
        code_m, _, time_m = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(PROJECT / "mkdocs.yml"),
                                      "-d", str(work / "site-mkdocs")], PROJECT)
        adaptations: list[str] = []
        for _ in range(6):
            (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
            code_z, out_z, time_z = _run([str(ZENSICAL), "build", "-f", str(work / "mkdocs.yml")], work)
            change = _adapt(config, out_z) if code_z != 0 else None
            if change is None:
                break
            adaptations.append(change)
        version = subprocess.run([str(ZENSICAL), "--version"], capture_output=True, text=True, check=False).stdout.strip()
        mk, zs = work / "site-mkdocs", work / "site-zensical"
        pages_m = _pages(mk) if mk.is_dir() else set()
        pages_z = _pages(zs) if zs.is_dir() else set()
        html_m = {p for p in pages_m if p.endswith(".html")}
        html_z = {p for p in pages_z if p.endswith(".html")}
        downloads = {p for p in pages_m if p.endswith((".docx", ".xlsx", ".csv", ".zip"))}
        broken = _broken_links(zs) if zs.is_dir() else []
        warnings = [line for line in out_z.splitlines() if re.search(r"warn|error|erreur", line, re.I)]
    lines = [
        "# Canari Zensical", "",
        f"Mesuré par `make zensical` le {time.strftime('%Y-%m-%d')} : {version or 'zensical'} (épinglé dans le Makefile), "
        "à partir des pages écrites par `pmo generate` et de docs/, sans hooks ni mkdocs-macros (Zensical ne les exécute pas).", "",
        "| Mesure | MkDocs + Material | Zensical |", "| --- | --- | --- |",
        f"| Construction | {'réussie' if code_m == 0 else 'échec'} ({time_m:.1f} s) | {'réussie' if code_z == 0 else 'échec'} ({time_z:.1f} s) |",
        f"| Pages HTML | {len(html_m)} | {len(html_z)} |",
        f"| Téléchargements (.docx, .xlsx, .csv, .zip) | {len(downloads)} | {len(downloads & pages_z)} |",
        f"| Liens internes cassés | 0 (validation stricte) | {len(broken)} |",
        f"| Avertissements ou erreurs affichés | 0 | {len(warnings)} |", "",
    ]
    lines += ["## Adaptations de la configuration", ""] + ([f"- {a}" for a in adaptations] or ["Aucune."]) + [""]
    missing = sorted(html_m - html_z)
    extra = sorted(html_z - html_m)
    lines += ["## Pages absentes de la construction Zensical", ""] + ([f"- `{p}`" for p in missing[:40]] or ["Aucune."])
    if len(missing) > 40:
        lines.append(f"- … et {len(missing) - 40} autres")
    lines += ["", "## Pages en plus dans la construction Zensical", ""] + ([f"- `{p}`" for p in extra[:20]] or ["Aucune."])
    lines += ["", "## Liens cassés (20 premiers)", ""] + ([f"- `{b}`" for b in broken[:20]] or ["Aucun."])
    lines += ["", "## Messages de Zensical (20 premiers)", ""] + ([f"- `{w.strip()[:200]}`" for w in warnings[:20]] or ["Aucun."])
    if code_z != 0:
        lines += ["", "## Sortie de l'échec", "", "```text", *out_z.splitlines()[-30:], "```"]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
