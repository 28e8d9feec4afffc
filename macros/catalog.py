"""The loaded référentiel: every file of standards/ parsed into models; the rules run afterwards (macros.rules)."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from macros.constants import EDITIONS_FILE, LIFECYCLE_FILE, LOCK_FILE, ROLE_SECTIONS, ROLES_DIR, SCHEMA_DIR, SEMVER, SLUG
from macros.load import Document, decode, load_yaml_model, parse_yaml, validate_model
from macros.markdown_source import check_body, headings, split_front_matter
from macros.model import Edition, Editions, Lifecycle, Role, RoleMeta, Standard, version_key
from macros.problems import HasProblems, Problem
from macros.vocabulary import EditionStatus, Status


@dataclass(frozen=True)
class StandardVersion:
    """One version of one standard: the YAML model, its optional Markdown guidance, its files."""

    standard: Standard
    guidance: str | None
    guidance_line: int
    source: str
    guidance_source: str | None


@dataclass
class Catalog(HasProblems):
    """Everything under standards/, loaded once; `problems` holds every error and warning found."""

    root: Path
    today: dt.date
    preview: bool = False  # the PMO's preview: the draft edition is shown as current
    lifecycle: Lifecycle | None = None
    roles: dict[str, dict[str, Role]] = field(default_factory=dict)
    standards: dict[str, dict[str, StandardVersion]] = field(default_factory=dict)
    editions: list[Edition] = field(default_factory=list)
    lock: dict[str, str] = field(default_factory=dict)
    docs: dict[str, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def rel(self, path: Path) -> str:
        """A path as shown in messages: relative to the project folder."""
        try:
            return path.relative_to(self.root.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def published_editions(self) -> list[Edition]:
        return [e for e in self.editions if e.status == EditionStatus.PUBLISHED]

    def draft_edition(self) -> Edition | None:
        """The edition being prepared, if any (the last draft)."""
        drafts = [e for e in self.editions if e.status == EditionStatus.DRAFT]
        return drafts[-1] if drafts else None

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

    def current(self, slug: str) -> StandardVersion | None:
        """The version of a standard in the current edition."""
        edition = self.current_edition()
        if edition is None or slug not in edition.standards:
            return None
        return self.standards.get(slug, {}).get(edition.standards[slug])

    def current_standards(self) -> list[StandardVersion]:
        """Current versions of every standard in the current edition, by id."""
        edition = self.current_edition()
        found = [sv for slug in (edition.standards if edition else {}) if (sv := self.current(slug)) is not None]
        return sorted(found, key=lambda sv: sv.standard.id)

    def current_role(self, role_id: str) -> Role | None:
        edition = self.current_edition()
        if edition is None or role_id not in edition.roles:
            return None
        return self.roles.get(role_id, {}).get(edition.roles[role_id])

    def current_roles(self) -> list[Role]:
        edition = self.current_edition()
        roles = [r for rid in (edition.roles if edition else {}) if (r := self.current_role(rid)) is not None]
        return sorted(roles, key=lambda r: r.meta.id)

    def status_of(self, sv: StandardVersion) -> Status:
        """The status readers see, derived from the editions: a published file never changes, its status does."""
        if sv.standard.status == Status.DRAFT:
            return Status.DRAFT  # only ever shown in the PMO's preview
        current = self.current(sv.standard.slug)
        if current is not None and current.standard.version == sv.standard.version:
            return Status.ACTIVE
        if any(e.standards.get(sv.standard.slug) == sv.standard.version for e in self.published_editions()):
            return Status.SUPERSEDED
        return sv.standard.status

    def published_versions(self, slug: str) -> list[StandardVersion]:
        """Every version of a standard that some published edition holds, oldest first."""
        versions = {e.standards[slug] for e in self.published_editions() if slug in e.standards}
        by_version = self.standards.get(slug, {})
        return [by_version[v] for v in sorted(versions, key=version_key) if v in by_version]


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, as the lock records it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_lifecycle(cat: Catalog) -> None:
    path = cat.root / LIFECYCLE_FILE
    if not path.exists():
        cat.problems.append(Problem(cat.rel(path), 1, 1, "", "fichier obligatoire absent"))
        return
    cat.lifecycle, doc, problems = load_yaml_model(path, Lifecycle, cat.rel(path))
    cat.problems += problems
    if doc:
        cat.docs[cat.rel(path)] = doc


def _load_markdown_front(path: Path, display: str) -> tuple[str | None, Document | None, list[Problem], int, str]:
    """Read a Markdown file: (body, front-matter document, problems, body line, raw text)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, None, [Problem(display, 1, 1, "", f"lecture impossible ({exc.strerror})")], 1, ""
    text, problems = decode(raw, display)
    if text is None:
        return None, None, problems, 1, ""
    source = split_front_matter(text)
    doc = None
    if source.front_matter is not None:
        doc, more = parse_yaml(source.front_matter, display, line_offset=source.front_matter_line - 1)
        problems += more
    return source.body, doc, problems, source.body_line, text


