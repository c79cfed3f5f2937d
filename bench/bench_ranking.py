"""Times the scorecard ranking for 5,000 rated open services (the README's figure).

    .venv/bin/python bench/bench_ranking.py                          # a temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:PORT/postgres .venv/bin/python bench/bench_ranking.py
                                                                     # an EMPTY throwaway PostgreSQL database

Builds, in a fresh database, ``--anzahl`` open Leistungen (default 5,000) rated on every seeded criterion with
varied answers, then times (median of ``--repeat`` runs after one warm-up) and counts the queries of:
the ranking selector alone, the ranking narrowed to one Amt, the whole ranking page as a signed-in editor
(filters, table of 50 rows, top-20 chart) and its CSV and XLSX export of all rows. Refuses to run on a database
that already holds Leistungen.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database_url: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "ozgportal.settings"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def build(anzahl: int, seed: int = 2022) -> None:
    from django.contrib.auth.models import Group, User

    from catalog.models import Amt, Benutzerprofil, Leistung, Leistungsbuendel, Status, Themenfeld, Vollzugsebene
    from scorecard.models import Bewertung, Kriterium

    rng = random.Random(seed)
    aemter = [Amt.objects.create(nummer=n, name=f"Amt {n}") for n in (15, 33, 51, 63, 80)]
    themenfeld = Themenfeld.objects.first()
    buendel = Leistungsbuendel.objects.create(ozg_id="10001", name="Benchmark", themenfeld=themenfeld)
    offen = list(Status.objects.filter(bedeutung__in=["in_arbeit", "wartend"]))
    # Bench data only: bulk writes without history rows, which the portal's own code never does.
    leistungen = Leistung.objects.bulk_create(
        (
            Leistung(
                leika_schluessel=f"99{i:012d}",
                bezeichnung=f"Benchmark-Leistung {i}",
                buendel=buendel,
                amt=aemter[i % len(aemter)],
                status=offen[i % len(offen)],
                vollzugsebene=Vollzugsebene.KOMMUNE,
                von_wiesbaden_umzusetzen=True,
                antraege_pro_jahr=rng.randint(0, 100_000),
            )
            for i in range(1, anzahl + 1)
        ),
        batch_size=1000,
    )
    kriterien = list(Kriterium.objects.prefetch_related("optionen"))
    Bewertung.objects.bulk_create(
        (
            Bewertung(leistung=leistung, kriterium=k, option=rng.choice(list(k.optionen.all())))
            for leistung in leistungen
            for k in kriterien
        ),
        batch_size=2000,
    )
    user = User.objects.create_user("bench-redaktion", is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktion Amt 15"))
    Benutzerprofil.objects.create(user=user, amt=aemter[0])


def measure(label: str, func, repeat: int) -> tuple[str, float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    func()  # warm-up
    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return label, statistics.median(times), max(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--anzahl", type=int, default=5000, help="bewertete offene Leistungen (Vorgabe 5000)")
    parser.add_argument("--repeat", type=int, default=7, help="Messungen je Vorgang (Median)")
    args = parser.parse_args()

    temp_dir = None
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        temp_dir = tempfile.TemporaryDirectory(prefix="bench-ranking-")
        database_url = f"sqlite:///{temp_dir.name}/bench.sqlite3"
    setup_django(database_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from catalog.models import Leistung
    from scorecard.selectors import offene_leistungen, rangliste

    call_command("migrate", verbosity=0)
    if Leistung.objects.exists():
        sys.exit("Die Datenbank enthält bereits Leistungen; bitte eine leere Wegwerf-Datenbank angeben.")
    started = time.perf_counter()
    build(args.anzahl)
    print(f"Aufbau: {args.anzahl} bewertete Leistungen in {time.perf_counter() - started:.1f} s")

    from django.contrib.auth.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="bench-redaktion"))

    def page(query=""):
        response = client.get("/priorisierung/" + query)
        assert response.status_code == 200, response.status_code
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)

    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    daten = rangliste()
    assert daten.anzahl_vollstaendig_basis == args.anzahl, daten.anzahl_vollstaendig_basis
    rows = [
        measure("rangliste() – ganze Basis", rangliste, args.repeat),
        measure(
            "rangliste() – ein Amt", lambda: rangliste(auswahl=offene_leistungen().filter(amt__nummer=33)), args.repeat
        ),
        measure("Seite /priorisierung/ (50 Zeilen + Top 20)", page, args.repeat),
        measure("Export ?export=csv (alle Zeilen)", lambda: page("?export=csv"), args.repeat),
        measure("Export ?export=xlsx (alle Zeilen)", lambda: page("?export=xlsx"), args.repeat),
    ]
    print(f"Datenbank: {vendor}, {args.anzahl} bewertete offene Leistungen, Median aus {args.repeat} Läufen")
    print(f"{'Vorgang':<46} {'Median':>9} {'Maximum':>9} {'Abfragen':>9}")
    for label, median, worst, queries in rows:
        print(f"{label:<46} {median * 1000:>7.0f} ms {worst * 1000:>6.0f} ms {queries:>9}")
    if temp_dir is not None:
        temp_dir.cleanup()


if __name__ == "__main__":
    main()
