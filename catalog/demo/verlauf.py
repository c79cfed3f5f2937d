"""Status histories for the demo, written through the one status service.

From 2021 to today, with weekly movement so that a trend exists. Between the two Erhebungen of the deck
(2021-12-01 and 2022-05-15) exactly these changes happen, so that their comparison shows the deck's figures
"Abgeschlossen +2, Umsetzung +1, Digitalisierungsfabrik −7, Wartend −8" (the 12 missing ones moved to
"Nicht relevant"): 2 × Umsetzung → Abgeschlossen, 3 × Wartend → Umsetzung, 7 × Digitalisierungsfabrik → Nicht
relevant, 5 × Wartend → Nicht relevant.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from catalog.models import Leistung, Reifegrad, Status, StatusBedeutung
from catalog.services import leistungen_aendern, leistungen_status_setzen

START = dt.date(2021, 1, 4)  # Monday of ISO week 1/2021
ERHEBUNG_DEZ_2021 = dt.date(2021, 12, 1)
ERHEBUNG_MAI_2022 = dt.date(2022, 5, 15)
GRUND_START = "Erstbewertung (Demodaten)"
ERFASST_UM = dt.time(9, 0)  # the demo records each day's changes at nine

A, U, D, W, N = "Abgeschlossen", "Umsetzung", "Digitalisierungsfabrik", "Wartend", "Nicht relevant"
# Where the Wiesbaden Leistungen stand at the start of 2021; the rest are "Wartend".
START_VERTEILUNG = {A: 31, U: 48, D: 132, N: 9}
# (from, to, how many) between the two Erhebungen
WINDOW_MOVES = [(U, A, 2), (W, U, 3), (D, N, 7), (W, N, 5)]
# weekly probabilities (start, online from Umsetzung, online from the Digitalisierungsfabrik, not relevant);
# slower since 2022, so that about 300 services are still open today, as a scorecard needs
RATES_2021 = (0.75, 0.55, 0.45, 0.05)
RATES_SEIT_2022 = (0.45, 0.2, 0.15, 0.03)


def _weeks(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=7)


class _Plan:
    """The demo's status changes, planned in memory before they are written."""

    def __init__(self, rng: random.Random, leistungen: list[Leistung]):
        self.rng = rng
        self.current: dict[int, str] = {}
        self.changes: list[tuple[dt.date, Leistung, str, str]] = []
        self.by_pk = {leistung.pk: leistung for leistung in leistungen}

    def set(self, day: dt.date, leistung: Leistung, status: str, grund: str) -> None:
        self.current[leistung.pk] = status
        self.changes.append((day, leistung, status, grund))

    def pick(self, status: str) -> Leistung | None:
        candidates = sorted(pk for pk, current in self.current.items() if current == status)
        return self.by_pk[self.rng.choice(candidates)] if candidates else None

    def move(self, day: dt.date, source: str, target: str, grund: str) -> None:
        leistung = self.pick(source)
        if leistung is not None:
            self.set(day, leistung, target, grund)

    def weekly_progress(self, day: dt.date, rates: tuple[float, float, float, float]) -> None:
        """One week: with these probabilities a waiting service starts, one in Umsetzung or in the
        Digitalisierungsfabrik goes online, and a waiting one turns out not to be relevant."""
        rng = self.rng
        start, online, fabrik, nicht_relevant = rates
        if rng.random() < start:
            self.move(day, W, rng.choice([U, U, D]), "Umsetzung begonnen")
        if rng.random() < online:
            self.move(day, U, A, "Online-Dienst produktiv gesetzt")
        if rng.random() < fabrik:
            self.move(day, D, A, "Ausrollung durch die Digitalisierungsfabrik")
        if rng.random() < nicht_relevant:
            self.move(day, W, N, "Für Wiesbaden nicht relevant")


