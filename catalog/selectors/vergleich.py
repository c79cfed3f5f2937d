"""Comparison of two Stände: two Erhebungen, an Erhebung with today, or any two dates.

A side that is an Erhebung reads its frozen rows; a side that is a date reads the status history as of that
date (default base). Per status and per Amt the counts at both and the difference; the Leistungen whose status
changed (from → to); those that entered or left the base. Four queries whatever the data size: the statuses,
the Ämter, and one row query per side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from catalog.keys import format_key
from catalog.models import Amt, Erhebung, ErhebungsEintrag
from toolkit.formatting import format_date, format_difference

from .basis import (
    Basis,
    StatusInfo,
    ausser_ids,
    basis_beschreibung,
    leistungen_mit_status_am,
    status_am,
    status_laden,
)
from .erhebungen import letzte_erhebung


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
class Bewegung:
    """A Leistung that moved: its status at the older side (``von``) and at the newer one (``nach``).

    For one that entered the base ``von`` is its status on the older date by the history (may be out of scope
    or none); for one that left, ``nach`` is its status on the newer date by the history.
    """

    leistung_id: int
    schluessel: str
    bezeichnung: str
    amt_nummer: int | None
    von_status_id: int | None
    von: str | None
    nach_status_id: int | None
    nach: str | None

    @property
    def schluessel_formatiert(self) -> str:
        return format_key(self.schluessel)


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
    geaendert: list[Bewegung] = field(default_factory=list)
    hinzugekommen: list[Bewegung] = field(default_factory=list)
    weggefallen: list[Bewegung] = field(default_factory=list)


@dataclass(frozen=True)
class _Zeile:
    schluessel: str
    bezeichnung: str
    status_id: int | None
    amt_id: int | None
    status_dort: int | None  # the status by the history on the other side's date


def _stichtag(seite: Erhebung | dt.date) -> dt.date:
    return seite.stichtag if isinstance(seite, Erhebung) else seite


def _zeilen(seite: Erhebung | dt.date, anderer_tag: dt.date, ausser: set[int]) -> dict[int, _Zeile]:
    """One query: the side's Leistungen with status and Amt, and their status on the other side's date."""
    if isinstance(seite, Erhebung):
        rows = (
            ErhebungsEintrag.objects.filter(erhebung=seite)
            .annotate(status_dort=status_am(anderer_tag, "leistung_id"))
            .values_list(
                "leistung_id",
                "leistung__leika_schluessel",
                "leistung__bezeichnung",
                "status_id",
                "amt_id",
                "status_dort",
            )
            .order_by()
        )
    else:
        rows = (
            leistungen_mit_status_am(seite)
            .annotate(status_dort=status_am(anderer_tag))
            .values_list("pk", "leika_schluessel", "bezeichnung", "status_am", "amt_id", "status_dort")
        )
    return {
        pk: _Zeile(schluessel, bezeichnung, status_id, amt_id, dort)
        for pk, schluessel, bezeichnung, status_id, amt_id, dort in rows
        if isinstance(seite, Erhebung) or status_id not in ausser
    }


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


def _zaehle(zeilen: dict[int, _Zeile]) -> tuple[dict, dict]:
    """Counts per status, and per Amt per status."""
    je_status: dict[int | None, int] = {}
    je_amt: dict[int | None, dict[int | None, int]] = {}
    for zeile in zeilen.values():
        je_status[zeile.status_id] = je_status.get(zeile.status_id, 0) + 1
        amt = je_amt.setdefault(zeile.amt_id, {})
        amt[zeile.status_id] = amt.get(zeile.status_id, 0) + 1
    return je_status, je_amt


def vergleich(*, alt: Erhebung | dt.date, neu: Erhebung | dt.date | None = None, amt: Amt | None = None) -> Vergleich:
    """Compare ``alt`` with ``neu`` (default: today), both Erhebungen or dates, for the city or one Amt.

    For one Amt, a side counts the Leistungen whose Amt at that side (frozen in an Erhebung) is ``amt``; a
    Leistung that changed Amt thus leaves one Amt's base and enters the other's.
    """
    if neu is None:
        neu = timezone.localdate()
    statuses = status_laden()
    ausser = ausser_ids(statuses, Basis.WIESBADEN)
    online_ids = {s.id for s in statuses if s.online}
    namen = {s.id: s.bezeichnung for s in statuses}
    reihenfolge = {s.id: i for i, s in enumerate(statuses)}
    aemter = list(Amt.objects.order_by("nummer"))
    amt_nummer = {a.pk: a.nummer for a in aemter}

    alt_zeilen = _zeilen(alt, _stichtag(neu), ausser)
    neu_zeilen = _zeilen(neu, _stichtag(alt), ausser)
    if amt is not None:
        alt_zeilen = {pk: z for pk, z in alt_zeilen.items() if z.amt_id == amt.pk}
        neu_zeilen = {pk: z for pk, z in neu_zeilen.items() if z.amt_id == amt.pk}

    alt_status, alt_amt = _zaehle(alt_zeilen)
    neu_status, neu_amt = _zaehle(neu_zeilen)

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

    def bewegung(pk: int, zeile: _Zeile, von: int | None, nach: int | None) -> Bewegung:
        return Bewegung(
            leistung_id=pk,
            schluessel=zeile.schluessel,
            bezeichnung=zeile.bezeichnung,
            amt_nummer=amt_nummer.get(zeile.amt_id),
            von_status_id=von,
            von=namen.get(von),
            nach_status_id=nach,
            nach=namen.get(nach),
        )

    geaendert = [
        bewegung(pk, z, alt_zeilen[pk].status_id, z.status_id)
        for pk, z in neu_zeilen.items()
        if pk in alt_zeilen and alt_zeilen[pk].status_id != z.status_id
    ]
    geaendert.sort(
        key=lambda b: (reihenfolge.get(b.von_status_id, -1), reihenfolge.get(b.nach_status_id, -1), b.schluessel)
    )
    hinzugekommen = sorted(
        (bewegung(pk, z, z.status_dort, z.status_id) for pk, z in neu_zeilen.items() if pk not in alt_zeilen),
        key=lambda b: b.schluessel,
    )
    weggefallen = sorted(
        (bewegung(pk, z, z.status_id, z.status_dort) for pk, z in alt_zeilen.items() if pk not in neu_zeilen),
        key=lambda b: b.schluessel,
    )
    return Vergleich(
        alt=_seite(alt, len(alt_zeilen)),
        neu=_seite(neu, len(neu_zeilen)),
        beschreibung=basis_beschreibung(Basis.WIESBADEN, statuses, amt=amt),
        gesamt=Differenz(len(alt_zeilen), len(neu_zeilen)),
        online=Differenz(online(alt_status), online(neu_status)),
        ohne_status=Differenz(alt_status.get(None, 0), neu_status.get(None, 0)),
        status=_status_differenzen(statuses, alt_status, neu_status),
        aemter=amt_zeilen,
        geaendert=geaendert,
        hinzugekommen=hinzugekommen,
        weggefallen=weggefallen,
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
