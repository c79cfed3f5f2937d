"""The deck's figures of the Hessian OZG-Monitor for KW 19/2022, recorded as Amt 15 records them (through the
service): Landesbehörden 210 of 426 online, Kommunen 139 of 314; together 349 of 740 (47 %)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from catalog.models import MonitorEbene, OzgMonitorWert
from catalog.monitor import monitorwerte_erfassen

DECK_KW = (2022, 19)
DECK_WERTE = {MonitorEbene.LAND: (210, 426), MonitorEbene.KOMMUNEN: (139, 314)}
ERFASST_AM = dt.datetime(2022, 5, 16, 8, 30)  # the Monday after KW 19


def build_monitor(stdout=None) -> list[OzgMonitorWert]:
    """Record the deck's KW 19/2022 unless it is there already; returns the new figures."""
    jahr, kw = DECK_KW
    if OzgMonitorWert.objects.filter(jahr=jahr, kw=kw).exists():
        return []
    werte = [
        OzgMonitorWert(
            jahr=jahr, kw=kw, ebene=ebene, online=online, gesamt=gesamt, erfasst_am=timezone.make_aware(ERFASST_AM)
        )
        for ebene, (online, gesamt) in DECK_WERTE.items()
    ]
    monitorwerte_erfassen(werte=werte)
    if stdout is not None:
        stdout.write(f"OZG-Monitor KW {kw}/{jahr} erfasst: Landesbehörden 210 von 426, Kommunen 139 von 314 online.")
    return werte
