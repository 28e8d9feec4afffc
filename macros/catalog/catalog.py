"""The loaded référentiel: every file of standards/ parsed into models; the rules run afterwards (macros.checks.rules)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from macros.catalog.case import CASE_PREFIX, CaseStudy, compute_case
from macros.core.answers import kept
from macros.core.constants import (
    EDITION_PREFIX,
    EDITIONS_FILE,
    EXAMPLES_DIR,
    LIFECYCLE_FILE,
    LOCK_FILE,
    ROLE_SECTIONS,
    ROLES_DIR,
    SCHEMA_DIR,
    SEMVER,
    SLUG,
    TAILORING_FILE,
    TERMINOLOGY_FILE,
)
from macros.core.problems import HasProblems, Problem, field_path
from macros.core.text import first_difference
from macros.core.vocabulary import EditionStatus, Severity, Status
from macros.loading.git import committed_bytes
from macros.loading.markdown_source import check_body, headings, split_front_matter
from macros.loading.parse_cache import ParseCache
from macros.loading.yaml_reader import Document, decode, load_yaml_model, not_regular, os_reason, parse_yaml, present, read_data_file, validate_model
from macros.model import Edition, Editions, Example, Lifecycle, Role, RoleMeta, Standard, Tailoring, Terminology, version_key
from macros.model.case import Case


@dataclass(frozen=True)
class StandardVersion:
    """One version of one standard: the YAML model, its optional Markdown guidance, its files."""

    standard: Standard
    guidance: str | None
    guidance_line: int
    source: str
    guidance_source: str | None

    @property
    def answer_key(self) -> tuple[str, str, str]:  # names it among a catalogue's kept answers (macros.core.answers)
        return self.standard.slug, self.standard.version, self.standard.status


@dataclass
class Catalog(HasProblems):
    """Everything under standards/, loaded once; `problems` holds every error and warning found."""

    root: Path
    today: dt.date
    preview: bool = False  # the PMO's preview: the draft edition is shown as current
    lifecycle: Lifecycle | None = None
    tailoring: Tailoring | None = None
    terminology: Terminology | None = None
    examples: dict[tuple[str, str], tuple[Example, str]] = field(default_factory=dict)  # (slug, template id) -> example, file
    cases: dict[str, CaseStudy] = field(default_factory=dict)  # case id (« atlas ») -> its facts, from cas-<id>.yaml
    roles: dict[str, dict[str, Role]] = field(default_factory=dict)
    standards: dict[str, dict[str, StandardVersion]] = field(default_factory=dict)
    editions: list[Edition] = field(default_factory=list)
    organisation: str | dict[str, str] | None = None  # who publishes the référentiel (editions.yaml), a Text
    lock: dict[str, str] = field(default_factory=dict)  # project-relative path -> sha256
    lock_editions: dict[str, str] = field(default_factory=dict)  # published edition id -> sha256 of its block
    lock_present: bool = False
    files: set[str] = field(default_factory=set)  # every entry listed under standards/, as shown in messages
    # sha256 of each locked file and of each locked version's guidance, read while loading (None: absent or unreadable),
    # so that the rules never read the disk
    disk_hashes: dict[str, str | None] = field(default_factory=dict)
    # Where each locked file changed on disk departs from its published text (line, column), when git still has it.
    changed_at: dict[str, tuple[int, int]] = field(default_factory=dict)
    docs: dict[str, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # What the reader built from each unchanged file on an earlier run (None: every file is parsed).
    parse_cache: ParseCache | None = field(default=None, repr=False, compare=False)
    # The answers of the @kept queries once loaded (load_catalog seals it; nothing changes a loaded catalogue, a view of
    # at_edition is one of its own): a build asks them thousands of times, a status for each checklist line of each file.
    answers: dict[tuple[Any, ...], Any] | None = field(default=None, init=False, repr=False, compare=False)

    def seal(self) -> Catalog:
        """The catalogue is complete: its queries may keep their answers from now on."""
        self.answers = {}
        return self

    def rel(self, path: Path) -> str:
        """A path as shown in messages: relative to the project folder."""
        try:
            return path.relative_to(self.root.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def problem_at(self, file: str, loc: tuple[object, ...], message: str, severity: Severity = Severity.ERROR) -> Problem:
        """A problem at the position of a field of a loaded file (1:1 when the file was not parsed)."""
        doc = self.docs.get(file)
        line, col = doc.where(loc) if doc else (1, 1)
        return Problem(file, line, col, field_path(loc), message, severity)

    @kept
    def published_editions(self) -> list[Edition]:
        return [e for e in self.editions if e.status == EditionStatus.PUBLISHED]

    def at_edition(self, edition_id: str) -> Catalog:
        """The catalogue as it stood when a published edition was the latest: that edition current, later ones unknown.

        Lifecycle, tailoring and terminology are not versioned: they are today's.
        """
        index = next(i for i, e in enumerate(self.editions) if e.id == edition_id and e.status == EditionStatus.PUBLISHED)
        view = dataclasses.replace(self, editions=[e for e in self.editions[: index + 1] if e.status == EditionStatus.PUBLISHED],
                                   preview=False)
        return view.seal() if self.answers is not None else view

    @kept
    def draft_edition(self) -> Edition | None:
        """The edition being prepared, if any (the last draft)."""
        return next((e for e in reversed(self.editions) if e.status == EditionStatus.DRAFT), None)

    def latest_edition(self) -> Edition | None:
        """The edition the référentiel is heading for: the one in preparation, else the latest published one. The rules
        on meaning check it: older editions are history and cannot change."""
        draft = self.draft_edition()
        if draft is not None:
            return draft
        published = self.published_editions()
        return published[-1] if published else None

    def edition_versions(self, edition: Edition | None) -> list[StandardVersion]:
        """The versions of the standards an edition holds (those whose file loaded), by standard id."""
        found = [sv for slug, version in (edition.standards.items() if edition else ())
                 if (sv := self.standards.get(slug, {}).get(version)) is not None]
        return sorted(found, key=lambda sv: sv.standard.id)

    @kept
    def current_edition(self) -> Edition | None:
        """The latest published edition: what the site shows as current (the draft one in preview mode)."""
        if self.preview and (draft := self.draft_edition()) is not None:
            return draft
        published = self.published_editions()
        return published[-1] if published else None

    def shown_versions(self, slug: str) -> list[StandardVersion]:
        """Versions that get a permanent page: every published one, plus the current one in preview mode."""
        versions = self.published_versions(slug)
        current = self.current(slug)
        if current is not None and current not in versions:
            versions.append(current)
        return versions

    @kept
    def current(self, slug: str) -> StandardVersion | None:
        """The version of a standard in the current edition."""
        edition = self.current_edition()
        if edition is None or slug not in edition.standards:
            return None
        return self.standards.get(slug, {}).get(edition.standards[slug])

    def current_standards(self) -> list[StandardVersion]:
        """Current versions of every standard in the current edition, by id."""
        edition = self.current_edition()
        # The edition is looked up once, not once per standard (as `current` would): rules call this often.
        found = [sv for slug, version in (edition.standards.items() if edition else ())
                 if (sv := self.standards.get(slug, {}).get(version)) is not None]
        return sorted(found, key=lambda sv: sv.standard.id)

    @kept
    def current_role(self, role_id: str) -> Role | None:
        edition = self.current_edition()
        if edition is None or role_id not in edition.roles:
            return None
        return self.roles.get(role_id, {}).get(edition.roles[role_id])

    def current_roles(self) -> list[Role]:
        edition = self.current_edition()
        roles = [r for rid in (edition.roles if edition else {}) if (r := self.current_role(rid)) is not None]
        return sorted(roles, key=lambda r: r.meta.id)

    @property
    def as_of(self) -> dt.date:
        """The day statuses are told at: the current edition's date, so the same sources give the same pages (the build's
        day in the PMO's preview, whose edition has no date yet)."""
        edition = self.current_edition()
        return edition.date if edition is not None and edition.date is not None else self.today

    @kept
    def in_force(self, slug: str) -> StandardVersion | None:
        """The version that applies on `as_of`: the latest published one (up to the current) whose date has come."""
        current = self.current(slug)
        if current is None:
            return None
        candidates = [sv for sv in self.published_versions(slug) + [current]
                      if version_key(sv.standard.version) <= version_key(current.standard.version)
                      and sv.standard.effective_from <= self.as_of and sv.standard.status != Status.DRAFT]
        return max(candidates, key=lambda sv: version_key(sv.standard.version), default=None)

    @kept
    def status_of(self, sv: StandardVersion) -> Status:
        """The status readers see, derived from the editions and the dates: a published file never changes, its status
        does. The current version is « à venir » until its effective date; the one before stays in force until then."""
        if sv.standard.status == Status.DRAFT:
            return Status.DRAFT  # only ever shown in the PMO's preview
        current, in_force = self.current(sv.standard.slug), self.in_force(sv.standard.slug)
        if in_force is not None and in_force.standard.version == sv.standard.version:
            return Status.ACTIVE
        if current is not None and current.standard.version == sv.standard.version:
            return Status.UPCOMING
        if any(e.standards.get(sv.standard.slug) == sv.standard.version for e in self.published_editions()):
            return Status.SUPERSEDED
        return sv.standard.status

    @kept
    def published_versions(self, slug: str) -> list[StandardVersion]:
        """Every version of a standard that some published edition holds, oldest first."""
        versions = {e.standards[slug] for e in self.published_editions() if slug in e.standards}
        by_version = self.standards.get(slug, {})
        return [by_version[v] for v in sorted(versions, key=version_key) if v in by_version]


