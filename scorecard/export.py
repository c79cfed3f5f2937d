"""The ranking as export rows (header + rows), in the page's order; rendered by :mod:`catalog.exporting`."""

from __future__ import annotations

from collections.abc import Iterator

from .scoring import gerundet, prozent
from .selectors import Rangliste

SCHLUESSEL_SPALTE = "LeiKa-Schlüssel"


def ranglisten_kopf(rangliste: Rangliste) -> list[str]:
    return [
        "Rang",
        SCHLUESSEL_SPALTE,
        "Leistungsbezeichnung",
        "Amt",
        "Status",
        "Gesamtwert",
        *(f"{b.name} (%)" for b in rangliste.bereiche),
        "Bewertung",
    ]


def ranglisten_zeilen(rangliste: Rangliste) -> Iterator[list]:
    """One row per shown Leistung: rank, key, name, Amt, status, total 0-100, each area's score in percent.

    Figures are rounded to one decimal as on the page; an incomplete rating has no rank and no total, and its
    last column says how many criteria are rated.
    """
    for zeile in rangliste.zeilen:
        ergebnis = zeile.ergebnis
        bereiche = []
        for bereich in rangliste.bereiche:
            wert = zeile.bereichswert(bereich.id)
            bereiche.append(gerundet(prozent(wert.wert)) if wert is not None else None)
        yield [
            zeile.rang,
            zeile.schluessel_formatiert,
            zeile.bezeichnung,
            zeile.amt_nummer,
            zeile.status,
            gerundet(ergebnis.gesamt),
            *bereiche,
            "vollständig" if ergebnis.vollstaendig else ergebnis.anzeige,
        ]
