"""The arithmetic of docs/DOMAENE.md, on plain values (no database)."""

from fractions import Fraction

from scorecard.scoring import BereichSchema, KriteriumSchema, Schema, ergebnis_berechnen, rangschluessel
from toolkit.formatting import format_number, round_half_up

# The deck's set as docs/DOMAENE.md's example uses it: Relevanz 3 × 6 points, Fachbereich 8 + 6, Komplexität 6 in all.
SCHEMA = Schema(
    bereiche=(
        BereichSchema(
            1,
            "Relevanz für Bürger",
            Fraction(50),
            (KriteriumSchema(1, 6), KriteriumSchema(2, 6), KriteriumSchema(3, 6)),
        ),
        BereichSchema(
            2, "Wichtigkeit für den Fachbereich", Fraction(20), (KriteriumSchema(4, 8), KriteriumSchema(5, 6))
        ),
        BereichSchema(3, "Umsetzungskomplexität", Fraction(30), (KriteriumSchema(6, 3), KriteriumSchema(7, 3))),
    )
)
BEISPIEL = {1: 6, 2: 6, 3: 3, 4: 8, 5: 6, 6: 2, 7: 0}


def test_the_worked_example_scores_71_7():
    ergebnis = ergebnis_berechnen(SCHEMA, BEISPIEL)

    assert ergebnis.bereich(1).wert == Fraction(15, 18)
    assert ergebnis.bereich(2).wert == 1
    assert ergebnis.bereich(3).wert == Fraction(2, 6)
    assert ergebnis.gesamt == Fraction(50) * Fraction(15, 18) + 20 + Fraction(30) * Fraction(1, 3)
    assert ergebnis.anzeige == "71,7"
    assert format_number(ergebnis.bereich(1).beitrag, 1) == "41,7"


def test_best_on_everything_scores_100_and_worst_0():
    best = ergebnis_berechnen(SCHEMA, {1: 6, 2: 6, 3: 6, 4: 8, 5: 6, 6: 3, 7: 3})
    worst = ergebnis_berechnen(SCHEMA, dict.fromkeys(range(1, 8), 0))

    assert best.gesamt == 100
    assert worst.gesamt == 0
    assert worst.anzeige == "0,0"


def test_weights_with_decimals_stay_exact():
    drittel = Schema(
        bereiche=tuple(
            BereichSchema(i, f"B{i}", Fraction(gewicht), (KriteriumSchema(i, 3),))
            for i, gewicht in ((1, "33.3"), (2, "33.3"), (3, "33.4"))
        )
    )

    assert ergebnis_berechnen(drittel, {1: 3, 2: 3, 3: 3}).gesamt == 100
    assert ergebnis_berechnen(drittel, {1: 1, 2: 0, 3: 0}).gesamt == Fraction(111, 10)


def test_an_area_weighs_the_same_whatever_its_number_of_criteria():
    # Komplexität has 2 criteria, Relevanz 3: each area at its best gives exactly its weight.
    only_complexity = ergebnis_berechnen(SCHEMA, {1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 3, 7: 3})
    only_relevance = ergebnis_berechnen(SCHEMA, {1: 6, 2: 6, 3: 6, 4: 0, 5: 0, 6: 0, 7: 0})

    assert only_complexity.gesamt == 30
    assert only_relevance.gesamt == 50


def test_an_unanswered_criterion_leaves_no_total_and_says_how_many_are_rated():
    ergebnis = ergebnis_berechnen(SCHEMA, {1: 6, 2: 6, 3: 3, 6: 2})

    assert ergebnis.gesamt is None
    assert not ergebnis.vollstaendig
    assert ergebnis.anzeige == "unvollständig (4 von 7 Kriterien)"
    assert ergebnis.bereich(1).wert == Fraction(15, 18)  # a fully answered area still has its score
    assert ergebnis.bereich(3).wert is None
    assert ergebnis_berechnen(SCHEMA, {}).anzeige == "nicht bewertet (0 von 7 Kriterien)"


def test_criteria_outside_the_scorecard_are_ignored():
    assert ergebnis_berechnen(SCHEMA, {**BEISPIEL, 99: 1000}).gesamt == ergebnis_berechnen(SCHEMA, BEISPIEL).gesamt


def test_figures_are_rounded_half_up_with_a_german_comma():
    assert format_number(Fraction(1425, 20), 1) == "71,3"  # 71.25 exactly
    assert format_number(Fraction(143, 2), 1) == "71,5"
    assert format_number(Fraction(2, 3) * 100, 1) == "66,7"
    assert round_half_up(Fraction(1, 8), 2) == round_half_up(0.125, 2)
    assert format_number(None, 1) == "–"


def _key(punkte, fallzahl=None, schluessel="99000000000001"):
    return rangschluessel(ergebnis_berechnen(SCHEMA, punkte), fallzahl=fallzahl, schluessel=schluessel)


def test_ranking_order_total_then_relevance_then_fallzahl_then_key():
    # 50 from Relevanz alone versus 25 + 20 + 5: the same total, the higher Relevanz first.
    relevanz = {1: 6, 2: 6, 3: 6, 4: 0, 5: 0, 6: 0, 7: 0}
    gemischt = {1: 6, 2: 3, 3: 0, 4: 8, 5: 6, 6: 1, 7: 0}
    assert ergebnis_berechnen(SCHEMA, relevanz).gesamt == ergebnis_berechnen(SCHEMA, gemischt).gesamt == 50
    assert _key(relevanz, fallzahl=1, schluessel="99000000000009") < _key(
        gemischt, fallzahl=9_999, schluessel="99000000000001"
    )

    # Same total and Relevanz: the higher Fallzahl first; none counts lowest.
    assert _key(BEISPIEL, fallzahl=5000, schluessel="99000000000009") < _key(BEISPIEL, fallzahl=100)
    assert _key(BEISPIEL, fallzahl=0) < _key(BEISPIEL, fallzahl=None)

    # Everything equal: the LeiKa key decides.
    assert _key(BEISPIEL, schluessel="99000000000001") < _key(BEISPIEL, schluessel="99000000000002")


def test_incomplete_ratings_rank_after_every_complete_one():
    worst_complete = _key(dict.fromkeys(range(1, 8), 0))
    nearly_complete = _key({k: v for k, v in BEISPIEL.items() if k != 7}, fallzahl=10**9)

    assert worst_complete < nearly_complete
    assert nearly_complete < _key({1: 6}, fallzahl=10**9)  # more criteria answered first
