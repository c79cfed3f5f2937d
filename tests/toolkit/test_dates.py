"""toolkit.dates: the Stichtag parameter of figures and downloads, with the one German message for each mistake."""

import datetime as dt

import pytest

from toolkit.dates import DateError, parse_stichtag_parameter

HEUTE = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "datum"),
    [
        (None, HEUTE),
        ("", HEUTE),
        ("  ", HEUTE),
        ("2022-05-15", dt.date(2022, 5, 15)),
        ("15.05.2022", dt.date(2022, 5, 15)),
        ("30.11.2026", HEUTE),
    ],
)
def test_empty_is_today_and_both_notations_are_read(text, datum):
    assert parse_stichtag_parameter(text, today=HEUTE) == datum


@pytest.mark.parametrize(
    ("text", "meldung"),
    [
        (
            "gestern",
            "Der Parameter „stichtag“ ist kein gültiges Datum: „gestern“. Bitte JJJJ-MM-TT (z. B. 2022-05-15) oder "
            "TT.MM.JJJJ angeben, ab 1900.",
        ),
        ("1899-12-31", "Der Parameter „stichtag“ ist kein gültiges Datum: „1899-12-31“."),
        ("01.12.2026", "Der Stichtag 01.12.2026 liegt in der Zukunft; möglich sind Tage bis heute (30.11.2026)."),
    ],
)
def test_not_a_date_before_1900_or_after_today_is_refused_in_german(text, meldung):
    with pytest.raises(DateError) as fehler:
        parse_stichtag_parameter(text, today=HEUTE)
    assert str(fehler.value).startswith(meldung)
