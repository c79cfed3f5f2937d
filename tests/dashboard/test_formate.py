"""German number, share, difference, calendar-week and date formats of the dashboard's template tags."""

import datetime as dt

import pytest

from dashboard.stichtag import lies_datum
from dashboard.templatetags.dashboard import datum, differenz, kw, prozent, status_badge, zahl


@pytest.mark.parametrize(
    ("wert", "text"), [(4813, "4.813"), (2_400_000, "2.400.000"), (0, "0"), (-7, "\u22127"), (None, "–")]
)
def test_counts_are_written_with_a_thousands_dot(wert, text):
    assert zahl(wert) == text


def test_shares_and_changes_are_written_as_the_deck_does():
    assert prozent(0.4716) == "47\u202f%"
    assert prozent(0.4716, 1) == "47,2\u202f%"
    assert [differenz(d) for d in (2, 1, -7, -8, 0)] == ["+2", "+1", "\u22127", "\u22128", "±0"]


def test_dates_and_iso_weeks_are_german():
    assert datum(dt.date(2026, 11, 28)) == "28.11.2026"
    assert kw(dt.date(2022, 5, 15)) == "KW 19/2022"
    assert kw(dt.date(2021, 1, 3)) == "KW 53/2020"  # ISO week across the year boundary


def test_a_status_badge_carries_its_colour_as_svg_fill_and_escapes_the_label():
    badge = status_badge("<i>Neu</i>", "#2e7d32")

    assert 'fill="#2e7d32"' in badge and "style=" not in badge
    assert "&lt;i&gt;Neu&lt;/i&gt;" in badge
    assert status_badge(None, None) == '<span class="status status--ohne">ohne Status</span>'


@pytest.mark.parametrize(("text", "tag"), [("2022-05-15", dt.date(2022, 5, 15)), (" 1.2.2023 ", dt.date(2023, 2, 1))])
def test_dates_are_read_in_iso_and_german_notation(text, tag):
    assert lies_datum(text) == tag


def test_a_wrong_date_gets_a_german_message():
    with pytest.raises(ValueError, match="„32.01.2022“ ist kein gültiges Datum; bitte TT.MM.JJJJ angeben"):
        lies_datum("32.01.2022")


@pytest.mark.parametrize(
    ("anteil", "stellen", "text"),
    [
        (0.125, 0, "13\u202f%"),  # 4 of 32: half up, as people round (an f-string would write "12 %")
        (0.875, 0, "88\u202f%"),
        (0.025, 0, "3\u202f%"),
        (0.145, 0, "15\u202f%"),  # 0.145 × 100 is 14.499999999999998 as a float: still 14.5 → 15
        (0.1225, 1, "12,3\u202f%"),
        (1 / 3, 0, "33\u202f%"),
    ],
)
def test_shares_are_rounded_half_up(anteil, stellen, text):
    assert prozent(anteil, stellen) == text


def test_numbers_are_rounded_half_up_and_never_show_a_negative_zero():
    assert [zahl(2.5), zahl(3.5), zahl(-2.5), zahl(0.25, 1), zahl(-0.4)] == ["3", "4", "\u22123", "0,3", "0"]
