"""The forecast from the status history: at the pace of the last weeks, when would every service be online?

Pure functions on plain values (no ORM, no clock); :mod:`planung.selectors` builds the weekly series.

**The method, stated once** (the README, the JSON and the chart caption quote :data:`METHODE`):

- Series: the number of services online at the end (Sunday) of each of the last N + 1 ISO weeks, so N weekly
  changes (the *window*, default 26 weeks).
- Pace (*Tempo*, services per week, net of those that came back): the slope b of the least-squares line through
  the N + 1 points, computed exactly (a fraction).
- Continuation: from the last Sunday on, ŷ(h) = y + b·h after h weeks, never below 0 nor above the base.
- Band (80 %): ŷ(h) ± z·s·√(h·(1 + h/N)) with z = 1.2816 (the 90 % quantile of the normal distribution) and s the
  standard deviation (divisor N − 1) of the N weekly changes. The √h term is the spread of the weekly changes
  adding up week by week; the h/N term is the uncertainty of the pace itself, estimated from only N weeks (the
  interval of the drift method in Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed.,
  section 5.5). It assumes the weekly changes scatter independently and normally around the pace; it says
  nothing about decisions that change the pace.
- 100 %: the first week in which ŷ reaches the base of the last Sunday (services added to or removed from the
  base later are not foreseen); earliest and latest: the first week in which the upper and the lower edge of the
  band reach it. With a pace of 0 or less there is no such week ("nicht in diesem Tempo").
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from toolkit.formatting import format_week

BAND_PROZENT = 80
Z = statistics.NormalDist().inv_cdf(0.5 + BAND_PROZENT / 200)  # 1.2816: 10 % above the band, 10 % below
MAX_JAHRE = 50
MAX_WOCHEN = 52 * MAX_JAHRE
FENSTER_VORGABE = 26

METHODE = (
    "Tempo: Steigung der Ausgleichsgeraden (kleinste Quadrate) durch die Zahl der online verfügbaren Leistungen "
    "an den letzten {punkte} Sonntagen ({wochen} Wochen), netto: online gegangene abzüglich zurückgefallener. "
    "Fortsetzung: vom letzten Sonntag an mit diesem Tempo, höchstens bis zur ganzen Basis. Band ({band} %): "
    "± 1,28 · s · √(h · (1 + h/{wochen})), s = Standardabweichung der {wochen} Wochenänderungen, h = Wochen nach "
    "dem letzten Sonntag; es nimmt an, dass die Wochenänderungen unabhängig und normalverteilt um das Tempo "
    "streuen, und berücksichtigt, dass das Tempo selbst nur aus {wochen} Wochen geschätzt ist. 100 %: die erste "
    "Woche, in der die Fortsetzung die heutige Basis erreicht (frühestens/spätestens: der obere/untere Rand des "
    "Bands)."
)


@dataclass(frozen=True)
class Wochenwert:
    """One week of the series: online and base at its end (``stichtag``, a Sunday), and the week's flows."""

    stichtag: dt.date
    online: int
    basis: int
    online_gegangen: int = 0
    zurueckgefallen: int = 0


@dataclass(frozen=True)
class Prognosepunkt:
    """The continuation ``wochen`` weeks after the last Sunday: expected count online and the band around it."""

    wochen: int
    stichtag: dt.date
    online: float
    unten: float
    oben: float
    basis: int

    @property
    def kalenderwoche(self) -> str:
        return format_week(self.stichtag)

    def anteil(self, wert: float) -> float:
        return wert / self.basis if self.basis else 0.0


@dataclass(frozen=True)
class Prognose:
    """The pace of the window, its continuation with the band, and the week of 100 % (or why there is none)."""

    fenster: int
    wochen: int  # weekly changes actually used (fewer than ``fenster`` when the series is shorter)
    von: dt.date | None
    bis: dt.date | None
    online: int
    basis: int
    tempo: Fraction | None
    streuung: float | None
    online_gegangen: int
    zurueckgefallen: int
    fortsetzung: tuple[Prognosepunkt, ...]
    ziel: dt.date | None
    ziel_frueh: dt.date | None
    ziel_spaet: dt.date | None
    grund: str
    beschreibung: str = ""  # the base in words (set by the selector)

    @property
    def offen(self) -> int:
        return max(0, self.basis - self.online)

    @property
    def ergebnis(self) -> str:
        """The week of 100 % in words: "100 % in KW 44/2037 (frühestens KW 12/2035, spätestens KW 41/2042)", or
        "100 %: nicht in diesem Tempo: …"."""
        if self.ziel is None:
            return f"100 %: {self.grund}"
        spannen = [
            f"{wann} {format_week(d)}"
            for wann, d in (("frühestens", self.ziel_frueh), ("spätestens", self.ziel_spaet))
            if d
        ]
        return (
            f"100 % in {format_week(self.ziel)}"
            + (f" ({', '.join(spannen)})" if spannen else "")
            + (f"; {self.grund}" if self.grund else "")
        )

    @property
    def band_prozent(self) -> int:
        return BAND_PROZENT

    @property
    def methode(self) -> str:
        n = self.wochen or self.fenster
        return METHODE.format(punkte=n + 1, wochen=n, band=BAND_PROZENT)


