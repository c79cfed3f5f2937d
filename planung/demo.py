"""Demo capacities from Q1/2022 to four quarters after the laufende one (today: to Q4/2027) and a few Vorgaben,
written through the services.

Chosen so that plan and forecast have something to say: in the past quarters more was planned than went online
(the demo history takes just under five services a quarter online), from the laufende Quartal on the capacity grows, the
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

ERSTES = Quartal(2022, 1)
VERGANGEN = 10  # per past quarter until 2023, then 8
KUENFTIG = [20, 45, 55, 65, 75]  # the laufende Quartal and the four after it (today: Q4/2026 to Q4/2027)
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
    offen = list(offene_leistungen().order_by("leika_schluessel").select_related("buendel"))
    je_amt: dict[int, int] = {}
    for leistung in offen:
        if leistung.amt_id is not None:
            je_amt[leistung.amt_id] = je_amt.get(leistung.amt_id, 0) + 1
    groesstes = Amt.objects.filter(pk=max(je_amt, key=je_amt.get)).first() if je_amt else None

    quartale = {q: VERGANGEN if q.jahr <= 2023 else VERGANGEN - 2 for q in ERSTES.bis(laufend.plus(-1))}
    quartale.update({laufend.plus(i): anzahl for i, anzahl in enumerate(KUENFTIG)})
    for quartal, anzahl in sorted(quartale.items()):
        teile = []
        if quartal >= laufend:
            if fabrik is not None:
                teile.append(Teil(anzahl=min(anzahl, FABRIK_GRENZE), plattform=fabrik))
            if groesstes is not None:
                teile.append(Teil(anzahl=min(anzahl, AMT_GRENZE), amt=groesstes))
        kapazitaet_speichern(quartal=quartal, anzahl=anzahl, teile=teile, bemerkung="Demodaten")

    # the first pin is an EfA service (its reason says so), the others any open service
    efa = [le for le in offen if le.buendel is not None and le.buendel.efa]
    auswahl = rng.sample(efa, 1) if efa else []
    auswahl += rng.sample([le for le in offen if le not in auswahl], min(len(offen) - len(auswahl), 3))
    vorgaben = 0
    for (art, in_quartalen, grund), leistung in zip(FESTLEGUNGEN, auswahl, strict=False):
        quartal = laufend.plus(in_quartalen) if art == Art.FESTGELEGT else None
        planvorgabe_setzen(leistung=leistung, art=art, quartal=quartal, grund=grund)
        vorgaben += 1
    return (
        f"Umsetzungsplanung: Kapazitäten für {len(quartale)} Quartale ({min(quartale)} bis {max(quartale)}), "
        f"{vorgaben} Vorgaben."
    )