def build_histories(rng: random.Random, wiesbaden: list[Leistung], kommune_sonst: list[Leistung]) -> int:
    """Plan and write every demo status change; returns how many history rows were written."""
    today = timezone.localdate()
    plan = _Plan(rng, wiesbaden)
    shuffled = list(wiesbaden)
    rng.shuffle(shuffled)
    position = 0
    verteilung = {**START_VERTEILUNG, W: len(shuffled) - sum(START_VERTEILUNG.values())}
    for status, count in verteilung.items():
        for leistung in shuffled[position : position + count]:
            plan.set(START, leistung, status, GRUND_START)
        position += count

    for day in _weeks(START + dt.timedelta(days=7), ERHEBUNG_DEZ_2021):
        plan.weekly_progress(day, RATES_2021)

    window_days = list(_weeks(ERHEBUNG_DEZ_2021 + dt.timedelta(days=6), ERHEBUNG_MAI_2022))
    step = 0
    for source, target, count in WINDOW_MOVES:
        for _ in range(count):
            day = window_days[(step * 5) % len(window_days)]
            grund = "Für Wiesbaden nicht relevant" if target == N else "Fortschritt laut Erhebung"
            plan.move(day, source, target, grund)
            step += 1

    for day in _weeks(ERHEBUNG_MAI_2022 + dt.timedelta(days=2), today):
        plan.weekly_progress(day, RATES_SEIT_2022)

    statuses = {s.bezeichnung: s for s in Status.objects.all()}
    written = leistungen_status_setzen(
        aenderungen=[(leistung, statuses[N], START) for leistung in kommune_sonst],
        grund="Nicht von Wiesbaden umzusetzen",
        erfasst_am=_erfasst_am(START),
    )
    # In plan order, in batches of one date and reason (a Leistung changed twice that day starts a new batch).
    batch, in_batch, key = [], set(), None
    for day, leistung, status, grund in sorted(plan.changes, key=lambda change: change[0]):
        if batch and ((day, grund) != key or leistung.pk in in_batch):
            written += leistungen_status_setzen(aenderungen=batch, grund=key[1], erfasst_am=_erfasst_am(key[0]))
            batch, in_batch = [], set()
        batch.append((leistung, statuses[status], day))
        in_batch.add(leistung.pk)
        key = (day, grund)
    if batch:
        written += leistungen_status_setzen(aenderungen=batch, grund=key[1], erfasst_am=_erfasst_am(key[0]))
    _set_reifegrade(rng)
    return written


def _erfasst_am(day: dt.date) -> dt.datetime:
    """When the demo's change of ``day`` was recorded: that morning, as if Amt 15 had kept the portal since 2021
    (so that "zuletzt bestätigt" tells fresh statuses from stale ones); never later than now."""
    return min(timezone.make_aware(dt.datetime.combine(day, ERFASST_UM)), timezone.now())


def _set_reifegrade(rng: random.Random) -> None:
    """Reifegrad follows the status: done services are online (3-4), open ones 0-2."""
    stufen = {r.stufe: r for r in Reifegrad.objects.all()}
    aenderungen = {}
    for leistung in Leistung.objects.filter(status__isnull=False).select_related("status").order_by("pk"):
        if leistung.status.bedeutung == StatusBedeutung.ERLEDIGT:
            aenderungen[leistung.pk] = {
                "reifegrad": stufen[3 if rng.random() < 0.7 else 4],
                "online_plattform": "civento" if rng.random() < 0.7 else "efa",
                "anmeldung": "nutzerkonto_bund" if rng.random() < 0.5 else "servicekonto_hessen",
                "online_dienst_url": f"https://www.wiesbaden.de/online-dienste/{leistung.leika_schluessel}",
            }
        elif leistung.status.bedeutung == StatusBedeutung.AUSSER_BETRACHT:
            continue
        else:
            aenderungen[leistung.pk] = {"reifegrad": stufen[rng.choice([0, 1, 1, 2])]}
    leistungen_aendern(aenderungen=aenderungen)
