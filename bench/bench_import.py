"""Times the catalogue import side by side with openpyxl's bare read and a tuned django-import-export, in one run.

    .venv/bin/python bench/bench_import.py                      # SQLite (a temporary file per measurement)
    .venv/bin/python bench/bench_import.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/bench_import.py --extras             # also export, admin requests, peak memory

A workbook in the deck's layout (title rows, a row of group headings, the header, then one row per LeiKa-Leistung;
keys as dotted text; a status, an Amt and a note for the Leistungen "von Wiesbaden umzusetzen", as in the deck),
saved as Excel and LibreOffice save it, from the 2019 catalogue in ``fixtures/`` (5,019 rows). Imported:

- into an **empty** catalogue (migrated, the same master data for both importers: Ämter, Ressorts, Bündel);
- into a **populated** catalogue: one that holds the previous version of the same 5,019 Leistungen (imported
  before, 30 days earlier: every row with another Amt, another status and another note), so that the file updates
  nearly every Leistung (Amt, notes) and sets a new status for those "von Wiesbaden umzusetzen": the update path
  Amt 15 lives on, importing each new version of the catalogue into the running portal. (The demo is not used
  here: since it holds only 1,812 Leistungsobjekte, most rows would be new.)

Measured, each in its own process on a fresh copy of the prepared database (SQLite: a copied file; PostgreSQL: a
database made from a template), in rounds that alternate the kinds so that changing load hits all of them alike:

1. openpyxl alone: ``load_workbook(read_only=True)`` and every row's values (the read the goals name); and
   python-calamine alone (the fastest bare read, which this importer uses where it is safe), for comparison;
2. this importer: ``read_katalog`` + ``katalog_importieren`` (validation, the services' set-based writes with
   their audit rows, status changes through the status service), empty and populated, and the same file again
   (no change);
3. django-import-export 4.4.3 tuned with its documented options: ``skip_html_diff``, ``CachedInstanceLoader``,
   bulk mode (``use_bulk``), ``skip_unchanged``, and foreign keys looked up from a cache (a ``ForeignKeyWidget``
   that loads each table once). The same rows, history and database: its bulk writes go through simple_history's
   ``bulk_create_with_history`` / ``bulk_update_with_history``, its statuses through the portal's status service.

Every figure is the median of ``--rounds`` runs (at least 3) and is printed with the load average (1 minute) at the
start of each of its runs: the machine is shared, ratios measured in the same rounds are what to compare. Goals
(issue 15): this import ≤ 3 × openpyxl's read into an empty catalogue, ≤ 4 × into a populated one, and ≥ 10 ×
faster than the tuned django-import-export in both.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
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
KINDS = ("openpyxl", "calamine", "ours_empty", "iex_empty", "iexrows_empty", "ours_populated", "iex_populated")


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


def previous_version(rows: list[list]) -> list[list]:
    """The same Leistungen as an older version of the catalogue had them: another Amt, status and note each."""
    return [
        [*row[:10], AEMTER[(index + 3) % len(AEMTER)], STATUSES[(index + 1) % len(STATUSES)], "Hinweis der Vorfassung",
         row[13]]
        for index, row in enumerate(rows)
    ]  # fmt: skip


def build_workbook(path: Path, count: int, *, write_only: bool = False, previous: bool = False) -> Path:
    """The workbook as Excel and LibreOffice save it (the sheet's size in a ``<dimension>`` element); with
    ``write_only`` as openpyxl's write-only mode (the portal's own export) saves it, without that element."""
    from openpyxl import Workbook

    book = Workbook(write_only=write_only)
    if write_only:
        sheet = book.create_sheet("OZG-Katalog")
    else:
        sheet = book.active
        sheet.title = "OZG-Katalog"
    rows = catalogue_rows(count)
    for values in [*TITLE_ROWS, GROUP_ROW, HEADER, *(previous_version(rows) if previous else rows)]:
        sheet.append(values)
    book.save(path)
    return path


# --- workers (each in a fresh process and database) ------------------------------------------------------------


def _setup_django(with_import_export: bool = False, migrate: bool = False) -> None:
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
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def _seed_master_data() -> None:
    """The master data of the empty catalogue: Ämter, Ressorts, Bündel with Themenfeld and Lebenslage."""
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


def worker_prepare(argument: str) -> dict:
    """Make the template database: migrated, with the master data (``empty``), and the previous version of the
    catalogue imported 30 days ago (``populated``; the argument names the workbook to build it from)."""
    _setup_django(migrate=True)
    _seed_master_data()
    kind, _, rows = argument.partition(":")
    if kind == "populated":
        import datetime as dt

        from django.utils import timezone

        from catalog.importing.apply import katalog_importieren
        from catalog.importing.katalog import read_katalog

        with tempfile.TemporaryDirectory() as folder:
            path = build_workbook(Path(folder) / "vorfassung.xlsx", int(rows), previous=True)
            stichtag = timezone.localdate() - dt.timedelta(days=30)
            assert katalog_importieren(read_katalog(path), stichtag=stichtag).geschrieben
    return _counts()


def worker_openpyxl(path: str) -> dict:
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for _ in book.active.iter_rows(values_only=True))
    book.close()
    return {"seconds": time.perf_counter() - started, "rows": rows}


def worker_calamine(path: str) -> dict:
    """The fastest bare read there is: python-calamine (Rust), every row's values, as the importer reads."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    book = CalamineWorkbook.from_path(path)
    rows = sum(1 for _ in book.get_sheet_by_index(0).iter_rows())
    book.close()
    return {"seconds": time.perf_counter() - started, "rows": rows}


