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

from django.db.models import Q, Sum
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


def wochenwechsel_nach(sonntag: dt.date, *, basis: Basis, amt: Amt | None = None, je_amt: bool = False) -> list[dict]:
    """The base's status changes of every week after ``sonntag``, summed over the Ämter unless ``je_amt``; one
    query. Rows ``{"woche", "vorher", "nachher", "anzahl"}`` (plus ``"amt"``), OHNE for none."""
    felder = ["woche", "vorher", "nachher"] + (["amt"] if je_amt else [])
    return list(
        StatuswechselWoche.objects.filter(wochen_filter(basis, amt=amt), woche__gt=sonntag)
        .values(*felder)
        .annotate(summe=Sum("anzahl"))
        .order_by()
    )


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
    from .verlauf import statuswechsel_je_tag  # the daily changes; verlauf builds on this module

    heute = timezone.localdate()
    felder = [gruppe] if gruppe else []
    if stichtag >= heute or themenfeld is not None or gruppe not in (None, "amt_id"):
        zaehlung = leistungen_mit_status_am(stichtag, basis=basis, amt=amt, themenfeld=themenfeld)
        return count_by(zaehlung, *felder, "status_am")
    stand = Counter(count_by(leistungen_mit_status_am(heute, basis=basis, amt=amt), *felder, "status_am"))
    je_amt = gruppe == "amt_id"
    sonntag = sonntag_davor(stichtag)
    zurueckrechnen(stand, wochenwechsel_nach(sonntag, basis=basis, amt=amt, je_amt=je_amt), je_amt=je_amt)
    if stichtag > sonntag:
        tage = statuswechsel_je_tag(basis=basis, amt=amt, nach=sonntag, bis=stichtag, je_amt=je_amt)
        tage_anrechnen(stand, tage, je_amt=je_amt)
    return {key: n for key, n in stand.items() if n}