def _load_roles(cat: Catalog) -> None:
    base = cat.root / ROLES_DIR
    for path in sorted(base.glob("*/*")) if base.exists() else []:
        display = cat.rel(path)
        if path.suffix != ".md" or not SEMVER.match(path.stem):
            cat.problems.append(Problem(display, 1, 1, "", "fichier inattendu : une définition de rôle s'écrit roles/<id>/<version>.md"))
            continue
        body, doc, problems, body_line, _ = _load_markdown_front(path, display)
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
    for folder in sorted(p for p in cat.root.iterdir() if p.is_dir() and p.name not in (ROLES_DIR, SCHEMA_DIR)):
        if not SLUG.match(folder.name):
            cat.problems.append(Problem(cat.rel(folder), 1, 1, "", "nom de dossier invalide : minuscules, chiffres et tirets"))
            continue
        for path in sorted(folder.iterdir()):
            display = cat.rel(path)
            if path.suffix not in (".yaml", ".md") or not SEMVER.match(path.stem):
                cat.problems.append(Problem(display, 1, 1, "", "fichier inattendu : une version s'écrit <version>.yaml (et <version>.md pour son texte)"))
                continue
            if path.suffix == ".md":
                if not path.with_suffix(".yaml").exists():
                    cat.problems.append(Problem(display, 1, 1, "", f"texte sans version : {path.with_suffix('.yaml').name} est absent"))
                continue
            standard, doc, problems = load_yaml_model(path, Standard, display)
            cat.problems += problems
            if doc:
                cat.docs[display] = doc
            if standard is None:
                continue
            guidance, guidance_line, guidance_source = None, 1, None
            md_path = path.with_suffix(".md")
            if md_path.exists():
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
    if not path.exists():
        cat.problems.append(Problem(cat.rel(path), 1, 1, "", "fichier obligatoire absent"))
        return
    editions, doc, problems = load_yaml_model(path, Editions, cat.rel(path))
    cat.problems += problems
    if doc:
        cat.docs[cat.rel(path)] = doc
    if editions:
        cat.editions = list(editions.editions)


def _load_lock(cat: Catalog) -> None:
    path = cat.root / LOCK_FILE
    if not path.exists():
        return
    display = cat.rel(path)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 64:
            cat.problems.append(Problem(display, number, 1, "", "ligne invalide : « <sha256>  <chemin> » attendu"))
            continue
        cat.lock[parts[1]] = parts[0]


def load_catalog(root: Path, *, today: dt.date, preview: bool = False) -> Catalog:
    """Read every file under root (the standards/ folder) into models; never raises for bad data.

    Only what a single file can tell is checked here; the rules between files run afterwards (macros.rules).
    """
    cat = Catalog(root=root.resolve(), today=today, preview=preview)
    if not cat.root.is_dir():
        cat.problems.append(Problem(cat.rel(cat.root), 1, 1, "", f"dossier des standards introuvable ({cat.root}) : lancez la "
                                    "commande depuis le dossier du projet, ou indiquez-le avec --project"))
        return cat
    _load_lifecycle(cat)
    _load_roles(cat)
    _load_standards(cat)
    _load_editions(cat)
    _load_lock(cat)
    return cat
