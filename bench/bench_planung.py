"""Times the plan and the forecast on a database built with ``generate_scale_data`` (e.g. ``--factor 10``).

    DATABASE_URL=sqlite:////tmp/x10.sqlite3 DEBUG=1 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/x10.sqlite3 DEBUG=1 .venv/bin/python manage.py generate_scale_data --factor 10
    DATABASE_URL=sqlite:////tmp/x10.sqlite3 .venv/bin/python bench/bench_planung.py

The synthetic catalogue has no ratings, capacities or Vorgaben; the first run adds the demo's (the scorecard's
300 ratings, the capacities and the four Vorgaben, through their services), so that the plan has work to do.
Each selector: the median of ``--repeat`` runs after one warm-up run, and its number of queries.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ozgportal.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog.models import Leistung, StatusAenderung
    from planung.demo import planung_anlegen
    from planung.models import Kapazitaet
    from planung.selectors import prognose, umsetzungsplan
    from scorecard.demo import bewertungen_anlegen
    from scorecard.models import Bewertung

    rng = random.Random(2022)
    if not Bewertung.objects.exists():
        bewertungen_anlegen(rng)
    if not Kapazitaet.objects.exists():
        print(planung_anlegen(rng))
    leistungen, aenderungen = (
        f"{n:,}".replace(",", ".") for n in (Leistung.objects.count(), StatusAenderung.objects.count())
    )
    bewertet = Bewertung.objects.values("leistung").distinct().count()
    print(f"{connection.vendor}: {leistungen} Leistungen, {aenderungen} Statusänderungen, {bewertet} bewertet")
    faelle = [
        ("prognose (Fenster 26 Wochen)", lambda: prognose()),
        ("prognose (Fenster 260 Wochen)", lambda: prognose(fenster=260)),
        ("umsetzungsplan", umsetzungsplan),
    ]
    print("| Selektor | Median | Abfragen |\n| --- | ---: | ---: |")
    for name, aufruf in faelle:
        aufruf()
        zeiten = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as abfragen:
                start = time.perf_counter()
                aufruf()
                zeiten.append(time.perf_counter() - start)
        median = f"{statistics.median(zeiten) * 1000:.1f}".replace(".", ",")
        print(f"| {name} | {median} ms | {len(abfragen)} |")


if __name__ == "__main__":
    main()
