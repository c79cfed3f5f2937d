"""The plan by capacity, computed by hand: quarters from the scorecard order, capacities, Vorgaben and what went
online already (pure function, no database)."""

import datetime as dt

import pytest

from planung.plan import (
    Art,
    Einplanung,
    OnlineWechsel,
    PlanLeistung,
    Quartalskapazitaet,
    Vorgabe,
    plan_berechnen,
)
from planung.quartal import Quartal

HEUTE = dt.date(2026, 11, 30)  # laufendes Quartal: Q4/2026
Q4_26, Q1_27, Q2_27, Q3_27 = Quartal(2026, 4), Quartal(2027, 1), Quartal(2027, 2), Quartal(2027, 3)
AMT33, AMT51 = 33, 51
FABRIK = 3  # the status id of "Digitalisierungsfabrik"


def leistung(nummer, *, amt=AMT33, plattform=None, **felder):
    return PlanLeistung(
        leistung_id=nummer,
        bezeichnung=f"Leistung {nummer}",
        amt_id=amt,
        amt_nummer=amt,
        amt_name=f"Amt {amt}" if amt else "",
        plattform_id=plattform,
        **felder,
    )


def kap(quartal, gesamt, *, je_amt=None, je_plattform=None):
    return Quartalskapazitaet(quartal, gesamt, je_amt or {}, je_plattform or {})


def berechnen(leistungen, kapazitaeten=(), vorgaben=None, wechsel=()):
    return plan_berechnen(
        leistungen=leistungen, kapazitaeten=kapazitaeten, vorgaben=vorgaben or {}, heute=HEUTE, wechsel=wechsel
    )


def quartale(plan):
    """{Leistung id: quarter or None} in scorecard order."""
    return {z.leistung.leistung_id: z.quartal for z in plan.zeilen}


def test_capacity_two_per_quarter_fills_the_quarters_in_scorecard_order():
    plan = berechnen([leistung(n) for n in range(1, 6)], [kap(Q4_26, 2), kap(Q1_27, 2), kap(Q2_27, 2)])
    assert quartale(plan) == {1: Q4_26, 2: Q4_26, 3: Q1_27, 4: Q1_27, 5: Q2_27}
    assert [(b.quartal, b.kapazitaet, b.eingeplant, b.frei) for b in plan.quartale] == [
        (Q4_26, 2, 2, 0),
        (Q1_27, 2, 2, 0),
        (Q2_27, 2, 1, 1),
    ]
    assert plan.stadt.letztes_quartal == Q2_27 and plan.stadt.text == "Q2/2027"
    assert {z.einplanung for z in plan.zeilen} == {Einplanung.EINGEPLANT}


def test_zero_capacity_plans_nothing_and_says_when_the_city_is_done_is_not_foreseeable():
    plan = berechnen([leistung(1), leistung(2), leistung(3)], [kap(Q4_26, 0), kap(Q1_27, 0)])
    assert quartale(plan) == {1: None, 2: None, 3: None}
    assert {z.einplanung for z in plan.zeilen} == {Einplanung.OHNE_KAPAZITAET}
    assert [(b.quartal, b.kapazitaet, b.frei, b.ueberbucht) for b in plan.quartale] == [
        (Q4_26, 0, 0, 0),
        (Q1_27, 0, 0, 0),
    ]
    assert plan.stadt.letztes_quartal is None
    assert plan.stadt.text == "nicht absehbar: 3 von 3 Leistungen ohne Quartal"


def test_without_any_capacity_there_are_no_quarters_and_no_plan_versus_actual():
    plan = berechnen([leistung(1)])
    assert quartale(plan) == {1: None}
    assert plan.quartale == [] and plan.soll_ist == []


