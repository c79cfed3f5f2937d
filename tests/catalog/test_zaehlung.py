"""Counts as of a date from today's statuses and the weekly counts of changes are exactly the as-of rule's: checked
against the rule written out in plain Python over the whole history, on random histories recorded out of order
(back-dated, same day), with Leistungen changing Amt and base in between, on Sundays, weekdays and today."""

import datetime as dt
import random
from collections import Counter

import pytest

from catalog.models import Leistung, Status, StatusAenderung, StatusBedeutung, Vollzugsebene
from catalog.selectors import Basis, status_stand, status_stand_nach_amt, wochenverlauf
from catalog.services import leistungen_aendern, leistungen_status_setzen

pytestmark = pytest.mark.django_db

D = dt.date


def regel(stichtag, *, basis, amt=None):
    """{(Amt id, status label or None): count}: each Leistung's latest change on or before the date (ties: recorded
    later, then higher id), its fields of today; in the default base without the out-of-scope ones."""
    statuses = {s.pk: s for s in Status.objects.all()}
    status_am = {}
    for leistung_id, tag, status in StatusAenderung.objects.order_by("gueltig_ab", "erfasst_am", "id").values_list(
        "leistung_id", "gueltig_ab", "neuer_status_id"
    ):
        if tag <= stichtag:
            status_am[leistung_id] = status
    zaehlung = Counter()
    for leistung in Leistung.objects.all():
        status = statuses.get(status_am.get(leistung.pk))
        bezeichnung = status.bezeichnung if status else None
        if basis == Basis.WIESBADEN and (
            not leistung.von_wiesbaden_umzusetzen or (status and status.bedeutung == StatusBedeutung.AUSSER_BETRACHT)
        ):
            continue
        if basis == Basis.KOMMUNE and leistung.vollzugsebene != Vollzugsebene.KOMMUNE:
            continue
        if amt is not None and leistung.amt_id != amt.pk:
            continue
        zaehlung[leistung.amt_id, bezeichnung] += 1
    return zaehlung


def gezaehlt(stand) -> Counter:
    zaehlung = Counter({z.bezeichnung: z.anzahl for z in stand.status if z.anzahl})
    if stand.ohne_status:
        zaehlung[None] = stand.ohne_status
    return zaehlung


def ohne_amt(zaehlung: Counter) -> Counter:
    ergebnis = Counter()
    for (_, status), n in zaehlung.items():
        ergebnis[status] += n
    return ergebnis


@pytest.fixture
def zufallskatalog(make_leistung, statuses, amt33, amt51):
    rng = random.Random(1815)
    leistungen = [make_leistung(amt=rng.choice([amt33, amt51, None])) for _ in range(10)]
    leistungen.append(make_leistung(von_wiesbaden_umzusetzen=False, vollzugsebene=Vollzugsebene.LAND))
    stati = list(statuses.values())
    tage = [D(2021, 11, 1) + dt.timedelta(days=rng.randint(0, 150)) for _ in range(25)]
    for runde in range(8):
        leistungen_status_setzen(
            aenderungen=[(rng.choice(leistungen), rng.choice(stati), rng.choice(tage)) for _ in range(10)]
        )
        if runde % 2:
            leistung = rng.choice(leistungen)
            leistungen_aendern(
                aenderungen={
                    leistung.pk: {
                        "amt": rng.choice([amt33, amt51, None]),
                        "von_wiesbaden_umzusetzen": rng.random() < 0.8,
                        "vollzugsebene": rng.choice([Vollzugsebene.KOMMUNE, Vollzugsebene.LAND]),
                    }
                }
            )
    return {"amt51": amt51}


STICHTAGE = [
    D(2021, 10, 31),  # a Sunday before every change
    D(2021, 11, 1),
    D(2021, 12, 5),  # Sunday
    D(2021, 12, 8),  # Wednesday
    D(2022, 1, 2),  # Sunday at the turn of the year
    D(2022, 2, 17),
    D(2022, 3, 31),
    D(2022, 6, 1),  # after every change
]


@pytest.mark.parametrize("basis", list(Basis))
def test_counts_on_every_kind_of_date_follow_the_as_of_rule(zufallskatalog, basis, today):
    for stichtag in [*STICHTAGE, today]:
        erwartet = regel(stichtag, basis=basis)
        assert gezaehlt(status_stand(stichtag=stichtag, basis=basis)) == ohne_amt(erwartet), stichtag
        for gruppe in status_stand_nach_amt(stichtag=stichtag, basis=basis):
            eigene = Counter({s: n for (a, s), n in erwartet.items() if a == gruppe.id})
            assert gezaehlt(gruppe.stand) == eigene, (stichtag, gruppe.bezeichnung)


def test_counts_for_one_amt_follow_the_as_of_rule(zufallskatalog, today):
    amt = zufallskatalog["amt51"]
    for stichtag in [*STICHTAGE, today]:
        erwartet = ohne_amt(regel(stichtag, basis=Basis.WIESBADEN, amt=amt))
        assert gezaehlt(status_stand(stichtag=stichtag, amt=amt)) == erwartet, stichtag


@pytest.mark.parametrize("bis", [D(2022, 3, 2), D(2022, 3, 6)], ids=["Mittwoch", "Sonntag"])
def test_the_weekly_series_follows_the_as_of_rule(zufallskatalog, bis):
    verlauf = wochenverlauf(von=D(2021, 11, 10), bis=bis, amt=zufallskatalog["amt51"])
    for woche in verlauf.wochen:
        erwartet = ohne_amt(regel(woche.stichtag, basis=Basis.WIESBADEN, amt=zufallskatalog["amt51"]))
        assert gezaehlt(woche.stand) == erwartet, woche.bezeichnung_lang


def test_the_weekly_series_up_to_today_ends_with_todays_statuses(zufallskatalog, today):
    verlauf = wochenverlauf(von=today - dt.timedelta(weeks=60), bis=today)
    assert gezaehlt(verlauf.wochen[-1].stand) == ohne_amt(regel(today, basis=Basis.WIESBADEN))
    assert verlauf.wochen[-1].stichtag == today


def test_todays_counts_read_the_current_status_not_the_history(zufallskatalog, today, django_assert_num_queries):
    with django_assert_num_queries(2):  # the statuses, the Leistungen grouped by their status
        stand = status_stand(stichtag=today)
    assert gezaehlt(stand) == ohne_amt(regel(today, basis=Basis.WIESBADEN))


def test_a_weekly_series_ending_in_a_week_with_changes_follows_the_as_of_rule(zufallskatalog):
    """The weeks after a series come summed in one row, its own weeks one by one: a series that ends on the day of a
    change or on that week's Sunday counts that week once."""
    tage = sorted(set(StatusAenderung.objects.values_list("gueltig_ab", flat=True)))
    for tag in tage[::4]:
        for bis in (tag, tag + dt.timedelta(days=7 - tag.isoweekday())):  # the day of a change, its Sunday
            for woche in wochenverlauf(von=bis - dt.timedelta(weeks=2), bis=bis).wochen:
                erwartet = ohne_amt(regel(woche.stichtag, basis=Basis.WIESBADEN))
                assert gezaehlt(woche.stand) == erwartet, (bis, woche.stichtag)
