"""Comparison of two Stände: two Erhebungen, an Erhebung with today, or any two dates.

A side that is an Erhebung counts its frozen rows; a side that is a date counts the default base as of that date
(:func:`~catalog.selectors.zaehlung.zaehlung_am`). Per status and per Amt the counts at both and the difference,
counted by the database: four queries for an Erhebung and today whatever the data size (the statuses, the Ämter,
one count per side), one or two more for an earlier date. Which Leistungen moved: :mod:`.bewegungen`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from catalog.models import Amt, Erhebung, ErhebungsEintrag
from toolkit.formatting import format_date, format_difference

from .basis import Basis, StatusInfo, ausser_ids, basis_beschreibung, count_by, status_laden
from .erhebungen import letzte_erhebung
from .zaehlung import zaehlung_am


class _MitDifferenz:
    alt: int
    neu: int

    @property
    def differenz(self) -> int:
        return self.neu - self.alt

    @property
    def text(self) -> str:
        return format_difference(self.differenz)


@dataclass(frozen=True)
class Differenz(_MitDifferenz):
    """A count at the older side (``alt``) and at the newer one (``neu``)."""

    alt: int
    neu: int


@dataclass(frozen=True)
class StatusDifferenz(_MitDifferenz):
    """One status's count at both sides."""

    status_id: int
    bezeichnung: str
    farbe: str
    bedeutung: str
    alt: int
    neu: int


@dataclass(frozen=True)
class AmtDifferenz:
    """One Amt's change: its Leistungen in the base, online ones, and per status."""

    id: int | None
    nummer: int | None
    bezeichnung: str
    gesamt: Differenz
    online: Differenz
    status: list[StatusDifferenz]


@dataclass(frozen=True)
class Seite:
    """One side of a comparison: an Erhebung (frozen) or a date (as of the history)."""

    bezeichnung: str
    stichtag: dt.date
    erhebung_id: int | None
    anzahl: int


@dataclass(frozen=True)
class Vergleich:
    alt: Seite
    neu: Seite
    beschreibung: str
    gesamt: Differenz
    online: Differenz
    ohne_status: Differenz
    status: list[StatusDifferenz]
    aemter: list[AmtDifferenz]


def _zaehlung(seite: Erhebung | dt.date, ausser: set[int]) -> dict[tuple[int | None, int | None], int]:
    """The side's base counted by (Amt, status): an Erhebung's frozen rows, or the default base on a date."""
    if isinstance(seite, Erhebung):
        return count_by(ErhebungsEintrag.objects.filter(erhebung=seite), "amt_id", "status_id")
    zaehlung = zaehlung_am(seite, basis=Basis.WIESBADEN, gruppe="amt_id")
    return {(amt_id, status_id): n for (amt_id, status_id), n in zaehlung.items() if status_id not in ausser}


def _seite(seite: Erhebung | dt.date, anzahl: int) -> Seite:
    if isinstance(seite, Erhebung):
        return Seite(bezeichnung=seite.name, stichtag=seite.stichtag, erhebung_id=seite.pk, anzahl=anzahl)
    heute = timezone.localdate()
    text = f"heute ({format_date(seite)})" if seite == heute else f"Stand {format_date(seite)}"
    return Seite(bezeichnung=text, stichtag=seite, erhebung_id=None, anzahl=anzahl)


def _status_differenzen(statuses: list[StatusInfo], alt: dict, neu: dict) -> list[StatusDifferenz]:
    return [
        StatusDifferenz(
            alt=alt.get(s.id, 0),
            neu=neu.get(s.id, 0),
            status_id=s.id,
            bezeichnung=s.bezeichnung,
            farbe=s.farbe,
            bedeutung=s.bedeutung,
        )
        for s in statuses
        if not s.ausser_betracht or alt.get(s.id, 0) or neu.get(s.id, 0)
    ]


def _je_status_und_amt(zaehlung: dict, amt: Amt | None) -> tuple[dict, dict, int]:
    """Counts per status, per Amt per status, and the total (only ``amt``'s, if given)."""
    je_status: dict[int | None, int] = {}
    je_amt: dict[int | None, dict[int | None, int]] = {}
    for (amt_id, status_id), n in zaehlung.items():
        if amt is not None and amt_id != amt.pk:
            continue
        je_status[status_id] = je_status.get(status_id, 0) + n
        je_amt.setdefault(amt_id, {})[status_id] = n
    return je_status, je_amt, sum(je_status.values())


def vergleich(*, alt: Erhebung | dt.date, neu: Erhebung | dt.date | None = None, amt: Amt | None = None) -> Vergleich:
    """Compare ``alt`` with ``neu`` (default: today), both Erhebungen or dates, for the city or one Amt.

    For one Amt, a side counts the Leistungen whose Amt at that side (frozen in an Erhebung) is ``amt``; a
    Leistung that changed Amt thus leaves one Amt's base and enters the other's. The Leistungen that moved:
    :func:`~catalog.selectors.bewegungen.bewegungen`.
    """
    if neu is None:
        neu = timezone.localdate()
    statuses = status_laden()
    ausser = ausser_ids(statuses, Basis.WIESBADEN)
    online_ids = {s.id for s in statuses if s.online}
    aemter = list(Amt.objects.order_by("nummer"))
    alt_status, alt_amt, alt_gesamt = _je_status_und_amt(_zaehlung(alt, ausser), amt)
    neu_status, neu_amt, neu_gesamt = _je_status_und_amt(_zaehlung(neu, ausser), amt)

    def online(zaehlung: dict) -> int:
        return sum(n for status_id, n in zaehlung.items() if status_id in online_ids)

    amt_zeilen = []
    gruppen = [(a.pk, a.nummer, f"Amt {a.nummer} – {a.name}") for a in aemter if amt is None or a.pk == amt.pk]
    if amt is None and (None in alt_amt or None in neu_amt):
        gruppen.append((None, None, "ohne Amt"))
    for amt_id, nummer, bezeichnung in gruppen:
        a, n = alt_amt.get(amt_id, {}), neu_amt.get(amt_id, {})
        amt_zeilen.append(
            AmtDifferenz(
                id=amt_id,
                nummer=nummer,
                bezeichnung=bezeichnung,
                gesamt=Differenz(sum(a.values()), sum(n.values())),
                online=Differenz(online(a), online(n)),
                status=_status_differenzen(statuses, a, n),
            )
        )
    return Vergleich(
        alt=_seite(alt, alt_gesamt),
        neu=_seite(neu, neu_gesamt),
        beschreibung=basis_beschreibung(Basis.WIESBADEN, statuses, amt=amt),
        gesamt=Differenz(alt_gesamt, neu_gesamt),
        online=Differenz(online(alt_status), online(neu_status)),
        ohne_status=Differenz(alt_status.get(None, 0), neu_status.get(None, 0)),
        status=_status_differenzen(statuses, alt_status, neu_status),
        aemter=amt_zeilen,
    )


def vergleich_seit_letzter_erhebung(stichtag: dt.date, *, amt: Amt | None = None) -> Vergleich | None:
    """The figures on ``stichtag`` compared with the last Erhebung before it (None when there is none).

    On an Erhebung's own Stichtag this is the change since the Erhebung before, as the deck reports it
    ("Erhebungsstand Mai 2022, mit Änderungen seit Dez. 2021").
    """
    erhebung = letzte_erhebung(bis=stichtag - dt.timedelta(days=1))
    if erhebung is None:
        return None
    return vergleich(alt=erhebung, neu=stichtag, amt=amt)
