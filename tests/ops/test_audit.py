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
    for app in ("catalog", "scorecard", "servicestandard", "planung", "dashboard", "ozgportal"):
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


def _calls(path: Path, names: set[str]) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Attribute) and node.func.attr in names)
            or (isinstance(node.func, ast.Name) and node.func.id in names)
        )
    ]


def test_raw_sql_writes_only_in_the_set_based_history_module():
    """SQL of its own (past the ORM and simple_history) is written in catalog/historie.py alone, and only the
    services use it; the backup module only counts rows."""
    allowed = {"catalog/historie.py", "catalog/sicherung.py"}
    helpers = {"zeilen_einfuegen", "historie_schreiben"}
    raw, helper_calls = [], []
    for app in ("catalog", "scorecard", "servicestandard", "planung", "dashboard", "ozgportal"):
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel:
                continue
            if rel not in allowed:
                raw += [f"{rel}:{line}" for line in _calls(path, {"execute", "executemany", "executescript"})]
            if rel not in {"catalog/services.py", "catalog/historie.py"}:
                helper_calls += [f"{rel}:{line}" for line in _calls(path, helpers)]
    assert raw == []
    assert helper_calls == []
    assert _calls(ROOT / "catalog" / "services.py", helpers)  # the check looks at the right names
