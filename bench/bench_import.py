"""Times the catalogue import against openpyxl's bare read and django-import-export, and the export, in one run.

    .venv/bin/python bench/bench_import.py                      # SQLite (a temporary file per measurement)
    .venv/bin/python bench/bench_import.py --database-url postgres://postgres@127.0.0.1:5432/postgres

Builds workbooks in the deck's layout (title rows, a row of group headings, the header, then one row per
LeiKa-Leistung; keys as dotted text; a status for the Leistungen "von Wiesbaden umzusetzen", as in the deck) from
the 2019 catalogue in ``fixtures/`` (5,019 rows; larger files continue with synthetic keys). The 5,019-row
workbook is measured twice: as Excel and LibreOffice save it (with the sheet's size in a ``<dimension>``
element), and as openpyxl's write-only mode (the portal's own export) saves it, without that element, which makes
openpyxl read the sheet twice: once to find its size when the workbook is opened, once for the rows. Every measurement
runs in its own process on a fresh, migrated database holding the same master data (Ämter, Ressorts,
Leistungsbündel with Themenfeld and Lebenslage), so both importers do the same work: create the Leistungen with
their history. Measured:

1. openpyxl alone: ``load_workbook(read_only=True)`` and every row's values (median of ``--repeat`` runs);
2. this importer: ``read_katalog`` + ``katalog_importieren`` into the empty catalogue (validation, bulk writes with
   simple_history rows, status changes through ``leistung_set_status``), then a re-import of the same file;
3. django-import-export 4.x: ``Dataset.load(xlsx, skip_lines=…)`` + ``ModelResource.import_data`` of the same file
   into the same model (its default row-by-row mode, which also writes simple_history rows through signals; the
   status through ``leistung_set_status`` in ``after_save_instance``, as the portal allows no other way);
4. the export of those rows as XLSX and CSV (``leistungen_export`` + ``export_bytes``);
5. a 10,000-row file as the admin page handles it: preview (read + dry run) and confirm (read + apply);
6. peak memory (maximum resident set size of the whole process) importing a 50,000-row file.

Goals (issue 3): importer ≤ 4 × openpyxl's bare read; ≥ 10 × faster than django-import-export; < 150 MB for
50,000 rows; no request past 30 s for 10,000 rows. The script prints each figure, the ratios and whether each goal
is met.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
GROUP_ROW = ["Basiseigenschaften der Leistungen", None, None, None, None, None, None, "Zuständigkeiten", None, None,
             None, "Status"]  # fmt: skip
HEADER = [
    "LeiKa-ID (ggf. vorläufig)",
    "Leistungsbezeichnung",
    "OZG-ID",
    "OZG-Leistung",
    "Themenfeld",
    "Lebenslage",
    "LeiKa-Typ",
    "Ressort in Hessen (Fachliche Zuständigkeit)",
    "Vollzugsbehörde / Zuständigkeit",
    "von Wiesbaden umzusetzen",
    "Amt",
    "Status",
    "zusätzliche Informationen",
    "Anträge pro Jahr",
]
TITLE_ROWS = [["Hessischer OZG-Umsetzungskatalog (Benchmark)"], ["Stand: Mai 2022"]]
SKIP_LINES = len(TITLE_ROWS) + 1  # rows above the header
AEMTER = [10, 15, 20, 32, 33, 34, 36, 37, 40, 50, 51, 53, 63, 67, 80]
STATUSES = ["Abgeschlossen", "Umsetzung", "Digitalisierungsfabrik", "Wartend"]
RESSORTS = ["HMdI", "HMSI", "HMWEVW", "HMdF", "HKM", "HMWK", "HMUKLV", "HMdJ", "HStK"]
WIESBADEN_SHARE = 512 / 5019


# --- the workbook ----------------------------------------------------------------------------------------------


def _read_fixture(name: str) -> list[dict[str, str]]:
    with open(FIXTURES / "ozg-katalog-2019" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def catalogue_rows(count: int) -> list[list]:
    """``count`` data rows in the deck's columns: the 2019 catalogue first, then synthetic Leistungen."""
    sys.path.insert(0, str(ROOT))
    from catalog.keys import InvalidKey, format_key, normalize_key

    buendel = {row["ozg_id"]: row for row in _read_fixture("ozg-leistungen.csv")}
    rows, seen = [], set()
    for source in _read_fixture("leika-leistungen.csv"):
        try:
            key = normalize_key(source["leika_schluessel"])
        except InvalidKey:
            continue
        if key in seen or source["ozg_id"] not in buendel:
            continue
        seen.add(key)
        rows.append((key, source["bezeichnung"][:500], source["leika_typ"], source["ozg_id"]))
        if len(rows) == count:
            break
    ozg_ids = sorted(buendel)
    number = 0
    while len(rows) < count:
        key = f"99{900000000000 + number:012d}"
        number += 1
        if key not in seen:
            rows.append((key, f"Synthetische Leistung {number}", "5", ozg_ids[number % len(ozg_ids)]))
    result = []
    for index, (key, name, typ, ozg_id) in enumerate(rows):
        b = buendel[ozg_id]
        wiesbaden = (index * 7919) % 10_000 < WIESBADEN_SHARE * 10_000
        result.append(
            [
                format_key(key),
                name,
                ozg_id,
                b["ozg_leistung"],
                b["themenfeld"],
                b["lebenslage"],
                typ,
                RESSORTS[index % len(RESSORTS)],
                "Kommune" if wiesbaden or "5" in typ else "Land",
                "x" if wiesbaden else None,
                AEMTER[index % len(AEMTER)] if wiesbaden else None,
                STATUSES[index % len(STATUSES)] if wiesbaden else None,
                "Hinweis zur Umsetzung" if index % 5 == 0 else None,
                (index * 37) % 5000 + 1 if wiesbaden else None,
            ]
        )
    return result


