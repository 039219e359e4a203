"""The webhook engine's import graph: its modules (`vendors/webhooks/*.py`) import
one way, with no cycle among them, counting imports inside functions, under
`if TYPE_CHECKING:`, relative ones, and a module named in a string to
`import_module`, `import_string`, `send_task` or `signature`. One import is exempt:
a Celery task importing, in its own body, the one function it runs and calling it;
that import runs only when the task does. Each module keeps to one job, and so stays
under 450 lines.

    .venv/bin/python scripts/webhook_imports.py [folder]

prints every import between the modules, the cycles, the layers broken and the
sizes, and exits 1 on any failure (tests/config/test_webhook_modules.py runs the
same checks in the suite)."""

import ast
import sys
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "vendors.webhooks"
FOLDER = ROOT / "vendors" / "webhooks"
INIT = "__init__"
# Each module imports only those before it. The package itself (`__init__`) comes
# before them all: any module may import it, and it imports none of them.
LAYERS = [
    "values",
    "ssrf",
    "redaction",
    "schedule",
    "handlers",
    "notifications",
    "signing",
    "transport",
    "postgres",
    "selectors",
    "tasks",
    "outbox",
    "endpoints",
    "claims",
    "sending",
    "recording",
    "delivery",
]
# The package docstring ends with the same list, after these words.
LAYERS_LEAD = "imports only those before it:"
MAX_LINES = 450
STRING_IMPORTERS = {"import_module", "import_string", "send_task", "signature"}


@dataclass(frozen=True)
class Edge:
    """`source` imports `target` at `source`.py:`line`."""

    source: str
    target: str
    line: int
    in_function: bool
    what: str
    exempt: bool = False

    @property
    def where(self) -> str:
        return f"{self.source}.py:{self.line}"

    @property
    def scope(self) -> str:
        return "F" if self.in_function else "M"


def modules(package: Path) -> set[str]:
    return {path.stem for path in package.glob("*.py")}


def edges(package: Path) -> list[Edge]:
    """Every import of one module of `package` by another (or by itself)."""
    names = modules(package)
    found = []
    for source in sorted(names):
        tree = ast.parse((package / f"{source}.py").read_text())
        for node, function in _scoped(tree, None):
            for target, what in _targets(node, names):
                exempt = _task_imports_what_it_runs(node, function, names)
                found.append(
                    Edge(
                        source, target, node.lineno, function is not None, what, exempt
                    )
                )
    return sorted(found, key=lambda edge: (edge.source, edge.line, edge.target))


def _scoped(node: ast.AST, function: ast.AST | None):
    """Each node under `node`, with the function whose body holds it (None when it
    runs on import: decorators and default values belong to the enclosing scope)."""
    yield node, function
    for field, value in ast.iter_fields(node):
        in_body = field == "body" and isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
        )
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, ast.AST):
                yield from _scoped(child, node if in_body else function)


def _module(dotted: str, names: set[str], last_may_be_a_name=False) -> str | None:
    """The module of the engine that `dotted` is or is in; None outside the engine."""
    if dotted == PACKAGE:
        return INIT
    if not dotted.startswith(PACKAGE + "."):
        return None
    parts = dotted.removeprefix(PACKAGE + ".").split(".")
    if last_may_be_a_name and len(parts) == 1 and parts[0] not in names:
        return INIT  # `from vendors.webhooks import name`: a name of the package
    return parts[0]


def _absolute(node: ast.ImportFrom) -> str | None:
    if not node.level:
        return node.module
    parts = PACKAGE.split(".")
    keep = len(parts) - (node.level - 1)
    if keep < 1:
        return None
    return ".".join(parts[:keep] + ([node.module] if node.module else []))