def test_more_capacity_than_work_puts_everything_in_the_running_quarter_and_leaves_the_rest_free():
    plan = berechnen([leistung(1), leistung(2, amt=AMT51), leistung(3)], [kap(Q4_26, 10), kap(Q1_27, 10)])
    assert set(quartale(plan).values()) == {Q4_26}
    assert [(b.quartal, b.eingeplant, b.frei) for b in plan.quartale] == [(Q4_26, 3, 7), (Q1_27, 0, 10)]
    assert [(a.bezeichnung, a.letztes_quartal) for a in plan.aemter] == [
        ("Amt 33 – Amt 33", Q4_26),
        ("Amt 51 – Amt 51", Q4_26),
    ]
    assert plan.stadt.text == "Q4/2026"


def test_ties_keep_the_order_of_the_ranking():
    """Two services alike in everything: the ranking's order (its tie rule ends with the LeiKa key) decides."""
    kapazitaet = [kap(Q4_26, 1), kap(Q1_27, 1)]
    assert quartale(berechnen([leistung(7), leistung(8)], kapazitaet)) == {7: Q4_26, 8: Q1_27}
    assert quartale(berechnen([leistung(8), leistung(7)], kapazitaet)) == {8: Q4_26, 7: Q1_27}


def test_a_quarter_without_recorded_capacity_takes_no_service():
    plan = berechnen([leistung(1), leistung(2)], [kap(Q4_26, 1), kap(Q2_27, 1)])
    assert quartale(plan) == {1: Q4_26, 2: Q2_27}
    assert [(b.quartal, b.kapazitaet) for b in plan.quartale] == [(Q4_26, 1), (Q1_27, None), (Q2_27, 1)]


def test_a_pinned_service_takes_its_place_first_and_pushes_the_ranking_back():
    vorgaben = {3: Vorgabe(Art.FESTGELEGT, Q4_26, "Gesetzliche Frist")}
    plan = berechnen([leistung(1), leistung(2), leistung(3)], [kap(Q4_26, 1), kap(Q1_27, 1)], vorgaben)
    assert quartale(plan) == {1: Q1_27, 2: None, 3: Q4_26}
    assert [z.einplanung for z in plan.zeilen] == [
        Einplanung.EINGEPLANT,
        Einplanung.OHNE_KAPAZITAET,
        Einplanung.FESTGELEGT,
    ]
    assert plan.zeilen[2].vorgabe.grund == "Gesetzliche Frist"
    assert [(b.quartal, b.festgelegt, b.eingeplant, b.frei) for b in plan.quartale] == [
        (Q4_26, 1, 0, 0),
        (Q1_27, 0, 1, 0),
    ]


def test_pins_beyond_capacity_overbook_the_quarter_and_nothing_else_goes_there():
    vorgaben = {2: Vorgabe(Art.FESTGELEGT, Q4_26, "a"), 3: Vorgabe(Art.FESTGELEGT, Q4_26, "b")}
    plan = berechnen([leistung(1), leistung(2), leistung(3)], [kap(Q4_26, 1), kap(Q1_27, 5)], vorgaben)
    assert quartale(plan) == {1: Q1_27, 2: Q4_26, 3: Q4_26}
    q4 = plan.quartale[0]
    assert (q4.kapazitaet, q4.festgelegt, q4.eingeplant, q4.frei, q4.ueberbucht) == (1, 2, 0, 0, 1)


def test_a_pin_on_a_quarter_without_capacity_extends_the_plan_and_is_overbooked():
    vorgaben = {1: Vorgabe(Art.FESTGELEGT, Q2_27, "Pilot")}
    plan = berechnen([leistung(1), leistung(2)], [kap(Q4_26, 1)], vorgaben)
    assert quartale(plan) == {1: Q2_27, 2: Q4_26}
    assert [(b.quartal, b.kapazitaet, b.ueberbucht) for b in plan.quartale] == [
        (Q4_26, 1, 0),
        (Q1_27, None, 0),
        (Q2_27, None, 1),
    ]
    assert plan.stadt.letztes_quartal == Q2_27


