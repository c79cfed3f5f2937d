"""German numbers, shares, differences, calendar weeks and dates, rounded half up; and reading a typed date."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template

from toolkit.dates import DateError, parse_date
from toolkit.formatting import (
    format_date,
    format_date_time,
    format_difference,
    format_number,
    format_percent,
    format_week,
    format_yes_no,
    round_half_up,
)
from toolkit.tables import badge


@pytest.mark.parametrize(
    ("wert", "text"), [(4813, "4.813"), (2_400_000, "2.400.000"), (0, "0"), (-7, "\u22127"), (None, "–")]
)
def test_counts_are_written_with_a_thousands_dot(wert, text):
    assert format_number(wert) == text


def test_shares_and_changes_are_written_as_the_deck_does():
    assert format_percent(0.4716) == "47\u202f%"
    assert format_percent(0.4716, 1) == "47,2\u202f%"
    assert [format_difference(d) for d in (2, 1, -7, -8, 0)] == ["+2", "+1", "\u22127", "\u22128", "±0"]


def test_dates_and_iso_weeks_are_german():
    assert format_date(dt.date(2026, 11, 28)) == "28.11.2026"
    assert format_week(dt.date(2022, 5, 15)) == "KW 19/2022"
    assert format_week(dt.date(2021, 1, 3)) == "KW 53/2020"  # ISO week across the year boundary
    assert format_date(dt.datetime(2022, 5, 31, 22, 30, tzinfo=dt.UTC)) == "01.06.2022"  # local time
    assert format_date_time(dt.datetime(2021, 12, 3, 9, 15, tzinfo=dt.UTC)) == "03.12.2021, 10:15 Uhr"
    assert format_date_time(None) == "–"
    assert (format_yes_no(True), format_yes_no(False), format_yes_no(None)) == ("ja", "nein", "–")


def test_a_badge_carries_its_colour_as_svg_fill_and_escapes_the_label():
    farbmarke = badge("<i>Neu</i>", "#2e7d32")

    assert 'fill="#2e7d32"' in farbmarke and "style=" not in farbmarke
    assert "&lt;i&gt;Neu&lt;/i&gt;" in farbmarke
    assert badge(None, None, empty="ohne Status") == '<span class="status status--ohne">ohne Status</span>'


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("2022-05-15", dt.date(2022, 5, 15)),
        (" 1.2.2023 ", dt.date(2023, 2, 1)),
        ("15.05.22", dt.date(2022, 5, 15)),
        ("2022-5-1", dt.date(2022, 5, 1)),
    ],
)
def test_dates_are_read_in_iso_and_german_notation(text, tag):
    assert parse_date(text) == tag


def test_a_wrong_date_gets_a_german_message():
    with pytest.raises(ValueError, match="„32.01.2022“ ist kein gültiges Datum; bitte TT.MM.JJJJ angeben"):
        parse_date("32.01.2022")


@pytest.mark.parametrize(
    ("text", "well_formed"),
    [
        ("gestern", False),
        ("2022W191", False),  # a week date, which date.fromisoformat would take
        ("20220515", False),
        ("١٥.٠٥.٢٠٢٢", False),  # Arabic-Indic digits: only 0-9 make a date
        ("31.02.2022", True),
        ("0001-01-01", True),  # exists, but nothing in the portal is that old
    ],
)
def test_only_the_two_notations_of_real_dates_from_1900_are_read(text, well_formed):
    with pytest.raises(DateError) as fehler:
        parse_date(text)
    assert fehler.value.well_formed is well_formed and str(fehler.value).startswith(f"„{text}“")


@pytest.mark.parametrize(
    ("anteil", "stellen", "text"),
    [
        (0.125, 0, "13\u202f%"),  # 4 of 32: half up, as people round (an f-string would write "12 %")
        (0.875, 0, "88\u202f%"),
        (0.025, 0, "3\u202f%"),
        (0.145, 0, "15\u202f%"),  # 0.145 × 100 is 14.499999999999998 as a float: still 14.5 → 15
        (0.1225, 1, "12,3\u202f%"),
        (1 / 3, 0, "33\u202f%"),
        (Fraction(5, 6), 1, "83,3\u202f%"),  # a scorecard area score, exact
    ],
)
def test_shares_are_rounded_half_up(anteil, stellen, text):
    assert format_percent(anteil, stellen) == text


def test_numbers_are_rounded_half_up_and_never_show_a_negative_zero():
    assert [format_number(2.5), format_number(3.5), format_number(-2.5), format_number(0.25, 1)] == [
        "3",
        "4",
        "\u22123",
        "0,3",
    ]
    assert format_number(-0.4) == "0"


def test_one_rounding_for_floats_decimals_and_fractions():
    assert (round_half_up(12.5), round_half_up(0.145 * 100), round_half_up(-12.5)) == (13, 15, -13)
    assert round_half_up(Fraction(1, 8), 2) == round_half_up(0.125, 2) == Decimal("0.13")
    assert round_half_up(Fraction(1425, 20), 1) == Decimal("71.3")  # 71.25 exactly
    assert round_half_up(None) is None


def test_the_template_filters_are_the_same_functions():
    html = Template(
        "{% load toolkit %}{{ n|number }} {{ a|percent }} {{ a|percent:1 }} {{ d|difference }} {{ t|short_date }} "
        "{{ t|iso_week }} {{ b|yes_no }}"
    ).render(Context({"n": 4813, "a": 0.1225, "d": -7, "t": dt.date(2022, 5, 15), "b": True}))
    assert html == "4.813 12\u202f% 12,3\u202f% \u22127 15.05.2022 KW 19/2022 ja"
