"""Reading a date a person typed: "15.05.2022" (also "1.6.2022" and "15.05.22") or "2022-05-15".

:func:`parse_stichtag_parameter` reads the ``?stichtag=`` of the machine-readable figures and downloads (the day
they are as of, up to today) with the one German message for each mistake.

The one date parser of the portal (the Stichtag of the pages and of ``/daten/``, the commands' ``--stichtag``, the
date cells of an import). Only the ten ASCII digits count (``\\d`` would take "١٥" too), and only these two
notations: not the week dates and compact forms that ``date.fromisoformat`` accepts ("2022W191", "20220515").
Dates before 1900 are refused: nothing in the portal is that old, and page arithmetic on the year 1 overflows.
"""

from __future__ import annotations

import datetime as dt
import re

from toolkit.formatting import format_date

EARLIEST = dt.date(1900, 1, 1)
_GERMAN = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}|[0-9]{2})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


class DateError(ValueError):
    """Not a date; the message is German. ``well_formed``: the notation was right, the date does not exist
    (31.02.2022) or lies before 1900."""

    def __init__(self, message: str, *, well_formed: bool):
        super().__init__(message)
        self.well_formed = well_formed


def parse_date(text: str) -> dt.date:
    """The date in ``text`` (TT.MM.JJJJ, TT.MM.JJ = 20JJ, or JJJJ-MM-TT); raises :class:`DateError`."""
    text = str(text).strip()
    if match := _GERMAN.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        parts = (year + 2000 if year < 100 else year, month, day)
    elif match := _ISO.fullmatch(text):
        parts = tuple(int(part) for part in match.groups())
    else:
        raise DateError(
            f"„{text}“ ist kein gültiges Datum; bitte TT.MM.JJJJ angeben (z. B. 15.05.2022).", well_formed=False
        )
    try:
        date = dt.date(*parts)
    except ValueError:
        raise DateError(
            f"„{text}“ ist kein gültiges Datum; bitte TT.MM.JJJJ angeben (z. B. 15.05.2022).", well_formed=True
        ) from None
    if date < EARLIEST:
        raise DateError(
            f"„{text}“ liegt vor dem {EARLIEST:%d.%m.%Y}; so alte Daten gibt es im Portal nicht.", well_formed=True
        )
    return date


def parse_stichtag_parameter(text: str | None, *, today: dt.date) -> dt.date:
    """The ``stichtag`` query parameter of figures and downloads: empty → ``today``; not a date, before 1900 or
    after ``today`` → :class:`DateError` with a German message that names the parameter."""
    text = (text or "").strip()
    if not text:
        return today
    try:
        date = parse_date(text)
    except DateError as error:
        raise DateError(
            f"Der Parameter „stichtag“ ist kein gültiges Datum: „{text}“. Bitte JJJJ-MM-TT (z. B. 2022-05-15) "
            "oder TT.MM.JJJJ angeben, ab 1900.",
            well_formed=error.well_formed,
        ) from None
    if date > today:
        raise DateError(
            f"Der Stichtag {format_date(date)} liegt in der Zukunft; möglich sind Tage bis heute "
            f"({format_date(today)}).",
            well_formed=True,
        )
    return date
