"""The edition's kit: the templates a project manager fills in, by phase, with a « LISEZMOI » and a manifest, in one
reproducible zip."""
from __future__ import annotations

import hashlib
from collections.abc import Mapping

from macros.core.dates import french_date
from macros.pages.kit import KitFile, KitPage
from macros.render.files.common import Stamp, zip_bytes
from macros.render.files.csv_text import csv_bytes
from macros.render.typography import french

MANIFEST_NAME = "manifeste.csv"
README_NAME = "LISEZMOI.txt"


def _check_paths(paths: list[str]) -> None:
    for path in paths:
        parts = path.split("/")
        if not path or path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"chemin d'archive invalide : « {path} »")
        if path in (MANIFEST_NAME, README_NAME):
            raise ValueError(f"« {path} » est réservé au kit")
    if len(set(paths)) != len(paths):
        twice = sorted({p for p in paths if paths.count(p) > 1})
        raise ValueError(f"fichier présent deux fois dans le kit : « {twice[0]} »")


def readme_text(page: KitPage) -> str:
    """The « LISEZMOI »: what the kit holds and, folder by folder, each file, its template, its version and its use."""
    published = f"Édition publiée le {french_date(page.date)}." if page.date else "Édition en préparation (aperçu du PMO)."
    lines = [f"Kit des modèles du Référentiel PMO, édition {page.edition_id}", published, "",
             f"Ce kit rassemble les modèles à remplir des standards de l'édition {page.edition_id} : un document Word (.docx) "
             "ou un registre Excel (.xlsx) par modèle, et, quand il existe, son exemple rempli pour le projet fictif Atlas. "
             "Chaque modèle est rangé dans le dossier de la première phase du projet où une exigence le demande ; les modèles "
             "du PMO et du portefeuille sont à part. Le nom de chaque fichier porte la version du standard qu'il suit.", "",
             "Les copies Markdown (.md) et CSV (.csv) des modèles ne sont pas dans le kit : elles servent à qui rédige dans un "
             "wiki ou importe un registre dans un autre outil, et se téléchargent sur la page de chaque standard.", "",
             f"Le fichier {MANIFEST_NAME} donne l'empreinte SHA-256 de chaque fichier, pour vérifier qu'il n'a pas été modifié.", ""]
    for folder, label in page.folders:
        heading = f"Dossier {folder} — {label}"
        lines += [heading, "=" * len(heading), ""]
        for f in (f for f in page.files if f.folder == folder):
            lines += [f.name, *(f"  {line}" for line in _about(f)), ""]
    return "\r\n".join(french(line) if line and not set(line) <= {"="} else line for line in lines)


def _about(f: KitFile) -> list[str]:
    standard = f"{f.standard_id} {f.standard_title}, version {f.version} ({f.status.lower() if f.status else 'version publiée'})"
    if f.example:
        return [f"Exemple rempli du modèle « {f.template_title} » pour le projet fictif Atlas : ce qu'on attend du document "
                "une fois rempli. Partez du modèle vierge pour votre projet.", f"Standard : {standard}"]
    out = [f"Modèle : {f.template_title}", f"Standard : {standard}", f"À quoi il sert : {f.purpose}"]
    if f.items:
        out.append(f"Exigences qui le demandent : {', '.join(f.items)}")
    return out


def kit_zip(page: KitPage, contents: Mapping[str, bytes], stamp: Stamp) -> bytes:
    """The kit: its files by folder (bytes taken from the site's downloads), the « LISEZMOI », the manifest of sha256."""
    entries = [(f"{f.folder}/{f.name}", contents[f.source], f) for f in page.files]
    _check_paths([path for path, _, _ in entries])
    manifest = csv_bytes([("fichier", "modèle", "standard", "version", "sha256"),
                          *((path, f.template_title + (" (exemple)" if f.example else ""), f.standard_id, f.version,
                             hashlib.sha256(data).hexdigest()) for path, data, f in entries)])
    readme = "\ufeff" + readme_text(page)  # the BOM tells Windows' Notepad the text is UTF-8
    return zip_bytes([(README_NAME, readme.encode("utf-8")), (MANIFEST_NAME, manifest),
                      *((path, data) for path, data, _ in entries)], stamp.date)
