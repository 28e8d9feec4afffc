"""The one way in: a project folder and `load()`, which reads and checks everything it holds."""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from macros.catalog.catalog import Catalog, load_catalog
from macros.checks.registry import catalog_problems, project_problems, text_problems
from macros.core.constants import CACHE_DIR, DOCS_DIR, JOURNAL_FILE, QUIZZES_DIR, STANDARDS_DIR
from macros.core.problems import HasProblems, Problem
from macros.core.vocabulary import Severity
from macros.loading.journal import pending
from macros.loading.parse_cache import ParseCache
from macros.loading.texts import read_texts
from macros.quiz.quizzes import QuizSet, load_quizzes


@dataclass(frozen=True)
class Project:
    """A project folder: mkdocs.yml, standards/, quizzes/, docs/, includes/."""

    root: Path

    @classmethod
    def at(cls, folder: Path | str) -> Project:
        return cls(Path(folder).resolve())

    @property
    def standards(self) -> Path:
        return self.root / STANDARDS_DIR

    @property
    def quizzes(self) -> Path:
        return self.root / QUIZZES_DIR

    @property
    def docs(self) -> Path:
        return self.root / DOCS_DIR

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def cache(self) -> Path:
        return self.root / CACHE_DIR


@dataclass
class Loaded(HasProblems):
    """Everything a project holds, loaded and checked: the catalogue, the quizzes, and every problem found."""

    project: Project
    catalog: Catalog
    quizzes: QuizSet | None
    problems: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How much was checked, for the CLI's summary line."""
        cat = self.catalog
        quizzes = list(self.quizzes.quizzes.values()) if self.quizzes is not None else []
        return {
            "standards": len(cat.standards),
            "versions": sum(len(v) for v in cat.standards.values()),
            "roles": len(cat.roles),
            "editions": len(cat.editions),
            "checklist_items": sum(len(sv.standard.checklist) for sv in cat.current_standards()),
            "quizzes": len(quizzes),
            "questions": sum(len(q.questions) for q in quizzes),
        }


@contextlib.contextmanager
def _collector_paused(settled: bool) -> Iterator[None]:
    """Loading builds hundreds of thousands of small objects that hold no cycle (parsed data, models): Python's cycle
    collector would walk the growing heap again and again, half the time of a large validation. Reference counting
    frees them; the collector runs again afterwards, as it was.

    `settled`: the process ends with the command (the CLI). Everything made so far is then left out of the collector's
    later scans (gc.freeze), which would otherwise walk the whole loaded project once more, and at exit, to find no
    cycle (a load makes none: tests/code/test_load.py). Not in a build or a preview, whose earlier pages may be cycles
    waiting for the collector, that a freeze would keep."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if settled:
            gc.freeze()
        if enabled:
            gc.enable()


def load(project: Project, *, preview: bool, today: dt.date, cached: bool = False, update_cache: bool = False,
         settled: bool = False) -> Loaded:
    """Read and check the whole project; never raises for bad data (every problem is in `problems`).

    `preview` shows the edition being prepared as current (the PMO's own machine); `today` dates the checks
    that depend on the day (overdue reviews). Both are explicit so that nothing below reads the environment.
    `cached` reads what the YAML reader built from each file in the project's cache folder, so that a file unchanged
    since it was written there is not parsed again (the problems are the same); `update_cache` also writes the files
    read anew: only `pmo validate` and the build do, so that a refused command leaves the project as it was.
    `settled`: the loaded project lives until the process ends (see _collector_paused).
    """
    with _collector_paused(settled):
        return _load(project, preview=preview, today=today, cached=cached, update_cache=update_cache)


def _load(project: Project, *, preview: bool, today: dt.date, cached: bool, update_cache: bool) -> Loaded:
    cache = ParseCache(project.cache / "lecture", writable=update_cache) if cached else None
    try:
        return _checked(project, load_catalog(project.standards, today=today, preview=preview, cache=cache))
    finally:
        if cache is not None:
            cache.close()


def _checked(project: Project, cat: Catalog) -> Loaded:
    """The rules on a loaded catalogue, then the quizzes and the texts when the standards are valid."""
    interrupted = pending(project.root)
    if interrupted is not None:
        cat.problems.append(Problem(JOURNAL_FILE, 1, 1, "", f"la commande « {interrupted} » a été interrompue : des fichiers "
                                    "sont peut-être à moitié publiés ; terminez-la avec « pmo publish --reprendre »"))
    reported = {(p.file, p.line, p.column) for p in cat.problems if p.severity == Severity.ERROR}
    # A rule problem where the loader already reported an error would only repeat it in other words.
    cat.problems += [p for p in catalog_problems(cat) if (p.file, p.line, p.column) not in reported]
    problems = list(cat.problems)
    texts = read_texts(project.root, [(project.standards, "**/*.yaml"), (project.standards, "**/*.md"), (project.quizzes, "*.yaml"),
                                      (project.docs, "**/*.md")],
                       known={file: doc.text for file, doc in cat.docs.items() if doc.text is not None})
    if cat.errors:
        # Quizzes are checked against the standards: with a standard unreadable, every question covering it
        # would be reported as broken, burying the real cause. Check them once the standards are valid.
        if project.quizzes.is_dir():
            problems.append(Problem(QUIZZES_DIR, 1, 1, "", "quiz non vérifiés tant que les standards contiennent des erreurs",
                                    Severity.WARNING))
        return Loaded(project, cat, None, problems + text_problems(cat, texts))
    quizset = load_quizzes(project.root, cat)
    return Loaded(project, cat, quizset, problems + quizset.problems + project_problems(cat, quizset, texts))


def _fingerprint(project: Project) -> tuple[tuple[str, int, int], ...]:
    found = []
    for folder in (project.standards, project.quizzes, project.docs):
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    stat = path.stat()
                    found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


@dataclass
class _LastLoad:
    """The last project loaded, kept while no file of it changes: one build asks more than once; `mkdocs serve` rebuilds."""

    key: tuple[Path, bool, dt.date, tuple[tuple[str, int, int], ...]] | None = None
    loaded: Loaded | None = None

    def get(self, project: Project, *, preview: bool, today: dt.date) -> Loaded:
        key = (project.root, preview, today, _fingerprint(project))
        if self.loaded is None or key != self.key:
            self.key, self.loaded = key, load(project, preview=preview, today=today, cached=True, update_cache=True)
        return self.loaded


_LAST = _LastLoad()


def load_cached(project: Project, *, preview: bool, today: dt.date) -> Loaded:
    """`load`, reused while no file of the project changed."""
    return _LAST.get(project, preview=preview, today=today)