def build_workbook(path: Path, count: int, *, write_only: bool = True) -> Path:
    """The workbook; ``write_only=False`` writes it as Excel and LibreOffice do, with the sheet's size in a
    ``<dimension>`` element at its top. openpyxl's write-only mode leaves that element out, and openpyxl then
    reads such a sheet twice (once to find its size when the workbook is opened, once for the rows)."""
    from openpyxl import Workbook

    book = Workbook(write_only=write_only)
    if write_only:
        sheet = book.create_sheet("OZG-Katalog")
    else:
        sheet = book.active
        sheet.title = "OZG-Katalog"
    for values in [*TITLE_ROWS, GROUP_ROW, HEADER, *catalogue_rows(count)]:
        sheet.append(values)
    book.save(path)
    return path


# --- workers (each in a fresh process and database) ------------------------------------------------------------


def _setup_django(with_import_export: bool = False) -> None:
    import types

    os.environ.pop("DEBUG", None)  # DEBUG would keep every query in memory
    sys.path.insert(0, str(ROOT))
    shim = types.ModuleType("bench_import_settings")
    code = "from ozgportal.settings_test import *\n"
    if with_import_export:  # the baseline only: never in the portal's own settings
        code += "INSTALLED_APPS = [*INSTALLED_APPS, 'import_export']\n"
    exec(code, shim.__dict__)  # noqa: S102 - a fixed settings shim, no outside input
    sys.modules["bench_import_settings"] = shim
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_import_settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _seed_master_data() -> None:
    """The same master data for every importer: Ämter, Ressorts, Bündel with Themenfeld and Lebenslage."""
    from catalog.models import Amt, Lebenslage, Leistungsbuendel, Ressort, Themenfeld

    Amt.objects.bulk_create(Amt(nummer=n, name=f"Amt {n} (Benchmark)") for n in AEMTER)
    Ressort.objects.bulk_create(Ressort(name=name) for name in RESSORTS)
    themen = {t.name: t for t in Themenfeld.objects.all()}
    lagen, buendel = {}, []
    for row in _read_fixture("ozg-leistungen.csv"):
        key = (row["themenfeld"], row["lebenslage"])
        if key not in lagen:
            lagen[key] = Lebenslage(name=row["lebenslage"], themenfeld=themen[row["themenfeld"]])
        buendel.append((row, key))
    Lebenslage.objects.bulk_create(lagen.values())
    Leistungsbuendel.objects.bulk_create(
        Leistungsbuendel(
            ozg_id=row["ozg_id"], name=row["ozg_leistung"], themenfeld=lagen[key].themenfeld, lebenslage=lagen[key]
        )  # fmt: skip
        for row, key in buendel
    )