def file_sha256(path: Path) -> str | None:
    """The sha256 of a regular file's bytes, as the lock records it; None when it cannot be read as one."""
    raw, _ = read_data_file(path, path.name)
    return hashlib.sha256(raw).hexdigest() if raw is not None else None


def entries(cat: Catalog, folder: Path) -> list[Path]:
    """The entries of a folder, sorted; a symbolic link is reported once (never followed) and left out."""
    found = []
    try:
        listing = sorted(folder.iterdir())
    except OSError as exc:
        cat.problems.append(Problem(cat.rel(folder), 1, 1, "", f"dossier illisible ({os_reason(exc)})"))
        return []
    for path in listing:
        if path.is_symlink():
            cat.problems.append(Problem(cat.rel(path), 1, 1, "", not_regular("lien symbolique")))
        else:
            cat.files.add(cat.rel(path))
            found.append(path)
    return found


def _load_lifecycle(cat: Catalog) -> None:
    path = cat.root / LIFECYCLE_FILE
    if path.is_symlink():
        return  # reported once, by the listing of standards/ (entries)
    if not present(path):
        cat.problems.append(Problem(cat.rel(path), 1, 1, "", "fichier obligatoire absent"))
        return
    cat.lifecycle, doc, problems = load_yaml_model(path, Lifecycle, cat.rel(path), cat.parse_cache)
    cat.problems += problems
    if doc:
        cat.docs[cat.rel(path)] = doc


