"""The page's Stichtag: "as of which date" a page shows its figures (``?stichtag=``), with German messages.

A page shows today's figures by default. ``?stichtag=2022-05-15`` (the date picker's format) or
``?stichtag=15.05.2022`` shows them as of that date (read by :func:`toolkit.dates.parse_date`). A value that is
not a date, a date before 1900 or a date in the future is never an error page: the page shows today's figures
and says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from toolkit.dates import DateError, parse_date
from toolkit.formatting import format_date


@dataclass(frozen=True)
class Stichtag:
    """The date a page shows, whether it is today, and a German message if the request asked for something else
    (``text``: what it asked for)."""

    date: dt.date
    today: bool
    error: str = ""
    text: str = ""

    def context(self) -> dict:
        """What the base layout shows about the page's date, and the date picker's state."""
        return {
            "stand": self.date,
            "stand_hinweis": "heute" if self.today else "",
            "stichtag": self,
            "praesentierbar": True,
        }


def stichtag_from_request(request, parameter: str = "stichtag") -> Stichtag:
    """The Stichtag a request asks for; today when none, an invalid or a future date is given."""
    heute = timezone.localdate()
    text = (request.GET.get(parameter) or "").strip()
    if not text:
        return Stichtag(date=heute, today=True)
    try:
        date = parse_date(text)
    except DateError as error:
        return Stichtag(date=heute, today=True, error=f"{error} Gezeigt wird der Stand von heute.", text=text)
    if date > heute:
        return Stichtag(
            date=heute,
            today=True,
            error=f"Der {format_date(date)} liegt in der Zukunft. "
            f"Gezeigt wird der Stand von heute ({format_date(heute)}).",
            text=text,
        )
    return Stichtag(date=date, today=date == heute, text=text)