def _ours(path: str, *, again: bool) -> dict:
    _setup_django()
    from catalog.importing.apply import katalog_importieren
    from catalog.importing.katalog import read_katalog

    before = _counts()
    started = time.perf_counter()
    ergebnis = katalog_importieren(read_katalog(path))
    seconds = time.perf_counter() - started
    assert ergebnis.geschrieben and not ergebnis.fehler, ergebnis.zusammenfassung()
    result = {
        "seconds": seconds,
        "before": before,
        "counts": _counts(),
        "neu": len(ergebnis.neu),
        "geaendert": len(ergebnis.geaendert),
        "statusaenderungen": ergebnis.statusaenderungen,
    }
    if again:
        counts = _counts()
        started = time.perf_counter()
        ergebnis = katalog_importieren(read_katalog(path))
        result["again"] = time.perf_counter() - started
        assert not ergebnis.hat_aenderungen and _counts() == counts, ergebnis.zusammenfassung()
    return result


def worker_ours_empty(path: str) -> dict:
    return _ours(path, again=True)


def worker_ours_populated(path: str) -> dict:
    return _ours(path, again=False)


def _import_export(path: str, *, bulk: bool = True) -> dict:
    _setup_django(with_import_export=True)
    from baseline_import_export import import_file

    before = _counts()
    result = import_file(path, header=HEADER, skip_lines=SKIP_LINES, bulk=bulk)
    return {**result, "before": before, "counts": _counts()}


def worker_iex_empty(path: str) -> dict:
    return _import_export(path)


def worker_iexrows_empty(path: str) -> dict:
    return _import_export(path, bulk=False)


def worker_iex_populated(path: str) -> dict:
    return _import_export(path)


def worker_export(path: str) -> dict:
    """The export of the imported catalogue and openpyxl's bare write of the same rows (``bench_export.py``)."""
    _setup_django()
    from bench_export import ARTEN, messen

    return {art: messen(art) for art in ARTEN}


def worker_request(path: str) -> dict:
    """The admin page's two requests for a large file: preview (read + dry run), confirm (read + apply)."""
    _setup_django()
    from catalog.importing.apply import katalog_importieren
    from catalog.importing.katalog import read_katalog

    started = time.perf_counter()
    preview = katalog_importieren(read_katalog(path), dry_run=True)
    preview_seconds = time.perf_counter() - started
    started = time.perf_counter()
    confirm = katalog_importieren(read_katalog(path), versionen=preview.versionen)
    confirm_seconds = time.perf_counter() - started
    assert confirm.geschrieben and len(confirm.neu) == len(preview.neu)
    return {"preview": preview_seconds, "confirm": confirm_seconds}


def worker_memory(path: str) -> dict:
    import resource

    _setup_django()
    from catalog.importing.apply import katalog_importieren
    from catalog.importing.katalog import read_katalog

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    ergebnis = katalog_importieren(read_katalog(path))
    seconds = time.perf_counter() - started
    assert ergebnis.geschrieben and not ergebnis.fehler
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"before_mb": before, "peak_mb": peak, "seconds": seconds}


WORKERS = {name: function for name, function in globals().items() if name.startswith("worker_") and callable(function)}


# --- parent ----------------------------------------------------------------------------------------------------


