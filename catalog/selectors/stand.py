"""Status counts as of a date: for a base, one Amt or Themenfeld, and broken down by Amt or by Themenfeld.

Each function runs a fixed number of queries (statuses, the groups if any, and the counts of
:func:`~catalog.selectors.zaehlung.zaehlung_am`: one today, two or three before), whatever the size of the
catalogue or the length of its history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from catalog.models import Amt, Themenfeld

from .basis import (
    Basis,
    BasisInfo,
    StatusInfo,
    anteil,
    ausser_ids,
    basis_beschreibung,
    ohne_ausser_betracht,
    status_laden,
)
from .zaehlung import zaehlung_am


@dataclass(frozen=True)
class StatusZahl:
    """How many Leistungen of the base had one status, and their share of the base (0..1)."""

    status_id: int
    bezeichnung: str
    farbe: str
    bedeutung: str
    bedeutung_bezeichnung: str
    anzahl: int
    anteil: float


@dataclass(frozen=True)
class Stand:
    """The status figures of one base on one date.

    ``online`` counts the statuses meaning "erledigt" (online verfügbar); ``noch_umzusetzen`` every Leistung of
    the base that is neither online nor out of scope (Leistungen without any status included, in
    ``ohne_status``); ``ausser_betracht`` the out-of-scope ones (always 0 in the default base).
    """

    stichtag: dt.date
    basis: BasisInfo
    status: list[StatusZahl]
    ohne_status: int
    online: int
    noch_umzusetzen: int
    ausser_betracht: int

    @property
    def anzahl(self) -> int:
        return self.basis.anzahl

    @property
    def online_anteil(self) -> float:
        return anteil(self.online, self.basis.anzahl)

    @property
    def noch_umzusetzen_anteil(self) -> float:
        return anteil(self.noch_umzusetzen, self.basis.anzahl)

    def anzahl_von(self, bezeichnung: str) -> int:
        """The count of the status with this label (0 if the status is not listed)."""
        return next((z.anzahl for z in self.status if z.bezeichnung == bezeichnung), 0)

    def nach_status(self) -> dict[str, int]:
        return {z.bezeichnung: z.anzahl for z in self.status}


@dataclass(frozen=True)
class Gruppe:
    """One Amt or Themenfeld with its figures; ``id`` is None for "ohne Amt" / "ohne Themenfeld".

    ``nummer`` is the Amt's number (None for a Themenfeld); ``bezeichnung`` what a table shows
    ("Amt 33 – Bürgeramt", "Familie & Kind"), ``kurzbezeichnung`` what a chart shows ("33 Bürgeramt")."""

    id: int | None
    nummer: int | None
    name: str
    bezeichnung: str
    stand: Stand
    kurzbezeichnung: str = ""


def stand_aus_zaehlung(
    *,
    stichtag: dt.date,
    basis: Basis,
    beschreibung: str,
    zaehlung: Mapping[int | None, int],
    statuses: Sequence[StatusInfo],
) -> Stand:
    """Turn counts per status id (None = without status) into a :class:`Stand`.

    ``zaehlung`` must already hold only the base's Leistungen. Every status is listed (with 0 where none has
    it), except, in the default base, the out-of-scope statuses that nobody in the base has.
    """
    gesamt = sum(zaehlung.values())
    zeilen = []
    for s in statuses:
        n = zaehlung.get(s.id, 0)
        if Basis(basis) == Basis.WIESBADEN and s.ausser_betracht and n == 0:
            continue
        zeilen.append(
            StatusZahl(
                status_id=s.id,
                bezeichnung=s.bezeichnung,
                farbe=s.farbe,
                bedeutung=s.bedeutung,
                bedeutung_bezeichnung=s.bedeutung_bezeichnung,
                anzahl=n,
                anteil=anteil(n, gesamt),
            )
        )
    online = sum(zaehlung.get(s.id, 0) for s in statuses if s.online)
    ausser = sum(zaehlung.get(s.id, 0) for s in statuses if s.ausser_betracht)
    return Stand(
        stichtag=stichtag,
        basis=BasisInfo(basis=Basis(basis), beschreibung=beschreibung, anzahl=gesamt, stichtag=stichtag),
        status=zeilen,
        ohne_status=zaehlung.get(None, 0),
        online=online,
        noch_umzusetzen=gesamt - online - ausser,
        ausser_betracht=ausser,
    )


def status_stand(
    *,
    stichtag: dt.date,
    basis: Basis = Basis.WIESBADEN,
    amt: Amt | None = None,
    themenfeld: Themenfeld | None = None,
) -> Stand:
    """Per status the count and share of the base on ``stichtag``, plus online verfügbar and noch umzusetzen.

    The statuses (one query) and :func:`~catalog.selectors.zaehlung.zaehlung_am` (one to three).
    """
    statuses = status_laden()
    ausser = ausser_ids(statuses, basis)
    zaehlung = zaehlung_am(stichtag, basis=basis, amt=amt, themenfeld=themenfeld)
    return stand_aus_zaehlung(
        stichtag=stichtag,
        basis=basis,
        beschreibung=basis_beschreibung(basis, statuses, amt=amt, themenfeld=themenfeld),
        zaehlung=ohne_ausser_betracht({key[0]: n for key, n in zaehlung.items()}, ausser),
        statuses=statuses,
    )


def _gruppiert(
    *, stichtag, basis, feld, gruppen, statuses, beschreibung_fuer, amt=None, themenfeld=None
) -> list[Gruppe]:
    ausser = ausser_ids(statuses, basis)
    zaehlung = zaehlung_am(stichtag, basis=basis, amt=amt, themenfeld=themenfeld, gruppe=feld)
    je_gruppe: dict[int | None, dict[int | None, int]] = {}
    for (gruppe_id, status_id), n in zaehlung.items():
        if status_id in ausser:
            continue
        je_gruppe.setdefault(gruppe_id, {})[status_id] = n
    ergebnis = []
    for gruppe_id, nummer, name, bezeichnung, kurzbezeichnung, objekt in gruppen:
        ergebnis.append(
            Gruppe(
                id=gruppe_id,
                nummer=nummer,
                name=name,
                bezeichnung=bezeichnung,
                kurzbezeichnung=kurzbezeichnung,
                stand=stand_aus_zaehlung(
                    stichtag=stichtag,
                    basis=basis,
                    beschreibung=beschreibung_fuer(objekt),
                    zaehlung=je_gruppe.get(gruppe_id, {}),
                    statuses=statuses,
                ),
            )
        )
    return ergebnis


def status_stand_nach_amt(
    *, stichtag: dt.date, basis: Basis = Basis.WIESBADEN, themenfeld: Themenfeld | None = None
) -> list[Gruppe]:
    """Per Amt (every Amt, in number order, also those with no Leistung) the status figures on ``stichtag``.

    Leistungen of the base without an Amt come last as "ohne Amt", only if there are any. Statuses, Ämter and
    :func:`~catalog.selectors.zaehlung.zaehlung_am` (one to three queries).
    """
    statuses = status_laden()
    aemter = list(Amt.objects.order_by("nummer"))
    gruppen = [(a.pk, a.nummer, a.name, f"Amt {a.nummer} – {a.name}", a.kurzbezeichnung, a) for a in aemter]
    ergebnis = _gruppiert(
        stichtag=stichtag,
        basis=basis,
        feld="amt_id",
        gruppen=[*gruppen, (None, None, "ohne Amt", "ohne Amt", "ohne Amt", None)],
        statuses=statuses,
        themenfeld=themenfeld,
        beschreibung_fuer=lambda amt: (
            basis_beschreibung(basis, statuses, amt=amt, themenfeld=themenfeld)
            + ("" if amt is not None else ", ohne federführendes Amt")
        ),
    )
    return [g for g in ergebnis if g.id is not None or g.stand.anzahl]


def status_stand_nach_themenfeld(
    *, stichtag: dt.date, basis: Basis = Basis.WIESBADEN, amt: Amt | None = None
) -> list[Gruppe]:
    """Per Themenfeld (all 14, in their order) the status figures on ``stichtag``; "ohne Themenfeld" if any.

    The Themenfeld is the one of the Leistung's OZG-Leistungsbündel. Three queries (before today by the as-of
    query: the weekly counts do not know the Themenfeld).
    """
    statuses = status_laden()
    themenfelder = list(Themenfeld.objects.order_by("reihenfolge", "name"))
    gruppen = [(t.pk, None, t.name, t.name, t.name, t) for t in themenfelder]
    ergebnis = _gruppiert(
        stichtag=stichtag,
        basis=basis,
        feld="buendel__themenfeld_id",
        gruppen=[*gruppen, (None, None, "ohne Themenfeld", "ohne Themenfeld", "ohne Themenfeld", None)],
        statuses=statuses,
        amt=amt,
        beschreibung_fuer=lambda tf: (
            basis_beschreibung(basis, statuses, amt=amt, themenfeld=tf)
            + ("" if tf is not None else ", ohne Themenfeld")
        ),
    )
    return [g for g in ergebnis if g.id is not None or g.stand.anzahl]