def _load_terminology(cat: Catalog) -> None:
    """standards/terminology.yaml is optional: without it there is no generated glossary."""
    path = cat.root / TERMINOLOGY_FILE
    if path.is_symlink():
        return  # reported once, by the listing of standards/ (entries)
    if not present(path):
        return
    cat.terminology, doc, problems = load_yaml_model(path, Terminology, cat.rel(path), cat.parse_cache)
    cat.problems += problems
    if doc:
        cat.docs[cat.rel(path)] = doc


def _load_cases(cat: Catalog) -> None:
    """The case studies, standards/cas-<id>.yaml: the facts that guidance, examples, tutorials and quizzes cite."""
    for path in sorted(cat.root.glob(f"{CASE_PREFIX}*.yaml")):
        display = cat.rel(path)
        if path.is_symlink():
            continue  # reported once, by the listing of standards/ (entries)
        case_id = path.stem.removeprefix(CASE_PREFIX)
        if not SLUG.match(case_id):
            cat.problems.append(Problem(display, 1, 1, "", "nom de fichier invalide : un cas s'écrit cas-<identifiant>.yaml, "
                                        "en minuscules, chiffres et tirets"))
            continue
        case, doc, problems = load_yaml_model(path, Case, display, cat.parse_cache)
        cat.problems += problems
        if doc:
            cat.docs[display] = doc
        if case is not None:
            cat.cases[case_id], more = compute_case(case_id, display, case, doc)
            cat.problems += more


def _load_examples(cat: Catalog, folder: Path) -> None:
    """The filled-in examples of a standard's templates, one file per template."""
    for path in entries(cat, folder):
        display = cat.rel(path)
        if path.suffix != ".yaml" or not SLUG.match(path.stem):
            cat.problems.append(Problem(display, 1, 1, "", "fichier inattendu : un exemple s'écrit exemples/<modèle>.yaml"))
            continue
        example, doc, problems = load_yaml_model(path, Example, display, cat.parse_cache)
        cat.problems += problems
        if doc:
            cat.docs[display] = doc
        if example is not None:
            cat.examples[(folder.parent.name, path.stem)] = (example, display)


def _load_tailoring(cat: Catalog) -> None:
    """standards/tailoring.yaml is optional: without it every project is of one category."""
    path = cat.root / TAILORING_FILE
    if path.is_symlink():
        return  # reported once, by the listing of standards/ (entries)
    if not present(path):
        return
    cat.tailoring, doc, problems = load_yaml_model(path, Tailoring, cat.rel(path), cat.parse_cache)
    cat.problems += problems
    if doc:
        cat.docs[cat.rel(path)] = doc


