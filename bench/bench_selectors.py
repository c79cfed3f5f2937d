"""Times every figure selector at the demo's size and at 10×, on SQLite and on PostgreSQL, in one run.

    .venv/bin/python bench/bench_selectors.py                    # SQLite only
    DATABASE_URL_PG=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_selectors.py

For each database and factor a fresh, empty database is made (a temporary SQLite file, or a new PostgreSQL
database created next to the one in DATABASE_URL_PG and dropped afterwards), migrated, and filled with
``generate_scale_data --factor N``. These builds run in parallel (they write every status change through the
status service and take long at 10×). Then, one database after the other so that nothing else runs meanwhile,
a worker makes two Erhebungen (timing the first) and times each selector: the median of ``--repeat`` runs after
one warm-up run, and the number of queries it ran. The table shows the times, the ratio 10× / 1× and the query
counts, which must be the same at both sizes.
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


def _django():
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ozgportal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


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


def erzeugen(factor: float) -> dict:
    """Worker, phase 1: migrate the empty database (DATABASE_URL) and build the synthetic catalogue."""
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("generate_scale_data", factor=factor, stdout=io.StringIO())
    return {"erzeugen_s": round(time.perf_counter() - started, 1)}


def messen(repeat: int) -> dict:
    """Worker, phase 2: make the two Erhebungen and time every selector."""
    _django()
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.models import Leistung, StatusAenderung
    from catalog.services import erhebung_anlegen

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ergebnis = {"leistungen": Leistung.objects.count(), "aenderungen": StatusAenderung.objects.count()}
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


def _worker(database_url: str, *argumente: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "DB_CONN_MAX_AGE": "0"}
    return subprocess.Popen(  # noqa: S603 - this very script, with our own arguments
        [sys.executable, __file__, *argumente],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _antwort(prozess: subprocess.Popen, was: str) -> dict:
    stdout, stderr = prozess.communicate()
    if prozess.returncode != 0:
        sys.stderr.write(stderr)
        raise SystemExit(f"{was} fehlgeschlagen.")
    return json.loads(stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=float, nargs=2, default=[1.0, 10.0], metavar=("KLEIN", "GROSS"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg", default=os.environ.get("DATABASE_URL_PG"), help="PostgreSQL-URL (oder DATABASE_URL_PG)")
    parser.add_argument("--erzeugen", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--messen", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.erzeugen is not None:
        print(json.dumps(erzeugen(args.erzeugen)))
        return
    if args.messen:
        print(json.dumps(messen(args.repeat)))
        return

    klein, gross = args.factors
    backends = ["SQLite"] + (["PostgreSQL"] if args.pg else [])
    pg_datenbanken = []
    with tempfile.TemporaryDirectory() as tmp:
        urls = {}
        for label in backends:
            for factor in (klein, gross):
                name = f"ozgbench_{str(factor).replace('.', '_')}_{os.getpid()}"
                if label == "SQLite":
                    urls[(label, factor)] = f"sqlite:///{tmp}/{name}.sqlite3"
                else:
                    _pg_execute(args.pg, f'CREATE DATABASE "{name}"')
                    pg_datenbanken.append(name)
                    urls[(label, factor)] = _pg_url(args.pg, name)
        try:
            print(f"… erzeuge {len(urls)} Datenbanken parallel", file=sys.stderr, flush=True)
            laeufe = {key: _worker(url, "--erzeugen", str(key[1])) for key, url in urls.items()}
            erzeugt = {key: _antwort(prozess, f"Erzeugen {key}") for key, prozess in laeufe.items()}
            ergebnisse = {}
            for key, url in urls.items():
                print(f"… messe {key[0]}, Faktor {key[1]:g}", file=sys.stderr, flush=True)
                ergebnisse[key] = _antwort(_worker(url, "--messen", "--repeat", str(args.repeat)), f"Messen {key}")
                ergebnisse[key].update(erzeugt[key])
        finally:
            for name in pg_datenbanken:
                _pg_execute(args.pg, f'DROP DATABASE IF EXISTS "{name}"')
    ausgeben(ergebnisse, backends, klein, gross)


def ausgeben(ergebnisse: dict, backends: list[str], klein: float, gross: float) -> None:
    print()

    def zahl(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    for label in backends:
        a, b = ergebnisse[(label, klein)], ergebnisse[(label, gross)]
        print(
            f"{label}: Faktor {klein:g} = {zahl(a['leistungen'])} Leistungen / {zahl(a['aenderungen'])} "
            f"Statusänderungen (erzeugt in {a['erzeugen_s']:.0f} s); Faktor {gross:g} = {zahl(b['leistungen'])} / "
            f"{zahl(b['aenderungen'])} (erzeugt in {b['erzeugen_s']:.0f} s; alle Datenbanken parallel erzeugt)"
        )
    print()
    kopf = f"| {'Selektor':<32} |"
    trenn = f"|{'-' * 34}|"
    for label in backends:
        kopf += f" {label} ×{klein:g} | {label} ×{gross:g} | Verhältnis | Abfragen |"
        trenn += "---:|---:|---:|---:|"
    print(kopf)
    print(trenn)
    for name in ergebnisse[(backends[0], klein)]["zeiten"]:
        zeile = f"| {name:<32} |"
        for label in backends:
            a = ergebnisse[(label, klein)]["zeiten"][name]
            b = ergebnisse[(label, gross)]["zeiten"][name]
            abfragen = "–" if a["queries"] is None else f"{a['queries']} / {b['queries']}"
            zeile += f" {a['ms']:.1f} ms | {b['ms']:.1f} ms | {b['ms'] / a['ms']:.1f} | {abfragen} |".replace(".", ",")
        print(zeile)


if __name__ == "__main__":
    main()
