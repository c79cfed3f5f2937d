"""The scorecard's arithmetic, exactly as docs/DOMAENE.md states it: pure functions on plain values, no database.

For each area (*Bereich*): *area score* = points reached ÷ points reachable, where reachable is the sum of
each criterion's best option; a value from 0 to 1. *Total* = Σ weight × area score, on a scale of 0 to 100
(weights in percent, adding up to 100). A Leistung with an unanswered criterion has no total: it is
incomplete ("unvollständig (4 von 6 Kriterien)") and ranked after all complete ones. Ties are broken by the
first area's score (Relevanz für Bürger), then by Fallzahl (higher first), then by LeiKa key.

Everything is computed exactly with fractions, so that equal totals really tie (no floating-point noise);
figures are shown with one decimal, rounded half up (:mod:`toolkit.formatting`). An area without criteria has no
score and adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from math import lcm

from toolkit.formatting import format_number

Number = Fraction | Decimal | float | int


@dataclass(frozen=True)
class KriteriumSchema:
    """A criterion as the arithmetic sees it: its id and the points of its best option."""

    id: int
    max_punkte: int


@dataclass(frozen=True)
class BereichSchema:
    """An area as the arithmetic sees it: its weight in percent and its criteria."""

    id: int
    name: str
    gewicht: Fraction
    kriterien: tuple[KriteriumSchema, ...] = ()

    @cached_property
    def erreichbar(self) -> int:
        """Points reachable in the area: the sum of each criterion's best option."""
        return sum(k.max_punkte for k in self.kriterien)


