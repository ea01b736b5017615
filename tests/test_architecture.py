"""Architecture contracts (issue #14): no import cycle between the project's modules, no module past
about 400 lines. Pure static reading of the source with `ast`; no database, no Django."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "migrations", "bench", "tests", "node_modules", "var", "artifacts", "static", "templates"}
MAX_LINES = 400

# Modules allowed past MAX_LINES because they cannot be split this step. Keep it empty; an entry
# needs a comment saying why and when it goes.
TOO_LONG_ALLOWED: dict[str, str] = {}

# Imports inside functions are not edges here. They are kept rare and none exists only to dodge
# a cycle (a cycle is broken by moving the piece where it belongs). Those there are:
# - reports/tasks.py: each task imports its service (and `reports.models`) in its body, as style
#   rule 36 asks; reports.services imports the tasks at module level to enqueue them, so this is
#   also what keeps the two apart;
# - reports/pdf.py: WeasyPrint (loads Pango, which the web process rarely needs);
# - assessments/services/imports/ via brmportal/lib/tabular.py: openpyxl (only for workbooks);
# - reports/services.py: kombu and redis exceptions (the broker may be another one);
# - manage.py: Django's own entry point.


def _project_files() -> dict[str, Path]:
    """Dotted module name -> file, for every project .py file outside the skipped folders."""
    modules: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in rel.parts[:-1]):
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            modules[".".join(parts)] = path
    return modules


def _resolve_relative(module: str, path: Path, level: int, target: str | None) -> str:
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, target] if target else base)


def _module_level_imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `module` imports when it is first imported.

    Only statements outside functions count (a module body, a class body, an `if` or `try` at
    module level); `if TYPE_CHECKING:` blocks are skipped because they never run."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()

    def owner(name: str) -> str | None:
        # The longest project module that `name` is, or lies in (`a.b.c` where only `a.b` is a module).
        while name:
            if name in modules:
                return name
            name = name.rpartition(".")[0]
        return None

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    visit_one(other)
                continue
            visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if target := owner(alias.name):
                    found.add(target)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_relative(module, path, node.level, node.module) if node.level else (node.module or "")
            for alias in node.names:
                # `from x import y` imports the submodule x.y when there is one, else a name of x.
                submodule = f"{base}.{alias.name}"
                if target := (submodule if submodule in modules else owner(base)):
                    found.add(target)
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            visit(node)

    visit(tree)
    found.discard(module)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_graph() -> dict[str, set[str]]:
    # A package's `__init__` that imports its own submodule (`brmportal` loading `brmportal.celery`)
    # is not counted as a cycle with the submodule's implicit import of its package: only the
    # statements written in the files make edges.
    modules = _project_files()
    return {name: _module_level_imports(name, path, modules) for name, path in modules.items()}


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path of module names (first == last), or None. Iterative DFS, white/grey/black."""
    state: dict[str, int] = {}
    for start in sorted(graph):
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(graph[start]))]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                continue
            nxt = todo.pop(0)
            if state.get(nxt) == 1:
                path = [name for name, _ in stack]
                return [*path[path.index(nxt) :], nxt]
            if not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, sorted(graph.get(nxt, ()))))
    return None


def test_it_reads_the_whole_project():
    graph = _import_graph()
    for expected in ("accounts.models", "assessments.models", "workspace.urls", "brmportal.settings"):
        assert expected in graph
    assert "assessments.models" in graph["assessments.admin"]
    assert not any(name.startswith(("tests", "bench")) or ".migrations" in name for name in graph)


def test_it_finds_a_cycle_when_there_is_one():
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


def test_it_has_no_import_cycle():
    cycle = _find_cycle(_import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def _layer(module: str) -> str:
    """The app (top-level package) a module belongs to; `brmportal.lib` is a layer of its own,
    below every app, while the rest of `brmportal` (settings, urls, celery) sits above them."""
    return "brmportal.lib" if module.startswith("brmportal.lib") else module.split(".")[0]


def _app_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    apps: dict[str, set[str]] = {}
    for module, imported in graph.items():
        apps.setdefault(_layer(module), set()).update(_layer(other) for other in imported)
    for app, imported in apps.items():
        imported.discard(app)
    return apps


def test_it_has_no_import_cycle_between_apps():
    # The apps form layers (accounts, imports no domain app; assessments, the core; the
    # instruments; reports; the rooms), so a module-level cycle-free graph is not enough: an app
    # that imports another which imports it back cannot be read, tested or removed on its own.
    graph = _import_graph()
    cycle = _find_cycle(_app_graph(graph))
    if cycle:
        edges = [
            f"{module} -> {other}"
            for first, second in zip(cycle, cycle[1:], strict=False)
            for module, imported in sorted(graph.items())
            for other in sorted(imported)
            if _layer(module) == first and _layer(other) == second
        ]
        raise AssertionError("import cycle between apps: " + " -> ".join(cycle) + "\n" + "\n".join(edges))


def test_it_keeps_every_module_under_400_lines():
    too_long = {}
    for name, path in _project_files().items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and name not in TOO_LONG_ALLOWED:
            too_long[name] = lines
    assert not too_long, f"modules past {MAX_LINES} lines (split them by sub-domain): {too_long}"


INSTRUMENTS = ("relationships", "behaviours", "practices", "trust")


def test_it_keeps_each_instrument_to_its_own_folder():
    # A slice is reached through the registry (assessments.slices), never imported: that is what
    # lets a fifth instrument be its own folder plus its line in INSTALLED_APPS.
    graph = _import_graph()
    reaching_in = sorted(
        f"{module} -> {other}"
        for module, imported in graph.items()
        for other in imported
        if _layer(other) in INSTRUMENTS and _layer(other) != _layer(module)
    )
    assert reaching_in == []
