"""The plan and the forecast read from the database: the ranking, capacities, Vorgaben and the status history go
in, nothing is stored, and the number of queries does not grow with the data."""

import datetime as dt

import pytest
from django.utils import timezone

from catalog.services import leistung_status_setzen
from planung.plan import Art, Einplanung
from planung.quartal import Quartal
from planung.selectors import online_wechsel, prognose, umsetzungsplan, wochenreihe
from planung.services import Teil, kapazitaet_speichern, planvorgabe_setzen

from .conftest import NUR_RELEVANZ

pytestmark = pytest.mark.django_db
D = dt.date


def namen(plan):
    return {z.leistung.bezeichnung[-1]: z.quartal for z in plan.zeilen}


def test_the_plan_follows_the_scorecard_order_and_the_capacities(rangfolge, laufend):
    kapazitaet_speichern(quartal=laufend, anzahl=2)
    kapazitaet_speichern(quartal=laufend.plus(1), anzahl=2)
    plan = umsetzungsplan()
    assert namen(plan) == {"A": laufend, "B": laufend, "C": laufend.plus(1), "D": laufend.plus(1), "E": None}
    assert [z.leistung.rang for z in plan.zeilen] == [1, 2, 3, 4, 5]
    assert plan.stadt.text == "nicht absehbar: 1 von 5 Leistungen ohne Quartal"
    assert [(a.amt_nummer, a.text) for a in plan.aemter] == [
        (33, "nicht absehbar: 1 von 4 Leistungen ohne Quartal"),
        (51, str(laufend)),
    ]


def test_a_changed_capacity_rating_status_or_vorgabe_shows_on_the_next_call(rangfolge, laufend, scorecard, statuses):
    a, b, c, d, e = rangfolge
    kapazitaet = kapazitaet_speichern(quartal=laufend, anzahl=1)
    assert namen(umsetzungsplan())["A"] == laufend

    scorecard.bewerte(e, {**NUR_RELEVANZ, "Grad der Entlastung des Fachbereichs": "hoch"})  # E now above C
    leistung_status_setzen(leistung=a, status=statuses["Abgeschlossen"], gueltig_ab=timezone.localdate())
    plan = umsetzungsplan()
    assert [z.leistung.bezeichnung[-1] for z in plan.zeilen] == ["B", "E", "C", "D"]
    # A went online in this quarter and used the only place
    assert namen(plan) == {"B": None, "E": None, "C": None, "D": None}
    assert plan.quartale[0].bereits_online == 1

    kapazitaet_speichern(quartal=laufend, anzahl=2, kapazitaet=kapazitaet, version=kapazitaet.version)
    assert namen(umsetzungsplan())["B"] == laufend
    planvorgabe_setzen(leistung=d, art=Art.FESTGELEGT, quartal=laufend, grund="Pilot")
    plan = umsetzungsplan()
    assert namen(plan) == {"B": None, "E": None, "C": None, "D": laufend}
    assert plan.zeile(d.pk).einplanung == Einplanung.FESTGELEGT
    assert plan.zeile(d.pk).vorgabe.grund == "Pilot"


def test_limits_per_amt_and_per_platform_come_from_the_admin_records(rangfolge, laufend, amt33, statuses):
    fabrik = statuses["Digitalisierungsfabrik"]
    for q in (laufend, laufend.plus(1)):
        kapazitaet_speichern(quartal=q, anzahl=3, teile=[Teil(anzahl=1, amt=amt33), Teil(anzahl=0, plattform=fabrik)])
    plan = umsetzungsplan()
    # A (33) and B (51) in the running quarter; C (33) next; D is in the Digitalisierungsfabrik (limit 0); E (33) none
    assert namen(plan) == {"A": laufend, "B": laufend, "C": laufend.plus(1), "D": None, "E": None}
    assert [(g.art, g.kapazitaet, g.belegt) for g in plan.quartale[0].grenzen] == [("amt", 1, 1), ("plattform", 0, 0)]


