"""The layers of the tree hold: a module imports only its own layer or the layers below it, and no cycles.

Layers, lowest first (docs/architecture.md): kept < model < text < backends < kinds < core < io < faces, so
``kept`` imports nothing from the package but itself and ``linter.version``; faces may import the core, never
the reverse. Imports under ``if TYPE_CHECKING:``
are annotations, not dependencies, and are left out.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "linter"
LAYERS = ("kept", "model", "text", "backends", "kinds", "core", "io", "faces")
# The package root (the public API) and `python -m linter` sit above every layer; version.py below them.
TOP, BOTTOM = {"linter", "linter.__main__"}, {"linter.version"}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports at run time (anywhere in it, functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    annotations = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node.test)
                   for child in node.body for n in ast.walk(child)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in annotations:
            continue
        if isinstance(node, ast.Import):
            found.update(_known(alias.name, modules) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                found.add(_known(f"{node.module}.{alias.name}", modules) or _known(node.module, modules))
    found.discard("")
    found.discard(name)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _known(name: str, modules: set[str]) -> str:
    """The longest prefix of ``name`` that is one of the package's modules ("" if none)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name


def layer_of(module: str) -> int:
    if module in BOTTOM:
        return -1
    if module in TOP:
        return len(LAYERS)
    return LAYERS.index(module.split(".")[1])


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    files = {module_name(p, package): p for p in package.rglob("*.py")}
    modules = set(files)
    return {name: imports_of(path, name, modules) for name, path in files.items()}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{a} ({LAYERS[layer_of(a)] if 0 <= layer_of(a) < len(LAYERS) else a}) imports {b}"
                  for a, targets in graph.items() for b in targets
                  if layer_of(b) > layer_of(a))


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_every_module_sits_in_a_layer():
    assert all(m in TOP | BOTTOM or m.split(".")[1] in LAYERS for m in import_graph()), sorted(import_graph())


def test_no_module_imports_a_layer_above_its_own():
    assert upward_imports(import_graph()) == []


def test_no_import_cycles():
    assert cycles(import_graph()) == []


@pytest.mark.parametrize(("module", "source", "expected"), [
    ("core/engine.py", "from linter.faces import cli\n", "linter.core.engine (core) imports linter.faces.cli"),
    ("core/engine.py", "def f():\n    from linter.faces.lsp import main\n",
     "linter.core.engine (core) imports linter.faces.lsp"),
    ("kept/regexes.py", "from linter.model import rules\n", "linter.kept.regexes (kept) imports linter.model.rules"),
])
def test_the_test_fails_when_a_layer_imports_upward(tmp_path: Path, module: str, source: str, expected: str):
    """A copy of the package where one core module imports a face (at module level, or inside a function)."""
    copy = tmp_path / "linter"
    for path in PACKAGE.rglob("*.py"):
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (copy / module).write_text((copy / module).read_text(encoding="utf-8") + source, encoding="utf-8")
    assert expected in upward_imports(import_graph(copy))


def test_the_test_finds_a_cycle():
    graph = {"linter.core.a": {"linter.core.b"}, "linter.core.b": {"linter.core.c"}, "linter.core.c": {"linter.core.a"},
             "linter.core.d": {"linter.core.a"}}
    assert cycles(graph) == [["linter.core.a", "linter.core.b", "linter.core.c"]]


def test_the_architecture_doc_names_every_module_under_its_layer():
    """docs/architecture.md has a section per layer ("### `kinds/`") that names each of its modules (a folder of
    modules, such as `faces/formats/`, may be named as the folder; a package that holds only its docstring need
    not be named): a module added without a line there fails."""
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### `(\w+)/`[^\n]*\n(.*?)(?=^#)", doc, re.M | re.S))
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) == 1:
            continue  # version.py, __init__.py, __main__.py: named in the layer table
        if parts[-1] == "__init__.py" and len(ast.parse(path.read_text(encoding="utf-8")).body) <= 1:
            continue  # a package's docstring only
        layer, inner = parts[0], "/".join(parts[1:])
        section = sections.get(layer, "")
        folder = inner.partition("/")[0]
        if f"{inner}`" not in section and f"`{folder}/`" not in section:
            missing.append(f"{layer}/{inner}")
    assert sorted(sections) == sorted(LAYERS), sorted(sections)
    assert not missing, f"modules with no line in docs/architecture.md: {missing}"
