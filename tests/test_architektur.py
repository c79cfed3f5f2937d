"""The house rules that the code itself can check (docs/ARCHITEKTUR.md): which way imports run between the apps,
and no module past 600 lines."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

BASIS = Path(settings.BASE_DIR)
# app → the apps of the portal it must never import (dashboard → planung → scorecard → catalog → jobs → toolkit,
# dashboard → servicestandard → catalog, and dashboard → erhebungsrunde → catalog)
VERBOTEN = {
    "toolkit": {
        "jobs",
        "catalog",
        "scorecard",
        "servicestandard",
        "planung",
        "erhebungsrunde",
        "dashboard",
        "ozgportal",
    },
    "jobs": {"catalog", "scorecard", "servicestandard", "planung", "erhebungsrunde", "dashboard", "ozgportal"},
    "catalog": {"scorecard", "servicestandard", "planung", "erhebungsrunde", "dashboard"},
    "scorecard": {"servicestandard", "planung", "erhebungsrunde", "dashboard"},
    "servicestandard": {"scorecard", "planung", "erhebungsrunde", "dashboard"},
    "planung": {"servicestandard", "erhebungsrunde", "dashboard"},
    "erhebungsrunde": {"scorecard", "servicestandard", "planung", "dashboard"},
    "dashboard": set(),
}
HOECHSTENS_ZEILEN = 600


def module(app: str) -> list[Path]:
    return sorted(p for p in (BASIS / app).rglob("*.py") if "migrations" not in p.parts)


def importierte_apps(datei: Path) -> set[str]:
    """The top-level packages a module imports, anywhere in it (also inside functions); relative imports stay
    inside the module's own app."""
    apps = set()
    for knoten in ast.walk(ast.parse(datei.read_text(encoding="utf-8"))):
        if isinstance(knoten, ast.Import):
            apps.update(alias.name.split(".")[0] for alias in knoten.names)
        elif isinstance(knoten, ast.ImportFrom) and knoten.level == 0 and knoten.module:
            apps.add(knoten.module.split(".")[0])
    return apps


@pytest.mark.parametrize("app", sorted(VERBOTEN))
def test_imports_run_from_the_pages_down_to_the_toolkit_never_back(app):
    verstoesse = {
        str(datei.relative_to(BASIS)): sorted(importierte_apps(datei) & VERBOTEN[app]) for datei in module(app)
    }
    assert {datei: apps for datei, apps in verstoesse.items() if apps} == {}


def test_the_import_check_sees_imports_inside_functions_too(tmp_path):
    datei = tmp_path / "probe.py"
    datei.write_text("def f():\n    from dashboard.charts import x\n    import scorecard.views\n", encoding="utf-8")
    assert importierte_apps(datei) == {"dashboard", "scorecard"}


def test_no_module_is_longer_than_600_lines():
    lang = {
        str(datei.relative_to(BASIS)): zeilen
        for app in [*VERBOTEN, "ozgportal", "bench"]
        for datei in module(app)
        if (zeilen := len(datei.read_text(encoding="utf-8").splitlines())) > HOECHSTENS_ZEILEN
    }
    assert lang == {}