def test_ties_in_the_scorecard_go_by_the_ranking_rule(scorecard, make_leistung, laufend):
    """Equal totals and equal Relevanz: the higher Fallzahl first, then the LeiKa key."""
    erste = make_leistung(leika_schluessel="99000000000009", antraege_pro_jahr=10)
    zweite = make_leistung(leika_schluessel="99000000000001", antraege_pro_jahr=10)
    dritte = make_leistung(leika_schluessel="99000000000005", antraege_pro_jahr=500)
    for leistung in (erste, zweite, dritte):
        scorecard.bewerte(leistung, NUR_RELEVANZ)
    kapazitaet_speichern(quartal=laufend, anzahl=1)
    kapazitaet_speichern(quartal=laufend.plus(1), anzahl=1)
    plan = umsetzungsplan()
    assert [(z.leistung.leistung_id, z.quartal) for z in plan.zeilen] == [
        (dritte.pk, laufend),
        (zweite.pk, laufend.plus(1)),
        (erste.pk, None),
    ]


def test_plan_versus_actual_counts_what_went_online_in_each_past_quarter(make_leistung, statuses, laufend):
    vorvorig, vorig = laufend.plus(-2), laufend.plus(-1)
    kapazitaet_speichern(quartal=vorvorig, anzahl=3)
    kapazitaet_speichern(quartal=vorig, anzahl=2)
    for tag, wie in [
        (vorvorig.beginn, "Abgeschlossen"),
        (vorig.beginn, "Abgeschlossen"),
        (vorig.ende, "Abgeschlossen"),
    ]:
        leistung = make_leistung()
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=D(2021, 1, 4))
        leistung_status_setzen(leistung=leistung, status=statuses[wie], gueltig_ab=tag)
    zurueck = make_leistung()
    leistung_status_setzen(leistung=zurueck, status=statuses["Abgeschlossen"], gueltig_ab=D(2021, 1, 4))
    leistung_status_setzen(
        leistung=zurueck, status=statuses["Umsetzung"], gueltig_ab=vorig.beginn + dt.timedelta(days=3)
    )
    plan = umsetzungsplan()
    assert [(s.quartal, s.geplant, s.online, s.zurueck, s.laufend) for s in plan.soll_ist] == [
        (vorvorig, 3, 1, 0, False),
        (vorig, 2, 2, 1, False),
        (laufend, None, 0, 0, True),
    ]


def test_same_day_changes_count_once_as_the_as_of_rule_says(make_leistung, statuses):
    leistung = make_leistung()
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=D(2021, 1, 4))
    leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=D(2022, 2, 1))
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=D(2022, 2, 1))  # same day back
    leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=D(2022, 3, 1))
    wechsel = online_wechsel(von=D(2022, 1, 1), bis=D(2022, 12, 31))
    assert [(w.quartal, w.anzahl, w.zurueck, w.plattform_id) for w in wechsel] == [
        (Quartal(2022, 1), 1, False, statuses["Umsetzung"].pk)
    ]


@pytest.fixture
def verlauf(make_leistung, statuses):
    """Ten waiting services; online on Sundays' weeks: 2 in the week to 08.05.2022, 1 to 15.05., 3 to 29.05.,
    one of them back on 25.05. (the window of 4 weeks to Sunday 29.05.2022 sees 0, 2, 3, 3, 5 online)."""
    leistungen = [make_leistung() for _ in range(10)]
    for leistung in leistungen:
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=D(2021, 1, 4))
    online = statuses["Abgeschlossen"]
    for leistung, tag in zip(
        leistungen,
        [D(2022, 5, 3), D(2022, 5, 8), D(2022, 5, 10), D(2022, 5, 23), D(2022, 5, 24), D(2022, 5, 29)],
        strict=False,
    ):
        leistung_status_setzen(leistung=leistung, status=online, gueltig_ab=tag)
    leistung_status_setzen(leistung=leistungen[0], status=statuses["Umsetzung"], gueltig_ab=D(2022, 5, 25))
    return leistungen