def test_a_pin_on_a_past_quarter_counts_for_the_running_quarter():
    vorgaben = {1: Vorgabe(Art.FESTGELEGT, Quartal(2025, 2), "alt")}
    plan = berechnen([leistung(1)], [kap(Q4_26, 1)], vorgaben)
    assert quartale(plan) == {1: Q4_26}
    assert plan.zeilen[0].hinweis == "Festlegung auf Q2/2025 verstrichen; zählt im laufenden Quartal"


def test_a_held_back_service_gets_no_quarter_and_is_named_apart_when_the_amt_is_done():
    vorgaben = {1: Vorgabe(Art.ZURUECKGESTELLT, None, "Rechtsgrundlage fehlt")}
    plan = berechnen([leistung(1), leistung(2)], [kap(Q4_26, 5)], vorgaben)
    assert quartale(plan) == {1: None, 2: Q4_26}
    assert plan.zeilen[0].einplanung == Einplanung.ZURUECKGESTELLT
    assert plan.aemter[0].text == "Q4/2026 (ohne 1 zurückgestellte)"
    assert (plan.stadt.offen, plan.stadt.eingeplant, plan.stadt.zurueckgestellt) == (2, 1, 1)


def test_an_amt_limit_caps_that_amt_and_lets_a_service_further_down_go_first():
    kapazitaet = [kap(q, 3, je_amt={AMT33: 1}) for q in (Q4_26, Q1_27, Q2_27)]
    plan = berechnen([leistung(1), leistung(2), leistung(3, amt=AMT51), leistung(4)], kapazitaet)
    assert quartale(plan) == {1: Q4_26, 2: Q1_27, 3: Q4_26, 4: Q2_27}
    q4 = plan.quartale[0]
    assert (q4.eingeplant, q4.frei) == (2, 1)
    assert [(g.art, g.schluessel, g.kapazitaet, g.belegt, g.frei) for g in q4.grenzen] == [("amt", AMT33, 1, 1, 0)]
    assert [(a.amt_nummer, a.letztes_quartal) for a in plan.aemter] == [(AMT33, Q2_27), (AMT51, Q4_26)]


def test_a_platform_limit_caps_the_services_in_that_status():
    kapazitaet = [kap(q, 5, je_plattform={FABRIK: 1}) for q in (Q4_26, Q1_27)]
    dienste = [leistung(1, plattform=FABRIK), leistung(2, plattform=FABRIK), leistung(3, plattform=FABRIK), leistung(4)]
    plan = berechnen(dienste, kapazitaet)
    assert quartale(plan) == {1: Q4_26, 2: Q1_27, 3: None, 4: Q4_26}
    assert plan.stadt.text == "nicht absehbar: 1 von 4 Leistungen ohne Quartal"


def test_services_online_since_the_quarter_began_have_used_their_places():
    wechsel = [
        OnlineWechsel(Q4_26, 2, amt_id=AMT51, plattform_id=FABRIK),
        OnlineWechsel(Q4_26, 1, amt_id=AMT51, zurueck=True),  # coming back frees no place
    ]
    kapazitaet = [kap(Q4_26, 3, je_plattform={FABRIK: 2}), kap(Q1_27, 3)]
    plan = berechnen([leistung(1, plattform=FABRIK), leistung(2), leistung(3)], kapazitaet, wechsel=wechsel)
    assert quartale(plan) == {1: Q1_27, 2: Q4_26, 3: Q1_27}
    q4 = plan.quartale[0]
    assert (q4.bereits_online, q4.eingeplant, q4.belegt, q4.frei) == (2, 1, 3, 0)


