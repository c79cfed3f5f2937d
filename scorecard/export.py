"""The ranking as an export (header + rows), in the page's order; rendered by :mod:`toolkit.export`."""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.export import ExportTable
from toolkit.formatting import round_half_up

from .selectors import Rangliste

SCHLUESSEL = "LeiKa-Schlüssel"


def rangliste_export(rangliste: Rangliste) -> ExportTable:
    """One row per shown Leistung: rank, key, name, Amt, status, total 0-100, each area's score in percent.

    Figures are rounded to one decimal as on the page; an incomplete rating has no rank and no total, and its
    last column says how many criteria are rated.
    """
    header = [
        "Rang",
        SCHLUESSEL,
        "Leistungsbezeichnung",
        "Amt",
        "Status",
        "Gesamtwert",
        *(f"{b.name} (%)" for b in rangliste.bereiche),
        "Bewertung",
    ]

    def rows() -> Iterator[list]:
        for zeile in rangliste.zeilen:
            ergebnis = zeile.ergebnis
            bereiche = []
            for bereich in rangliste.bereiche:
                wert = zeile.bereichswert(bereich.id)
                bereiche.append(
                    round_half_up(wert.wert * 100, 1) if wert is not None and wert.wert is not None else None
                )
            yield [
                zeile.rang,
                zeile.schluessel_formatiert,
                zeile.bezeichnung,
                zeile.amt_nummer,
                zeile.status,
                round_half_up(ergebnis.gesamt, 1),
                *bereiche,
                "vollständig" if ergebnis.vollstaendig else ergebnis.anzeige,
            ]

    return ExportTable(header=header, rows=rows(), text_columns=[SCHLUESSEL])