def _load_markdown_front(path: Path, display: str, cache: ParseCache | None = None) -> tuple[str | None, Document | None, list[Problem], int, str]:
    """Read a Markdown file: (body, front-matter document, problems, body line, raw text)."""
    raw, problems = read_data_file(path, display)
    if raw is None:
        return None, None, problems, 1, ""
    text, problems = decode(raw, display)
    if text is None:
        return None, None, problems, 1, ""
    source = split_front_matter(text)
    doc = None
    if source.front_matter is not None:
        doc, more = parse_yaml(source.front_matter, display, line_offset=source.front_matter_line - 1, cache=cache)
        problems += more
    return source.body, doc, problems, source.body_line, text


def _load_roles(cat: Catalog) -> None:
    base = cat.root / ROLES_DIR
    folders = [f for f in entries(cat, base) if f.is_dir()] if present(base) else []
    for path in [p for folder in folders for p in entries(cat, folder)]:
        display = cat.rel(path)
        if path.suffix != ".md" or not SEMVER.match(path.stem):
            cat.problems.append(Problem(display, 1, 1, "", "fichier inattendu : une définition de rôle s'écrit roles/<id>/<version>.md"))
            continue
        body, doc, problems, body_line, _ = _load_markdown_front(path, display, cat.parse_cache)
        cat.problems += problems
        if body is None:
            continue
        if doc is None:
            if not problems:
                cat.problems.append(Problem(display, 1, 1, "", "en-tête YAML (entre deux lignes « --- ») manquant"))
            continue
        cat.docs[display] = doc
        if not isinstance(doc.data, dict):
            cat.problems.append(Problem(display, 2, 1, "", "l'en-tête doit contenir des champs clé: valeur"))
            continue
        meta, more = validate_model(RoleMeta, doc)
        cat.problems += more
        cat.problems += check_body(body, body_line, display)
        found = [h.text for h in headings(body, body_line) if h.level == 2]
        if found[: len(ROLE_SECTIONS)] != list(ROLE_SECTIONS):
            cat.problems.append(Problem(display, body_line, 1, "corps",
                                        "le corps doit commencer par les sections « ## " + " », « ## ".join(ROLE_SECTIONS) + " », dans cet ordre"))
        if meta is None:
            continue
        if meta.id != path.parent.name:
            line, col = doc.where(("id",))
            cat.problems.append(Problem(display, line, col, "id", f"l'identifiant « {meta.id} » ne correspond pas au dossier « {path.parent.name} »"))
        if meta.version != path.stem:
            line, col = doc.where(("version",))
            cat.problems.append(Problem(display, line, col, "version", f"la version « {meta.version} » ne correspond pas au nom du fichier « {path.name} »"))
        cat.roles.setdefault(path.parent.name, {})[path.stem] = Role(meta=meta, body=body, source=display, body_line=body_line)


def _load_standards(cat: Catalog) -> None:
    for folder in [p for p in entries(cat, cat.root) if p.is_dir() and p.name not in (ROLES_DIR, SCHEMA_DIR)]:
        if not SLUG.match(folder.name):
            cat.problems.append(Problem(cat.rel(folder), 1, 1, "", "nom de dossier invalide : minuscules, chiffres et tirets"))
            continue
        for path in entries(cat, folder):
            display = cat.rel(path)
            if path.name == EXAMPLES_DIR and path.is_dir():
                _load_examples(cat, path)
                continue
            if path.suffix not in (".yaml", ".md") or not SEMVER.match(path.stem):
                cat.problems.append(Problem(display, 1, 1, "", "fichier inattendu : une version s'écrit <version>.yaml (et <version>.md pour son texte)"))
                continue
            if path.suffix == ".md":
                if not present(path.with_suffix(".yaml")):
                    cat.problems.append(Problem(display, 1, 1, "", f"texte sans version : {path.with_suffix('.yaml').name} est absent"))
                continue
            standard, doc, problems = load_yaml_model(path, Standard, display, cat.parse_cache)
            cat.problems += problems
            if doc:
                cat.docs[display] = doc
            if standard is None:
                continue
            guidance, guidance_line, guidance_source = None, 1, None
            md_path = path.with_suffix(".md")
            if present(md_path) and not md_path.is_symlink():
                guidance_source = cat.rel(md_path)
                body, front, more, guidance_line, _ = _load_markdown_front(md_path, guidance_source)
                cat.problems += more
                if front is not None:
                    cat.problems.append(Problem(guidance_source, 1, 1, "", "en-tête « --- » interdit : les champs de la version sont dans le fichier .yaml"))
                elif body is not None:
                    cat.problems += check_body(body, guidance_line, guidance_source)
                    guidance = body
            cat.standards.setdefault(folder.name, {})[path.stem] = StandardVersion(
                standard, guidance, guidance_line, display, guidance_source)