def test_the_weekly_series_counts_online_and_the_flows_of_each_week(verlauf):
    reihe, beschreibung = wochenreihe(bis=D(2022, 5, 29), wochen=4)
    assert [(w.stichtag, w.online, w.basis, w.online_gegangen, w.zurueckgefallen) for w in reihe] == [
        (D(2022, 5, 1), 0, 10, 0, 0),
        (D(2022, 5, 8), 2, 10, 2, 0),
        (D(2022, 5, 15), 3, 10, 1, 0),
        (D(2022, 5, 22), 3, 10, 0, 0),
        (D(2022, 5, 29), 5, 10, 3, 1),
    ]
    assert "von Wiesbaden umzusetzen" in beschreibung


def test_the_forecast_from_the_history_by_hand(verlauf):
    """0, 2, 3, 3, 5 over t = 0..4: Σty = 0 + 2 + 6 + 9 + 20 = 37, Σy = 13, pace (5·37 − 10·13) / 50 = 55/50 = 1,1;
    5 of 10 to go: ⌈5/1,1⌉ = 5 weeks after 29.05.2022 = Sunday 03.07.2022 (KW 26/2022)."""
    p = prognose(stichtag=D(2022, 6, 1), fenster=4, horizont=3)  # a Wednesday: the window ends on Sunday 29.05.
    assert (p.bis, p.wochen, p.online, p.basis) == (D(2022, 5, 29), 4, 5, 10)
    assert p.tempo == pytest.approx(1.1) and (p.online_gegangen, p.zurueckgefallen) == (6, 1)
    assert p.ziel == D(2022, 7, 3)
    assert [punkt.stichtag for punkt in p.fortsetzung] == [D(2022, 6, 5), D(2022, 6, 12), D(2022, 6, 19)]


def test_the_forecast_of_a_window_without_changes_says_not_at_this_pace(make_leistung, statuses):
    leistung = make_leistung()
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=D(2021, 1, 4))
    p = prognose(stichtag=D(2022, 6, 1), fenster=26)
    assert (p.wochen, p.tempo, p.streuung, p.ziel) == (26, 0, 0, None)
    assert p.grund.startswith("nicht in diesem Tempo")


def _viele(make_leistung, statuses, scorecard, anzahl, laufend):
    for i in range(anzahl):
        leistung = make_leistung()
        leistung_status_setzen(
            leistung=leistung, status=statuses["Wartend"], gueltig_ab=D(2021, 1, 4) + dt.timedelta(days=i)
        )
        leistung_status_setzen(
            leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=D(2022, 1, 3) + dt.timedelta(days=7 * i)
        )
        if i % 2 == 0:
            scorecard.bewerte(leistung, NUR_RELEVANZ)
        if i % 3 == 0:
            leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=timezone.localdate())
        elif i % 4 == 1:
            planvorgabe_setzen(leistung=leistung, art=Art.ZURUECKGESTELLT, grund="später")
    kapazitaet_speichern(quartal=laufend.plus(-1 - anzahl // 5), anzahl=2)
    kapazitaet_speichern(
        quartal=laufend.plus(anzahl // 5), anzahl=3, teile=[Teil(anzahl=1, plattform=statuses["Umsetzung"])]
    )


@pytest.mark.parametrize(("selector", "abfragen"), [("umsetzungsplan", 10), ("prognose", 4)])
def test_a_fixed_number_of_queries_whatever_the_data_size(
    selector, abfragen, make_leistung, statuses, scorecard, laufend, django_assert_num_queries
):
    aufruf = {"umsetzungsplan": umsetzungsplan, "prognose": lambda: prognose(fenster=52)}[selector]
    _viele(make_leistung, statuses, scorecard, 3, laufend)
    with django_assert_num_queries(abfragen):
        klein = aufruf()
    _viele(make_leistung, statuses, scorecard, 30, laufend)
    with django_assert_num_queries(abfragen):
        gross = aufruf()
    if selector == "umsetzungsplan":
        assert len(gross.zeilen) > len(klein.zeilen) and len(gross.quartale) > len(klein.quartale)
