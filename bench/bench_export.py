"""Times the Leistung export as XLSX side by side with openpyxl's bare write-only save of the same rows and columns.

    .venv/bin/python bench/bench_export.py                                   # SQLite ×1
    .venv/bin/python bench/bench_export.py --pg postgres://postgres@127.0.0.1:5432/postgres --behalten
    .venv/bin/python bench/bench_export.py --pg … --faktoren 1 10 --praefix bench_seiten   # the page bench's data

On the databases of the page bench (``bench/datenbanken.py``: ``generate_scale_data --factor N`` plus what the
pages show; at factor 1 4,813 Leistungen; a database kept by ``--behalten`` of either bench is used again), each
measurement in a process of its own, the kinds and databases alternating from round to round:

- **Export**: what the admin's "Export XLSX" writes for all Leistungen, ``leistungen_export`` over
  ``Leistung.objects.order_by("leika_schluessel")`` into ``toolkit.export.export_bytes`` – the query, the values,
  the styled cells (text format for the key columns, date format), the file; the same for CSV;
- **openpyxl bare**: the same header and rows (read beforehand, untimed, as the export hands them to the writer)
  appended as plain values to ``Workbook(write_only=True)`` and saved into a temporary file, nothing else.

Every figure is the median of ``--runden`` runs (at least 3), printed with the load average (1 minute) at the start
of each run. Goal (issue 15): the export at most 2 × openpyxl's bare write.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datenbanken import Datenbank, bereitstellen, datenbank, de, django_einrichten, last, loeschen, starten  # noqa: E402

ZIEL = 2.0
ARTEN = ("export_xlsx", "openpyxl", "export_csv")


def _tabelle():
    from catalog.exporting import leistungen_export
    from catalog.models import Leistung

    return leistungen_export(Leistung.objects.order_by("leika_schluessel"))


def messen(art: str) -> dict:
    """Worker: one measurement of ``art`` on the database Django is set up with."""
    from toolkit.export import export_bytes

    if art.startswith("export_"):
        for _ in range(2):  # the first to warm up (imports, connection), the second timed
            gestartet = time.perf_counter()
            daten = export_bytes(_tabelle(), fmt=art.removeprefix("export_"), sheet_title="Leistungen")
            sekunden = time.perf_counter() - gestartet
        return {"s": sekunden, "bytes": len(daten)}
    from openpyxl import Workbook

    tabelle = _tabelle()
    zeilen = [list(zeile) for zeile in tabelle.rows]
    zellen = sum(1 for zeile in zeilen for wert in zeile if wert is not None)
    for _ in range(2):  # as above
        with tempfile.TemporaryFile() as datei:
            gestartet = time.perf_counter()
            buch = Workbook(write_only=True)
            blatt = buch.create_sheet("Leistungen")
            blatt.append(list(tabelle.header))
            for zeile in zeilen:
                blatt.append(zeile)
            buch.save(datei)
            sekunden = time.perf_counter() - gestartet
            groesse = datei.tell()
    return {"s": sekunden, "bytes": groesse, "zeilen": len(zeilen), "zellen": zellen}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg", help="PostgreSQL-Server (URL einer beliebigen Datenbank darauf)")
    parser.add_argument("--faktoren", type=float, nargs="*", default=[1])
    parser.add_argument("--ohne-sqlite", action="store_true")
    parser.add_argument("--runden", type=int, default=5)
    parser.add_argument("--praefix", default="bench_seiten", help="Namensanfang der Datenbanken")
    parser.add_argument("--ordner", type=Path, default=Path(tempfile.gettempdir()), help="Ordner der SQLite-Dateien")
    parser.add_argument("--behalten", action="store_true", help="Datenbanken für den nächsten Lauf behalten")
    parser.add_argument("--messen", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.messen:
        django_einrichten()
        print(json.dumps(messen(args.messen)))
        return
    if args.runden < 3:
        parser.error("--runden: mindestens 3 (Median)")
    dbs = [] if args.ohne_sqlite else [
        datenbank("SQLite", f, prefix=args.praefix, ordner=args.ordner, server=None) for f in args.faktoren
    ]  # fmt: skip
    if args.pg:
        dbs += [
            datenbank("PostgreSQL", f, prefix=args.praefix, ordner=args.ordner, server=args.pg) for f in args.faktoren
        ]
    if not dbs:
        parser.error("keine Datenbank")
    try:
        bereitstellen(dbs)
        ergebnisse: dict[Datenbank, dict[str, list[dict]]] = {db: {art: [] for art in ARTEN} for db in dbs}
        laeufe = [(db, art) for db in dbs for art in ARTEN]
        for runde in range(args.runden):
            versatz = runde % len(laeufe)
            for db, art in laeufe[versatz:] + laeufe[:versatz]:
                load = last()
                prozess = starten(__file__, db, "--messen", art)
                stdout, stderr = prozess.communicate()
                if prozess.returncode:
                    sys.stderr.write(stderr)
                    raise SystemExit(f"{art} auf {db.name} fehlgeschlagen.")
                ergebnisse[db][art].append({**json.loads(stdout.strip().splitlines()[-1]), "last": load})
            print(f"  Runde {runde + 1} fertig (Last {de(last())})", file=sys.stderr, flush=True)
        bericht(dbs, ergebnisse)
    finally:
        if not args.behalten:
            for db in dbs:
                loeschen(db)


def bericht(dbs: list[Datenbank], ergebnisse: dict) -> None:
    print(f"\nMedian von {len(ergebnisse[dbs[0]]['openpyxl'])} Läufen (Last = 1-Minuten-Mittel zu Beginn jedes Laufs)")
    verfehlt = []
    for db in dbs:
        e = ergebnisse[db]
        m = {art: statistics.median(r["s"] for r in e[art]) for art in ARTEN}
        roh = e["openpyxl"][0]
        print(f"\n{db.bezeichnung}: {de(roh['zeilen'], 0)} Leistungen, {de(roh['zellen'], 0)} gefüllte Zellen")
        for art, label in (
            ("openpyxl", "openpyxl write-only, nur schreiben"),
            ("export_xlsx", "Export XLSX"),
            ("export_csv", "Export CSV"),
        ):
            lasten = "/".join(de(r["last"]) for r in e[art])
            print(
                f"  {label:<36} {de(m[art] * 1000, 0):>7} ms  {de(e[art][0]['bytes'] / 1024, 0):>6} KB  Last {lasten}"
            )
        verhaeltnis = m["export_xlsx"] / m["openpyxl"]
        print(f"  Export XLSX / openpyxl: {de(verhaeltnis)} × (Ziel höchstens {de(ZIEL)} ×)")
        if verhaeltnis > ZIEL:
            verfehlt.append(f"{db.bezeichnung} {de(verhaeltnis)} ×")
    print("\nVerfehlt: " + ("; ".join(verfehlt) if verfehlt else "nichts"))


if __name__ == "__main__":
    main()
