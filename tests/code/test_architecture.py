"""The shape of macros/: layers that only import downwards, no cycle, imports at the top, environment read at the edges."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support import PROJECT

PACKAGE = PROJECT / "macros"

# From the ground up: the folders of macros/ are its layers; a module may import only from its own layer or the
# layers before it. The README's architecture table names exactly these folders (test below).
LAYERS: list[set[str]] = [
    {"core"},
    {"loading"},
    {"model"},
    {"catalog"},
    {"diff"},
    {"quiz"},
    {"checks"},
    {"project"},
    {"pages"},
    {"render"},
    {"site"},
    {"commands"},
    {"adapters", "__init__"},
]
# Only these files read the environment (os.environ): the edges.
EDGES = {"adapters/settings.py", "adapters/cli.py"}
# The top of macros/ holds the entry points only; everything else lives in its layer's folder.
MAX_TOP_MODULES = 8


def _unit(path: Path) -> str:
    """The layer unit of a module: its folder, or its name for the few modules at the top."""
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


def _module_graph() -> dict[str, set[str]]:
    """Module -> the macros modules it imports (by dotted name): cycles inside a layer break imports too."""
    modules = {".".join(p.relative_to(PROJECT).with_suffix("").parts).removesuffix(".__init__"): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = set()
        for node in tree.body:  # top-level imports only: a deferred import cannot make a cycle at import time
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("macros"):
                targets |= {t for t in (f"{node.module}.{a.name}" for a in node.names) if t in modules} or {node.module}
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def test_no_module_import_cycle() -> None:
    graph = _module_graph()
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_imports_are_at_the_top() -> None:
    # The one exception: the mkdocs-macros entry point defers the macros' edge (see macros/__init__.py).
    inside = [f"{path.relative_to(PROJECT)}:{line}" for path in PACKAGE.rglob("*.py") for _, line, top in _imports(path)
              if not top and path.name != "__init__.py"]
    assert inside == []


def test_renderers_never_see_the_catalogue() -> None:
    for path in (PACKAGE / "render").rglob("*.py"):
        names = {name for name, _, _ in _imports(path)}
        assert names.isdisjoint({"catalog", "quiz", "checks", "project"}), path.name


def test_environment_is_read_only_at_the_edges() -> None:
    readers = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if "os.environ" in p.read_text(encoding="utf-8"))
    assert set(readers) <= EDGES, readers


def test_few_modules_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


# The site's own scripts; vendored libraries (docs/assets/vendor) are not ours to split.
SCRIPTS = PROJECT / "docs" / "assets" / "javascripts"


def test_no_file_past_its_size() -> None:
    """A module past 500 lines, or a script past 600, has several reasons to change: split it along them."""
    files = [(p, 500) for p in PACKAGE.rglob("*.py")] + [(p, 600) for p in SCRIPTS.rglob("*.js")]
    assert any(p.name == "dossier.js" for p, _ in files)  # the scripts are really looked at
    too_long = [f"{p.relative_to(PROJECT)}: {n} lignes" for p, limit in files
                if (n := len(p.read_text(encoding="utf-8").splitlines())) > limit]
    assert too_long == []


def test_readme_names_the_layers() -> None:
    """The README's architecture table names exactly the folders of macros/, in the order of LAYERS."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| Couche | Dossier | Rôle |"):].split("\n\n", 1)[0]
    named = re.findall(r"^\| [^|]+ \| `macros/([\w.]+?)/?` \|", table, flags=re.M)
    folders = [unit for layer in LAYERS for unit in sorted(layer) if unit != "__init__"]
    assert [n.removesuffix(".py") for n in named] == folders
    on_disk = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert on_disk == {f for f in folders if f != "project"}
