"""The shape of macros/: layers that only import downwards, no cycle, imports at the top, environment read at the edges."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.support import PROJECT

PACKAGE = PROJECT / "macros"

# From the ground up: a module may import only from its own layer or the layers before it.
LAYERS: list[set[str]] = [
    {"constants", "vocabulary", "problems", "dates", "text", "links", "fsutil", "wording"},
    {"messages_fr", "load", "markdown_source", "journal"},
    {"model"},
    {"catalog"},
    {"rules", "queries", "lock"},
    {"quizzes", "diff", "consistency", "quiz_checks", "terms"},
    {"project"},
    {"pages"},
    {"render"},
    {"download_cache", "site"},
    {"yaml_edit", "workflow", "build", "schema"},
    {"settings", "cli", "hooks", "page_macros", "__init__"},
]
# Only these read the environment (os.environ): the edges.
EDGES = {"settings", "cli"}


def _unit(path: Path) -> str:
    """The layer unit of a module: its name, or its sub-package (model, render)."""
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported macros unit, line, at top level) for each import of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "macros":
            parts = node.module.split(".")
            names = [parts[1]] if len(parts) > 1 else [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name.split(".")[1] for a in node.names if a.name.startswith("macros.")]
        for name in names:
            found.append((name, node.lineno, id(node) in top))
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        unit = _unit(path)
        graph.setdefault(unit, set()).update(name for name, _, _ in _imports(path) if name != unit)
    return graph


def _layer(unit: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if unit in layer)


def test_every_module_has_a_layer() -> None:
    units = {_unit(p) for p in PACKAGE.rglob("*.py")}
    placed = set().union(*LAYERS)
    assert units - placed == set(), "modules sans couche : ajoutez-les à LAYERS"
    assert placed - units == set(), "couches qui nomment un module absent"


def test_no_import_goes_up_a_layer() -> None:
    upward = [f"{unit} → {target}" for unit, targets in _graph().items() for target in targets if _layer(target) > _layer(unit)]
    assert upward == []


def test_no_import_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(unit: str, path: list[str]) -> None:
        state[unit] = 1
        for target in sorted(graph.get(unit, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[unit] = 2

    for unit in sorted(graph):
        if unit not in state:
            visit(unit, [unit])
    assert cycles == []


def test_imports_are_at_the_top() -> None:
    # The one exception: the mkdocs-macros entry point defers the macros' edge (see macros/__init__.py).
    inside = [f"{path.relative_to(PROJECT)}:{line}" for path in PACKAGE.rglob("*.py") for _, line, top in _imports(path)
              if not top and path.name != "__init__.py"]
    assert inside == []


def test_renderers_never_see_the_catalogue() -> None:
    for path in (PACKAGE / "render").glob("*.py"):
        names = {name for name, _, _ in _imports(path)}
        assert names.isdisjoint({"catalog", "queries", "project", "rules", "quizzes"}), path.name


def test_environment_is_read_only_at_the_edges() -> None:
    readers = sorted(_unit(p) for p in PACKAGE.rglob("*.py") if "os.environ" in p.read_text(encoding="utf-8"))
    assert set(readers) <= EDGES, readers