def _counts() -> dict:
    from catalog.models import Leistung, StatusAenderung

    return {
        "leistungen": Leistung.objects.count(),
        "statusaenderungen": StatusAenderung.objects.count(),
        "history": Leistung.history.count(),
    }


def worker_openpyxl(path: str, repeat: int) -> dict:
    from openpyxl import load_workbook

    times, rows = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        book = load_workbook(path, read_only=True, data_only=True)
        rows = sum(1 for _ in book.active.iter_rows(values_only=True))
        book.close()
        times.append(time.perf_counter() - started)
    return {"seconds": statistics.median(times), "rows": rows}


def worker_importer(path: str, repeat: int) -> dict:
    _setup_django()
    _seed_master_data()
    from catalog.exporting import leistungen_export
    from catalog.importing.apply import katalog_importieren
    from catalog.importing.katalog import read_katalog
    from catalog.models import Leistung
    from toolkit.export import export_bytes

    started = time.perf_counter()
    ergebnis = katalog_importieren(read_katalog(path))
    first = time.perf_counter() - started
    assert ergebnis.geschrieben and not ergebnis.fehler, ergebnis.zusammenfassung()
    counts = _counts()

    again = []
    for _ in range(repeat):
        started = time.perf_counter()
        ergebnis = katalog_importieren(read_katalog(path))
        again.append(time.perf_counter() - started)
        assert not ergebnis.hat_aenderungen, ergebnis.zusammenfassung()
    assert _counts() == counts

    exports = {}
    for fmt in ("xlsx", "csv"):
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            data = export_bytes(leistungen_export(Leistung.objects.order_by("leika_schluessel")), fmt=fmt)
            times.append(time.perf_counter() - started)
        exports[fmt] = {"seconds": statistics.median(times), "bytes": len(data)}
    return {
        "first_import": first,
        "reimport": statistics.median(again),
        "status_changes": ergebnis.statusaenderungen or counts["statusaenderungen"],
        "counts": counts,
        "export": exports,
    }


def worker_import_export(path: str, repeat: int) -> dict:
    _setup_django(with_import_export=True)
    _seed_master_data()
    import tablib
    from django.utils import timezone
    from import_export import fields, resources, widgets

    from catalog.keys import normalize_key
    from catalog.models import Amt, Leistung, Leistungsbuendel, Ressort, Status
    from catalog.services import leistung_set_status

    statuses = {s.bezeichnung: s for s in Status.objects.all()}
    heute = timezone.localdate()

    class KeyWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return normalize_key(value)

    class JaNeinWidget(widgets.BooleanWidget):
        def clean(self, value, row=None, **kwargs):
            return str(value or "").strip().lower() in {"x", "ja", "1", "wahr"}

    class VollzugWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return {"Kommune": "kommune", "Land": "land", "Bund": "bund"}.get(str(value or "").strip(), "")

    class LeistungResource(resources.ModelResource):
        leika_schluessel = fields.Field("leika_schluessel", HEADER[0], widget=KeyWidget())
        bezeichnung = fields.Field("bezeichnung", HEADER[1])
        buendel = fields.Field("buendel", HEADER[2], widget=widgets.ForeignKeyWidget(Leistungsbuendel, "ozg_id"))
        leika_typ = fields.Field("leika_typ", HEADER[6], widget=widgets.CharWidget(allow_blank=True))
        ressort = fields.Field("ressort", HEADER[7], widget=widgets.ForeignKeyWidget(Ressort, "name"))
        vollzugsebene = fields.Field("vollzugsebene", HEADER[8], widget=VollzugWidget())
        von_wiesbaden_umzusetzen = fields.Field("von_wiesbaden_umzusetzen", HEADER[9], widget=JaNeinWidget())
        amt = fields.Field("amt", HEADER[10], widget=widgets.ForeignKeyWidget(Amt, "nummer"))
        zusaetzliche_informationen = fields.Field(
            "zusaetzliche_informationen", HEADER[12], widget=widgets.CharWidget(allow_blank=True)
        )
        antraege_pro_jahr = fields.Field("antraege_pro_jahr", HEADER[13], widget=widgets.IntegerWidget())

        class Meta:
            model = Leistung
            import_id_fields = ["leika_schluessel"]
            fields = [
                "leika_schluessel", "bezeichnung", "buendel", "leika_typ", "ressort", "vollzugsebene",
                "von_wiesbaden_umzusetzen", "amt", "zusaetzliche_informationen", "antraege_pro_jahr",
            ]  # fmt: skip
            skip_unchanged = True

        def after_save_instance(self, instance, row, **kwargs):
            # The portal writes a status only through its status service (a run-time guard refuses anything
            # else), so the baseline sets it the same way as this importer: same work, same history rows.
            label = row.get(HEADER[11])
            if label and not kwargs.get("dry_run"):
                leistung_set_status(leistung=instance, status=statuses[label], gueltig_ab=heute, grund="Import")

    started = time.perf_counter()
    with open(path, "rb") as handle:
        dataset = tablib.Dataset().load(handle.read(), format="xlsx", skip_lines=SKIP_LINES)
    result = LeistungResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    seconds = time.perf_counter() - started
    assert not result.has_errors() and not result.has_validation_errors()
    counts = _counts()
    assert counts["leistungen"] == len(dataset) and counts["statusaenderungen"] > 0
    return {"first_import": seconds, "counts": counts, "rows": len(dataset)}


