"""What the page and export benches share: the databases they measure on, workers in processes of their own, the
load average and German numbers.

A database is a SQLite file or a PostgreSQL database on the server of a given URL, named ``<prefix>_<backend>_f<N>``
and built by ``migrate`` + ``generate_scale_data --factor N`` + :func:`ergaenzen` (what the pages show beyond the
catalogue: two Erhebungen, the demo's ratings, Servicestandard assessments, capacities, OZG-Monitor figures, a
reading user). A database that a former run kept (``--behalten``) is used again as it is.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
LESER = "bench-leitung"  # the signed-in user of the page benches: Verwaltungsführung, reads everything
FERTIG = "bench-fertig"  # the last thing a build writes: a database without it is rebuilt


def django_einrichten() -> None:
    """Django with the production settings as the tests use them (DEBUG off), on ``DATABASE_URL``."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ozgportal.settings_test"
    os.environ.setdefault("DB_CONN_MAX_AGE", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    warnings.filterwarnings("ignore", "No directory at")  # whitenoise: static files are served by the finders here
    import django

    django.setup()


def last() -> float:
    """The load average over the last minute."""
    return os.getloadavg()[0]


def de(zahl: float, stellen: int = 1) -> str:
    """A number the German way: 1.234,5."""
    return f"{zahl:,.{stellen}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


@dataclass(frozen=True)
class Datenbank:
    backend: str  # "SQLite" or "PostgreSQL"
    faktor: float
    url: str
    name: str
    server: str | None  # the PostgreSQL URL the database was made next to

    @property
    def bezeichnung(self) -> str:
        return f"{self.backend} ×{self.faktor:g}"


def datenbank(backend: str, faktor: float, *, prefix: str, ordner: Path, server: str | None) -> Datenbank:
    name = f"{prefix}_{'pg' if backend == 'PostgreSQL' else 'sqlite'}_f{faktor:g}".replace(".", "_")
    if backend == "SQLite":
        return Datenbank(backend, faktor, f"sqlite:///{ordner / f'{name}.sqlite3'}", name, None)
    parts = urlsplit(server)
    return Datenbank(backend, faktor, urlunsplit(parts._replace(path=f"/{name}")), name, server)


def _pg(server: str, sql: str, *params) -> list[tuple]:
    import psycopg

    with psycopg.connect(server.replace("postgres://", "postgresql://", 1), autocommit=True) as verbindung:
        cursor = verbindung.execute(sql, params or None)
        return cursor.fetchall() if cursor.description else []


def vorhanden(db: Datenbank) -> bool:
    """Whether the database exists and a build finished in it."""
    if db.backend == "SQLite":
        pfad = Path(db.url.removeprefix("sqlite:///"))
        if not pfad.exists():
            return False
    elif not _pg(db.server, "SELECT 1 FROM pg_database WHERE datname = %s", db.name):
        return False
    return bool(worker(db, "--fertig"))


def anlegen(db: Datenbank) -> None:
    """A new, empty database (an old one of the same name is dropped)."""
    if db.backend == "SQLite":
        Path(db.url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        _pg(db.server, f'DROP DATABASE IF EXISTS "{db.name}" WITH (FORCE)')
        _pg(db.server, f'CREATE DATABASE "{db.name}"')


def loeschen(db: Datenbank) -> None:
    if db.backend == "SQLite":
        Path(db.url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        _pg(db.server, f'DROP DATABASE IF EXISTS "{db.name}" WITH (FORCE)')


def bereitstellen(dbs: list[Datenbank]) -> None:
    """Build every database that is not there yet, in parallel (the builds write, the measurements come later)."""
    neu = [db for db in dbs if not vorhanden(db)]
    for db in neu:
        anlegen(db)
    if neu:
        print(f"… erzeuge {', '.join(db.bezeichnung for db in neu)} (parallel)", file=sys.stderr, flush=True)
    laeufe = [(db, starten(str(Path(__file__).resolve()), db, "--erzeugen", str(db.faktor))) for db in neu]
    for db, prozess in laeufe:
        ergebnis = antwort(prozess, f"Erzeugen von {db.name}")
        print(f"  {db.bezeichnung} erzeugt in {ergebnis['erzeugen_s']:.0f} s", file=sys.stderr, flush=True)


def starten(skript: str, db: Datenbank, *argumente: str) -> subprocess.Popen:
    """Run ``skript`` (a bench) with ``argumente`` on the database, in a process of its own."""
    env = {**os.environ, "DATABASE_URL": db.url, "DB_CONN_MAX_AGE": "0"}
    env.pop("DEBUG", None)
    return subprocess.Popen(  # noqa: S603 - our own scripts with our own arguments
        [sys.executable, skript, *argumente], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def antwort(prozess: subprocess.Popen, was: str):
    """The JSON a worker printed last; stops the bench with its error output if it failed."""
    stdout, stderr = prozess.communicate()
    if prozess.returncode != 0:
        sys.stderr.write(stderr)
        raise SystemExit(f"{was} fehlgeschlagen.")
    return json.loads(stdout.strip().splitlines()[-1])


def worker(db: Datenbank, *argumente: str):
    return antwort(starten(str(Path(__file__).resolve()), db, *argumente), f"{' '.join(argumente)} auf {db.name}")


# --- the worker side (in the process on the database) --------------------------------------------------------


def fertig() -> bool:
    django_einrichten()
    from django.contrib.auth.models import User
    from django.db.utils import DatabaseError

    try:
        return User.objects.filter(username=FERTIG).exists()
    except DatabaseError:  # not migrated
        return False


def erzeugen(faktor: float) -> dict:
    """Migrate the empty database, build the synthetic catalogue, then :func:`ergaenzen`."""
    import time

    django_einrichten()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    gestartet = time.perf_counter()
    from io import StringIO

    call_command("generate_scale_data", factor=faktor, stdout=StringIO())
    sekunden = time.perf_counter() - gestartet
    ergaenzen()
    return {"erzeugen_s": sekunden}


def ergaenzen() -> None:
    """What the pages show beyond the catalogue, through the services, as the demo makes it."""
    import datetime as dt

    from django.contrib.auth.models import Group, User
    from django.db import connection

    from catalog.demo.monitor import build_monitor
    from catalog.services import erhebung_anlegen
    from planung.demo import planung_anlegen
    from scorecard.demo import bewertungen_anlegen
    from servicestandard.demo import pruefungen_anlegen

    erhebung_anlegen(name="Erhebungsstand Dez. 2021", stichtag=dt.date(2021, 12, 1))
    erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=dt.date(2022, 5, 15))
    rng = random.Random(2022)
    bewertungen_anlegen(rng)
    pruefungen_anlegen(rng)
    planung_anlegen(rng)
    build_monitor()
    leser = User.objects.create_user(LESER)
    leser.groups.set([Group.objects.get(name="Verwaltungsführung")])
    if connection.vendor == "postgresql":  # as autovacuum leaves a database at rest: statistics, visibility map
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    User.objects.create_user(FERTIG, is_active=False)


def zaehlen() -> dict:
    django_einrichten()
    from catalog.models import Leistung, StatusAenderung

    return {"leistungen": Leistung.objects.count(), "aenderungen": StatusAenderung.objects.count()}


if __name__ == "__main__":
    befehl = sys.argv[1]
    if befehl == "--fertig":
        print(json.dumps(fertig()))
    elif befehl == "--erzeugen":
        print(json.dumps(erzeugen(float(sys.argv[2]))))
    elif befehl == "--zaehlen":
        print(json.dumps(zaehlen()))