class Databases:
    """Prepared template databases and fresh copies of them: files for SQLite, ``TEMPLATE`` on PostgreSQL."""

    def __init__(self, url: str | None, folder: Path, rows: int, prefix: str = "bench_import"):
        self.url, self.folder, self.number, self.templates, self.rows = url, folder, 0, {}, rows
        self.prefix = prefix

    def _name(self) -> str:
        self.number += 1
        return f"{self.prefix}_{os.getpid()}_{self.number}"

    def _url(self, name: str) -> str:
        if not self.url:
            return f"sqlite:///{self.folder / f'{name}.sqlite3'}"
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{name}"))

    def _sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(statement)

    def prepare(self, kind: str) -> dict:
        name = self._name()
        if self.url:
            self._sql(f'CREATE DATABASE "{name}"')
        counts = run("prepare", f"{kind}:{self.rows}", self._url(name))
        self.templates[kind] = name
        return counts

    def copy(self, kind: str) -> tuple[str, callable]:
        name, template = self._name(), self.templates[kind]
        if not self.url:
            shutil.copyfile(self.folder / f"{template}.sqlite3", self.folder / f"{name}.sqlite3")
            return self._url(name), lambda: (self.folder / f"{name}.sqlite3").unlink()
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self._url(name), lambda: self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_templates(self) -> None:
        if self.url:
            for name in self.templates.values():
                self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(kind: str, argument: str, url: str | None = None) -> dict:
    env = {**os.environ, **({"DATABASE_URL": url} if url else {})}
    try:
        output = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, "--worker", kind, "--file", argument],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stderr)
        raise
    return json.loads(output.strip().splitlines()[-1])


def measure(kind: str, path: Path, databases: Databases, template: str | None) -> dict:
    load = os.getloadavg()[0]
    if template is None:
        result = run(kind, str(path))
    else:
        url, drop = databases.copy(template)
        try:
            result = run(kind, str(path), url)
        finally:
            drop()
    result["load"] = load
    return result


def _median(results: list[dict], key: str = "seconds") -> float:
    return statistics.median(result[key] for result in results)


def _loads(results: list[dict]) -> str:
    return "Last " + "/".join(f"{result['load']:.1f}".replace(".", ",") for result in results)


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s".replace(".", ",")


def _x(ratio: float) -> str:
    return f"{ratio:.1f} ×".replace(".", ",")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5019)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=None, help="PostgreSQL server to create the databases on")
    parser.add_argument("--praefix", default="bench_import", help="name prefix of the databases it makes")
    parser.add_argument("--extras", action="store_true", help="also export, admin requests, peak memory")
    parser.add_argument("--request-rows", type=int, default=10_000)
    parser.add_argument("--memory-rows", type=int, default=50_000)
    parser.add_argument("--worker", choices=[name.removeprefix("worker_") for name in WORKERS], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(WORKERS[f"worker_{args.worker}"](args.file)))
        return
    if args.rounds < 3:
        parser.error("--rounds: mindestens 3 (Median)")

    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        folder = Path(folder)
        databases = Databases(args.database_url, folder, args.rows, args.praefix)
        started = time.perf_counter()
        deck = build_workbook(folder / "deck.xlsx", args.rows)
        gebaut = time.perf_counter() - started
        print(f"Arbeitsmappe mit {args.rows} Zeilen im Layout des Foliensatzes gebaut ({gebaut:.1f} s); Datenbank: "
              f"{'PostgreSQL' if args.database_url else 'SQLite'}; Last zu Beginn {os.getloadavg()[0]:.1f}"
              .replace(".", ","))  # fmt: skip
        try:
            prepared = {kind: databases.prepare(kind) for kind in ("empty", "populated")}
            print(f"Vorbereitet: leerer Katalog; Katalog mit der Vorfassung ({prepared['populated']['leistungen']} "
                  f"Leistungen, {prepared['populated']['statusaenderungen']} Statusänderungen)")  # fmt: skip
            results = {kind: [] for kind in KINDS}
            for number in range(args.rounds):
                order = KINDS[number % len(KINDS) :] + KINDS[: number % len(KINDS)]  # alternate who goes first
                for kind in order:
                    template = None if kind in ("openpyxl", "calamine") else kind.split("_")[1]
                    results[kind].append(measure(kind, deck, databases, template))
                print(f"  Runde {number + 1} fertig (Last {os.getloadavg()[0]:.1f})".replace(".", ","))
            report(args.rows, results)
            if args.extras:
                extras(args, folder, databases, deck)
        finally:
            databases.drop_templates()


