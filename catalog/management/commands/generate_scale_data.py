"""python manage.py generate_scale_data --factor N: a synthetic catalogue N times the demo's size, for benchmarks.

Shape per factor 1 (the demo's size until it was rebuilt by subject in 11/2026, in the deck's proportions): 557
OZG-Leistungsbündel, 4,813 LeiKa-Leistungen, of which 607 in 210 Bündel are assigned to the Kommunen and 512 in 176
Bündel are "von Wiesbaden umzusetzen", the demo's Ämter. Every Leistung
gets a status history of 5 to 15 changes (about 10 on average, so factor 10 gives about 48,000 Leistungen and
490,000 history rows) between 04.01.2021 and today, with same-day changes among them, and one in ten a change
back-dated between two earlier ones.

Benchmark data only, and only into an empty catalogue. Bündel are written in bulk with their simple_history rows,
Leistungen through :func:`catalog.services.leistungen_anlegen`, and every status change through the status service
(:func:`catalog.services.leistungen_status_setzen`), the one write path, so the history is what the portal itself
would write. Each chunk of 5,000 Leistungen is written with all its status changes in one call of the service and
committed on its own: a Leistung's row is updated once per chunk, not once per change (a table with many indexes),
and no transaction collects millions of deferred foreign-key checks. Factor 50 (240,000 Leistungen, about 2.4
million changes) thus takes minutes on PostgreSQL; should it be interrupted, start again on a new database.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from catalog.models import Amt, Leistung, Leistungsbuendel, Status, Themenfeld, Vollzugsebene
from catalog.services import leistungen_anlegen, leistungen_status_setzen
from toolkit.formatting import format_number

DEMO = {"buendel": 557, "leistungen": 4813, "kommune_b": 210, "kommune_l": 607, "wiesbaden_b": 176, "wiesbaden_l": 512}
START = dt.date(2021, 1, 4)
MAX_FACTOR = 100  # OZG-IDs have five digits
CHUNK = 5000  # Leistungen written, with all their status changes, per transaction
GRUND = "Synthetische Lastdaten"
# Where a Wiesbaden Leistung starts (as in the demo) and where a change tends to lead.
START_GEWICHTE = {"Abgeschlossen": 7, "Umsetzung": 11, "Digitalisierungsfabrik": 29, "Wartend": 51, "Nicht relevant": 2}
UEBERGAENGE = {
    "Wartend": {"Umsetzung": 6, "Digitalisierungsfabrik": 3, "Nicht relevant": 1},
    "Umsetzung": {"Abgeschlossen": 6, "Wartend": 2, "Digitalisierungsfabrik": 1},
    "Digitalisierungsfabrik": {"Abgeschlossen": 5, "Umsetzung": 2, "Wartend": 1},
    "Abgeschlossen": {"Umsetzung": 1, "Wartend": 1},
    "Nicht relevant": {"Wartend": 1},
}


def _gewichtet(rng: random.Random, gewichte: dict[str, int]) -> str:
    namen = list(gewichte)
    return rng.choices(namen, weights=[gewichte[n] for n in namen])[0]


class Command(BaseCommand):
    help = (
        "Erzeugt einen synthetischen Katalog in N-facher Größe (Faktor 1: 4.813 Leistungen; für Lastmessungen), "
        "nur in eine leere Datenbank."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=float, required=True, help="Vielfaches der Demogröße, z. B. 10")
        parser.add_argument("--seed", type=int, default=2022, help="Startwert des Zufallsgenerators (Vorgabe 2022)")

    def handle(self, *args, **options):
        factor = options["factor"]
        if not 0 < factor <= MAX_FACTOR:
            raise CommandError(f"--factor muss größer als 0 und höchstens {MAX_FACTOR} sein (z. B. 10).")
        vorhanden = Leistung.objects.count()
        if vorhanden:
            raise CommandError(
                f"Die Datenbank enthält bereits {format_number(vorhanden)} Leistungen. Synthetische Daten werden nur "
                "in eine leere Datenbank geschrieben (eigene DATABASE_URL verwenden, dann migrate)."
            )
        statuses = {s.bezeichnung: s for s in Status.objects.all()}
        fehlend = sorted(set(START_GEWICHTE) - set(statuses))
        if fehlend:
            raise CommandError(f"Es fehlen die Status {', '.join(fehlend)} (Migrationen ausgeführt?).")

        started = time.monotonic()
        zahlen = erzeuge(factor=factor, rng=random.Random(options["seed"]), statuses=statuses)
        self.stdout.write(
            f"Synthetische Daten: {format_number(zahlen['leistungen'])} Leistungen in "
            f"{format_number(zahlen['buendel'])} Bündeln, {format_number(zahlen['aenderungen'])} Statusänderungen "
            f"({time.monotonic() - started:.1f} s)."
        )


def _aemter() -> list[Amt]:
    with open(settings.BASE_DIR / "fixtures" / "demo-aemter.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            Amt.objects.update_or_create(
                nummer=int(row["nummer"]), defaults={"name": row["name"], "kurzname": row["kurzname"]}
            )
    return list(Amt.objects.order_by("nummer"))


def _verlauf(rng: random.Random, heute: dt.date, statuses: dict[str, Status]) -> list[tuple[dt.date, Status]]:
    """5 to 15 changes, in effective order; consecutive ones differ; dates may repeat (same-day changes)."""
    tage = (heute - START).days
    daten = sorted(START + dt.timedelta(days=rng.randint(0, tage)) for _ in range(rng.randint(5, 15)))
    daten[0] = START
    verlauf = []
    aktuell = _gewichtet(rng, START_GEWICHTE)
    for index, tag in enumerate(daten):
        if index:
            aktuell = _gewichtet(rng, UEBERGAENGE[aktuell])
        verlauf.append((tag, statuses[aktuell]))
    return verlauf


def erzeuge(*, factor: float, rng: random.Random, statuses: dict[str, Status]) -> dict[str, int]:
    """Write the synthetic catalogue; returns how many Bündel, Leistungen and history rows were written."""
    n = {key: max(1, round(value * factor)) for key, value in DEMO.items()}
    heute = timezone.localdate()
    with transaction.atomic():
        aemter = [amt.pk for amt in _aemter()]
        themenfelder = list(Themenfeld.objects.order_by("reihenfolge"))
        bulk_create_with_history(
            [
                Leistungsbuendel(
                    ozg_id=f"{10000 + i:05d}",
                    name=f"Synthetisches Leistungsbündel {i + 1}",
                    themenfeld=themenfelder[i % len(themenfelder)],
                )
                for i in range(n["buendel"])
            ],
            Leistungsbuendel,
            batch_size=2000,
        )
    buendel = list(Leistungsbuendel.objects.order_by("ozg_id").values_list("pk", flat=True))
    w_b, k_b = n["wiesbaden_b"], max(n["kommune_b"], n["wiesbaden_b"] + 1)
    rest_b = max(k_b + 1, round(len(buendel) * 0.96))  # like the demo, some Bündel hold no Leistung

    aenderungen = 0
    for anfang in range(0, n["leistungen"], CHUNK):
        zeilen, verlaeufe = [], []
        for i in range(anfang, min(anfang + CHUNK, n["leistungen"])):
            if i < n["wiesbaden_l"]:
                ebene, wiesbaden, b = Vollzugsebene.KOMMUNE, True, buendel[i % w_b]
            elif i < n["kommune_l"]:
                ebene, wiesbaden, b = Vollzugsebene.KOMMUNE, False, buendel[w_b + i % (k_b - w_b)]
            else:
                ebene = Vollzugsebene.BUND if i % 4 == 0 else Vollzugsebene.LAND
                wiesbaden, b = False, buendel[min(k_b + i % (rest_b - k_b), len(buendel) - 1)]
            verlaeufe.append(_verlauf(rng, heute, statuses))
            zeilen.append(
                {
                    "leika_schluessel": f"99{i:012d}",
                    "bezeichnung": f"Synthetische Leistung {i + 1}",
                    "buendel_id": b,
                    "vollzugsebene": ebene.value,
                    "von_wiesbaden_umzusetzen": wiesbaden,
                    "amt_id": aemter[i % len(aemter)] if ebene == Vollzugsebene.KOMMUNE else None,
                    "antraege_pro_jahr": int(rng.lognormvariate(6.0, 1.6)) + 5,
                }
            )
        geplant, nachgetragen = [], []
        for zeile, verlauf in zip(zeilen, verlaeufe, strict=True):
            geplant += [(zeile["leika_schluessel"], status, tag) for tag, status in verlauf]
            # one in ten Leistungen gets one more change, recorded later, back-dated between two earlier ones
            if len(verlauf) > 2 and rng.random() < 0.1:
                tag, in_kraft = verlauf[rng.randrange(1, len(verlauf) - 1)]
                anders = rng.choice([s for s in statuses.values() if s.pk != in_kraft.pk])
                nachgetragen.append((zeile["leika_schluessel"], anders, tag))
        with transaction.atomic():
            pks = leistungen_anlegen(zeilen=zeilen, grund=GRUND)
            # each Leistung's changes in effective order, as if entered one after the other
            for changes, grund in ((geplant, GRUND), (nachgetragen, GRUND + ", nachgetragen")):
                aenderungen += leistungen_status_setzen(
                    aenderungen=[(pks[key], status, tag) for key, status, tag in changes], grund=grund
                )
    return {"buendel": len(buendel), "leistungen": n["leistungen"], "aenderungen": aenderungen}
