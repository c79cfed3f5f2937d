"""The frozen figures of Erhebungen: one Erhebung's Stand, and every Erhebung with its change to the previous one.

These read only the rows frozen when the Erhebung was made (:class:`~catalog.models.ErhebungsEintrag`), never
the status history, so a figure shown in May is the same figure a year later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from catalog.models import Amt, Erhebung, ErhebungsEintrag

from .basis import Basis, basis_beschreibung, count_by, status_laden
from .stand import Stand, StatusZahl, stand_aus_zaehlung


def letzte_erhebung(*, bis: dt.date | None = None) -> Erhebung | None:
    """The latest Erhebung (by Stichtag) whose Stichtag is on or before ``bis`` (any, if ``bis`` is None)."""
    erhebungen = Erhebung.objects.order_by("-stichtag", "-id")
    if bis is not None:
        erhebungen = erhebungen.filter(stichtag__lte=bis)
    return erhebungen.first()


def vorherige_erhebung(erhebung: Erhebung) -> Erhebung | None:
    """The Erhebung just before ``erhebung`` in the order of Stichtag (then creation)."""
    return (
        Erhebung.objects.filter(stichtag__lte=erhebung.stichtag)
        .exclude(pk=erhebung.pk)
        .exclude(stichtag=erhebung.stichtag, id__gt=erhebung.pk)
        .order_by("-stichtag", "-id")
        .first()
    )


def erhebung_stand(*, erhebung: Erhebung, amt: Amt | None = None) -> Stand:
    """The frozen status figures of ``erhebung`` (for one Amt, by the Amt frozen with each Leistung). Two queries."""
    statuses = status_laden()
    eintraege = ErhebungsEintrag.objects.filter(erhebung=erhebung)
    if amt is not None:
        eintraege = eintraege.filter(amt=amt)
    zaehlung = {key[0]: n for key, n in count_by(eintraege, "status_id").items()}
    return stand_aus_zaehlung(
        stichtag=erhebung.stichtag,
        basis=Basis.WIESBADEN,
        beschreibung=basis_beschreibung(Basis.WIESBADEN, statuses, amt=amt, erhebung_name=erhebung.name),
        zaehlung=zaehlung,
        statuses=statuses,
    )


@dataclass(frozen=True)
class ErhebungStatus(StatusZahl):
    """One status in an Erhebung: its frozen count and share, and the change since the previous Erhebung."""

    differenz: int | None  # None for the first Erhebung


@dataclass(frozen=True)
class ErhebungRow:
    """An Erhebung with its frozen figures and its difference to the previous one (by Stichtag)."""

    id: int
    name: str
    stichtag: dt.date
    erstellt_am: dt.datetime
    erstellt_von: str
    stand: Stand
    status: list[ErhebungStatus]
    vorherige_id: int | None
    vorherige_name: str | None


def erhebungen_uebersicht() -> list[ErhebungRow]:
    """Every Erhebung, oldest first, with its per-status counts and the change to the one before. Three queries."""
    statuses = status_laden()
    erhebungen = list(Erhebung.objects.select_related("erstellt_von").order_by("stichtag", "id"))
    zaehlung = count_by(ErhebungsEintrag.objects.all(), "erhebung_id", "status_id")
    je_erhebung: dict[int, dict[int, int]] = {}
    for (erhebung_id, status_id), n in zaehlung.items():
        je_erhebung.setdefault(erhebung_id, {})[status_id] = n

    zeilen = []
    vorherige: Erhebung | None = None
    for erhebung in erhebungen:
        eigene = je_erhebung.get(erhebung.pk, {})
        stand = stand_aus_zaehlung(
            stichtag=erhebung.stichtag,
            basis=Basis.WIESBADEN,
            beschreibung=basis_beschreibung(Basis.WIESBADEN, statuses, erhebung_name=erhebung.name),
            zaehlung=eigene,
            statuses=statuses,
        )
        frueher = je_erhebung.get(vorherige.pk, {}) if vorherige is not None else None
        status = [
            ErhebungStatus(
                **dataclasses.asdict(z),
                differenz=None if frueher is None else z.anzahl - frueher.get(z.status_id, 0),
            )
            for z in stand.status
        ]
        person = erhebung.erstellt_von
        zeilen.append(
            ErhebungRow(
                id=erhebung.pk,
                name=erhebung.name,
                stichtag=erhebung.stichtag,
                erstellt_am=erhebung.erstellt_am,
                erstellt_von=(person.get_full_name() or person.get_username()) if person else "",
                stand=stand,
                status=status,
                vorherige_id=vorherige.pk if vorherige else None,
                vorherige_name=vorherige.name if vorherige else None,
            )
        )
        vorherige = erhebung
    return zeilen
