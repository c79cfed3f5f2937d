"""Demo capacities for the quarters 2022 to 2027 and a few Vorgaben, written through the services.

Chosen so that plan and forecast have something to say: in the past quarters more was planned than went online
(the demo history takes about 4 services a quarter online), from the laufende Quartal on the capacity grows, the
Digitalisierungsfabrik and the Amt with the most open services have limits, so some Ämter are done within 2027
and others are not. Deterministic with ``rng``; the quarters are fixed, the Vorgaben picked from the open
services.
"""

from __future__ import annotations

import random

from django.utils import timezone

from catalog.models import Amt, Status
from scorecard.selectors import offene_leistungen

from .plan import Art
from .quartal import Quartal
from .services import Teil, kapazitaet_speichern, planvorgabe_setzen

VERGANGEN = {2022: 10, 2023: 10, 2024: 8, 2025: 8, 2026: 8}  # per quarter
KUENFTIG = {
    Quartal(2026, 4): 20,
    Quartal(2027, 1): 45,
    Quartal(2027, 2): 55,
    Quartal(2027, 3): 65,
    Quartal(2027, 4): 75,
}
FABRIK, FABRIK_GRENZE = "Digitalisierungsfabrik", 20
AMT_GRENZE = 5  # for the Amt with the most open services
FESTLEGUNGEN = [
    (Art.FESTGELEGT, 0, "Anbindung des EfA-Onlinedienstes mit dem umsetzenden Land vereinbart"),
    (Art.FESTGELEGT, 2, "Start mit der Einführung des neuen Fachverfahrens abgestimmt"),
    (Art.ZURUECKGESTELLT, None, "Rechtsgrundlage wird überarbeitet; Umsetzung erst danach sinnvoll"),
    (Art.ZURUECKGESTELLT, None, "Fachverfahren wird abgelöst; Online-Dienst mit dem neuen Verfahren"),
]


def planung_anlegen(rng: random.Random) -> str:
    """Write the demo capacities and Vorgaben; returns what was written, in German, for the loader's output."""
    laufend = Quartal.von_datum(timezone.localdate())
    fabrik = Status.objects.filter(bezeichnung=FABRIK).first()
    offen = list(offene_leistungen().order_by("leika_schluessel").select_related("amt"))
    je_amt: dict[int, int] = {}
    for leistung in offen:
        if leistung.amt_id is not None:
            je_amt[leistung.amt_id] = je_amt.get(leistung.amt_id, 0) + 1
    groesstes = Amt.objects.filter(pk=max(je_amt, key=je_amt.get)).first() if je_amt else None

    quartale = {Quartal(jahr, n): anzahl for jahr, anzahl in VERGANGEN.items() for n in (1, 2, 3, 4)}
    quartale.update(KUENFTIG)
    for quartal, anzahl in sorted(quartale.items()):
        teile = []
        if quartal >= laufend:
            if fabrik is not None:
                teile.append(Teil(anzahl=min(anzahl, FABRIK_GRENZE), plattform=fabrik))
            if groesstes is not None:
                teile.append(Teil(anzahl=min(anzahl, AMT_GRENZE), amt=groesstes))
        kapazitaet_speichern(quartal=quartal, anzahl=anzahl, teile=teile, bemerkung="Demodaten")

    vorgaben = 0
    for (art, in_quartalen, grund), leistung in zip(FESTLEGUNGEN, rng.sample(offen, min(len(offen), 4)), strict=False):
        quartal = laufend.plus(in_quartalen) if art == Art.FESTGELEGT else None
        planvorgabe_setzen(leistung=leistung, art=art, quartal=quartal, grund=grund)
        vorgaben += 1
    return (
        f"Umsetzungsplanung: Kapazitäten für {len(quartale)} Quartale ({min(quartale)} bis {max(quartale)}), "
        f"{vorgaben} Vorgaben."
    )
