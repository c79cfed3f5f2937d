"""Numbers, shares, differences, dates and calendar weeks written the German way, rounded as people round.

Every figure the portal shows in text, tables, chart labels and commands goes through here, so that text, table
and chart never disagree:

- :func:`round_half_up`: 12.5 → 13, −12.5 → −13 (not half to even as Python's ``round`` and f-strings do);
- :func:`format_number`: 4813 → "4.813", 71.66 with one place → "71,7", −7 → "−7" (a real minus sign);
- :func:`format_percent`: a share 0..1 → "47 %" (narrow no-break space before %), 0.1225 with one place → "12,3 %";
- :func:`format_difference`: a change → "+2", "−7", "±0";
- :func:`format_date`: a date or datetime → "28.11.2026" (aware datetimes in local time);
- :func:`format_date_time`: a moment → "03.12.2021, 10:15 Uhr" (local time);
- :func:`format_week`: a date → its ISO calendar week, "KW 19/2022";
- :func:`format_yes_no`: True/False → "ja"/"nein";
- :func:`shorten`: a long label cut with "…" (chart axes, short names).

Separators and the date pattern come from Django's German localisation (``django.conf.locale.de`` and
``ozgportal/formats/de``), with the thousands dot always on (Django leaves it off unless
``USE_THOUSAND_SEPARATOR``). Whatever is missing (``None``, "") is written "–".
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import dateformat, numberformat, timezone
from django.utils.formats import get_format

LANGUAGE = "de"  # the portal is German only; the formats hold outside requests too (exports, commands)
NARROW_NBSP = "\u202f"
MINUS = "\u2212"
MISSING = "–"

Number = int | float | Decimal | Fraction


def round_half_up(value: Number | None, places: int = 0) -> Decimal | None:
    """Round the way people do (12.5 → 13, −12.5 → −13); ``None`` stays ``None``.

    A float is first read to 9 more places than wanted, so binary noise such as 14.499999999999998 (= 0.145 × 100)
    counts as the 14.5 it stands for; a Fraction is divided exactly.
    """
    if value is None:
        return None
    if isinstance(value, float):
        value = Decimal(f"{value:.{places + 9}f}")
    elif isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    elif not isinstance(value, Decimal):
        value = Decimal(value)
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value: Number | str | None, places: int = 0) -> str:
    """4813 → "4.813"; 0.25 with places=1 → "0,3"; 12.5 → "13" (half up); −0.4 → "0", never "−0"."""
    if value is None or value == "":
        return MISSING
    rounded = round_half_up(value if not isinstance(value, str) else Decimal(value), places)
    text = numberformat.format(
        abs(rounded),
        get_format("DECIMAL_SEPARATOR", lang=LANGUAGE),
        decimal_pos=places,
        grouping=get_format("NUMBER_GROUPING", lang=LANGUAGE),
        thousand_sep=get_format("THOUSAND_SEPARATOR", lang=LANGUAGE),
        force_grouping=True,
    )
    return (MINUS if rounded < 0 else "") + text


def format_percent(share: Number | None, places: int = 0) -> str:
    """A share 0..1 → "47 %" (narrow no-break space, as German typography has it); 0.125 → "13 %" (half up)."""
    if share is None:
        return MISSING
    return f"{format_number(share * 100, places)}{NARROW_NBSP}%"


def format_difference(value: Number | None) -> str:
    """A change → "+2", "−7" (real minus sign) or "±0"."""
    if value is None:
        return MISSING
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "") + format_number(value)


def format_date(value: dt.date | dt.datetime | None) -> str:
    """A date (or datetime, in local time) → "28.11.2026"."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, get_format("SHORT_DATE_FORMAT", lang=LANGUAGE))


def format_date_time(value: dt.datetime | None) -> str:
    """A moment (in local time) → "03.12.2021, 10:15 Uhr"."""
    if value is None or value == "":
        return MISSING
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date(value)}, {value:%H:%M} Uhr"


def format_week(value: dt.date | None) -> str:
    """A date → its ISO calendar week, "KW 19/2022" (3 January 2021 is in "KW 53/2020")."""
    if value is None:
        return MISSING
    year, week, _ = value.isocalendar()
    return f"KW {week}/{year}"


def format_yes_no(value: bool | None) -> str:
    if value is None:
        return MISSING
    return "ja" if value else "nein"


def shorten(text: str, length: int = 42) -> str:
    """A long label cut to ``length`` characters with "…" (the full text goes into the hover text and table)."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