def steigung(werte: Sequence[int]) -> Fraction:
    """The exact least-squares slope of ``werte`` over t = 0, 1, 2, …: (nΣty − ΣtΣy) / (nΣt² − (Σt)²)."""
    n = len(werte)
    if n < 2:
        raise ValueError("Für eine Steigung braucht es mindestens zwei Werte.")
    st = n * (n - 1) // 2
    stt = (n - 1) * n * (2 * n - 1) // 6
    sy = sum(werte)
    sty = sum(t * y for t, y in enumerate(werte))
    return Fraction(n * sty - st * sy, n * stt - st * st)


def halbe_bandbreite(streuung: float, h: int, wochen: int) -> float:
    """z · s · √(h · (1 + h/N)): how far the band reaches above and below the continuation after ``h`` weeks."""
    return Z * streuung * math.sqrt(h * (1 + h / wochen))


def _erste_woche(erreicht, von: int, bis: int) -> int | None:
    return next((h for h in range(von, bis + 1) if erreicht(h)), None)


def prognose_berechnen(reihe: Sequence[Wochenwert], *, fenster: int = FENSTER_VORGABE, horizont: int = 52) -> Prognose:
    """The forecast from the last ``fenster`` weekly changes of ``reihe`` (weeks in order, one per Sunday).

    ``horizont``: how many weeks of continuation to return. See the module docstring for the method.
    """
    punkte = list(reihe)[-(fenster + 1) :]
    wochen = max(0, len(punkte) - 1)
    leer = Prognose(
        fenster=fenster,
        wochen=wochen,
        von=punkte[0].stichtag if punkte else None,
        bis=punkte[-1].stichtag if punkte else None,
        online=punkte[-1].online if punkte else 0,
        basis=punkte[-1].basis if punkte else 0,
        tempo=None,
        streuung=None,
        online_gegangen=sum(p.online_gegangen for p in punkte[1:]),
        zurueckgefallen=sum(p.zurueckgefallen for p in punkte[1:]),
        fortsetzung=(),
        ziel=None,
        ziel_frueh=None,
        ziel_spaet=None,
        grund="",
    )
    if wochen < 2:
        return replace(leer, grund="Für eine Prognose braucht es mindestens zwei Wochen Statusverlauf im Fenster.")
    werte = [p.online for p in punkte]
    b = steigung(werte)
    s = statistics.stdev(y1 - y0 for y0, y1 in zip(werte, werte[1:], strict=False))
    y, basis, letzter = werte[-1], punkte[-1].basis, punkte[-1].stichtag

    def mitte(h: int) -> float:
        return float(y + b * h)

    fortsetzung = tuple(
        Prognosepunkt(
            wochen=h,
            stichtag=letzter + dt.timedelta(weeks=h),
            online=min(basis, max(0.0, mitte(h))),
            unten=min(basis, max(0.0, mitte(h) - halbe_bandbreite(s, h, wochen))),
            oben=min(basis, max(0.0, mitte(h) + halbe_bandbreite(s, h, wochen))),
            basis=basis,
        )
        for h in range(1, horizont + 1)
    )
    ergebnis = replace(leer, tempo=b, streuung=s, fortsetzung=fortsetzung)
    if basis == 0:
        return replace(ergebnis, grund="Die Basis ist leer: es gibt keine Leistung, die online gehen müsste.")
    if y >= basis:
        return replace(ergebnis, ziel=letzter, ziel_frueh=letzter, ziel_spaet=letzter, grund="bereits erreicht")
    if b <= 0:
        return replace(
            ergebnis,
            grund=f"nicht in diesem Tempo: in den letzten {wochen} Wochen ist die Zahl der online verfügbaren "
            "Leistungen im Trend nicht gestiegen",
        )
    h_ziel = math.ceil((basis - y) / b)  # exact: b is a fraction
    if h_ziel > MAX_WOCHEN:
        return replace(ergebnis, grund=f"nicht in diesem Tempo: erst in mehr als {MAX_JAHRE} Jahren")

    def datum(h: int | None) -> dt.date | None:
        return None if h is None else letzter + dt.timedelta(weeks=h)

    frueh = _erste_woche(lambda h: mitte(h) + halbe_bandbreite(s, h, wochen) >= basis, 1, h_ziel)
    spaet = _erste_woche(lambda h: mitte(h) - halbe_bandbreite(s, h, wochen) >= basis, h_ziel, MAX_WOCHEN)
    return replace(
        ergebnis,
        ziel=datum(h_ziel),
        ziel_frueh=datum(frueh),
        ziel_spaet=datum(spaet),
        grund="" if spaet is not None else f"spätestens: nicht innerhalb von {MAX_JAHRE} Jahren absehbar",
    )
