"""The house rules, read from the code itself: which layer may import which, only ui/ imports Qt,
nothing imports upward, no import cycles. (See the Development section of the README.)

Layers, lowest first: ``domain`` (pure Python) <- ``storage``, ``providers`` <- ``services`` <- the
front ends ``ui`` and ``cli`` <- ``app`` (the composition root). ``errors``, ``paths``,
``settings`` and the package's ``__init__`` sit beside the domain: anyone may import them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "watchtracker"

SHARED = {"errors", "paths", "settings", "__init__", "__main__"}
# what each top-level part may import of watchtracker (besides itself and SHARED)
ALLOWED = {
    "domain": set(),
    "storage": {"domain"},
    "providers": {"domain"},
    "services": {"domain", "storage", "providers"},
    "ui": {"domain", "services"},
    "cli": {"domain", "services"},
    "app": {"domain", "storage", "providers", "services", "ui", "cli"},
    "errors": set(),
    "paths": set(),
    "__init__": set(),
    "__main__": {"app"},
    "settings": {"storage"},  # saved with storage.files.write_atomically
}
QT = ("PySide6", "shiboken6")


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1] if len(parts) > 1 else parts
        if "migrations" in parts:
            continue  # Alembic's scripts: run by Alembic, not imported by the app
        yield ".".join(parts), path


_KNOWN = {name for name, _ in _modules()} | {"watchtracker"}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, *, top_level_only: bool) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import; ``top_level_only``: those run when the module is
    imported (not inside functions, not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)

    def walk(nodes, inside: bool) -> Iterator[tuple[str, int]]:
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if not top_level_only:
                    yield from walk(node.body, True)
                continue
            if isinstance(node, ast.If) and _is_type_checking(node):
                if not top_level_only:
                    yield from walk(node.body, True)
                yield from walk(node.orelse, inside)
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield alias.name, node.lineno
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: resolve against this module's package
                    pkg = module.split(".")[: -node.level]
                    base = ".".join([*pkg, base] if base else pkg)
                for alias in node.names:  # "from watchtracker.ui import messages" imports a module
                    whole = f"{base}.{alias.name}"
                    yield (whole if whole in _KNOWN else base), node.lineno
            for field in ("body", "orelse", "finalbody", "handlers"):
                children = getattr(node, field, None)
                if isinstance(children, list) and not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    yield from walk(children, inside)
            if isinstance(node, ast.ClassDef):
                yield from walk(node.body, inside)

    yield from walk(tree.body, False)


def _part(module: str) -> str:
    """The layer of ``watchtracker.x.y``: x (the package itself: its ``__init__``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] != "__init__" else "__init__"


def test_only_the_ui_imports_qt():
    found = [
        f"{name}:{line} imports {target}"
        for name, path in _modules()
        if _part(name) != "ui"
        for target, line in _imports(path, top_level_only=False)
        if target.split(".")[0] in QT
    ]
    assert found == []


def test_no_layer_imports_one_above_it():
    found = []
    for name, path in _modules():
        layer = _part(name)
        allowed = ALLOWED[layer] | SHARED | {layer}
        for target, line in _imports(path, top_level_only=False):
            if not target.startswith("watchtracker."):
                continue
            if _part(target) not in allowed:
                found.append(f"{name}:{line} ({layer}) imports {target}")
    assert found == []


def test_no_import_cycles():
    """Between modules, as Python runs them (top-level imports): none."""
    known = dict(_modules())
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        edges = set()
        for target, _ in _imports(path, top_level_only=True):
            while target and target not in known:  # "pkg.mod.Class" -> "pkg.mod"
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("watchtracker"):
                edges.add(target)
        graph[name] = edges
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == []


def test_the_rules_see_the_whole_package():
    """A guard for the rules above: they read every module, and they do see imports."""
    names = dict(_modules())
    assert "watchtracker.ui.main_window" in names and "watchtracker.domain.models" in names
    targets = {t for t, _ in _imports(names["watchtracker.ui.main_window"], top_level_only=True)}
    assert any(t.startswith("PySide6") for t in targets) and any(t.startswith("watchtracker.services") for t in targets)