def _targets(node: ast.AST, names: set[str]):
    """(module, what) for each module of the engine that `node` imports."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if (target := _module(alias.name, names)) is not None:
                yield target, f"import {alias.name}"
    elif isinstance(node, ast.ImportFrom) and (base := _absolute(node)) is not None:
        imported = [alias.name for alias in node.names]
        if (target := _module(base, names)) is not None and base != PACKAGE:
            yield target, ", ".join(imported)
            return
        for name in imported:
            # `from vendors.webhooks import x`: the module x, or a name of the package.
            if (target := _module(f"{base}.{name}", names, True)) is not None:
                yield target, name
    elif isinstance(node, ast.Call) and _called_name(node) in STRING_IMPORTERS:
        for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
            text = argument.value if isinstance(argument, ast.Constant) else None
            if isinstance(text, str) and (target := _module(text, names, True)):
                yield target, f"{_called_name(node)}({text!r})"


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _is_task(function: ast.AST | None) -> bool:
    """Decorated with `shared_task`, `shared_task(...)`, `*.task` or `*.task(...)`."""
    if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Call):
            decorator = decorator.func
        if isinstance(decorator, ast.Name) and decorator.id == "shared_task":
            return True
        if isinstance(decorator, ast.Attribute) and decorator.attr == "task":
            return True
    return False


def _task_imports_what_it_runs(node: ast.AST, function, names: set[str]) -> bool:
    """The exemption: a task whose body imports one name of an engine module (not a
    module itself) and calls it."""
    if not (isinstance(node, ast.ImportFrom) and len(node.names) == 1):
        return False
    alias = node.names[0]
    base = _absolute(node)
    if not _is_task(function) or alias.name == "*" or base is None:
        return False
    if _module(base, names) is None or (base == PACKAGE and alias.name in names):
        return False
    bound = alias.asname or alias.name
    return any(
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == bound
        for statement in function.body
        for call in ast.walk(statement)
    )


def cycles(found: list[Edge]) -> list[list[str]]:
    """The import cycles, exemptions left out: each strongly connected component of
    two modules or more, and each module importing itself (Tarjan)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for edge in found:
        if not edge.exempt:
            graph[edge.source].add(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = stack[stack.index(module) :]
            del stack[stack.index(module) :]
            if len(component) > 1 or module in graph[module]:
                components.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(components)


def describe(component: list[str], found: list[Edge]) -> str:
    """The cycle as a walk through all its modules, each step with the lines that
    make it, then every import inside it."""
    inside = [
        edge
        for edge in found
        if not edge.exempt and edge.source in component and edge.target in component
    ]
    steps: dict[tuple[str, str], list[Edge]] = defaultdict(list)
    for edge in inside:
        steps[edge.source, edge.target].append(edge)

    def shortest(start: str, goals: set[str]) -> list[tuple[str, str]]:
        came_from: dict[str, str] = {}
        queue = deque([start])
        while queue:
            module = queue.popleft()
            for source, target in sorted(steps):
                if source != module or target in came_from:
                    continue
                came_from[target] = module
                if target in goals:
                    path = [(module, target)]
                    while path[0][0] != start:
                        path.insert(0, (came_from[path[0][0]], path[0][0]))
                    return path
                queue.append(target)
        raise AssertionError(f"{goals} cannot be reached from {start}")

    walk: list[tuple[str, str]] = []
    here, unseen = component[0], set(component[1:])
    while unseen:
        walk += shortest(here, unseen)
        unseen -= {target for _, target in walk}
        here = walk[-1][1]
    walk += shortest(here, {component[0]})
    text = component[0]
    for source, target in walk:
        lines = ", ".join(str(edge.line) for edge in steps[source, target])
        text += f" → {target} ({source}.py:{lines})"
    listed = "; ".join(
        f"{edge.source} → {edge.target} {edge.where} {edge.scope}" for edge in inside
    )
    return f"{{{', '.join(component)}}}: {text}\n    imports inside it: {listed}"


def docstring_layers(package: Path) -> list[str] | None:
    """The modules the package docstring lists after "imports only those before it:"."""
    init = package / f"{INIT}.py"
    docstring = ast.get_docstring(ast.parse(init.read_text())) if init.exists() else ""
    _, lead, rest = " ".join((docstring or "").split()).partition(LAYERS_LEAD)
    if not lead:
        return None
    return [
        name.strip().removeprefix("and ").strip("` ")
        for name in rest.split(".")[0].split(",")
    ]


def layer_problems(
    package: Path, found: list[Edge] | None = None, layers: list[str] = LAYERS
) -> list[str]:
    names = modules(package) - {INIT}
    problems = [f"{name}.py is not in LAYERS" for name in sorted(names - {*layers})]
    problems += [
        f"LAYERS names {name}, which has no module"
        for name in layers
        if name not in names
    ]
    rank = {name: place for place, name in enumerate(layers)} | {INIT: -1}
    for edge in edges(package) if found is None else found:
        if edge.exempt:
            continue
        if edge.target not in names | {INIT}:
            problems.append(f"{edge.where} imports {edge.target}, which is no module")
        elif {edge.source, edge.target} <= rank.keys() and (
            rank[edge.target] >= rank[edge.source]
        ):
            problems.append(
                f"{edge.where} ({edge.scope}): {edge.source} imports"
                f" {edge.target}, which is not before it in LAYERS"
            )
    listed = docstring_layers(package)
    if listed is None:
        problems.append(f'the package docstring has no "{LAYERS_LEAD} ..." sentence')
    elif listed != layers:
        problems.append(f"the package docstring lists {listed}, not LAYERS {layers}")
    return problems


def sizes(package: Path) -> dict[str, int]:
    return {
        path.name: len(path.read_text().splitlines())
        for path in sorted(package.glob("*.py"))
    }


def main(argv: list[str]) -> int:
    package = Path(argv[1]).resolve() if len(argv) > 1 else FOLDER
    found = edges(package)
    print(f"Imports between the modules of {package} (M: on import, F: in a function):")
    for edge in found:
        exempt = "exempt" if edge.exempt else ""
        print(
            f"  {edge.source:>13} → {edge.target:<13} {edge.where:<20} {edge.scope}"
            f" {exempt:<6}  {edge.what}"
        )
    components = cycles(found)
    print(f"Cycles: {len(components)}")
    for component in components:
        print(f"  {describe(component, found)}")
    problems = layer_problems(package, found)
    print(f"Layers broken: {len(problems)}")
    for problem in problems:
        print(f"  {problem}")
    over = {name: n for name, n in sizes(package).items() if n > MAX_LINES}
    print(f"Lines (at most {MAX_LINES}):")
    for name, n in sizes(package).items():
        print(f"  {name:<20} {n:>5}{'  over' if name in over else ''}")
    return 1 if components or problems or over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