def test_plan_versus_actual_for_the_past_quarters_since_the_first_capacity():
    q1, q2, q3 = Quartal(2026, 1), Quartal(2026, 2), Quartal(2026, 3)
    wechsel = [
        OnlineWechsel(q1, 3),
        OnlineWechsel(q3, 6, amt_id=AMT33),
        OnlineWechsel(q3, 1, amt_id=AMT33, zurueck=True),
        OnlineWechsel(Q4_26, 1),
        OnlineWechsel(Quartal(2025, 4), 9),  # before the first capacity: not compared
    ]
    plan = berechnen([leistung(1)], [kap(q1, 4), kap(q3, 5), kap(Q4_26, 3)], wechsel=wechsel)
    assert [(s.quartal, s.geplant, s.online, s.zurueck, s.netto, s.laufend) for s in plan.soll_ist] == [
        (q1, 4, 3, 0, 3, False),
        (q2, None, 0, 0, 0, False),
        (q3, 5, 6, 1, 5, False),
        (Q4_26, 3, 1, 0, 1, True),
    ]


@pytest.mark.parametrize(
    ("frist", "kapazitaet", "verfehlt", "hinweis"),
    [
        (dt.date(2027, 3, 31), [kap(Q4_26, 0), kap(Q1_27, 1)], False, "Rollout-Frist 31.03.2027 eingehalten"),
        (
            dt.date(2027, 3, 31),
            [kap(Q4_26, 0), kap(Q1_27, 0), kap(Q2_27, 1)],
            True,
            "Rollout-Frist 31.03.2027, geplant erst Q2/2027",
        ),
        (dt.date(2022, 12, 31), [kap(Q4_26, 1)], True, "Rollout-Frist 31.12.2022 verstrichen"),
        (dt.date(2027, 3, 31), [kap(Q4_26, 0)], True, "Rollout-Frist 31.03.2027, aber ohne Quartal"),
    ],
)
def test_an_ozg_booster_service_whose_rollout_deadline_the_plan_misses_is_flagged(frist, kapazitaet, verfehlt, hinweis):
    plan = berechnen([leistung(1, ozg_booster=True, rollout_frist=frist), leistung(2, rollout_frist=frist)], kapazitaet)
    booster, ohne_booster = plan.zeilen
    assert (booster.frist_verfehlt, booster.frist_hinweis) == (verfehlt, hinweis)
    assert (ohne_booster.frist_verfehlt, ohne_booster.frist_hinweis) == (False, "")
    assert plan.frist_verfehlt == ([booster] if verfehlt else [])


def test_the_amter_are_listed_by_number_with_services_without_an_amt_last():
    plan = berechnen([leistung(1, amt=None), leistung(2, amt=AMT51), leistung(3)], [kap(Q4_26, 2), kap(Q1_27, 1)])
    assert [(a.bezeichnung, a.offen, a.letztes_quartal) for a in plan.aemter] == [
        ("Amt 33 – Amt 33", 1, Q1_27),
        ("Amt 51 – Amt 51", 1, Q4_26),
        ("ohne Amt", 1, Q4_26),
    ]


def test_quarters_and_iso_weeks_as_people_write_them():
    from planung.quartal import letzter_sonntag
    from toolkit.formatting import format_week

    assert (str(Q4_26), Q4_26.iso, Q4_26.beginn, Q4_26.ende) == (
        "Q4/2026",
        "2026-Q4",
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )
    assert (Q4_26.plus(1), Q1_27.plus(-1), Q4_26.plus(-8)) == (Q1_27, Q4_26, Quartal(2024, 4))
    assert Quartal.von_datum(dt.date(2027, 3, 31)) == Q1_27 and Q4_26.bis(Q2_27) == [Q4_26, Q1_27, Q2_27]
    assert format_week(dt.date(2024, 12, 31)) == "KW 1/2025" and format_week(dt.date(2027, 1, 3)) == "KW 53/2026"
    assert letzter_sonntag(HEUTE) == dt.date(2026, 11, 29) and letzter_sonntag(dt.date(2026, 11, 29)) == dt.date(
        2026, 11, 29
    )
    with pytest.raises(ValueError, match="Nummer 1 bis 4"):
        Quartal(2026, 5)
