"""Times every figure selector at the demo's size and at 10×, on SQLite and on PostgreSQL, in one run.

    .venv/bin/python bench/bench_selectors.py                    # SQLite only
    DATABASE_URL_PG=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_selectors.py

For each database and factor a worker process gets a fresh, empty database (a temporary SQLite file, or a new
PostgreSQL database created next to the one in DATABASE_URL_PG and dropped afterwards), migrates it, builds the
synthetic catalogue with ``generate_scale_data --factor N`` and two Erhebungen, and times each selector
(median of ``--repeat`` runs, after one warm-up run) and counts its queries. The parent prints one table with
the times, the ratio 10× / 1× and the query counts, which must be the same at both sizes.
"""

from __future__ import annotations

import argparse
import io
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


def _selectors():
    """(name, callable) for every selector, with realistic arguments."""
    import datetime as dt

    from django.utils import timezone

    from catalog import selectors as s
    from catalog.models import Amt, Erhebung

    heute = timezone.localdate()
    amt = Amt.objects.get(nummer=33)
    dez, mai = Erhebung.objects.order_by("stichtag")[:2]
    return [
        ("status_stand (Wiesbaden)", lambda: s.status_stand(stichtag=heute)),
        ("status_stand (Katalog)", lambda: s.status_stand(stichtag=heute, basis=s.Basis.KATALOG)),
        ("status_stand (ein Amt)", lambda: s.status_stand(stichtag=dt.date(2022, 5, 15), amt=amt)),
        ("status_stand_nach_amt", lambda: s.status_stand_nach_amt(stichtag=heute)),
        ("status_stand_nach_themenfeld", lambda: s.status_stand_nach_themenfeld(stichtag=heute)),
        ("wochenverlauf (52 Wochen)", lambda: s.wochenverlauf(von=heute - dt.timedelta(days=364), bis=heute)),
        ("wochenverlauf (seit 2021)", lambda: s.wochenverlauf(von=dt.date(2021, 1, 4), bis=heute)),
        ("vergleich (Erhebung/Erhebung)", lambda: s.vergleich(alt=dez, neu=mai)),
        ("vergleich (Erhebung/heute)", lambda: s.vergleich(alt=mai)),
        ("erhebung_stand", lambda: s.erhebung_stand(erhebung=mai)),
        ("erhebungen_uebersicht", s.erhebungen_uebersicht),
        ("trichter", s.trichter),
    ]


def worker(factor: float, repeat: int) -> dict:
    """Runs inside a fresh database (DATABASE_URL set by the parent); returns the measurements."""
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ozgportal.settings")
    sys.path.insert(0, str(ROOT))
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.models import Leistung, StatusAenderung
    from catalog.services import erhebung_anlegen

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("generate_scale_data", factor=factor, stdout=io.StringIO())
    erzeugt = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    ergebnis = {"leistungen": Leistung.objects.count(), "aenderungen": StatusAenderung.objects.count()}
    ergebnis["erzeugen_s"] = round(erzeugt, 1)
    zeiten = {}
    started = time.perf_counter()
    erhebung_anlegen(name="Erhebungsstand Dez. 2021", stichtag=dt.date(2021, 12, 1))
    zeiten["erhebung_anlegen (schreibt)"] = {"ms": (time.perf_counter() - started) * 1000, "queries": None}
    erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=dt.date(2022, 5, 15))

    for name, selector in _selectors():
        selector()  # warm-up: caches, query plans
        with CaptureQueriesContext(connection) as queries:
            selector()
        messungen = []
        for _ in range(repeat):
            started = time.perf_counter()
            selector()
            messungen.append((time.perf_counter() - started) * 1000)
        zeiten[name] = {"ms": statistics.median(messungen), "queries": len(queries)}
    ergebnis["zeiten"] = zeiten
    return ergebnis


def _pg_url(base: str, dbname: str) -> str:
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


def _pg_execute(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(base.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(sql)


def run_worker(database_url: str, factor: float, repeat: int) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "DB_CONN_MAX_AGE": "0"}
    command = [sys.executable, __file__, "--worker", "--factor", str(factor), "--repeat", str(repeat)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"Messung fehlgeschlagen ({database_url}, Faktor {factor}).")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(backend: str, base_url: str | None, factor: float, repeat: int) -> dict:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            return run_worker(f"sqlite:///{tmp}/bench.sqlite3", factor, repeat)
    dbname = f"ozgbench_{str(factor).replace('.', '_')}_{os.getpid()}"
    _pg_execute(base_url, f'CREATE DATABASE "{dbname}"')
    try:
        return run_worker(_pg_url(base_url, dbname), factor, repeat)
    finally:
        _pg_execute(base_url, f'DROP DATABASE IF EXISTS "{dbname}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=float, nargs=2, default=[1.0, 10.0], metavar=("KLEIN", "GROSS"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg", default=os.environ.get("DATABASE_URL_PG"), help="PostgreSQL-URL (oder DATABASE_URL_PG)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--factor", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.factor, args.repeat)))
        return

    backends = [("SQLite", "sqlite", None)]
    if args.pg:
        backends.append(("PostgreSQL", "postgresql", args.pg))
    klein, gross = args.factors
    ergebnisse = {}
    for label, backend, url in backends:
        for factor in (klein, gross):
            print(f"… {label}, Faktor {factor:g}", file=sys.stderr, flush=True)
            ergebnisse[(label, factor)] = measure(backend, url, factor, args.repeat)

    print()
    for label, _, _ in backends:
        a, b = ergebnisse[(label, klein)], ergebnisse[(label, gross)]
        print(
            f"{label}: Faktor {klein:g} = {a['leistungen']:,} Leistungen / {a['aenderungen']:,} Statusänderungen "
            f"(erzeugt in {a['erzeugen_s']} s); Faktor {gross:g} = {b['leistungen']:,} / {b['aenderungen']:,} "
            f"(erzeugt in {b['erzeugen_s']} s)".replace(",", ".")
        )
    print()
    kopf = f"| {'Selektor':<32} |"
    trenn = f"|{'-' * 34}|"
    for label, _, _ in backends:
        kopf += f" {label} ×{klein:g} | {label} ×{gross:g} | Verhältnis | Abfragen |"
        trenn += "---:|---:|---:|---:|"
    print(kopf)
    print(trenn)
    for name in ergebnisse[(backends[0][0], klein)]["zeiten"]:
        zeile = f"| {name:<32} |"
        for label, _, _ in backends:
            a = ergebnisse[(label, klein)]["zeiten"][name]
            b = ergebnisse[(label, gross)]["zeiten"][name]
            abfragen = "–" if a["queries"] is None else f"{a['queries']} / {b['queries']}"
            zeile += f" {a['ms']:.1f} ms | {b['ms']:.1f} ms | {b['ms'] / a['ms']:.1f} | {abfragen} |".replace(".", ",")
        print(zeile)


if __name__ == "__main__":
    main()
