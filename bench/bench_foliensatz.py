"""Times the Foliensatz (the README's figure): the whole download, with the demo data.

    .venv/bin/python bench/bench_foliensatz.py                       # a temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:PORT/NAME .venv/bin/python bench/bench_foliensatz.py
                                                                     # an EMPTY throwaway PostgreSQL database

Loads the demo into a fresh database, then times (median of ``--repeat`` runs after one warm-up) and counts the
queries of ``/bericht/foliensatz.pptx?stichtag=2022-05-15&vergleich=<Erhebungsstand Dez. 2021>`` and of today's
Foliensatz, as the signed-in management user; also the file size. Refuses a database that already holds Leistungen.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DEBUG", "1")
        os.environ["DJANGO_SETTINGS_MODULE"] = "ozgportal.settings"
        import django

        django.setup()
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from catalog.models import Erhebung, Leistung

        call_command("migrate", verbosity=0)
        if Leistung.objects.exists():
            sys.exit("Die Datenbank enthält schon Leistungen; bitte eine leere Wegwerf-Datenbank angeben.")
        call_command("load_demo_data", stdout=StringIO())
        client = Client()
        client.force_login(User.objects.get(username="leitung"))
        dez = Erhebung.objects.get(name="Erhebungsstand Dez. 2021")
        for name, parameter in (
            ("15.05.2022 gegen Dez. 2021", {"stichtag": "2022-05-15", "vergleich": dez.pk}),
            ("heute gegen die letzte Erhebung", {}),
        ):
            client.get("/bericht/foliensatz.pptx", parameter, HTTP_HOST="localhost")  # warm-up
            zeiten = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    antwort = client.get("/bericht/foliensatz.pptx", parameter, HTTP_HOST="localhost")
                    zeiten.append(time.perf_counter() - start)
            assert antwort.status_code == 200
            print(
                f"{connection.vendor:10} Foliensatz {name}: {statistics.median(zeiten) * 1000:.0f} ms "
                f"(Median von {args.repeat}), {len(queries)} Abfragen, {len(antwort.content) / 1024:.0f} KB"
            )


if __name__ == "__main__":
    main()
