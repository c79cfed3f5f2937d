"""The demo's two Erhebungen of the deck, made through the service after the status histories exist.

Their comparison shows the deck's changes "Abgeschlossen +2, Umsetzung +1, Digitalisierungsfabrik −7,
Wartend −8" (see :mod:`catalog.demo.verlauf`, which plans exactly these moves between the two Stichtage).
"""

from __future__ import annotations

from catalog.demo.verlauf import ERHEBUNG_DEZ_2021, ERHEBUNG_MAI_2022
from catalog.models import Erhebung
from catalog.services import erhebung_anlegen

DEMO_ERHEBUNGEN = [
    ("Erhebungsstand Dez. 2021", ERHEBUNG_DEZ_2021),
    ("Erhebungsstand Mai 2022", ERHEBUNG_MAI_2022),
]


def build_erhebungen(stdout=None) -> list[Erhebung]:
    """Make the demo Erhebungen that do not exist yet; returns all of them."""
    erhebungen = []
    for name, stichtag in DEMO_ERHEBUNGEN:
        erhebung = Erhebung.objects.filter(name=name).first()
        if erhebung is None:
            erhebung = erhebung_anlegen(name=name, stichtag=stichtag)
            if stdout is not None:
                anzahl = erhebung.eintraege.count()
                stdout.write(f"Erhebung „{name}“ ({stichtag:%d.%m.%Y}) angelegt: {anzahl} Leistungen.")
        erhebungen.append(erhebung)
    return erhebungen
