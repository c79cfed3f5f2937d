"""Property-based tests (hypothesis): the importer's cell readers take arbitrary input and either read it or
refuse it with a German CellError; the scorecard arithmetic stays within 0..100 and follows docs/DOMAENE.md."""

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from catalog.importing.cells import CellError, read_bool, read_date, read_int, read_key, read_text
from scorecard.scoring import BereichSchema, KriteriumSchema, Schema, ergebnis_berechnen

cells = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@given(cells)
def test_every_cell_reader_reads_or_refuses_in_german(value):
    for reader in (read_text, read_key, read_bool, read_int, read_date):
        try:
            result = reader(value)
        except CellError as exc:
            assert str(exc) and exc.expected
        else:
            if reader is read_key:
                digits, provisional = result
                assert len(digits) == 14 and digits.isdigit() and isinstance(provisional, bool)
            elif reader is read_int:
                assert result is None or (isinstance(result, int) and result >= 0)
            elif reader is read_date:
                assert result is None or isinstance(result, dt.date)
            elif reader is read_bool:
                assert isinstance(result, bool)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_german_dates_read_back(day):
    assert read_date(day.strftime("%d.%m.%Y")) == day


@st.composite
def scorecards(draw):
    """Random areas (weights adding up to 100) with criteria, and random answers (maybe incomplete)."""
    anzahl = draw(st.integers(1, 4))
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=anzahl - 1, max_size=anzahl - 1)))
    gewichte = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    bereiche, punkte, kid = [], {}, 0
    for index, gewicht in enumerate(gewichte):
        kriterien = []
        for _ in range(draw(st.integers(1, 4))):
            kid += 1
            best = draw(st.integers(1, 10))
            kriterien.append(KriteriumSchema(id=kid, max_punkte=best))
            answer = draw(st.one_of(st.none(), st.integers(0, best)))
            if answer is not None:
                punkte[kid] = answer
        bereiche.append(
            BereichSchema(id=index + 1, name=f"B{index}", gewicht=Fraction(gewicht), kriterien=tuple(kriterien))
        )
    return Schema(bereiche=tuple(bereiche)), punkte


@given(scorecards())
def test_the_total_is_the_weighted_sum_of_area_scores_within_0_and_100(card):
    schema, punkte = card
    ergebnis = ergebnis_berechnen(schema, punkte)
    answered_all = all(k.id in punkte for b in schema.bereiche for k in b.kriterien)
    assert ergebnis.vollstaendig == answered_all
    if not answered_all:
        assert ergebnis.gesamt is None
        assert "Kriterien" in ergebnis.anzeige
        return
    expected = sum(
        (b.gewicht * Fraction(sum(punkte[k.id] for k in b.kriterien), b.erreichbar) for b in schema.bereiche),
        Fraction(0),
    )
    assert ergebnis.gesamt == expected
    assert 0 <= ergebnis.gesamt <= 100


@given(scorecards())
def test_best_answers_everywhere_score_100_and_worst_0(card):
    schema, _ = card
    best = {k.id: k.max_punkte for b in schema.bereiche for k in b.kriterien}
    worst = dict.fromkeys(best, 0)
    assert ergebnis_berechnen(schema, best).gesamt == 100
    assert ergebnis_berechnen(schema, worst).gesamt == 0