def worker_request(path: str, repeat: int) -> dict:
    """The admin page's two requests for a large file: preview (read + dry run), confirm (read + apply)."""
    _setup_django()
    _seed_master_data()
    from catalog.importing.apply import katalog_importieren
    from catalog.importing.katalog import read_katalog

    started = time.perf_counter()
    preview = katalog_importieren(read_katalog(path), dry_run=True)
    preview_seconds = time.perf_counter() - started
    started = time.perf_counter()
    confirm = katalog_importieren(read_katalog(path))
    confirm_seconds = time.perf_counter() - started
    assert confirm.geschrieben and len(confirm.neu) == len(preview.neu)
    started = time.perf_counter()
    katalog_importieren(read_katalog(path), dry_run=True)
    repreview_seconds = time.perf_counter() - started
    return {
        "preview": preview_seconds,
        "confirm": confirm_seconds,
        "preview_loaded": repreview_seconds,
        "counts": _counts(),
    }


def worker_memory(path: str, repeat: int) -> dict:
    import resource

    _setup_django()
    _seed_master_data()
    from catalog.importing.apply import katalog_importieren
    from catalog.importing.katalog import read_katalog

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    ergebnis = katalog_importieren(read_katalog(path))
    seconds = time.perf_counter() - started
    assert ergebnis.geschrieben and not ergebnis.fehler
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"before_mb": before, "peak_mb": peak, "seconds": seconds, "counts": _counts()}


WORKERS = {
    "openpyxl": worker_openpyxl,
    "importer": worker_importer,
    "import_export": worker_import_export,
    "request": worker_request,
    "memory": worker_memory,
}


# --- parent ----------------------------------------------------------------------------------------------------


