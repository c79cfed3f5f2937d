"""Demo assessments: a few dozen of Wiesbaden's online services checked against the Servicestandard, some of them
incomplete.

Deterministic for a given catalogue and ``rng``. The results lean the way a Kommune's services plausibly stand:
services on the Land's platform (civento) or an EfA service do well on the portal network, reuse and
operations, poorly on once-only and on published usage figures; open source does not apply to a service Wiesbaden
did not develop itself. Written through the assessment service.
"""

from __future__ import annotations

import random

from catalog.models import Leistung

from .models import Erfuellung, Prinzip, mit_online_dienst
from .selectors import aktuelle_fassung
from .services import Eintrag, leistungen_pruefen

ANZAHL = 40
UNVOLLSTAENDIG = 8  # of them with some principles not assessed yet
JE_DEMO_AMT = 6  # services of the demo users' Ämter among them, so that their pages have something to show
DEMO_AEMTER = (33, 51)

E, T, N, A = Erfuellung.ERFUELLT, Erfuellung.TEILWEISE, Erfuellung.NICHT_ERFUELLT, Erfuellung.NICHT_ANWENDBAR
# principle number -> weights of (erfüllt, teilweise, nicht erfüllt, nicht anwendbar)
GEWICHTE = {
    1: (3, 4, 3, 0),
    2: (5, 4, 1, 0),
    3: (3, 5, 2, 0),
    4: (1, 3, 6, 0),
    5: (8, 2, 0, 0),
    6: (2, 4, 4, 0),
    7: (1, 2, 2, 5),
    8: (2, 3, 5, 0),
    9: (8, 1, 1, 0),
    10: (4, 4, 2, 0),
    11: (3, 3, 3, 1),
    12: (6, 3, 1, 0),
    13: (1, 1, 2, 6),
    14: (6, 2, 2, 0),
    15: (7, 3, 0, 0),
    16: (4, 4, 2, 0),
    17: (2, 5, 3, 0),
    18: (1, 2, 7, 0),
    19: (2, 3, 5, 0),
}
# A service Wiesbaden built itself: open source is a real question; an EfA service: reuse is given.
PLATTFORM_GEWICHTE = {
    ("eigen", 13): (1, 2, 6, 1),
    ("efa", 11): (8, 2, 0, 0),
    ("efa", 14): (10, 0, 0, 0),
}
NOTIZEN = {
    (4, N): "Nachweise werden noch als Datei-Upload verlangt.",
    (4, T): "Meldedaten werden übernommen, weitere Nachweise noch hochzuladen.",
    (6, N): "Auf wiesbaden.de nicht beworben.",
    (13, A): "Keine Eigenentwicklung Wiesbadens.",
    (18, N): "Nutzungszahlen werden erhoben, aber nicht veröffentlicht.",
    (19, N): "Keine Zufriedenheitsabfrage im Online-Dienst.",
    (19, T): "Zufriedenheitsabfrage vorhanden, wird nicht ausgewertet.",
}


def _ergebnis(rng: random.Random, nummer: int, plattform: str) -> str:
    gewichte = PLATTFORM_GEWICHTE.get((plattform, nummer)) or GEWICHTE.get(nummer, (3, 3, 3, 1))
    return rng.choices((E, T, N, A), weights=gewichte)[0]


def pruefungen_anlegen(rng: random.Random) -> tuple[int, int]:
    """Assess the demo services; returns (services assessed, of which incomplete)."""
    fassung = aktuelle_fassung()
    if fassung is None:
        return 0, 0
    prinzipien = list(Prinzip.objects.filter(gruppe__fassung=fassung).order_by("nummer"))
    kandidaten = list(
        Leistung.objects.filter(mit_online_dienst(), von_wiesbaden_umzusetzen=True)
        .select_related("amt")
        .order_by("leika_schluessel")
    )
    if not prinzipien or not kandidaten:
        return 0, 0
    auswahl: list[Leistung] = []
    for nummer in DEMO_AEMTER:
        eigene = [le for le in kandidaten if le.amt and le.amt.nummer == nummer]
        auswahl += rng.sample(eigene, min(JE_DEMO_AMT, len(eigene)))
    rest = [le for le in kandidaten if le not in auswahl]
    auswahl += rng.sample(rest, min(ANZAHL - len(auswahl), len(rest)))
    unvollstaendig = {le.pk for le in rng.sample(auswahl, min(UNVOLLSTAENDIG, len(auswahl)))}

    pruefungen = {}
    for leistung in auswahl:
        offen = set()
        if leistung.pk in unvollstaendig:
            offen = {p.pk for p in rng.sample(prinzipien, rng.randint(3, min(10, len(prinzipien) - 1)))}
        eintraege = {}
        for prinzip in prinzipien:
            if prinzip.pk in offen:
                continue
            ergebnis = _ergebnis(rng, prinzip.nummer, leistung.online_plattform)
            notiz = NOTIZEN.get((prinzip.nummer, ergebnis), "") if rng.random() < 0.6 else ""
            eintraege[prinzip] = Eintrag(ergebnis=ergebnis, notiz=notiz)
        pruefungen[leistung] = eintraege
    leistungen_pruefen(pruefungen=pruefungen)
    return len(pruefungen), len(unvollstaendig)
