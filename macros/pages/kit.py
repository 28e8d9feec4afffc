"""Page data of an edition's kit: which file goes in which folder, and what the « LISEZMOI » says about each."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from macros.catalog.catalog import Catalog
from macros.catalog.queries import phase_names, scope_of
from macros.core import links
from macros.core.text import one_line
from macros.core.vocabulary import FORMATS_BY_KIND, Scope, status_text
from macros.model import Edition, Standard, Template, tr

# Folder of the templates a project does not fill in: the PMO's own and the portfolio's.
PMO_FOLDER = ("pmo-et-portefeuille", "PMO et portefeuille")
OTHER_FOLDER = ("autres-modeles", "Autres modèles")


@dataclass(frozen=True)
class KitFile:
    """One file of the kit: where it goes, where the site keeps it, and what the « LISEZMOI » says about it."""

    folder: str
    name: str  # its versioned name, as a download is saved (« charte-de-projet-v2.0.0.docx »)
    source: str  # its path in the site, whose bytes the kit takes
    template_title: str
    standard_id: str
    standard_title: str
    version: str
    status: str
    purpose: str  # the template's description
    items: list[str]  # the checklist items that ask for it
    example: bool  # a filled-in example of the template, not the template


@dataclass(frozen=True)
class KitPage:
    edition_id: str
    date: dt.date | None
    folders: list[tuple[str, str]]  # folder name, its label, in the kit's order
    files: list[KitFile]


def _folder(cat: Catalog, standard: Standard, template: Template, folders: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The folder of the first phase where a project item asks for the template; the PMO's folder for the others."""
    users = [i for i in standard.checklist if i.template == template.id]
    project = [i for i in users if scope_of(standard, i) == Scope.PROJECT]
    if not project and (users or standard.applies_to != Scope.PROJECT):
        return PMO_FOLDER
    phases = [p for p in folders if any(i.phase == p for i in project)]
    return folders[phases[0]] if phases else OTHER_FOLDER


def _replacing_folder(cat: Catalog, edition: Edition, template: Template, folders: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """A light template that takes the place of others (« replaces ») goes where the first one it replaces goes: a léger
    project's combined charter and plan sits in the cadrage folder, beside the charter."""
    for slug, version in edition.standards.items():
        sv = cat.standards.get(slug, {}).get(version)
        if sv is None:
            continue
        for other in sv.standard.templates:
            if other.id in template.replaces:
                folder = _folder(cat, sv.standard, other, folders)
                if folder != OTHER_FOLDER:
                    return folder
    return None


def kit_page(cat: Catalog, edition: Edition) -> KitPage:
    """The kit of one edition: each template in the format a project manager fills in (Word for a document, Excel for a
    register) and its filled-in example, by phase; Markdown and CSV copies stay on each standard's page."""
    folders = {pid: (f"{n}-{pid}", name) for n, (pid, name) in enumerate(phase_names(cat).items(), start=1)}
    files: list[KitFile] = []
    for slug, version in edition.standards.items():
        sv = cat.standards.get(slug, {}).get(version)
        if sv is None:
            continue
        s = sv.standard
        current = cat.current(slug)
        with_examples = current is not None and current.standard.version == version
        for t in s.templates:
            primary = next((f for f in FORMATS_BY_KIND[t.kind] if f in t.formats), t.formats[0])
            found = _folder(cat, s, t, folders)
            folder, _ = (_replacing_folder(cat, edition, t, folders) or found) if found == OTHER_FOLDER and t.replaces else found
            names = [(links.download_name(t.id, primary), False)]
            if with_examples and (slug, t.id) in cat.examples:
                names.append((links.example_name(t.id, primary), True))
            files += [KitFile(folder=folder, name=links.saved_name(name, version), source=links.version_file(slug, version, name),
                              template_title=one_line(tr(t.title)), standard_id=s.id, standard_title=one_line(tr(s.title)),
                              version=version, status=status_text(cat.status_of(sv), s.effective_from),
                              purpose=one_line(tr(t.description)), items=[i.id for i in s.checklist if i.template == t.id],
                              example=example)
                      for name, example in names]
    used = {f.folder for f in files}
    order = [*folders.values(), PMO_FOLDER, OTHER_FOLDER]
    return KitPage(edition.id, edition.date, [f for f in order if f[0] in used],
                   sorted(files, key=lambda f: ([x[0] for x in order].index(f.folder), f.name.replace("-exemple-v", "-v"), f.example)))
