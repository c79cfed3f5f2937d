"""Demo ratings: about 300 of Wiesbaden's services rated on the scorecard, some of them incomplete.

Deterministic for a given catalogue and ``rng``. Every open service is rated except a few left unrated or
incomplete (so that the ranking shows both); the rest of the 300 are services that are done by now (Amt 15
rated the whole catalogue in 2022, when they were still open). Written through the rating service.
"""

from __future__ import annotations

import random

from catalog.models import Leistung, StatusBedeutung

from .models import Kriterium
from .services import Antwort, leistungen_bewerten

ANZAHL = 300
UNBEWERTET = 6  # open services left without any rating
UNVOLLSTAENDIG = 14  # open services with one to three criteria unanswered
GRUND = "Erstbewertung (Demodaten)"


def _choose(rng: random.Random, kriterium: Kriterium, fallzahl: int | None):
    options = sorted(kriterium.optionen.all(), key=lambda o: -o.punkte)
    weights = [3, 4, 3] + [2] * max(0, len(options) - 3)
    if kriterium.bereich.reihenfolge == 1 and (fallzahl or 0) >= 1000:
        weights = [6, 3, 1] + [1] * max(0, len(options) - 3)  # many applications: more relevant for citizens
    return rng.choices(options, weights=weights[: len(options)])[0]


def bewertungen_anlegen(rng: random.Random) -> tuple[int, int]:
    """Rate the demo services; returns (services rated, of which incomplete)."""
    kriterien = list(Kriterium.objects.select_related("bereich").prefetch_related("optionen"))
    if not kriterien:
        return 0, 0
    wiesbaden = list(
        Leistung.objects.filter(von_wiesbaden_umzusetzen=True)
        .exclude(status__bedeutung=StatusBedeutung.AUSSER_BETRACHT)
        .select_related("status")
        .order_by("leika_schluessel")
    )
    offen = [le for le in wiesbaden if le.status is None or le.status.bedeutung != StatusBedeutung.ERLEDIGT]
    offen_ids = {le.pk for le in offen}
    erledigt = [le for le in wiesbaden if le.pk not in offen_ids]
    rng.shuffle(offen)
    unvollstaendig = {le.pk for le in offen[UNBEWERTET : UNBEWERTET + UNVOLLSTAENDIG]}
    bewertet = offen[UNBEWERTET:][:ANZAHL]  # the first UNBEWERTET stay unrated
    rest = ANZAHL - len(bewertet)
    if rest > 0:
        bewertet += rng.sample(erledigt, min(rest, len(erledigt)))

    bewertungen = {}
    for leistung in bewertet:
        auslassen = set()
        if leistung.pk in unvollstaendig:
            auslassen = {k.pk for k in rng.sample(kriterien, rng.randint(1, min(3, len(kriterien))))}
        bewertungen[leistung] = {
            k: Antwort(option=_choose(rng, k, leistung.antraege_pro_jahr), begruendung=GRUND)
            for k in kriterien
            if k.pk not in auslassen
        }
    leistungen_bewerten(bewertungen=bewertungen)
    return len(bewertungen), len(unvollstaendig & {le.pk for le in bewertet})
