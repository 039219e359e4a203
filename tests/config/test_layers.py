"""The apps import one way, counting imports inside functions too: a lower layer
never imports a higher one (docs/architecture.md). The demo loader, which writes
through every app's services, is the one module allowed above them all; money
(`marketplace.money`, its form fields and the bounds in `marketplace.limits`, which
import none of ours but each other) is used by every layer."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# An app may import the apps of lower layers and its own.
LAYERS = {
    "accounts": 0,
    "vendors": 1,
    "notifications": 1,
    "marketplace": 2,
    "search": 3,
    "reviews": 3,
    "analytics": 4,
}
ABOVE_ALL = ("marketplace/demo/", "marketplace/management/commands/seed_demo.py")
SHARED = ("marketplace.money", "marketplace.money_forms", "marketplace.limits")


def _imported_apps(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if name in SHARED:
                continue
            if top in LAYERS:
                yield top, node.lineno


def test_no_app_imports_a_higher_one():
    wrong = []
    for app, layer in LAYERS.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "migrations" in path.parts or relative.startswith(ABOVE_ALL):
                continue
            for imported, line in _imported_apps(path):
                if imported != app and LAYERS[imported] >= layer:
                    wrong.append(f"{relative}:{line} imports {imported}")
    assert wrong == []


def test_what_every_layer_uses_imports_none_of_ours():
    for name in SHARED:
        path = ROOT / (name.replace(".", "/") + ".py")
        assert list(_imported_apps(path)) == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from analytics.services import views_add\n")

    assert list(_imported_apps(module)) == [("analytics", 2)]


def test_no_script_shadows_a_module_of_the_standard_library():
    # A script's own folder comes first on sys.path: `benchmarks/statistics.py` once
    # made every `import statistics` in benchmarks/webhooks.py load it instead.
    scripts = [*ROOT.glob("benchmarks/*.py"), *ROOT.glob("scripts/*.py")]

    assert scripts
    assert [p.name for p in scripts if p.stem in sys.stdlib_module_names] == []