def _load_editions(cat: Catalog) -> None:
    path = cat.root / EDITIONS_FILE
    if path.is_symlink():
        return  # reported once, by the listing of standards/ (entries)
    if not present(path):
        cat.problems.append(Problem(cat.rel(path), 1, 1, "", "fichier obligatoire absent"))
        return
    editions, doc, problems = load_yaml_model(path, Editions, cat.rel(path), cat.parse_cache)
    cat.problems += problems
    if doc:
        cat.docs[cat.rel(path)] = doc
    if editions:
        cat.editions = list(editions.editions)
        cat.organisation = editions.organisation


def _load_lock(cat: Catalog) -> None:
    path = cat.root / LOCK_FILE
    if path.is_symlink():
        return  # reported once, by the listing of standards/ (entries)
    if not present(path):
        return
    display = cat.rel(path)
    raw, problems = read_data_file(path, display)
    text, more = decode(raw, display) if raw is not None else (None, [])
    cat.problems += problems + more
    cat.lock_present = text is not None
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or not re.fullmatch(r"[0-9a-f]{64}", parts[0]):
            cat.problems.append(Problem(display, number, 1, "", "ligne invalide : « <sha256>  <chemin> » attendu"))
            continue
        if parts[1].startswith(EDITION_PREFIX):
            cat.lock_editions[parts[1].removeprefix(EDITION_PREFIX)] = parts[0]
            continue
        rel = PurePosixPath(parts[1])
        # Only files under standards/ are locked: a path that leaves it is never opened.
        if rel.is_absolute() or ".." in rel.parts or rel.parts[:1] != (cat.root.name,) or len(rel.parts) < 3:
            cat.problems.append(Problem(display, number, parts[0].__len__() + 3, "", f"chemin « {parts[1]} » hors de {cat.root.name}/ : refusé"))
            continue
        cat.lock[parts[1]] = parts[0]
    _hash_locked_files(cat)


def _hash_locked_files(cat: Catalog) -> None:
    """The sha256 of every locked file, and of the guidance beside each locked version (present or not)."""
    base = cat.root.parent
    for rel in cat.lock:
        path = base / rel
        # A file the loader read has its bytes' hash already: it is not read a second time.
        doc = cat.docs.get(rel)
        cat.disk_hashes[rel] = doc.sha256 if doc is not None and doc.sha256 else file_sha256(path) if present(path) else None
        if cat.disk_hashes[rel] not in (None, cat.lock[rel]) and (original := committed_bytes(base, rel, cat.lock[rel])) is not None:
            raw, _ = read_data_file(path, rel)
            current = raw.decode("utf-8", "replace") if raw is not None else ""
            cat.changed_at[rel] = first_difference(original.decode("utf-8", "replace"), current)
        guidance = path.with_suffix(".md")
        if rel.endswith(".yaml") and (md := guidance.relative_to(base).as_posix()) not in cat.lock:
            cat.disk_hashes[md] = file_sha256(guidance) if present(guidance) else None


def load_catalog(root: Path, *, today: dt.date, preview: bool = False, cache: ParseCache | None = None) -> Catalog:
    """Read every file under root (the standards/ folder) into models; never raises for bad data.

    Only what a single file can tell is checked here; the rules between files run afterwards (macros.checks.rules).
    """
    cat = Catalog(root=root.resolve(), today=today, preview=preview, parse_cache=cache)
    if root.is_symlink():
        cat.problems.append(Problem(root.name, 1, 1, "", not_regular("lien symbolique").replace("le fichier", "le dossier")))
        return cat
    if not cat.root.is_dir():
        cat.problems.append(Problem(cat.rel(cat.root), 1, 1, "", f"dossier des standards introuvable ({cat.root}) : lancez la "
                                    "commande depuis le dossier du projet, ou indiquez-le avec --project"))
        return cat
    _load_lifecycle(cat)
    _load_tailoring(cat)
    _load_terminology(cat)
    _load_roles(cat)
    _load_cases(cat)
    _load_standards(cat)
    _load_editions(cat)
    _load_lock(cat)
    return cat.seal()
