"""How many Leistungen of a base had which status on a date, without reading the whole history.

Today's counts are the Leistungen grouped by ``Leistung.status`` (the status service keeps it equal to the latest
effective change). A count on an earlier date D is today's count minus the status changes after D:

- the weeks after the Sunday on or before D from :class:`~catalog.models.StatuswechselWoche` (the status service
  keeps it: per week, Amt and base, how many Leistungen went from which status to which), a few hundred rows
  whatever the size of the catalogue or the length of its history;
- the days from that Sunday to D from the history itself (:func:`~catalog.selectors.statuswechsel_je_tag`, at most
  six days of changes).

The result is exactly what the as-of rule gives (:func:`~catalog.selectors.basis.status_am`: the latest change on
or before the date; tests compare both on histories with back-dated and same-day changes). The weekly counts know
Amt and base but not the Themenfeld: a count for one Themenfeld on an earlier date uses the as-of query.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db.models import DateField, F, Q, QuerySet, Sum, Value
from django.utils import timezone

from catalog.models import Amt, StatuswechselWoche, Themenfeld

from .basis import Basis, count_by, leistungen_mit_status_am


def sonntag_davor(tag: dt.date) -> dt.date:
    """The Sunday on or before ``tag`` (the end of the ISO week before, or ``tag`` itself)."""
    return tag - dt.timedelta(days=tag.isoweekday() % 7)


def wochen_filter(basis: Basis, *, amt: Amt | None = None) -> Q:
    """The weekly counts of a base (and Amt): the part of :func:`~catalog.selectors.basis.basis_filter` they hold."""
    basis = Basis(basis)
    q = Q()
    if basis == Basis.WIESBADEN:
        q &= Q(von_wiesbaden_umzusetzen=True)
    elif basis == Basis.KOMMUNE:
        q &= Q(kommune=True)
    if amt is not None:
        q &= Q(amt=amt.pk)
    return q


def _wochensummen(bedingung: Q, woche, *, je_amt: bool) -> QuerySet:
    """The weekly counts matching ``bedingung`` summed per ``woche`` (an expression), status pair (and Amt)."""
    spalten = {"je_woche": woche, "von": F("vorher"), "nach": F("nachher")}
    if je_amt:
        spalten["je_amt"] = F("amt")
    return (
        StatuswechselWoche.objects.filter(bedingung)
        .annotate(**spalten)
        .values(*spalten)
        .annotate(summe=Sum("anzahl"))
        .order_by()
    )


def wochenwechsel_nach(
    sonntag: dt.date,
    *,
    basis: Basis,
    amt: Amt | None = None,
    je_amt: bool = False,
    je_woche_bis: dt.date | None = None,
) -> list[dict]:
    """The base's status changes of the weeks after ``sonntag``, summed over those weeks and over the Ämter unless
    ``je_amt``; one query. Rows ``{"woche", "vorher", "nachher", "summe"}`` (plus ``"amt"``), OHNE for none.

    Without ``je_woche_bis`` every row sums all the weeks (``woche`` None); with it, the weeks up to that date keep a
    row of their own and only the later ones are summed (``woche`` None). The database returns at most one row per
    status pair (and Amt) and week asked for, not one per week up to today, and sums the many weeks in the order of
    the index ``statuswechselwoche_summe_idx``, without sorting them: the weekly counts grow with the catalogue
    (more Ämter and status pairs in a week).
    """
    ohne_woche = Value(None, output_field=DateField())
    filter_ = wochen_filter(basis, amt=amt)
    if je_woche_bis is None or je_woche_bis <= sonntag:
        zeilen = _wochensummen(filter_ & Q(woche__gt=sonntag), ohne_woche, je_amt=je_amt)
    else:
        einzeln = _wochensummen(filter_ & Q(woche__gt=sonntag, woche__lte=je_woche_bis), F("woche"), je_amt=je_amt)
        danach = _wochensummen(filter_ & Q(woche__gt=je_woche_bis), ohne_woche, je_amt=je_amt)
        zeilen = einzeln.union(danach, all=True)
    namen = {"je_woche": "woche", "von": "vorher", "nach": "nachher", "je_amt": "amt", "summe": "summe"}
    return [{namen[k]: wert for k, wert in row.items()} for row in zeilen]


def zurueckrechnen(stand: Counter, wechsel: Iterable[dict], *, je_amt: bool = False) -> None:
    """Undo weekly changes on counts keyed ``(status,)`` or ``(amt, status)`` (None for none)."""
    for row in wechsel:
        gruppe = (row["amt"] or None,) if je_amt else ()
        stand[(*gruppe, row["nachher"])] -= row["summe"]
        stand[(*gruppe, row["vorher"] or None)] += row["summe"]


def tage_anrechnen(stand: Counter, tagesreihen: Iterable[dict], *, je_amt: bool = False) -> None:
    """Apply the daily changes of :func:`~catalog.selectors.statuswechsel_je_tag` to counts (forward in time)."""
    for row in tagesreihen:
        gruppe = (row["leistung__amt_id"],) if je_amt else ()
        stand[(*gruppe, row["neuer_status_id"])] += row["anzahl"]
        stand[(*gruppe, row["vorher"])] -= row["anzahl"]


def zaehlung_am(
    stichtag: dt.date,
    *,
    basis: Basis = Basis.WIESBADEN,
    amt: Amt | None = None,
    themenfeld: Themenfeld | None = None,
    gruppe: str | None = None,
) -> dict[tuple, int]:
    """The Leistungen of the base's date-independent part (:func:`~catalog.selectors.basis.basis_filter`) on
    ``stichtag``, counted by their status then: ``{(status id or None,): n}``, or with ``gruppe`` ("amt_id",
    "buendel__themenfeld_id") ``{(group, status id or None): n}``. Out-of-scope statuses are still in.

    Today one query; before, two (today's counts, the weeks after the Sunday on or before the date) and a third
    for the days from that Sunday to the date when it is no Sunday. By Themenfeld (filter or group) before today:
    the as-of query (one).
    """
    heute = timezone.localdate()
    felder = [gruppe] if gruppe else []
    if stichtag >= heute or themenfeld is not None or gruppe not in (None, "amt_id"):
        zaehlung = leistungen_mit_status_am(stichtag, basis=basis, amt=amt, themenfeld=themenfeld)
        return count_by(zaehlung, *felder, "status_am")
    stand = Counter(count_by(leistungen_mit_status_am(heute, basis=basis, amt=amt), *felder, "status_am"))
    auf_stichtag_zurueckrechnen(stand, stichtag, basis=basis, amt=amt, je_amt=gruppe == "amt_id")
    return {key: n for key, n in stand.items() if n}


def auf_stichtag_zurueckrechnen(
    stand: Counter, stichtag: dt.date, *, basis: Basis, amt: Amt | None = None, je_amt: bool = False
) -> None:
    """Turn today's counts of the base (keyed ``(status,)`` or, ``je_amt``, ``(amt, status)``; None for none) into
    those on ``stichtag``, before today: minus the weekly counts after the Sunday on or before it (one query), plus
    the days from that Sunday to ``stichtag`` when it is no Sunday (a second)."""
    from .verlauf import statuswechsel_je_tag  # the daily changes; verlauf builds on this module

    sonntag = sonntag_davor(stichtag)
    zurueckrechnen(stand, wochenwechsel_nach(sonntag, basis=basis, amt=amt, je_amt=je_amt), je_amt=je_amt)
    if stichtag > sonntag:
        tage = statuswechsel_je_tag(basis=basis, amt=amt, nach=sonntag, bis=stichtag, je_amt=je_amt)
        tage_anrechnen(stand, tage, je_amt=je_amt)
