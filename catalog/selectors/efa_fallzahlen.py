"""EfA progress per Bündel and the Fallzahl sums (the pages EfA/OZG-Booster and Fallzahlen, the overview's top
services).

Each runs a fixed number of queries whatever the data size. Except :func:`groesste_fallzahlen_am`, which reads the
history as of a date, they count today's status (``Leistung.status``), which the status service keeps equal to the
status in effect today (no change may be dated in the future), on the default base of Wiesbaden's figures:
Leistungen "von Wiesbaden umzusetzen" whose status does not mean "außer Betracht". :func:`efa_buendel` and the
Fallzahl functions take or return querysets because their pages are filtered, sorted and exported lists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf

from catalog.models import Leistung, Leistungsbuendel, StatusBedeutung

from .basis import lade_status, leistungen_mit_status_am


def wiesbaden_heute(prefix: str = "") -> Q:
    """Today's default base as a filter on Leistung (``prefix`` e.g. "leistungen__")."""
    return Q(**{f"{prefix}von_wiesbaden_umzusetzen": True}) & ~Q(
        **{f"{prefix}status__bedeutung": StatusBedeutung.AUSSER_BETRACHT}
    )


def erledigt(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__bedeutung": StatusBedeutung.ERLEDIGT})


def efa_buendel(*, heute: dt.date) -> QuerySet[Leistungsbuendel]:
    """The EfA Bündel, each annotated with Wiesbaden's progress and whether its rollout deadline has passed.

    ``umzusetzen``: its Leistungen in today's base; ``erledigt``: those of them online; ``anteil_erledigt``: the
    share (NULL without any); ``ueberfaellig``: the rollout deadline lies before ``heute`` and not all are done.
    One query.
    """
    basis = wiesbaden_heute("leistungen__")
    return (
        Leistungsbuendel.objects.filter(efa=True)
        .select_related("themenfeld")
        .annotate(
            umzusetzen=Count("leistungen", filter=basis),
            erledigt=Count("leistungen", filter=basis & erledigt("leistungen__")),
        )
        .annotate(
            anteil_erledigt=Cast(F("erledigt"), FloatField()) / NullIf(F("umzusetzen"), Value(0)),
            ueberfaellig=Case(
                When(Q(rollout_frist__lt=heute) & Q(erledigt__lt=F("umzusetzen")), then=Value(True)),
                default=Value(False),
            ),
        )
    )


@dataclass(frozen=True)
class FallzahlSumme:
    """Applications a year in a set of Leistungen: in all, already supported digitally (online), still open."""

    leistungen: int
    leistungen_mit_fallzahl: int
    antraege: int
    antraege_online: int
    leistungen_online: int

    @property
    def antraege_offen(self) -> int:
        return self.antraege - self.antraege_online

    @property
    def anteil_online(self) -> float:
        return self.antraege_online / self.antraege if self.antraege else 0.0


def fallzahl_summe(queryset: QuerySet[Leistung]) -> FallzahlSumme:
    """Sum the Fallzahlen of ``queryset`` (one query)."""
    werte = queryset.aggregate(
        leistungen=Count("pk"),
        leistungen_mit_fallzahl=Count("antraege_pro_jahr"),
        antraege=Coalesce(Sum("antraege_pro_jahr"), 0),
        antraege_online=Coalesce(Sum("antraege_pro_jahr", filter=erledigt()), 0),
        leistungen_online=Count("pk", filter=erledigt()),
    )
    return FallzahlSumme(**werte)


def groesste_offene(queryset: QuerySet[Leistung], *, anzahl: int = 10) -> list[Leistung]:
    """The open (not yet online) Leistungen of ``queryset`` with the most applications a year (one query)."""
    return list(
        queryset.filter(antraege_pro_jahr__isnull=False)
        .exclude(erledigt())
        .select_related("status", "amt")
        .order_by("-antraege_pro_jahr", "leika_schluessel")[:anzahl]
    )


@dataclass(frozen=True)
class FallzahlLeistung:
    """A Leistung with its Fallzahl and its status on a date (for the overview's top services)."""

    leika_schluessel: str
    bezeichnung: str
    antraege_pro_jahr: int
    status: str
    farbe: str
    online: bool


def groesste_fallzahlen_am(stichtag: dt.date, *, anzahl: int = 10) -> list[FallzahlLeistung]:
    """The Leistungen of the default base on ``stichtag`` with the most applications a year, with their status
    then (two queries: the statuses, the Leistungen)."""
    statuses = {s.id: s for s in lade_status()}
    ausser = [s.id for s in statuses.values() if s.ausser_betracht]
    zeilen = (
        leistungen_mit_status_am(stichtag)
        .filter(antraege_pro_jahr__isnull=False)
        .filter(Q(status_am__isnull=True) | ~Q(status_am__in=ausser))
        .order_by("-antraege_pro_jahr", "leika_schluessel")
        .values_list("leika_schluessel", "bezeichnung", "antraege_pro_jahr", "status_am")[:anzahl]
    )
    ergebnis = []
    for schluessel, bezeichnung, antraege, status_id in zeilen:
        status = statuses.get(status_id)
        ergebnis.append(
            FallzahlLeistung(
                leika_schluessel=schluessel,
                bezeichnung=bezeichnung,
                antraege_pro_jahr=antraege,
                status=status.bezeichnung if status else "ohne Status",
                farbe=status.farbe if status else "#777777",
                online=bool(status and status.online),
            )
        )
    return ergebnis
