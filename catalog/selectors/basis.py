"""What the figures count: the bases, the statuses, and the one query "status of each Leistung on a date".

A Leistung's status on a date D is ``neuer_status`` of its :class:`~catalog.models.StatusAenderung` with the
latest ``gueltig_ab`` on or before D, ties broken by ``erfasst_am``, then ``id``. :func:`status_am` states this
once, as a correlated subquery answered from the index ``statusaenderung_asof_idx`` (leistung, gueltig_ab,
erfasst_am, id): one index probe per Leistung, in the database, on SQLite and PostgreSQL alike.

The bases (every figure names its base, because the same catalogue yields 5,019, 607 or 512):

- ``Basis.WIESBADEN`` (default): Leistungen "von Wiesbaden umzusetzen" whose status on the date does not mean
  "außer Betracht" (Leistungen without any status yet count: they are still to be done);
- ``Basis.KOMMUNE``: every Leistung whose Vollzugsebene is the Kommune, whatever its status;
- ``Basis.KATALOG``: every Leistung of the catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from catalog.models import Amt, Leistung, Status, StatusAenderung, StatusBedeutung, Themenfeld, Vollzugsebene
from toolkit.formatting import format_date, format_number


class Basis(StrEnum):
    """Which Leistungen a figure counts."""

    WIESBADEN = "wiesbaden"
    KOMMUNE = "kommune"
    KATALOG = "katalog"

    @property
    def bezeichnung(self) -> str:
        return BASIS_BEZEICHNUNG[self]


BASIS_BEZEICHNUNG = {
    Basis.WIESBADEN: "von Wiesbaden umzusetzen",
    Basis.KOMMUNE: "den Kommunen zugeordnet",
    Basis.KATALOG: "gesamter Katalog",
}


def anteil(teil: int, ganzes: int) -> float:
    """``teil`` as a fraction of ``ganzes`` (0 when the base is empty)."""
    return teil / ganzes if ganzes else 0.0


# --- statuses as plain data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusInfo:
    """A status as the figures need it: label, colour, order and meaning."""

    id: int
    bezeichnung: str
    farbe: str
    reihenfolge: int
    bedeutung: str
    bedeutung_bezeichnung: str

    @property
    def online(self) -> bool:
        return self.bedeutung == StatusBedeutung.ERLEDIGT

    @property
    def ausser_betracht(self) -> bool:
        return self.bedeutung == StatusBedeutung.AUSSER_BETRACHT


def status_laden() -> list[StatusInfo]:
    """Every status in its display order (one query)."""
    labels = dict(StatusBedeutung.choices)
    return [
        StatusInfo(
            id=s.pk,
            bezeichnung=s.bezeichnung,
            farbe=s.farbe,
            reihenfolge=s.reihenfolge,
            bedeutung=s.bedeutung,
            bedeutung_bezeichnung=str(labels.get(s.bedeutung, s.bedeutung)),
        )
        for s in Status.objects.order_by("reihenfolge", "bezeichnung", "pk")
    ]


# --- bases ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BasisInfo:
    """The base of a figure in words, with its count: "512 LeiKa-Leistungen, die von Wiesbaden umzusetzen sind …"."""

    basis: Basis
    beschreibung: str
    anzahl: int
    stichtag: dt.date

    @property
    def text(self) -> str:
        return f"{format_number(self.anzahl)} {self.beschreibung}, Stand {format_date(self.stichtag)}"


def basis_beschreibung(
    basis: Basis,
    statuses: Iterable[StatusInfo],
    *,
    amt: Amt | None = None,
    themenfeld: Themenfeld | None = None,
    erhebung_name: str | None = None,
) -> str:
    """Say in German which Leistungen a base counts (without the count)."""
    basis = Basis(basis)
    if basis == Basis.WIESBADEN:
        ausser = [f"„{s.bezeichnung}“" for s in statuses if s.ausser_betracht]
        text = "LeiKa-Leistungen, die von Wiesbaden umzusetzen sind"
        if ausser:
            text += f" (ohne Status {', '.join(ausser)})"
    elif basis == Basis.KOMMUNE:
        text = "LeiKa-Leistungen, deren Vollzug den Kommunen zugeordnet ist (alle Status)"
    else:
        text = "LeiKa-Leistungen des gesamten Katalogs (alle Status)"
    if amt is not None:
        text += f", federführend Amt {amt.nummer} – {amt.name}"
    if themenfeld is not None:
        text += f", Themenfeld „{themenfeld.name}“"
    if erhebung_name:
        text += f", eingefroren in der Erhebung „{erhebung_name}“"
    return text


def basis_filter(basis: Basis, *, amt: Amt | None = None, themenfeld: Themenfeld | None = None, prefix: str = "") -> Q:
    """The part of a base that does not depend on the date, as a filter on Leistung (``prefix`` e.g. "leistung__")."""
    basis = Basis(basis)
    q = Q()
    if basis == Basis.WIESBADEN:
        q &= Q(**{f"{prefix}von_wiesbaden_umzusetzen": True})
    elif basis == Basis.KOMMUNE:
        q &= Q(**{f"{prefix}vollzugsebene": Vollzugsebene.KOMMUNE})
    if amt is not None:
        q &= Q(**{f"{prefix}amt": amt})
    if themenfeld is not None:
        q &= Q(**{f"{prefix}buendel__themenfeld": themenfeld})
    return q


# --- the as-of query --------------------------------------------------------------------------------------


def _neueste_zuerst(queryset: QuerySet) -> QuerySet:
    return queryset.order_by("-gueltig_ab", "-erfasst_am", "-id")


def status_am(stichtag: dt.date, leistung: str = "pk") -> Subquery:
    """The id of the status in effect on ``stichtag`` for the Leistung ``OuterRef(leistung)``, or NULL.

    The latest change up to the date, read from ``statusaenderung_asof_idx``: use it in ``annotate()``.
    """
    return Subquery(
        _neueste_zuerst(
            StatusAenderung.objects.filter(leistung_id=OuterRef(leistung), gueltig_ab__lte=stichtag)
        ).values("neuer_status_id")[:1]
    )


def status_vor_tag(leistung: str = "leistung_id", tag: str = "gueltig_ab") -> Subquery:
    """The status in effect at the end of the day before ``OuterRef(tag)`` (for the weekly changes)."""
    return Subquery(
        _neueste_zuerst(
            StatusAenderung.objects.filter(leistung_id=OuterRef(leistung), gueltig_ab__lt=OuterRef(tag))
        ).values("neuer_status_id")[:1]
    )


def leistungen_mit_status_am(
    stichtag: dt.date, *, basis: Basis = Basis.WIESBADEN, amt: Amt | None = None, themenfeld: Themenfeld | None = None
) -> QuerySet[Leistung]:
    """The Leistungen of a base (date-independent part), each annotated with ``status_am``: its status on the date.

    Today (and later: no change takes effect in the future) that is ``Leistung.status``, which the status service
    keeps equal to the latest effective change, read without a look into the history; before, the as-of query
    :func:`status_am`. For ``Basis.WIESBADEN`` the caller still drops the rows whose status means "außer Betracht"
    (:func:`ausser_ids`), because that part depends on the date.
    """
    wert = F("status_id") if stichtag >= timezone.localdate() else status_am(stichtag)
    return (
        Leistung.objects.filter(basis_filter(basis, amt=amt, themenfeld=themenfeld)).annotate(status_am=wert).order_by()
    )


def ausser_ids(statuses: Iterable[StatusInfo], basis: Basis) -> set[int]:
    """The status ids a live count of ``basis`` drops: the out-of-scope statuses, in the default base only."""
    if Basis(basis) != Basis.WIESBADEN:
        return set()
    return {s.id for s in statuses if s.ausser_betracht}


def count_by(queryset: QuerySet, *felder: str) -> dict[tuple, int]:
    """Count the rows of ``queryset`` grouped by ``felder`` in one query: {(value, ...): count}."""
    rows = queryset.values(*felder).annotate(anzahl=Count("pk")).order_by()
    return {tuple(row[f] for f in felder): row["anzahl"] for row in rows}


def basis_eintraege(stichtag: dt.date, *, basis: Basis = Basis.WIESBADEN) -> list[dict]:
    """Every Leistung of the base on ``stichtag`` with its status and Amt then: what an Erhebung freezes.

    Two queries (statuses, Leistungen); rows ``{"leistung_id", "status_id", "amt_id"}``. A Leistung without any
    status on the date is in the base as in the live figures ("ohne Status"), with ``status_id`` None.
    """
    ausser = ausser_ids(status_laden(), basis)
    rows = leistungen_mit_status_am(stichtag, basis=basis).values_list("pk", "status_am", "amt_id")
    return [
        {"leistung_id": pk, "status_id": status_id, "amt_id": amt_id}
        for pk, status_id, amt_id in rows
        if status_id not in ausser
    ]


def ohne_ausser_betracht(zaehlung: Mapping[int | None, int], ausser: set[int]) -> dict[int | None, int]:
    return {key: value for key, value in zaehlung.items() if key not in ausser}
