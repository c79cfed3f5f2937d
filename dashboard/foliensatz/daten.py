"""The figures of a Foliensatz, all from the selectors the pages and ``/daten/`` use, so that the same Stichtag gives
the same numbers in the file, on the page and in the JSON. A fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from catalog.models import Erhebung
from catalog.selectors import (
    Bewegungsart,
    EfaFortschritt,
    FallzahlLeistung,
    Gruppe,
    MonitorVergleich,
    Stand,
    TrichterStufe,
    Vergleich,
    Wochenverlauf,
    bewegungen,
    efa_fortschritt_am,
    groesste_fallzahlen_am,
    monitor_vergleich,
    status_stand,
    status_stand_nach_amt,
    trichter,
    vergleich,
    wochenverlauf,
)
from dashboard.charts import TREND_WOCHEN
from dashboard.views.uebersicht import TOP_FALLZAHLEN
from scorecard.selectors import BASIS_TEXT as SCORECARD_BASIS
from scorecard.selectors import RanglisteRow, rangliste_spitze

TOP_SCORECARD = 10


@dataclass(frozen=True)
class FoliensatzDaten:
    """Everything the slides show, as plain data (see :func:`foliensatz_daten`)."""

    stichtag: dt.date
    heute: dt.date
    stand: Stand
    vergleich: Vergleich | None
    weggefallen: int  # Leistungen in the Erhebung's base that have left it by the Stichtag (0 without Erhebung)
    trichter: list[TrichterStufe]
    aemter: list[Gruppe]  # with Leistungen, sorted as the page sorts them (share online, then size)
    wochen: Wochenverlauf
    efa: list[EfaFortschritt]
    fallzahlen: list[FallzahlLeistung]
    rangliste: list[RanglisteRow]
    rangliste_basis: str
    monitor: MonitorVergleich


def aemter_sortiert(gruppen: list[Gruppe]) -> list[Gruppe]:
    """The Ämter with Leistungen in the order of the Ämter page's chart: share online, then size, then number."""
    return sorted(
        (g for g in gruppen if g.stand.anzahl),
        key=lambda g: (-g.stand.online_anteil, -g.stand.anzahl, g.nummer or 0),
    )


def foliensatz_daten(*, stichtag: dt.date, erhebung: Erhebung | None) -> FoliensatzDaten:
    """The figures for a Foliensatz on ``stichtag``, compared with ``erhebung`` (none: no comparison)."""
    return FoliensatzDaten(
        stichtag=stichtag,
        heute=timezone.localdate(),
        stand=status_stand(stichtag=stichtag),
        vergleich=vergleich(alt=erhebung, neu=stichtag) if erhebung is not None else None,
        weggefallen=len(bewegungen(alt=erhebung, neu=stichtag)[Bewegungsart.WEGGEFALLEN]) if erhebung else 0,
        trichter=trichter(),
        aemter=aemter_sortiert(status_stand_nach_amt(stichtag=stichtag)),
        wochen=wochenverlauf(von=stichtag - dt.timedelta(weeks=TREND_WOCHEN), bis=stichtag),
        efa=efa_fortschritt_am(stichtag),
        fallzahlen=groesste_fallzahlen_am(stichtag, anzahl=TOP_FALLZAHLEN),
        rangliste=rangliste_spitze(TOP_SCORECARD),
        rangliste_basis=SCORECARD_BASIS,
        monitor=monitor_vergleich(bis=stichtag),
    )
