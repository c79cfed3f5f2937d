"""EfA progress per Bündel and the Fallzahl sums (the pages EfA/OZG-Booster and Fallzahlen, the overview's top
services).

Fallzahlen say what they are. ``Leistung.antraege_pro_jahr`` is Wiesbaden's own figure (entered by the Ämter),
``Leistung.antraege_bundesweit`` a nationwide one; the two are never added up. Wherever the portal shows "Anträge
pro Jahr in Wiesbaden" it shows the own figure, or, where there is none, an estimate from the nationwide one by
population share (:func:`fallzahl_schaetzung`, :func:`fallzahl_herleitung` say how); :func:`mit_fallzahl`
computes that figure in the database, so that lists sort, filter and sum by it.

Each runs a fixed number of queries whatever the data size. Except :func:`groesste_fallzahlen_am`, which reads the
history as of a date, they count today's status (``Leistung.status``), which the status service keeps equal to the
status in effect today (no change may be dated in the future), on the default base of Wiesbaden's figures:
Leistungen "von Wiesbaden umzusetzen" whose status does not mean "außer Betracht". :func:`efa_buendel` and the
Fallzahl functions take or return querysets because their pages are filtered, sorted and exported lists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BigIntegerField, BooleanField, Case, Count, F, FloatField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone

from catalog.models import Leistung, Leistungsbuendel, StatusBedeutung
from toolkit.formatting import format_number

from .basis import leistungen_mit_status_am, status_laden

# The population share of the estimate: Wiesbaden and Germany, rounded (Hessisches Statistisches Landesamt,
# Statistisches Bundesamt, 2022). Shown with every estimate.
EINWOHNER_WIESBADEN = 278_000
EINWOHNER_DEUTSCHLAND = 84_000_000


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
    """Applications a year in Wiesbaden in a set of Leistungen: in all, already supported digitally (online),
    still open; ``antraege_geschaetzt`` is the part of ``antraege`` that is estimated from nationwide figures."""

    leistungen: int
    leistungen_mit_fallzahl: int
    antraege: int
    antraege_online: int
    leistungen_online: int
    antraege_geschaetzt: int = 0
    leistungen_geschaetzt: int = 0

    @property
    def antraege_offen(self) -> int:
        return self.antraege - self.antraege_online

    @property
    def anteil_online(self) -> float:
        return self.antraege_online / self.antraege if self.antraege else 0.0


def fallzahl_schaetzung(bundesweit: int) -> int:
    """Wiesbaden's estimated applications a year from a nationwide figure, by population share, rounded half up."""
    return (bundesweit * EINWOHNER_WIESBADEN + EINWOHNER_DEUTSCHLAND // 2) // EINWOHNER_DEUTSCHLAND


def fallzahl_herleitung(bundesweit: int) -> str:
    """How an estimate was derived, with the numbers used."""
    return (
        f"geschätzt nach Bevölkerungsanteil: {format_number(bundesweit)} Anträge bundesweit × "
        f"{format_number(EINWOHNER_WIESBADEN)} "
        f"Einwohner Wiesbadens / {format_number(EINWOHNER_DEUTSCHLAND)} Einwohner Deutschlands"
    )


@dataclass(frozen=True)
class FallzahlAngabe:
    """One Leistung's applications a year as the pages show them: Wiesbaden's figure (own, or estimated from the
    nationwide one, then with ``herleitung``) and, apart, the nationwide figure."""

    wiesbaden: int | None
    geschaetzt: bool
    herleitung: str
    bundesweit: int | None


def fallzahl_angabe(leistung: Leistung) -> FallzahlAngabe:
    """The Fallzahlen of one Leistung (no query): own figure first, else the estimate, else none."""
    if leistung.antraege_pro_jahr is not None:
        return FallzahlAngabe(leistung.antraege_pro_jahr, False, "von den Ämtern erfasst", leistung.antraege_bundesweit)
    if leistung.antraege_bundesweit is not None:
        bundesweit = leistung.antraege_bundesweit
        return FallzahlAngabe(fallzahl_schaetzung(bundesweit), True, fallzahl_herleitung(bundesweit), bundesweit)
    return FallzahlAngabe(None, False, "", None)


SCHAETZUNG_TEXT = (
    f"Anträge pro Jahr in Wiesbaden: von den Ämtern erfasst oder, wo keine Zahl erfasst ist, geschätzt nach "
    f"Bevölkerungsanteil aus der bundesweiten Zahl (× {format_number(EINWOHNER_WIESBADEN)} / "
    f"{format_number(EINWOHNER_DEUTSCHLAND)})"
)


def mit_fallzahl(queryset: QuerySet[Leistung]) -> QuerySet[Leistung]:
    """Annotate ``fallzahl`` (Wiesbaden's applications a year: own figure, else the estimate; NULL without either)
    and ``fallzahl_geschaetzt`` (True where the figure is the estimate). No query of its own."""
    schaetzung = (
        Cast(F("antraege_bundesweit"), BigIntegerField()) * Value(EINWOHNER_WIESBADEN)
        + Value(EINWOHNER_DEUTSCHLAND // 2)
    ) / Value(EINWOHNER_DEUTSCHLAND)
    return queryset.annotate(
        fallzahl=Coalesce(Cast(F("antraege_pro_jahr"), BigIntegerField()), schaetzung, output_field=BigIntegerField()),
        fallzahl_geschaetzt=Case(
            When(Q(antraege_pro_jahr__isnull=True) & Q(antraege_bundesweit__isnull=False), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def fallzahl_summe(queryset: QuerySet[Leistung]) -> FallzahlSumme:
    """Sum Wiesbaden's Fallzahlen (own or estimated) of ``queryset`` (one query)."""
    geschaetzt = Q(fallzahl_geschaetzt=True)
    werte = mit_fallzahl(queryset).aggregate(
        leistungen=Count("pk"),
        leistungen_mit_fallzahl=Count("fallzahl"),
        antraege=Coalesce(Sum("fallzahl"), 0),
        antraege_online=Coalesce(Sum("fallzahl", filter=erledigt()), 0),
        leistungen_online=Count("pk", filter=erledigt()),
        antraege_geschaetzt=Coalesce(Sum("fallzahl", filter=geschaetzt), 0),
        leistungen_geschaetzt=Count("pk", filter=geschaetzt),
    )
    return FallzahlSumme(**werte)


def groesste_offene(queryset: QuerySet[Leistung], *, anzahl: int = 10) -> list[Leistung]:
    """The open (not yet online) Leistungen of ``queryset`` with the most applications a year in Wiesbaden (own or
    estimated), annotated as by :func:`mit_fallzahl` (one query)."""
    return list(
        mit_fallzahl(queryset)
        .filter(fallzahl__isnull=False)
        .exclude(erledigt())
        .select_related("status", "amt")
        .order_by("-fallzahl", "leika_schluessel")[:anzahl]
    )


@dataclass(frozen=True)
class FallzahlLeistung:
    """A Leistung with its applications a year in Wiesbaden and its status on a date (the overview's top services).

    ``fallzahl`` is Wiesbaden's own figure, or the estimate from ``bundesweit`` when ``geschaetzt``."""

    leika_schluessel: str
    bezeichnung: str
    fallzahl: int
    geschaetzt: bool
    bundesweit: int | None
    status: str
    farbe: str
    online: bool

    @property
    def herleitung(self) -> str:
        if self.geschaetzt and self.bundesweit is not None:
            return fallzahl_herleitung(self.bundesweit)
        return "von den Ämtern erfasst"


KANDIDATEN = 5  # how many times ``anzahl`` Leistungen are read before the out-of-scope ones are dropped


def groesste_fallzahlen_am(stichtag: dt.date, *, anzahl: int = 10) -> list[FallzahlLeistung]:
    """The Leistungen of the default base on ``stichtag`` with the most applications a year in Wiesbaden (own or
    estimated), with their status then.

    Two queries: the statuses, the Leistungen. Before today the status on the date is read from the history only
    for the ``KANDIDATEN`` × ``anzahl`` Leistungen with the highest Fallzahl, after sorting; those out of scope
    on the date are dropped. Only if fewer than ``anzahl`` remain, a third query reads every Leistung's status.
    """
    statuses = {s.id: s for s in status_laden()}
    ausser = [s.id for s in statuses.values() if s.ausser_betracht]
    alle = (
        mit_fallzahl(leistungen_mit_status_am(stichtag))
        .filter(fallzahl__isnull=False)
        .order_by("-fallzahl", "leika_schluessel")
        .values_list(
            "leika_schluessel", "bezeichnung", "fallzahl", "fallzahl_geschaetzt", "antraege_bundesweit", "status_am"
        )
    )
    im_bereich = Q(status_am__isnull=True) | ~Q(status_am__in=ausser)
    if stichtag >= timezone.localdate():  # today's status is a column: the database filters
        zeilen = list(alle.filter(im_bereich)[:anzahl])
    else:
        kandidaten = list(alle[: anzahl * KANDIDATEN])
        zeilen = [zeile for zeile in kandidaten if zeile[-1] not in ausser][:anzahl]
        if len(zeilen) < anzahl and len(kandidaten) == anzahl * KANDIDATEN:
            zeilen = list(alle.filter(im_bereich)[:anzahl])
    ergebnis = []
    for schluessel, bezeichnung, fallzahl, geschaetzt, bundesweit, status_id in zeilen:
        status = statuses.get(status_id)
        ergebnis.append(
            FallzahlLeistung(
                leika_schluessel=schluessel,
                bezeichnung=bezeichnung,
                fallzahl=fallzahl,
                geschaetzt=bool(geschaetzt),
                bundesweit=bundesweit,
                status=status.bezeichnung if status else "ohne Status",
                farbe=status.farbe if status else "#777777",
                online=bool(status and status.online),
            )
        )
    return ergebnis


# --- EfA progress as of a date ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EfaFortschritt:
    """An EfA Bündel and Wiesbaden's progress on a date: ``erledigt`` of ``umzusetzen`` Leistungen of the default
    base online; ``ueberfaellig``: its rollout deadline lies before the date and not all are online."""

    ozg_id: str
    name: str
    ozg_booster: bool
    umsetzendes_land: str
    rollout_frist: dt.date | None
    umzusetzen: int
    erledigt: int
    ueberfaellig: bool


def efa_fortschritt_am(stichtag: dt.date) -> list[EfaFortschritt]:
    """Every EfA Bündel with Wiesbaden's progress on ``stichtag`` (statuses as of that date), by Rollout-Frist.

    On today's date the same figures as :func:`efa_buendel`. Three queries: the statuses, the Bündel, the counts.
    """
    statuses = status_laden()
    online = {s.id for s in statuses if s.online}
    ausser = {s.id for s in statuses if s.ausser_betracht}
    buendel = list(
        Leistungsbuendel.objects.filter(efa=True)
        .order_by(F("rollout_frist").asc(nulls_last=True), "ozg_id")
        .values("pk", "ozg_id", "name", "ozg_booster", "umsetzendes_land", "rollout_frist")
    )
    zaehlung: dict[int, list[int]] = {}
    for buendel_id, status_id, n in (
        leistungen_mit_status_am(stichtag)
        .filter(buendel__efa=True)
        .values("buendel_id", "status_am")
        .annotate(n=Count("pk"))
        .values_list("buendel_id", "status_am", "n")
    ):
        if status_id in ausser:
            continue
        werte = zaehlung.setdefault(buendel_id, [0, 0])
        werte[0] += n
        werte[1] += n if status_id in online else 0
    ergebnis = []
    for b in buendel:
        umzusetzen, fertig = zaehlung.get(b["pk"], [0, 0])
        frist = b["rollout_frist"]
        ergebnis.append(
            EfaFortschritt(
                ozg_id=b["ozg_id"],
                name=b["name"],
                ozg_booster=b["ozg_booster"],
                umsetzendes_land=b["umsetzendes_land"],
                rollout_frist=frist,
                umzusetzen=umzusetzen,
                erledigt=fertig,
                ueberfaellig=frist is not None and frist < stichtag and fertig < umzusetzen,
            )
        )
    return ergebnis
