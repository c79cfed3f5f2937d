"""Audit: records with a change history are never written around it.

``QuerySet.update()``, ``bulk_update()`` and ``bulk_create()`` skip django-simple-history (and ``Model.save()``,
where the guard of the services' write paths sits, see ``Leistung.save``), so they are forbidden on audited models
and on the status history everywhere in the portal's code except the services, which write the history themselves;
the history-writing helpers of simple_history (``bulk_create_with_history``, ``bulk_update_with_history``) are the
way to write other audited models in bulk.
"""

import ast
from pathlib import Path

from simple_history.models import registered_models

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"update", "bulk_update", "bulk_create"}


def audited_model_names():
    return {model.__name__ for model in registered_models.values()} | {"StatusAenderung"}


def receiver_root(node):
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def test_the_audited_models_include_the_catalogue():
    assert {"Leistung", "Leistungsbuendel", "Amt", "Status"} <= audited_model_names()


def test_no_code_writes_audited_models_around_their_history():
    audited = audited_model_names()
    offenders = []
    for app in ("catalog", "scorecard", "servicestandard", "planung", "erhebungsrunde", "dashboard", "ozgportal"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or ROOT / "catalog" / "services" in path.parents:
                continue  # the services write the history of what they update themselves
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
    """SQL of its own (past the ORM and simple_history) is written in catalog/rows.py alone, and only the
    services use it; the backup module only counts rows."""
    allowed = {"catalog/rows.py", "catalog/sicherung.py"}
    helpers = {"insert_rows", "update_rows", "write_history"}
    raw, helper_calls = [], []
    for app in ("catalog", "scorecard", "servicestandard", "planung", "erhebungsrunde", "dashboard", "ozgportal"):
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel:
                continue
            if rel not in allowed:
                raw += [f"{rel}:{line}" for line in _calls(path, {"execute", "executemany", "executescript"})]
            if not rel.startswith("catalog/services/") and rel != "catalog/rows.py":
                helper_calls += [f"{rel}:{line}" for line in _calls(path, helpers)]
    assert raw == []
    assert helper_calls == []
    assert _calls(ROOT / "catalog" / "services" / "leistungen.py", helpers)  # the check looks at the right names
