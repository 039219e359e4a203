"""The buying services depend one way: no import cycle among the services, the
tasks and the payments package, counting imports inside functions too. The one
exception is a Celery task importing the service it runs inside its own body."""

import ast
import itertools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("marketplace/services", "marketplace/payments")
MODULES = ("marketplace/tasks.py",)


def _modules() -> dict[str, Path]:
    files = [ROOT / name for name in MODULES]
    for package in PACKAGES:
        files += sorted((ROOT / package).rglob("*.py"))
    return {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(
            ".__init__"
        ): path
        for path in files
    }


def _is_task(node: ast.AST) -> bool:
    if not isinstance(node, ast.FunctionDef):
        return False
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Name) and target.id == "shared_task":
            return True
    return False


def _imports(tree: ast.AST, known: set[str]):
    """(imported module, line) for every import in the tree outside task bodies."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if _is_task(node):
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                yield (name if name in known else node.module), node.lineno
        stack.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, dict[str, int]]:
    modules = _modules()
    known = set(modules)
    graph: dict[str, dict[str, int]] = {name: {} for name in modules}
    for name, path in modules.items():
        for imported, line in _imports(ast.parse(path.read_text()), known):
            if imported in known and imported != name:
                graph[name].setdefault(imported, line)
    return graph


def find_cycle(graph: dict[str, dict[str, int]]) -> list[str]:
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> list[str]:
        if node in visiting:
            return [*visiting[visiting.index(node) :], node]
        if node in done:
            return []
        visiting.append(node)
        for target in sorted(graph[node]):
            if cycle := visit(target):
                return cycle
        visiting.pop()
        done.add(node)
        return []

    for node in sorted(graph):
        if cycle := visit(node):
            return cycle
    return []


def test_the_buying_services_have_no_import_cycle():
    graph = import_graph()

    cycle = find_cycle(graph)

    where = [
        f"{a} imports {b} (line {graph[a][b]})" for a, b in itertools.pairwise(cycle)
    ]
    assert not cycle, "import cycle: " + "; ".join(where)


def test_the_check_counts_imports_in_functions_but_not_in_task_bodies():
    source = """
from marketplace.services import orders
def helper():
    from marketplace.services import payments
@shared_task(bind=True)
def quote_task(self):
    from marketplace.services import quotes
"""
    known = {
        "marketplace.services.orders",
        "marketplace.services.payments",
        "marketplace.services.quotes",
    }

    found = sorted(name for name, _line in _imports(ast.parse(source), known))

    assert found == ["marketplace.services.orders", "marketplace.services.payments"]
    assert find_cycle({"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3}}) == [
        "a",
        "b",
        "c",
        "a",
    ]


def test_only_the_payments_service_calls_the_stripe_gateway():
    graph = import_graph()

    callers = sorted(
        name
        for name, imported in graph.items()
        if "marketplace.payments.stripe" in imported
    )

    # The webhook view only verifies signatures with it.
    assert callers == [
        "marketplace.payments.webhooks",
        "marketplace.services.payments.attempts",
        "marketplace.services.payments.cards",
        "marketplace.services.payments.refunds",
        "marketplace.services.payments.saved_cards",
    ]
