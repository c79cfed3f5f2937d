"""The weekly series: per ISO calendar week the counts per status and the online share; the status changes per
day; one Leistung's timeline.

The weekly series walks back from today's counts through the weekly counts of status changes
(:mod:`.zaehlung`): three or four queries whatever the number of weeks, Leistungen or changes.
:func:`statuswechsel_je_tag` reads the history itself: each Leistung's last change of a day paired with its status
at the end of the day before (both read from ``statusaenderung_asof_idx``), so back-dated and same-day changes are
counted as the as-of rule says, and the database returns at most one row per (day, from, to), not the history.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from catalog.models import Amt, StatusAenderung, Themenfeld

from .basis import (
    Basis,
    ausser_ids,
    basis_beschreibung,
    basis_filter,
    count_by,
    leistungen_mit_status_am,
    status_laden,
    status_vor_tag,
)
from .stand import Stand, stand_aus_zaehlung
from .zaehlung import sonntag_davor, tage_anrechnen, wochenwechsel_nach, zaehlung_am, zurueckrechnen


@dataclass(frozen=True)
class Woche:
    """One ISO week; its figures are those at the end of its Sunday (or on ``bis`` for the last, partial week)."""

    jahr: int
    kw: int
    montag: dt.date
    stichtag: dt.date
    stand: Stand

    @property
    def bezeichnung(self) -> str:
        return f"KW {self.kw}"

    @property
    def bezeichnung_lang(self) -> str:
        return f"KW {self.kw}/{self.jahr}"


@dataclass(frozen=True)
class Wochenverlauf:
    """The weekly series; ``statuswechsel`` are the rows of :func:`statuswechsel_je_tag` it was built from (for
    readers that also want the flows, e.g. the services going online per week, without a second query)."""

    von: dt.date
    bis: dt.date
    basis: Basis
    beschreibung: str
    wochen: list[Woche]
    statuswechsel: list[dict] = field(default_factory=list)


def wochen_zwischen(von: dt.date, bis: dt.date) -> list[tuple[int, int, dt.date, dt.date]]:
    """The ISO weeks touching [von, bis]: (ISO year, week, Monday, Stichtag = min(Sunday, bis))."""
    montag = von - dt.timedelta(days=von.isoweekday() - 1)
    wochen = []
    while montag <= bis:
        jahr, kw, _ = montag.isocalendar()
        wochen.append((jahr, kw, montag, min(montag + dt.timedelta(days=6), bis)))
        montag += dt.timedelta(days=7)
    return wochen


def statuswechsel_je_tag(
    *, basis, amt=None, themenfeld=None, nach: dt.date, bis: dt.date, je_amt: bool = False
) -> list[dict]:
    """Each Leistung's status change per day in (nach, bis], as the as-of rule sees it; one query.

    Rows ``{"gueltig_ab", "vorher", "neuer_status_id", "anzahl"}`` (plus ``"leistung__amt_id"`` with ``je_amt``):
    how many Leistungen of the base went from ``vorher`` (their status at the end of the day before, None = none)
    to ``neuer_status_id`` (their last change of that day). Rows with ``vorher`` equal to the new status are
    same-day changes that cancel out. Read by the weekly series and by the plan's flows (services going online).
    """
    spaeter_am_selben_tag = StatusAenderung.objects.filter(
        leistung_id=OuterRef("leistung_id"), gueltig_ab=OuterRef("gueltig_ab")
    ).filter(Q(erfasst_am__gt=OuterRef("erfasst_am")) | Q(erfasst_am=OuterRef("erfasst_am"), id__gt=OuterRef("id")))
    felder = ["gueltig_ab", "vorher", "neuer_status_id"] + (["leistung__amt_id"] if je_amt else [])
    rows = (
        StatusAenderung.objects.filter(basis_filter(basis, amt=amt, themenfeld=themenfeld, prefix="leistung__"))
        .filter(gueltig_ab__gt=nach, gueltig_ab__lte=bis)
        .exclude(Exists(spaeter_am_selben_tag))  # the day's last change is the status at the end of the day
        .annotate(vorher=status_vor_tag())
        .values(*felder)
        .annotate(anzahl=Count("id"))
        .order_by()
    )
    return list(rows)


def _tagesaenderungen(rows: list[dict]) -> dict[dt.date, dict]:
    """Net change of the counts per status on each day: {day: {status_id|None: +n/-n}}."""
    tage: dict[dt.date, dict] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        tag = tage[row["gueltig_ab"]]
        tag[row["vorher"]] -= row["anzahl"]
        tag[row["neuer_status_id"]] += row["anzahl"]
    return tage


def wochenverlauf(
    *,
    von: dt.date,
    bis: dt.date,
    basis: Basis = Basis.WIESBADEN,
    amt: Amt | None = None,
    themenfeld: Themenfeld | None = None,
) -> Wochenverlauf:
    """Per ISO week from ``von``'s week to ``bis``'s: the counts per status and the online share of the base.

    Each week's figures are as of its Sunday (the last week: as of ``bis``), exactly what
    :func:`~catalog.selectors.status_stand` answers for that date: today's counts, walked back week by week through
    the weekly counts of status changes (:mod:`.zaehlung`); a last week that ends before today and before its Sunday
    adds the days from its Monday to ``bis`` from the history. Three queries (statuses, today's counts, the weeks
    after the first), four with such a last week; for one Themenfeld (which the weekly counts do not know) the
    history itself, three queries. Raises ``ValueError`` if ``von`` > ``bis``.

    ``statuswechsel`` holds the changes the series was built from, in (first Sunday, ``bis``]: one row per week
    (``gueltig_ab`` its Sunday, or ``bis`` for a last, partial week) and status pair, or, for the days of a last
    week that ends before today, per day.
    """
    if von > bis:
        raise ValueError("Der Beginn des Zeitraums liegt nach seinem Ende.")
    statuses = status_laden()
    ausser = ausser_ids(statuses, basis)
    beschreibung = basis_beschreibung(basis, statuses, amt=amt, themenfeld=themenfeld)
    wochen = wochen_zwischen(von, bis)
    if themenfeld is not None:
        staende, wechsel = _aus_dem_verlauf(wochen, basis=basis, themenfeld=themenfeld)
    else:
        staende, wechsel = _aus_den_wochen(wochen, basis=basis, amt=amt)
    ergebnis = []
    for jahr, kw, montag, stichtag in wochen:
        zaehlung = {key[0]: n for key, n in staende[stichtag].items() if n and key[0] not in ausser}
        stand = stand_aus_zaehlung(
            stichtag=stichtag, basis=basis, beschreibung=beschreibung, zaehlung=zaehlung, statuses=statuses
        )
        ergebnis.append(Woche(jahr=jahr, kw=kw, montag=montag, stichtag=stichtag, stand=stand))
    return Wochenverlauf(
        von=von, bis=bis, basis=Basis(basis), beschreibung=beschreibung, wochen=ergebnis, statuswechsel=wechsel
    )


def _aus_den_wochen(wochen, *, basis, amt) -> tuple[dict[dt.date, Counter], list[dict]]:
    """Each week's counts by status, walked back from today's through the weekly counts of changes; the changes."""
    heute = timezone.localdate()
    erster, letzter = wochen[0][3], wochen[-1][3]
    jetzt = Counter(zaehlung_am(heute, basis=basis, amt=amt))  # (status id or None,) → count
    letzte_woche = letzter + dt.timedelta(days=7 - letzter.isoweekday())  # its Sunday
    # the weeks of the series one by one; those after it (up to today) in one sum, dated after every week
    wochenzeilen = wochenwechsel_nach(sonntag_davor(erster), basis=basis, amt=amt, je_woche_bis=letzte_woche)
    for row in wochenzeilen:
        row["woche"] = row["woche"] or dt.date.max
    wochenzeilen.sort(key=lambda row: row["woche"], reverse=True)
    staende: dict[dt.date, Counter] = {}
    laufend, position = Counter(jetzt), 0
    for sonntag in sorted({sonntag_davor(stichtag) for *_, stichtag in wochen}, reverse=True):
        while position < len(wochenzeilen) and wochenzeilen[position]["woche"] > sonntag:
            zurueckrechnen(laufend, [wochenzeilen[position]])
            position += 1
        staende[sonntag] = Counter(laufend)
    # a last week that ends before its Sunday: today's counts, or, before today, its days from the history
    teilwoche = letzter.isoweekday() != 7
    tageszeilen = []
    if teilwoche and letzter >= heute:
        staende[letzter] = jetzt
    elif teilwoche:
        tageszeilen = statuswechsel_je_tag(basis=basis, amt=amt, nach=sonntag_davor(letzter), bis=letzter)
        staende[letzter] = Counter(staende[sonntag_davor(letzter)])
        tage_anrechnen(staende[letzter], tageszeilen)
    wechsel = [
        {
            "gueltig_ab": min(row["woche"], letzter),
            "vorher": row["vorher"] or None,
            "neuer_status_id": row["nachher"],
            "anzahl": row["summe"],
        }
        for row in reversed(wochenzeilen)
        if erster < row["woche"] <= letzter or (teilwoche and not tageszeilen and row["woche"] == letzte_woche)
    ]
    return staende, wechsel + tageszeilen


def _aus_dem_verlauf(wochen, *, basis, themenfeld) -> tuple[dict[dt.date, Counter], list[dict]]:
    """Each week's counts by status from the history itself: the as-of counts on the first Sunday, then the changes
    of each day (for one Themenfeld, which the weekly counts do not know)."""
    erster, letzter = wochen[0][3], wochen[-1][3]
    laufend: Counter = Counter()
    anfang = leistungen_mit_status_am(erster, basis=basis, themenfeld=themenfeld)
    laufend.update(count_by(anfang, "status_am"))
    wechsel = statuswechsel_je_tag(basis=basis, themenfeld=themenfeld, nach=erster, bis=letzter)
    tage = _tagesaenderungen(wechsel)
    tage_sortiert = sorted(tage)
    staende = {}
    position = 0
    for _, _, _, stichtag in wochen:
        while position < len(tage_sortiert) and tage_sortiert[position] <= stichtag:
            for status_id, delta in tage[tage_sortiert[position]].items():
                laufend[status_id,] += delta
            position += 1
        staende[stichtag] = Counter(laufend)
    return staende, wechsel


# --- one Leistung's timeline -----------------------------------------------------------------------------


def statusverlauf_aufsteigend(leistung) -> list[StatusAenderung]:
    """The Leistung's status changes in the order they take effect (``gueltig_ab``, then ``erfasst_am``, ``id``:
    the order in which the status service (``catalog.services.leistungen_status_setzen``) finds the status in
    effect), oldest first.
    """
    return list(
        StatusAenderung.objects.filter(leistung=leistung)
        .select_related("neuer_status", "erfasst_von")
        .order_by("gueltig_ab", "erfasst_am", "id")
    )


def statusverlauf(leistung) -> list[StatusAenderung]:
    """The timeline, newest first; each row carries ``status_davor``: the status in effect just before it.

    Not the stored ``alter_status``: that is the status in effect on the date *when the row was recorded*, and a
    later back-dated change (say "Wartend ab 01.01.1999" before a history starting 2021) makes it stale, so the
    timeline would show "erster Status" twice. ``status_davor`` is the previous row's new status in date order,
    so only the earliest row is the first status.
    """
    zeilen = statusverlauf_aufsteigend(leistung)
    davor = None
    for zeile in zeilen:
        zeile.status_davor = davor
        davor = zeile.neuer_status
    return zeilen[::-1]
