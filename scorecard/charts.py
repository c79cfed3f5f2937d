"""The ranking's chart: the top services' totals, stacked by what each area contributes (weight × score)."""

from __future__ import annotations

from toolkit.charts import DRUCK_BREIT, Chart, ChartTable, Series, shorten, stacked_bar_chart
from toolkit.formatting import format_number, round_half_up

from .selectors import Rangliste

TOP = 20
# One colour per area, in the areas' order (dark enough against white, WCAG 1.4.11).
BEREICH_FARBEN = ["#003064", "#2e7d32", "#b26a00", "#7b1fa2"]


def top_chart(rangliste: Rangliste, anzahl: int = TOP) -> Chart | None:
    """The ``anzahl`` highest complete totals of the rows shown, each bar split into the areas' contributions;
    ``None`` while no shown Leistung is completely rated."""
    top = [z for z in rangliste.zeilen if z.ergebnis.vollstaendig][:anzahl]
    if not top:
        return None
    series = []
    for index, bereich in enumerate(rangliste.bereiche):
        werte = []
        for zeile in top:
            wert = zeile.bereichswert(bereich.id)
            beitrag = wert.beitrag if wert is not None else None
            werte.append(float(round_half_up(beitrag, 1)) if beitrag is not None else 0.0)
        series.append(Series(bereich.titel, werte, BEREICH_FARBEN[index % len(BEREICH_FARBEN)]))
    labels = [shorten(f"{z.rang}. {z.bezeichnung}") for z in top]
    return stacked_bar_chart(
        slug="prioritaeten",
        title=f"Die {len(top)} vorrangigen offenen Leistungen",
        subtitle="Gesamtwert von 0 bis 100 je Leistung, aufgeteilt nach dem Beitrag der Bereiche "
        "(Gewicht × Bereichswert); Grundlage: " + rangliste.basis_text + " und vollständig bewertet.",
        alt_text="Gestapeltes Balkendiagramm, höchster Gesamtwert zuerst: "
        + "; ".join(f"{z.rang}. {z.bezeichnung} {format_number(z.gesamt, 1)}" for z in top)
        + ".",
        labels=labels,
        series=series,
        value_title="Gesamtwert (0–100)",
        value_format=".1f",
        value_axis={"range": [0, 100]},
        totals=[format_number(z.gesamt, 1) for z in top],
        table=ChartTable(
            header=["", *(s.name for s in series), "Gesamtwert"],
            rows=[
                [
                    f"{zeile.rang}. {zeile.bezeichnung} ({zeile.schluessel_formatiert})",
                    *(format_number(s.values[i], 1) for s in series),
                    format_number(zeile.gesamt, 1),
                ]
                for i, zeile in enumerate(top)
            ],
        ),
        height=max(260, 30 * len(top) + 120),
        classes=[DRUCK_BREIT],
    )