class Database:
    """A fresh database per worker: a temporary SQLite file, or a new PostgreSQL database next to ``url``."""

    def __init__(self, url: str | None, folder: Path):
        self.url, self.folder, self.number = url, folder, 0

    def new(self) -> tuple[str, callable]:
        self.number += 1
        if not self.url:
            return f"sqlite:///{self.folder / f'bench-{self.number}.sqlite3'}", lambda: None
        import psycopg

        name = f"bench_import_{os.getpid()}_{self.number}"
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(self.url)

        def drop():
            with psycopg.connect(self.url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return urlunsplit(parts._replace(path=f"/{name}")), drop


def run_worker(kind: str, path: Path, repeat: int, databases: Database) -> dict:
    url, drop = databases.new()
    env = {**os.environ, "DATABASE_URL": url}
    try:
        output = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, "--worker", kind, "--file", str(path), "--repeat", str(repeat)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stderr)
        raise
    finally:
        drop()
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5019)
    parser.add_argument("--request-rows", type=int, default=10_000)
    parser.add_argument("--memory-rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default=None, help="PostgreSQL server to create the databases on")
    parser.add_argument("--worker", choices=WORKERS, help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(WORKERS[args.worker](args.file, args.repeat)))
        return

    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        folder = Path(folder)
        databases = Database(args.database_url, folder)
        started = time.perf_counter()
        decks = {
            "wie von Excel gespeichert (mit Größenangabe)": build_workbook(
                folder / "deck.xlsx", args.rows, write_only=False
            ),
            "aus dem Schreibmodus von openpyxl (ohne Größenangabe)": build_workbook(
                folder / "deck-write-only.xlsx", args.rows
            ),
        }
        large = build_workbook(folder / "gross.xlsx", args.request_rows)
        huge = build_workbook(folder / "sehr-gross.xlsx", args.memory_rows)
        print(f"Arbeitsmappen gebaut ({time.perf_counter() - started:.1f} s): {args.rows} Zeilen (zwei Fassungen), "
              f"{args.request_rows}, {args.memory_rows} Zeilen im Layout des Foliensatzes")  # fmt: skip
        print(f"Datenbank: {'PostgreSQL' if args.database_url else 'SQLite'}")

        results = {}
        for label, deck in decks.items():
            results[label] = (
                run_worker("openpyxl", deck, args.repeat, databases),
                run_worker("importer", deck, args.repeat, databases),
                run_worker("import_export", deck, args.repeat, databases),
            )
        request = run_worker("request", large, args.repeat, databases)
        memory = run_worker("memory", huge, args.repeat, databases)

    for label, (bare, ours, theirs) in results.items():
        report(args.rows, label, bare, ours, theirs)
    slowest = max(request["preview"], request["confirm"], request["preview_loaded"])
    print(f"\n{args.request_rows} Zeilen über die Verwaltungsseite: Vorschau {request['preview']:.2f} s, "
          f"Übernehmen {request['confirm']:.2f} s, Vorschau bei gefülltem Katalog {request['preview_loaded']:.2f} s "
          f"(Ziel: jede Anfrage unter 30 s)  {'erfüllt' if slowest < 30 else 'NICHT erfüllt'}")  # fmt: skip
    print(f"{args.memory_rows} Zeilen: Spitzenspeicher des Prozesses {memory['peak_mb']:.0f} MB "
          f"(davor {memory['before_mb']:.0f} MB), Import {memory['seconds']:.1f} s "
          f"(Ziel: unter 150 MB)  {'erfüllt' if memory['peak_mb'] < 150 else 'NICHT erfüllt'}")  # fmt: skip


def report(n: int, label: str, bare: dict, ours: dict, theirs: dict) -> None:
    ratio_read = ours["first_import"] / bare["seconds"]
    ratio_iex = theirs["first_import"] / ours["first_import"]
    rows = [
        ("openpyxl, nur lesen", bare["seconds"], ""),
        ("dieser Import (leere DB)", ours["first_import"], f"{ours['counts']['leistungen']} Leistungen, "
         f"{ours['counts']['statusaenderungen']} Statusänderungen, {ours['counts']['history']} Historienzeilen"),
        ("dieser Import, erneut (keine Änderung)", ours["reimport"], "0 Schreibvorgänge"),
        ("django-import-export 4.x (leere DB)", theirs["first_import"], f"{theirs['counts']['leistungen']} Leistungen, "
         f"{theirs['counts']['statusaenderungen']} Statusänderungen, {theirs['counts']['history']} Historienzeilen"),
        ("Export XLSX", ours["export"]["xlsx"]["seconds"], f"{ours['export']['xlsx']['bytes'] // 1024} KB"),
        ("Export CSV", ours["export"]["csv"]["seconds"], f"{ours['export']['csv']['bytes'] // 1024} KB"),
    ]  # fmt: skip
    print(f"\n{n} Zeilen, Arbeitsmappe {label}")
    for name, seconds, note in rows:
        print(f"  {name:<42} {seconds:8.2f} s   {note}")
    print(f"  Import / openpyxl-Lesen: {ratio_read:.1f} ×   (Ziel: höchstens 4 ×)  "
          f"{'erfüllt' if ratio_read <= 4 else 'NICHT erfüllt'}")  # fmt: skip
    print(f"  django-import-export / Import: {ratio_iex:.1f} ×   (Ziel: mindestens 10 ×)  "
          f"{'erfüllt' if ratio_iex >= 10 else 'NICHT erfüllt'}")  # fmt: skip


if __name__ == "__main__":
    main()
