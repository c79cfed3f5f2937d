"""Audit: records with a change history are never written around it.

``QuerySet.update()``, ``bulk_update()`` and ``bulk_create()`` skip django-simple-history, so they are forbidden on
audited models everywhere in the portal's code; the history-writing helpers of simple_history
(``bulk_create_with_history``, ``bulk_update_with_history``) are the way to write in bulk.
"""

import ast
from pathlib import Path

from simple_history.models import registered_models

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"update", "bulk_update", "bulk_create"}


def audited_model_names():
    return {model.__name__ for model in registered_models.values()}


def receiver_root(node):
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def test_the_audited_models_include_the_catalogue():
    assert {"Leistung", "Leistungsbuendel", "Amt", "Status"} <= audited_model_names()


def test_no_code_writes_audited_models_around_their_history():
    audited = audited_model_names()
    offenders = []
    for app in ("catalog", "scorecard", "dashboard", "ozgportal"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or path == ROOT / "catalog" / "services.py":
                continue  # the status service writes the history of what it updates itself
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in FORBIDDEN
                    and receiver_root(node.func.value) in audited
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
