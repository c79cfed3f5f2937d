"""The deck's first Erhebung, "Erhebungsstand Dez. 2021", made through the service after the status histories exist.

The second, "Erhebungsstand Mai 2022", is the result of a survey round: the app ``erhebungsrunde`` (which builds
on catalog) opens, answers and closes that round in its demo part, and closing makes the Erhebung through the same
service. Their comparison shows the deck's changes "Abgeschlossen +2, Umsetzung +1, Digitalisierungsfabrik −7,
Wartend −8" (see :mod:`catalog.demo.verlauf`, which plans exactly these moves between the two Stichtage).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from catalog.demo.verlauf import ERHEBUNG_DEZ_2021
from catalog.models import Erhebung
from catalog.services import erhebung_anlegen

# Name, Stichtag, and when Amt 15 took it: a few days after the Stichtag, as a survey is made.
DEMO_ERHEBUNGEN = [
    ("Erhebungsstand Dez. 2021", ERHEBUNG_DEZ_2021, dt.datetime(2021, 12, 3, 10, 15)),
]


def build_erhebungen(stdout=None) -> list[Erhebung]:
    """Make the demo Erhebungen that do not exist yet; returns all of them."""
    erhebungen = []
    for name, stichtag, erstellt in DEMO_ERHEBUNGEN:
        erhebung = Erhebung.objects.filter(name=name).first()
        if erhebung is None:
            erstellt_am = timezone.make_aware(erstellt)
            erhebung = erhebung_anlegen(name=name, stichtag=stichtag, erstellt_am=erstellt_am)
            if stdout is not None:
                anzahl = erhebung.eintraege.count()
                stdout.write(f"Erhebung „{name}“ ({stichtag:%d.%m.%Y}) angelegt: {anzahl} Leistungen.")
        erhebungen.append(erhebung)
    return erhebungen
