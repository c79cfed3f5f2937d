"""The page's Stichtag: "as of which date" a page shows its figures (``?stichtag=``), with German messages.

A page shows today's figures by default. ``?stichtag=2022-05-15`` (the date picker's format) or
``?stichtag=15.05.2022`` shows them as of that date. A value that is not a date, or a date in the future, is never
an error page: the page shows today's figures and says why.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

_DEUTSCH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass(frozen=True)
class Stichtag:
    """The date a page shows, whether it is today, and a German message if the request asked for something else."""

    datum: dt.date
    heute: bool
    fehler: str = ""
    eingabe: str = ""


def lies_datum(text: str) -> dt.date:
    """Read "2022-05-15" or "15.05.2022"; raises ``ValueError`` with a German message otherwise."""
    text = text.strip()
    try:
        if match := _DEUTSCH.match(text):
            tag, monat, jahr = (int(part) for part in match.groups())
            return dt.date(jahr, monat, tag)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"„{text}“ ist kein gültiges Datum; bitte TT.MM.JJJJ angeben (z. B. 15.05.2022).") from None


def stichtag_aus(request, parameter: str = "stichtag") -> Stichtag:
    """The Stichtag a request asks for; today when none, an invalid or a future date is given."""
    heute = timezone.localdate()
    eingabe = (request.GET.get(parameter) or "").strip()
    if not eingabe:
        return Stichtag(datum=heute, heute=True)
    try:
        datum = lies_datum(eingabe)
    except ValueError as fehler:
        return Stichtag(datum=heute, heute=True, fehler=f"{fehler} Gezeigt wird der Stand von heute.", eingabe=eingabe)
    if datum > heute:
        return Stichtag(
            datum=heute,
            heute=True,
            fehler=f"Der {datum:%d.%m.%Y} liegt in der Zukunft. Gezeigt wird der Stand von heute ({heute:%d.%m.%Y}).",
            eingabe=eingabe,
        )
    return Stichtag(datum=datum, heute=datum == heute, eingabe=eingabe)
