"""The project's layers, read from the source (issue 16 item 6): every import statement, at module level or inside a
function, of every module outside the tests, the benchmarks (bench/ is a tool that drives the processes) and the
migrations.

- No import circle between two modules of the project (a function-level import is a circle too: it only hides it).
- Only the process packages themselves and ``config/`` (which installs them and mounts their URLs) import a process
  package; everything else asks the process registry (workflows.kit.registry).
- ``core`` imports no other package of the project; accounts, forms, audit and notifications read of the workflow
  code only the process registry and a few listed shared modules (never a process).
"""

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "node_modules", "tests", "bench", "migrations", "var", "static", "templates", "locale", "docs"}
PROCESS_PACKAGES = ("workflows.party", "workflows.community", "workflows.evaluation", "designer")
# The programmes (issue 19) run their approvals as designed processes and open party cases from their lists.
MAY_IMPORT_PROCESSES = ("config", "programmes")
# The packages below the workflows: of workflow code they read the process registry, and these shared modules (no
# process), each for a page or a count of their own. A new import of workflow code from them fails here.
BASE = ("accounts", "forms", "audit", "notifications")
BASE_READS = {
    ("accounts.views", "workflows.start"),  # the home page's starting points
    ("audit.views", "workflows.services"),  # the console's saved filters
    ("audit.labels", "workflows.labels"),  # the names of the actions every process shares
    ("forms.designed_fields", "workflows.business_days"),  # a date range's working days
    ("notifications.delivery", "workflows.access"),  # the 待办 badge: the steps a substitute may act on
    ("notifications.delivery", "workflows.inbox"),  # the 待办 badge: the open steps
}


def _modules(root: Path) -> dict[str, Path]:
    found = {}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED and not name.startswith(".")]
        for name in files:
            if name.endswith(".py"):
                path = Path(folder, name)
                parts = path.relative_to(root).with_suffix("").parts
                module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
                if module:
                    found[module] = path
    return found


def _imported(module: str, path: Path, modules: dict[str, Path]):
    """(imported module of the project, line) for every import in the file, resolved to the deepest module that
    exists: ``from a.b import c`` names a.b.c when that is a module, else a.b."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                yield name, node.lineno


def import_graph(root: Path = ROOT) -> dict[str, dict[str, int]]:
    """module -> {module it imports: line of the first such import}."""
    modules = _modules(root)
    graph: dict[str, dict[str, int]] = {}
    for module, path in modules.items():
        edges = graph.setdefault(module, {})
        for target, line in _imported(module, path, modules):
            edges.setdefault(target, line)
    return graph


def circles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def _within(module: str, packages) -> bool:
    return any(module == package or module.startswith(f"{package}.") for package in packages)


def test_no_import_circles():
    graph = import_graph()
    described = [
        " -> ".join(circle)
        + "  ("
        + ", ".join(f"{a}:{graph[a][b]}" for a in circle for b in circle if b in graph[a])
        + ")"
        for circle in circles(graph)
    ]
    assert described == []


def test_only_process_packages_and_config_import_a_process_package():
    wrong = [
        f"{module}:{line} imports {target}"
        for module, edges in import_graph().items()
        for target, line in edges.items()
        if _within(target, PROCESS_PACKAGES)
        and not _within(module, PROCESS_PACKAGES)
        and not _within(module, MAY_IMPORT_PROCESSES)
    ]
    assert wrong == []


def test_core_imports_no_other_package_and_the_base_packages_only_the_registry_of_workflows():
    graph = import_graph()
    own = {module.split(".")[0] for module in graph}
    wrong = [
        f"{module}:{line} imports {target}"
        for module, edges in graph.items()
        for target, line in edges.items()
        if (_within(module, ("core",)) and target.split(".")[0] in own - {"core"})
        or (
            _within(module, BASE)
            and _within(target, ("workflows",))
            and target != "workflows.kit.registry"
            and (module, target) not in BASE_READS
        )
    ]
    assert wrong == []


def test_the_reading_finds_circles_and_imports_inside_functions(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from pkg import b\n")
    (tmp_path / "pkg" / "b.py").write_text("def f():\n    from .a import name\n")
    (tmp_path / "pkg" / "c.py").write_text("import pkg.a\n")
    graph = import_graph(tmp_path)
    assert graph["pkg.b"] == {"pkg.a": 2} and graph["pkg.c"] == {"pkg.a": 1}
    assert circles(graph) == [["pkg.a", "pkg.b"]]