@dataclass(frozen=True)
class Schema:
    """The whole scorecard: its areas in order. The first area breaks ties between equal totals."""

    bereiche: tuple[BereichSchema, ...]

    @property
    def anzahl_kriterien(self) -> int:
        return sum(len(b.kriterien) for b in self.bereiche)

    @property
    def gewichtssumme(self) -> Fraction:
        return sum((b.gewicht for b in self.bereiche), Fraction(0))

    @cached_property
    def _ganzzahlig(self) -> tuple[int, dict[int, int], dict[int, int]]:
        """Integers for exact and fast arithmetic on many Leistungen.

        With ``D`` the least common multiple of every area's reachable points and ``Q`` that of the weights'
        denominators, total × Q·D = Σ (weight·Q) × (D ÷ reachable) × reached: an integer. Returns
        (Q·D, weight factor per area, score factor per area = D ÷ reachable).
        """
        reachable = [b.erreichbar for b in self.bereiche if b.erreichbar > 0]
        d = lcm(*reachable) if reachable else 1
        q = lcm(*(b.gewicht.denominator for b in self.bereiche)) if self.bereiche else 1
        score = {b.id: (d // b.erreichbar if b.erreichbar > 0 else 0) for b in self.bereiche}
        weight = {b.id: int(b.gewicht * q) * score[b.id] for b in self.bereiche}
        return q * d, weight, score


@dataclass(frozen=True)
class Bereichswert:
    """One area's result for one Leistung."""

    bereich_id: int
    gewicht: Fraction
    erreicht: int
    erreichbar: int
    beantwortet: int
    anzahl: int

    @property
    def vollstaendig(self) -> bool:
        return self.beantwortet == self.anzahl

    @property
    def wert(self) -> Fraction | None:
        """Area score 0..1, or ``None`` while a criterion of the area is unanswered (or it has none)."""
        if not self.vollstaendig or self.erreichbar == 0:
            return None
        return Fraction(self.erreicht, self.erreichbar)

    @property
    def beitrag(self) -> Fraction | None:
        """What the area adds to the total: weight × area score."""
        wert = self.wert
        return None if wert is None else self.gewicht * wert


@dataclass(frozen=True)
class Ergebnis:
    """One Leistung's score: its area results and, when every criterion is answered, its total (0..100).

    ``summe`` is the total × ``nenner`` as an exact integer (``None`` while incomplete), so that many results
    compare fast and exactly; ``gleichstand`` is the tie-break area's score on the same footing.
    """

    bereiche: tuple[Bereichswert, ...]
    beantwortet: int
    anzahl_kriterien: int
    summe: int | None
    nenner: int
    gleichstand: int | None = None

    @property
    def vollstaendig(self) -> bool:
        return self.beantwortet == self.anzahl_kriterien

    @property
    def gesamt(self) -> Fraction | None:
        """The total Σ weight × area score, exact; ``None`` when a criterion is unanswered."""
        return None if self.summe is None else Fraction(self.summe, self.nenner)

    def bereich(self, bereich_id: int) -> Bereichswert | None:
        for b in self.bereiche:
            if b.bereich_id == bereich_id:
                return b
        return None

    @property
    def anzeige(self) -> str:
        """The total as a user reads it: "71,7", or why there is none ("unvollständig (4 von 6 Kriterien)")."""
        if self.vollstaendig:
            return format_number(self.gesamt, 1)
        if self.beantwortet == 0:
            return f"nicht bewertet (0 von {self.anzahl_kriterien} Kriterien)"
        return f"unvollständig ({self.beantwortet} von {self.anzahl_kriterien} Kriterien)"


def ergebnis_berechnen(schema: Schema, punkte: Mapping[int, int]) -> Ergebnis:
    """Score one Leistung: ``punkte`` maps each answered criterion's id to its chosen option's points.

    Criteria not in the schema are ignored; criteria of the schema missing from ``punkte`` are unanswered.
    """
    nenner, weight, score = schema._ganzzahlig
    bereiche = []
    summe = 0
    beantwortet_alle = anzahl_alle = 0
    for bereich in schema.bereiche:
        erreicht = beantwortet = 0
        for kriterium in bereich.kriterien:
            chosen = punkte.get(kriterium.id)
            if chosen is not None:
                erreicht += chosen
                beantwortet += 1
        bereiche.append(
            Bereichswert(
                bereich_id=bereich.id,
                gewicht=bereich.gewicht,
                erreicht=erreicht,
                erreichbar=bereich.erreichbar,
                beantwortet=beantwortet,
                anzahl=len(bereich.kriterien),
            )
        )
        summe += weight[bereich.id] * erreicht
        beantwortet_alle += beantwortet
        anzahl_alle += len(bereich.kriterien)
    vollstaendig = beantwortet_alle == anzahl_alle
    gleichstand = None
    if vollstaendig and schema.bereiche and schema.bereiche[0].erreichbar > 0:
        gleichstand = bereiche[0].erreicht * score[schema.bereiche[0].id]
    return Ergebnis(
        bereiche=tuple(bereiche),
        beantwortet=beantwortet_alle,
        anzahl_kriterien=anzahl_alle,
        summe=summe if vollstaendig else None,
        nenner=nenner,
        gleichstand=gleichstand,
    )


def rangschluessel(ergebnis: Ergebnis, *, fallzahl: int | None, schluessel: str) -> tuple:
    """Sort key of the ranking (ascending = higher priority first).

    Complete ratings first, by total (higher first), then the first area's score (higher first), then
    Fallzahl (higher first, none last), then LeiKa key. Incomplete ones after them: the most answered criteria
    first, then Fallzahl, then key.
    """
    fall = -fallzahl if fallzahl is not None else 1
    if ergebnis.vollstaendig:
        gleichstand = ergebnis.gleichstand if ergebnis.gleichstand is not None else -1
        return (0, -ergebnis.summe, -gleichstand, fall, schluessel)
    return (1, -ergebnis.beantwortet, 0, fall, schluessel)


def as_fraction(wert: Number) -> Fraction:
    """A weight or score as an exact fraction (Decimal weights from the database convert exactly)."""
    return wert if isinstance(wert, Fraction) else Fraction(wert)
