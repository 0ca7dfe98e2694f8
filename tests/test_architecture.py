"""The package's structure as rules: layers import only layers below them, one store boundary, small modules.

docs/ARCHITECTURE.md describes the layers; these tests keep the code and that page in agreement.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "server" / "crosswalk"
LAYERS = ("content", "store", "engine", "exchange", "surfaces")  # bottom to top
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path) -> list[tuple[str, int]]:
    """Every crosswalk module a file imports, function-local imports included, with the line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names if alias.name.startswith("crosswalk")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            if not base.startswith("crosswalk"):
                continue
            exported = _exports(base)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                is_module = candidate in MODULES and alias.name not in exported
                found.append((candidate if is_module else base, node.lineno))
    return found


def _exports(module: str) -> set[str]:
    """The names a package's __init__ lists in __all__ (a name it re-exports is not an import of the submodule)."""
    path = MODULES.get(module)
    if path is None or path.name != "__init__.py":
        return set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
            return {getattr(e, "value", "") for e in getattr(node.value, "elts", [])}
    return set()


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_is_in_a_layer() -> None:
    outside = [m for m in MODULES if m != "crosswalk" and layer_of(m) is None]
    assert outside == []


def test_layers_import_only_layers_below() -> None:
    rank = {layer: position for position, layer in enumerate(LAYERS)}
    wrong = []
    for module, path in MODULES.items():
        own = layer_of(module)
        if own is None:
            continue
        for imported, line in imports_of(path):
            target = layer_of(imported)
            if target is not None and rank[target] > rank[own]:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} ({own}) imports {imported} ({target})")
    assert wrong == []


# Where one surface may enter another: the CLI starts the HTTP app; the app mounts GraphQL through its package.
SURFACE_ENTRIES = {"crosswalk.surfaces.http.app"}


def test_surfaces_use_each_other_only_through_their_package() -> None:
    """A surface may mount another through that surface's package or entry module, never its other modules."""
    wrong = []
    for module, path in MODULES.items():
        if layer_of(module) != "surfaces":
            continue
        own = module.split(".")[2] if len(module.split(".")) > 2 else None
        for imported, line in imports_of(path):
            parts = imported.split(".")
            if (
                layer_of(imported) == "surfaces"
                and len(parts) > 3
                and parts[2] != own
                and imported not in SURFACE_ENTRIES
            ):
                wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {imported}")
    assert wrong == []


def test_only_the_store_layer_opens_a_pyoxigraph_store() -> None:
    wrong = []
    for module, path in MODULES.items():
        if layer_of(module) == "store":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
                if name == "Store" and owner in ("", "pyoxigraph"):
                    wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            imports_store = isinstance(node, ast.ImportFrom) and node.module == "pyoxigraph"
            if imports_store and any(alias.name == "Store" for alias in node.names):  # type: ignore[union-attr]
                wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno} imports pyoxigraph.Store")
    assert wrong == []


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in MODULES.items():
        for imported, _ in imports_of(path):
            target = imported
            while target not in MODULES and "." in target:
                target = target.rpartition(".")[0]
            if target != module and target in MODULES:
                graph[module].add(target)
    # A package's __init__ re-exporting its own modules is not a cycle worth reporting; every other back edge is.
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt) :], nxt]
                if not all(m == nxt or nxt.startswith(m + ".") or m.startswith(nxt) for m in cycle):
                    cycles.append(cycle)
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it"


def test_architecture_page_names_every_layer() -> None:
    page = (PACKAGE.parents[1] / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for layer in LAYERS:
        assert f"`{layer}/`" in page
