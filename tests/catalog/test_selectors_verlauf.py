"""The weekly series: ISO weeks (also across a year boundary with week 53), and the same figures as the as-of
counts for every week, with back-dated and same-day changes."""

import datetime as dt
import random

import pytest

from catalog.selectors import Basis, status_stand, wochen_zwischen, wochenverlauf
from catalog.services import leistung_status_setzen

pytestmark = pytest.mark.django_db

D = dt.date


def setze(leistung, status, tag):
    return leistung_status_setzen(leistung=leistung, status=status, gueltig_ab=tag, grund="Test")


def test_weeks_follow_the_iso_calendar_across_the_year_boundary_with_week_53():
    wochen = wochen_zwischen(D(2020, 12, 23), D(2021, 1, 12))
    assert [(jahr, kw) for jahr, kw, _, _ in wochen] == [(2020, 52), (2020, 53), (2021, 1), (2021, 2)]
    assert [montag for _, _, montag, _ in wochen] == [D(2020, 12, 21), D(2020, 12, 28), D(2021, 1, 4), D(2021, 1, 11)]
    # a week's figures are those of its Sunday; the last week ends on the last day asked for
    assert [stichtag for *_, stichtag in wochen] == [D(2020, 12, 27), D(2021, 1, 3), D(2021, 1, 10), D(2021, 1, 12)]


def test_weekly_series_across_new_year_counts_each_week_as_of_its_sunday(make_leistung, statuses):
    a, b = make_leistung(), make_leistung()
    setze(a, statuses["Wartend"], D(2020, 12, 22))  # KW 52
    setze(b, statuses["Wartend"], D(2020, 12, 30))  # KW 53
    setze(a, statuses["Abgeschlossen"], D(2021, 1, 3))  # Sunday of KW 53
    setze(b, statuses["Umsetzung"], D(2021, 1, 11))  # KW 2

    verlauf = wochenverlauf(von=D(2020, 12, 23), bis=D(2021, 1, 12))

    assert [w.bezeichnung for w in verlauf.wochen] == ["KW 52", "KW 53", "KW 1", "KW 2"]
    assert [w.bezeichnung_lang for w in verlauf.wochen] == ["KW 52/2020", "KW 53/2020", "KW 1/2021", "KW 2/2021"]
    zahlen = [
        (w.stand.anzahl_von("Wartend"), w.stand.anzahl_von("Abgeschlossen"), w.stand.anzahl_von("Umsetzung"))
        for w in verlauf.wochen
    ]
    assert zahlen == [(1, 0, 0), (1, 1, 0), (1, 1, 0), (0, 1, 1)]
    assert [w.stand.ohne_status for w in verlauf.wochen] == [1, 0, 0, 0]
    assert [w.stand.online_anteil for w in verlauf.wochen] == [0, 0.5, 0.5, 0.5]
    assert verlauf.beschreibung.startswith("LeiKa-Leistungen, die von Wiesbaden umzusetzen sind")


def test_a_week_ending_out_of_scope_leaves_the_base_that_week(leistung, statuses):
    setze(leistung, statuses["Wartend"], D(2022, 1, 3))
    setze(leistung, statuses["Nicht relevant"], D(2022, 1, 12))
    verlauf = wochenverlauf(von=D(2022, 1, 3), bis=D(2022, 1, 23))
    assert [w.stand.basis.anzahl for w in verlauf.wochen] == [1, 0, 0]


@pytest.mark.parametrize("basis", [Basis.WIESBADEN, Basis.KATALOG])
def test_weekly_series_equals_the_as_of_counts_of_every_week(make_leistung, statuses, amt51, basis):
    """Random histories, recorded out of order (back-dated) and with same-day changes."""
    rng = random.Random(4)
    leistungen = [make_leistung(amt=amt51 if i % 3 else None) for i in range(8)]
    leistungen.append(make_leistung(von_wiesbaden_umzusetzen=False))
    labels = list(statuses)
    tage = [D(2021, 11, 1) + dt.timedelta(days=rng.randint(0, 120)) for _ in range(12)]
    for _ in range(60):
        leistung = rng.choice(leistungen)
        setze(leistung, statuses[rng.choice(labels)], rng.choice(tage))  # any order: many are back-dated

    verlauf = wochenverlauf(von=D(2021, 11, 10), bis=D(2022, 3, 2), basis=basis)

    assert len(verlauf.wochen) == 17
    for woche in verlauf.wochen:
        erwartet = status_stand(stichtag=woche.stichtag, basis=basis)
        assert woche.stand.nach_status() == erwartet.nach_status(), woche.bezeichnung_lang
        assert woche.stand.ohne_status == erwartet.ohne_status
        assert woche.stand.basis.anzahl == erwartet.basis.anzahl
        assert woche.stand.online == erwartet.online


def test_weekly_series_for_one_amt(make_leistung, statuses, amt51):
    setze(make_leistung(), statuses["Abgeschlossen"], D(2022, 1, 3))
    setze(make_leistung(amt=amt51), statuses["Wartend"], D(2022, 1, 3))
    verlauf = wochenverlauf(von=D(2022, 1, 3), bis=D(2022, 1, 9), amt=amt51)
    assert [w.stand.nach_status()["Wartend"] for w in verlauf.wochen] == [1]
    assert verlauf.wochen[0].stand.online == 0


def test_weekly_series_refuses_an_end_before_the_start():
    with pytest.raises(ValueError, match="Beginn des Zeitraums liegt nach seinem Ende"):
        wochenverlauf(von=D(2022, 2, 1), bis=D(2022, 1, 1))
