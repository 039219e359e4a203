"""The webhook engine's modules import one way, with no cycle among them, and each
stays under 450 lines (`scripts/webhook_imports.py`, which also runs by hand); and
that check sees every kind of import, and exempts only a task importing the one
function it runs."""

import textwrap
from pathlib import Path

import pytest

from scripts.webhook_imports import (
    FOLDER,
    INIT,
    MAX_LINES,
    cycles,
    describe,
    edges,
    layer_problems,
    sizes,
)


def test_no_cycle_among_the_engines_modules():
    found = edges(FOLDER)
    report = [describe(component, found) for component in cycles(found)]

    assert report == [], "\n".join(report)


def test_imports_follow_the_layers():
    problems = layer_problems(FOLDER)

    assert problems == [], "\n".join(problems)


def test_no_module_is_over_450_lines():
    assert {name: n for name, n in sizes(FOLDER).items() if n > MAX_LINES} == {}


def _package(folder: Path, **files: str) -> Path:
    (folder / f"{INIT}.py").write_text('"""The engine."""\n')
    for name, text in files.items():
        (folder / f"{name}.py").write_text(textwrap.dedent(text).lstrip())
    return folder


def test_the_check_finds_a_cycle_through_an_import_inside_a_function(tmp_path):
    package = _package(
        tmp_path,
        outbox="""
            def wake():
                from vendors.webhooks.tasks import drain_task

                drain_task.delay()
        """,
        tasks="from vendors.webhooks.outbox import sweep\n",
    )

    found = edges(package)

    assert [(e.where, e.target, e.scope) for e in found] == [
        ("outbox.py:2", "tasks", "F"),
        ("tasks.py:1", "outbox", "M"),
    ]
    assert [describe(component, found) for component in cycles(found)] == [
        "{outbox, tasks}: outbox → tasks (outbox.py:2) → outbox (tasks.py:1)\n"
        "    imports inside it:"
        " outbox → tasks outbox.py:2 F; tasks → outbox tasks.py:1 M"
    ]


@pytest.mark.parametrize(
    "decorator",
    [
        "@shared_task",
        "@shared_task(ignore_result=True)",
        "@app.task",
        "@app.task(bind=True)",
    ],
)
def test_a_task_importing_the_function_it_runs_is_exempt(tmp_path, decorator):
    package = _package(
        tmp_path,
        delivery="from vendors.webhooks.tasks import drain_task\n",
        tasks=f"""
            {decorator}
            def drain_task(*args):
                from vendors.webhooks.delivery import drain as run

                return run()
        """,
    )

    found = edges(package)

    assert [(e.source, e.target, e.exempt) for e in found] == [
        ("delivery", "tasks", False),
        ("tasks", "delivery", True),
    ]
    assert cycles(found) == []


@pytest.mark.parametrize(
    "body",
    [
        "from vendors.webhooks.delivery import CLAIM_MARGIN\n    return CLAIM_MARGIN",
        "from vendors.webhooks.delivery import drain, MARGIN\n    return drain(MARGIN)",
        "from vendors.webhooks.delivery import drain\n    return later(drain)",
        "from vendors.webhooks import delivery\n    return delivery.drain()",
    ],
)
def test_a_task_importing_another_name_counts(tmp_path, body):
    package = _package(
        tmp_path,
        delivery="from vendors.webhooks.tasks import drain_task\n",
        tasks=f"@shared_task\ndef drain_task():\n    {body}\n",
    )

    found = edges(package)

    assert [(e.where, e.target, e.exempt) for e in found][1] == (
        "tasks.py:3",
        "delivery",
        False,
    )
    assert cycles(found) == [["delivery", "tasks"]]


def test_a_signal_handlers_import_counts(tmp_path):
    package = _package(
        tmp_path,
        delivery="from vendors.webhooks.tasks import sweep_task\n",
        tasks="""
            @worker_ready.connect
            def sweep_on_start(sender=None, **kwargs):
                from vendors.webhooks.delivery import sweep

                sweep()
        """,
    )

    found = edges(package)

    assert [(e.where, e.scope, e.exempt) for e in found][1] == (
        "tasks.py:3",
        "F",
        False,
    )
    assert cycles(found) == [["delivery", "tasks"]]


@pytest.mark.parametrize(
    ("code", "target"),
    [
        ("from . import outbox", "outbox"),
        ("from .outbox import enqueue", "outbox"),
        ("from vendors.webhooks import outbox", "outbox"),
        ("from vendors.webhooks import enqueue", INIT),
        ("from vendors import webhooks", INIT),
        ("import vendors.webhooks.outbox as outbox_module", "outbox"),
        ("if TYPE_CHECKING:\n    from vendors.webhooks.outbox import Event", "outbox"),
        ("def f():\n    import_module('vendors.webhooks.outbox')", "outbox"),
        ("import_string('vendors.webhooks.outbox.enqueue')", "outbox"),
        ("app.send_task('vendors.webhooks.outbox.sweep_task')", "outbox"),
        ("signature(name='vendors.webhooks.outbox.sweep_task')", "outbox"),
    ],
)
def test_the_check_sees_each_way_of_importing_a_module(tmp_path, code, target):
    package = _package(tmp_path, outbox="", sending=code + "\n")

    found = edges(package)

    assert [(e.source, e.target, e.line) for e in found] == [
        ("sending", target, code.count("\n") + 1)
    ]


def test_imports_from_outside_the_engine_are_not_edges(tmp_path):
    package = _package(
        tmp_path,
        outbox="",
        sending="""
            from .. import models
            from vendors.models import Delivery
            import vendors.webhookstore
            import_string(delivery.handler)
            import_module("vendors.webhooks_old.outbox")
        """,
    )

    assert edges(package) == []


def test_the_layers_check_reports_an_import_of_a_later_module(tmp_path):
    package = _package(
        tmp_path,
        values="from vendors.webhooks import enqueue\n",
        ssrf="def check():\n    from . import values, schedule\n",
        schedule="",
        transport="",
    )
    (package / f"{INIT}.py").write_text(
        '"""The engine. Each module\nimports only those before\nit: `values`,\n'
        '`ssrf`, and `schedule`.\n"""\nfrom . import ssrf\n'
    )

    problems = layer_problems(package, layers=["values", "ssrf", "schedule", "claims"])

    assert problems == [
        "transport.py is not in LAYERS",
        "LAYERS names claims, which has no module",
        "__init__.py:6 (M): __init__ imports ssrf, which is not before it in LAYERS",
        "ssrf.py:2 (F): ssrf imports schedule, which is not before it in LAYERS",
        "the package docstring lists ['values', 'ssrf', 'schedule'],"
        " not LAYERS ['values', 'ssrf', 'schedule', 'claims']",
    ]


def test_the_size_check_counts_lines(tmp_path):
    package = _package(tmp_path, delivery="x = 1\n" * 451)

    assert sizes(package) == {"__init__.py": 1, "delivery.py": 451}
