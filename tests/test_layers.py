"""The project's packages import one way: extractors <- store <- analysis <- dashboard <-
briefing (app.py, tests and bench may import anything). Every import of every .py file
is walked (ast), imports inside functions and under TYPE_CHECKING included, with no
exception: ingesting into the store is `python -m store`, not an option of `python -m
extractors`."""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Package -> the project packages it may import (besides itself).
ALLOWED: dict[str, frozenset[str]] = {
    "extractors": frozenset(),
    "store": frozenset({"extractors"}),
    "analysis": frozenset({"extractors", "store"}),
    "dashboard": frozenset({"extractors", "store", "analysis"}),
    "briefing": frozenset({"extractors", "store", "analysis", "dashboard"}),
}
PACKAGES = frozenset(ALLOWED)


def _imports(path: Path, package: str) -> set[tuple[str, bool]]:
    """(project package, inside a function) of every import of the file at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: set[tuple[str, bool]] = set()

    def walk(node: ast.AST, lazy: bool) -> None:
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [package if node.level else (node.module or "")]
        else:
            names = []
        found.update((name.split(".")[0], lazy) for name in names
                     if name.split(".")[0] in PACKAGES)
        inner = lazy or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            walk(child, inner)

    walk(tree, False)
    return found


@cache
def _edges() -> list[tuple[str, str, str, bool]]:
    """(package, file, imported package, inside a function) across the project."""
    edges = []
    for package in sorted(PACKAGES):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            edges += [(package, name, target, lazy)
                      for target, lazy in sorted(_imports(path, package)) if target != package]
    return edges


def test_every_package_is_walked():
    assert all((ROOT / p / "__init__.py").is_file() for p in PACKAGES)
    top = {p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file()}
    assert top <= PACKAGES | {"tests", "bench"}, f"a new package needs a rule: {top - PACKAGES}"


def test_imports_follow_the_layers():
    wrong = [f"{file} imports {target}" for package, file, target, _ in _edges()
             if target not in ALLOWED[package]]
    assert not wrong, "\n".join(wrong)


def test_no_cycle_between_packages():
    graph: dict[str, set[str]] = {p: set() for p in PACKAGES}
    for package, _, target, _ in _edges():
        graph[package].add(target)
    done: set[str] = set()

    def visit(package: str, path: tuple[str, ...]) -> None:
        assert package not in path, f"import cycle: {' -> '.join((*path, package))}"
        if package in done:
            return
        for target in sorted(graph[package]):
            visit(target, (*path, package))
        done.add(package)

    for package in sorted(graph):
        visit(package, ())


def test_importing_extractors_loads_no_other_package():
    modules = sorted(p.stem for p in (ROOT / "extractors").glob("*.py")
                     if p.stem not in ("__init__", "__main__"))
    code = (f"import sys, extractors\nfor m in {modules!r}: __import__('extractors.' + m)\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(PACKAGES)!r}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "['extractors']"


def test_the_walk_sees_lazy_imports(tmp_path):
    module = tmp_path / "lazy.py"
    module.write_text("import store.db\ndef f():\n    from dashboard.data import x\n"
                      "from . import sibling\n", encoding="utf-8")
    assert _imports(module, "extractors") == {("store", False), ("dashboard", True),
                                              ("extractors", False)}
