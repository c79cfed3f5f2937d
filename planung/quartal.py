"""Calendar quarters and ISO weeks as plain values: the units of the plan and of the forecast. No ORM.

An ISO week in words ("KW 48/2026") is :func:`toolkit.formatting.format_week`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Quartal:
    """A calendar quarter, e.g. ``Quartal(2026, 4)`` = "Q4/2026" (01.10.2026 to 31.12.2026). Ordered by time."""

    jahr: int
    nummer: int

    def __post_init__(self):
        if self.nummer not in (1, 2, 3, 4):
            raise ValueError(f"Ein Quartal hat die Nummer 1 bis 4, nicht {self.nummer}.")

    @classmethod
    def von_datum(cls, datum: dt.date) -> Quartal:
        """The quarter ``datum`` lies in."""
        return cls(datum.year, (datum.month - 1) // 3 + 1)

    @property
    def beginn(self) -> dt.date:
        return dt.date(self.jahr, 3 * self.nummer - 2, 1)

    @property
    def ende(self) -> dt.date:
        """The quarter's last day."""
        return self.plus(1).beginn - dt.timedelta(days=1)

    def plus(self, quartale: int) -> Quartal:
        """The quarter ``quartale`` quarters later (earlier if negative)."""
        index = self.jahr * 4 + self.nummer - 1 + quartale
        return Quartal(index // 4, index % 4 + 1)

    def bis(self, letztes: Quartal) -> list[Quartal]:
        """This quarter and every one after it up to ``letztes`` (empty if ``letztes`` is earlier)."""
        quartale, q = [], self
        while q <= letztes:
            quartale.append(q)
            q = q.plus(1)
        return quartale

    def __str__(self) -> str:
        return f"Q{self.nummer}/{self.jahr}"

    @property
    def iso(self) -> str:
        """Machine-readable: "2026-Q4"."""
        return f"{self.jahr}-Q{self.nummer}"


def letzter_sonntag(datum: dt.date) -> dt.date:
    """The Sunday that ends the last complete ISO week on or before ``datum`` (``datum`` itself if a Sunday)."""
    return datum - dt.timedelta(days=datum.isoweekday() % 7)
