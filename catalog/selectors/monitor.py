"""Wiesbaden beside the Hessian OZG-Monitor, per ISO calendar week.

The Monitor (no interface; Amt 15 records its weekly figures, :mod:`catalog.monitor`) counts the OZG services online
at the Landesbehörden and at the Kommunen of Hessen. Beside each recorded week stands Wiesbaden's own share online
at the end of that week (its Sunday, or the Stichtag in the Stichtag's own week), from :func:`.wochenverlauf`, the
same figures as the overview's weekly chart. Each figure says its source and week.

Four queries whatever the number of weeks: the Monitor's rows, and the weekly series' three.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from catalog.models import MonitorEbene, OzgMonitorWert
from toolkit.formatting import format_date

from .basis import anteil
from .verlauf import wochenverlauf

QUELLE_MONITOR = "Hessischer OZG-Monitor (wochenaktuell; von Amt 15 übernommen)"
QUELLE_PORTAL = "OZG-Portal der Landeshauptstadt Wiesbaden"


@dataclass(frozen=True)
class MonitorZahl:
    """Of ``gesamt`` services, ``online`` were online; ``quelle`` and ``stand`` say where and when from."""

    online: int
    gesamt: int
    quelle: str
    stand: str

    @property
    def anteil(self) -> float:
        return anteil(self.online, self.gesamt)

    @property
    def noch_umzusetzen(self) -> int:
        return self.gesamt - self.online


@dataclass(frozen=True)
class MonitorWoche:
    """One ISO week: the Monitor's figures for the Landesbehörden and the Kommunen (either may be missing),
    their sum for Hessen, and Wiesbaden's figure at the end of the week."""

    jahr: int
    kw: int
    sonntag: dt.date
    land: MonitorZahl | None
    kommunen: MonitorZahl | None
    wiesbaden: MonitorZahl

    @property
    def bezeichnung(self) -> str:
        return f"KW {self.kw}/{self.jahr}"

    @property
    def hessen(self) -> MonitorZahl | None:
        """Landesbehörden and Kommunen together, as the Monitor's headline (KW 19/2022: 349 of 740)."""
        if self.land is None or self.kommunen is None:
            return None
        return MonitorZahl(
            online=self.land.online + self.kommunen.online,
            gesamt=self.land.gesamt + self.kommunen.gesamt,
            quelle=QUELLE_MONITOR,
            stand=self.bezeichnung,
        )


@dataclass(frozen=True)
class MonitorVergleich:
    bis: dt.date
    wochen: list[MonitorWoche]  # oldest first
    wiesbaden_basis: str

    @property
    def letzte(self) -> MonitorWoche | None:
        return self.wochen[-1] if self.wochen else None


def monitor_vergleich(*, bis: dt.date, anzahl: int = 8) -> MonitorVergleich:
    """The last ``anzahl`` weeks up to ``bis`` for which the Monitor's figures are recorded, each beside
    Wiesbaden's share online at the end of that week (at ``bis`` in ``bis``'s own week)."""
    jahr, kw, _ = bis.isocalendar()
    zeilen = list(
        OzgMonitorWert.objects.filter(Q(jahr__lt=jahr) | Q(jahr=jahr, kw__lte=kw))
        .order_by("-jahr", "-kw", "ebene")
        .values("jahr", "kw", "ebene", "online", "gesamt", "erfasst_am")[: 2 * anzahl]
    )
    je_woche: dict[tuple[int, int], dict[str, dict]] = {}
    for zeile in zeilen:
        je_woche.setdefault((zeile["jahr"], zeile["kw"]), {})[zeile["ebene"]] = zeile
    schluessel = sorted(je_woche)[-anzahl:]
    if not schluessel:
        return MonitorVergleich(bis=bis, wochen=[], wiesbaden_basis="")
    von = dt.date.fromisocalendar(*schluessel[0], 1)
    verlauf = wochenverlauf(von=von, bis=bis)
    wiesbaden = {(w.jahr, w.kw): w for w in verlauf.wochen}

    def zahl_aus(zeile: dict | None, woche: str) -> MonitorZahl | None:
        if zeile is None:
            return None
        return MonitorZahl(online=zeile["online"], gesamt=zeile["gesamt"], quelle=QUELLE_MONITOR, stand=woche)

    wochen = []
    for j, k in schluessel:
        ebenen = je_woche[(j, k)]
        w = wiesbaden[(j, k)]
        name = f"KW {k}/{j}"
        wochen.append(
            MonitorWoche(
                jahr=j,
                kw=k,
                sonntag=dt.date.fromisocalendar(j, k, 7),
                land=zahl_aus(ebenen.get(MonitorEbene.LAND), name),
                kommunen=zahl_aus(ebenen.get(MonitorEbene.KOMMUNEN), name),
                wiesbaden=MonitorZahl(
                    online=w.stand.online,
                    gesamt=w.stand.anzahl,
                    quelle=QUELLE_PORTAL,
                    stand=f"{name}, Stand {format_date(w.stichtag)}",
                ),
            )
        )
    return MonitorVergleich(bis=bis, wochen=wochen, wiesbaden_basis=verlauf.beschreibung)
