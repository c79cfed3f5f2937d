"""Rating a Leistung: atomic, with history, and untouched ratings stay untouched."""

import pytest
from django.core.exceptions import ValidationError

from scorecard.models import Bewertung
from scorecard.services import Antwort, leistung_bewerten

from .conftest import BEISPIEL, ERLEICHTERUNG, MEDIENBRUCH, WICHTIGKEIT


def test_rating_records_option_who_and_why_with_a_history_row(scorecard, leistung, redaktion):
    result = scorecard.bewerte(leistung, {ERLEICHTERUNG: "hoch"}, user=redaktion, begruendung="viele Anträge")

    rating = Bewertung.objects.get(leistung=leistung)
    assert (rating.option.bezeichnung, rating.bewertet_von, rating.begruendung) == ("hoch", redaktion, "viele Anträge")
    assert result.angelegt == 1
    history = Bewertung.history.get(leistung_id=leistung.pk)
    assert (history.history_type, history.history_user) == ("+", redaktion)


def test_changing_and_removing_ratings_is_kept_in_the_history(scorecard, leistung, redaktion):
    scorecard.bewerte(leistung, {ERLEICHTERUNG: "hoch", WICHTIGKEIT: "mittel"}, user=redaktion)

    result = scorecard.bewerte(leistung, {ERLEICHTERUNG: "niedrig", WICHTIGKEIT: None}, user=redaktion)

    assert (result.geaendert, result.entfernt) == (1, 1)
    assert list(Bewertung.objects.filter(leistung=leistung).values_list("option__bezeichnung", flat=True)) == [
        "niedrig"
    ]
    assert sorted(Bewertung.history.filter(leistung_id=leistung.pk).values_list("history_type", flat=True)) == [
        "+",
        "+",
        "-",
        "~",
    ]


def test_an_unchanged_answer_writes_nothing(scorecard, leistung, redaktion):
    scorecard.bewerte(leistung, BEISPIEL, user=redaktion)
    before = Bewertung.history.count()

    result = scorecard.bewerte(leistung, BEISPIEL, user=redaktion)

    assert result.gesamt == 0
    assert result.unveraendert == len(BEISPIEL)
    assert Bewertung.history.count() == before


def test_criteria_left_out_keep_their_rating(scorecard, leistung):
    scorecard.bewerte(leistung, {ERLEICHTERUNG: "hoch", WICHTIGKEIT: "hoch"})

    scorecard.bewerte(leistung, {WICHTIGKEIT: "niedrig"})

    assert dict(Bewertung.objects.filter(leistung=leistung).values_list("kriterium__name", "option__bezeichnung")) == {
        ERLEICHTERUNG: "hoch",
        WICHTIGKEIT: "niedrig",
    }


def test_an_option_of_another_criterion_is_refused_and_nothing_is_written(scorecard, leistung):
    antworten = scorecard.antworten({ERLEICHTERUNG: "hoch"})
    antworten[scorecard.kriterien[WICHTIGKEIT]] = Antwort(option=scorecard.option(MEDIENBRUCH, "nein"))

    with pytest.raises(ValidationError, match="gehört nicht zum Kriterium „Gesellschaftspolitische Wichtigkeit“"):
        leistung_bewerten(leistung=leistung, antworten=antworten)

    assert not Bewertung.objects.exists()


def test_a_too_long_justification_is_refused(scorecard, leistung):
    with pytest.raises(ValidationError, match="länger als 500 Zeichen"):
        scorecard.bewerte(leistung, {ERLEICHTERUNG: "hoch"}, begruendung="x" * 501)
    assert not Bewertung.objects.exists()
