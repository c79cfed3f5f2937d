"""The ranking's chart as plain data: the top services' totals, stacked by what each area contributes.

The figure is built here in Python and rendered for now as an accessible HTML bar list; the pages issue turns
the same data into a plotly figure (``reihen`` are its traces: one horizontal bar trace per area).
"""

from __future__ import annotations

from .scoring import gerundet, zahl_text
from .selectors import Rangliste

TOP = 20


def top_diagramm(rangliste: Rangliste, anzahl: int = TOP) -> dict:
    """The ``anzahl`` highest complete totals of the rows shown, with each area's share (weight × score).

    Returns ``{"titel", "beschreibung", "kategorien", "gesamt", "reihen": [{"name", "werte"}], "zeilen"}``;
    values are rounded to one decimal; ``zeilen`` carries the same data per service for the HTML list.
    """
    top = [z for z in rangliste.zeilen if z.ergebnis.vollstaendig][:anzahl]
    kategorien = [f"{z.rang}. {z.bezeichnung}" for z in top]
    reihen = []
    for bereich in rangliste.bereiche:
        werte = []
        for zeile in top:
            wert = zeile.bereichswert(bereich.id)
            werte.append(float(gerundet(wert.beitrag)) if wert is not None and wert.beitrag is not None else 0.0)
        reihen.append({"id": bereich.id, "name": bereich.titel, "werte": werte})
    zeilen = []
    for index, zeile in enumerate(top):
        anteile = []
        start = 0.0
        for reihe in reihen:
            wert = reihe["werte"][index]
            anteile.append(
                {
                    "name": reihe["name"],
                    "wert": wert,
                    "text": zahl_text(wert),
                    # SVG coordinates on the scale 0..100, never localised ("41.7", not "41,7")
                    "x": f"{gerundet(start, 1):f}",
                    "breite": f"{gerundet(wert, 1):f}",
                    "klasse": f"sc-anteil--{len(anteile) % 4}",
                }
            )
            start += wert
        zeilen.append(
            {
                "rang": zeile.rang,
                "schluessel": zeile.schluessel_formatiert,
                "bezeichnung": zeile.bezeichnung,
                "gesamt": float(gerundet(zeile.gesamt)),
                "gesamt_text": zahl_text(zeile.gesamt),
                "anteile": anteile,
            }
        )
    return {
        "titel": f"Die {len(top)} vorrangigen offenen Leistungen"
        if top
        else "Noch keine vollständig bewertete Leistung",
        "beschreibung": (
            "Gesamtwert von 0 bis 100 je Leistung, aufgeteilt nach dem Beitrag der Bereiche "
            "(Gewicht × Bereichswert); Grundlage: " + rangliste.basis_text + " und vollständig bewertet."
        ),
        "kategorien": kategorien,
        "gesamt": [z["gesamt"] for z in zeilen],
        "reihen": reihen,
        "zeilen": zeilen,
    }