def report(rows: int, results: dict[str, list[dict]]) -> None:
    bare = _median(results["openpyxl"])
    print(f"\n{rows} Zeilen, Median von {len(results['openpyxl'])} Läufen je Zeile (Sekunden; Last = 1-Minuten-Mittel "
          "zu Beginn jedes Laufs)")  # fmt: skip
    print(f"  {'openpyxl, nur lesen':<46} {_s(bare):>9}   {_loads(results['openpyxl'])}")
    fastest = _median(results["calamine"])
    print(f"  {'calamine, nur lesen':<46} {_s(fastest):>9}   {_loads(results['calamine'])}")
    for case, label in (("empty", "leerer Katalog"), ("populated", "Katalog mit der Vorfassung derselben Leistungen")):
        ours, theirs, rowwise = results[f"ours_{case}"], results[f"iex_{case}"], results.get(f"iexrows_{case}")
        o, t = _median(ours), _median(theirs)
        first = ours[0]
        what = (f"{first['neu']} neu, {first['geaendert']} geändert, {first['statusaenderungen']} Statusänderungen, "
                f"{first['counts']['history'] - first['before']['history']} Protokollzeilen")  # fmt: skip
        goal = 3 if case == "empty" else 4
        print(f"\n  {label}: {what}")
        print(f"  {'dieser Import':<46} {_s(o):>9}   {_loads(ours)}")
        if "again" in first:
            print(f"  {'derselbe Import erneut (keine Änderung)':<46} {_s(_median(ours, 'again')):>9}")
        if rowwise:
            r = _median(rowwise)
            print(f"  {'django-import-export, abgestimmt, zeilenweise':<46} {_s(r):>9}   {_loads(rowwise)}   "
                  f"(dieser Import schneller um {_x(r / o)})")  # fmt: skip
        print(f"  {'django-import-export, abgestimmt, Massenmodus':<46} {_s(t):>9}   {_loads(theirs)}   "
              f"({theirs[0]['counts']['history'] - theirs[0]['before']['history']} Protokollzeilen, "
              f"{theirs[0]['counts']['statusaenderungen'] - theirs[0]['before']['statusaenderungen']} "
              "Statusänderungen)")  # fmt: skip
        print(f"  Import / openpyxl-Lesen: {_x(o / bare)} (Ziel höchstens {goal} ×)  "
              f"{'erfüllt' if o / bare <= goal else 'NICHT erfüllt'}")  # fmt: skip
        print(f"  Import / calamine-Lesen: {_x(o / fastest)} (zum Vergleich; das Ziel nennt openpyxl)")
        print(f"  django-import-export / Import: {_x(t / o)} (Ziel mindestens 10 ×)  "
              f"{'erfüllt' if t / o >= 10 else 'NICHT erfüllt'}")  # fmt: skip


def extras(args, folder: Path, databases: Databases, deck: Path) -> None:
    """Once each: the export of the imported catalogue, the admin's two requests for a large file, peak memory."""
    url, drop = databases.copy("empty")
    try:
        run("ours_empty", str(deck), url)
        export = run("export", str(deck), url)
    finally:
        drop()
    print(f"\nExport XLSX / CSV: {_s(export['export_xlsx']['s'])} / {_s(export['export_csv']['s'])}, openpyxl "
          f"write-only derselben Zeilen {_s(export['openpyxl']['s'])}: XLSX = "
          f"{_x(export['export_xlsx']['s'] / export['openpyxl']['s'])} (Ziel höchstens 2 ×; einmal gemessen, "
          f"Mediane mit bench_export) (Last {os.getloadavg()[0]:.1f})".replace(".", ","))  # fmt: skip
    large = build_workbook(folder / "gross.xlsx", args.request_rows, write_only=True)
    request = measure("request", large, databases, "empty")
    slowest = max(request["preview"], request["confirm"])
    print(f"{args.request_rows} Zeilen über die Verwaltungsseite: Vorschau {_s(request['preview'])}, Übernehmen "
          f"{_s(request['confirm'])} (Ziel: jede Anfrage unter 30 s)  "
          f"{'erfüllt' if slowest < 30 else 'NICHT erfüllt'}")  # fmt: skip
    huge = build_workbook(folder / "sehr-gross.xlsx", args.memory_rows, write_only=True)
    memory = measure("memory", huge, databases, "empty")
    print(f"{args.memory_rows} Zeilen: Spitzenspeicher des Prozesses {memory['peak_mb']:.0f} MB "
          f"(davor {memory['before_mb']:.0f} MB), Import {_s(memory['seconds'])} "
          f"(Ziel: unter 150 MB)  {'erfüllt' if memory['peak_mb'] < 150 else 'NICHT erfüllt'}")  # fmt: skip


if __name__ == "__main__":
    main()
