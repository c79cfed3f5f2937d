"""The plan's chart: a timeline of quarters × services, by Amt (:func:`toolkit.charts.heatmap_chart`).

Per Amt (rows, by number) and quarter (columns, from the laufende Quartal to the last one of the plan, then
"ohne Quartal") the number of its open services the plan puts there, written in the cell, the more the darker; an
empty cell: none. The caption names base, rule and date, the table adds the held-back services and the quarter
each Amt would be done.
"""

from __future__ import annotations

import math
from collections import Counter

from toolkit.charts import Chart, ChartTable, HeatmapCell, heatmap_chart
from toolkit.formatting import format_date, format_number

from .plan import Einplanung, Plan

OHNE_QUARTAL = "ohne Quartal"
FARBEN = ("#e6edf5", "#0b4f8a")  # 1 … the most services in one cell (square-root scale); none: no colour
REGEL = (
    "Vorgaben zuerst, dann in der Reihenfolge der OZG-Scorecard ins früheste Quartal mit freiem Platz in der "
    "Gesamtkapazität und den Grenzen für Amt und Plattform"
)


def zeitplan_chart(plan: Plan, *, slug: str = "zeitplan") -> Chart:
    """Per Amt and quarter the number of open services the plan puts there (held-back ones in the table)."""
    spalten = [b.quartal for b in plan.quartale]
    ohne = any(z.einplanung == Einplanung.OHNE_KAPAZITAET for z in plan.zeilen)
    zaehlung = Counter(
        (z.leistung.amt_id, z.quartal if z.quartal is not None else OHNE_QUARTAL)
        for z in plan.zeilen
        if z.einplanung != Einplanung.ZURUECKGESTELLT
    )
    schluessel = [*spalten, *([OHNE_QUARTAL] if ohne else [])]
    spalten_text = [str(q) for q in schluessel]
    werte = [[zaehlung[a.amt_id, q] for q in schluessel] for a in plan.aemter]
    labels = [a.kurzbezeichnung or a.bezeichnung for a in plan.aemter]  # "33 Bürgeramt", as every chart names it

    teile = []
    for label, a, zeile in zip(labels, plan.aemter, werte, strict=True):
        quartale = ", ".join(f"{s} {format_number(n)}" for s, n in zip(spalten_text, zeile, strict=True) if n)
        teile.append(f"{label}: {quartale or 'nichts eingeplant'}; fertig {a.text}")
    zurueck = plan.stadt.zurueckgestellt
    groesste = max((n for zeile in werte for n in zeile), default=0)
    return heatmap_chart(
        slug=slug,
        title="Zeitplan je Amt: erwartete Quartale der offenen Leistungen",
        subtitle=f"{format_number(plan.stadt.offen)} offene LeiKa-Leistungen „von Wiesbaden umzusetzen“, je "
        f"federführendem Amt die Zahl der Leistungen je erwartetem Quartal (je dunkler, desto mehr; leer: keine); "
        f"Regel: {REGEL}"
        + (f"; {format_number(zurueck)} zurückgestellte nicht gezeigt" if zurueck else "")
        + f"; Stand {format_date(plan.heute)}",
        alt_text="Farbfläche, je Amt eine Zeile und je Quartal eine Spalte mit der Zahl seiner offenen Leistungen, "
        "die der Plan dorthin legt: " + ("; ".join(teile) if teile else "keine offene Leistung") + ".",
        rows=labels,
        columns=spalten_text,
        cells=[
            [
                HeatmapCell(
                    value=math.sqrt(n) if n else None,  # colour by the square root: 2 and 8 differ beside 46
                    text=format_number(n) if n else "",
                    hover=f"{format_number(n)} Leistungen ({a.bezeichnung})",
                )
                for n in zeile
            ]
            for a, zeile in zip(plan.aemter, werte, strict=True)
        ],
        colors=FARBEN,
        value_range=(1, math.sqrt(max(groesste, 2))),
        table=ChartTable(
            header=["Amt", *spalten_text, "zurückgestellt", "fertig"],
            rows=[
                [a.bezeichnung, *[format_number(n) for n in zeile], format_number(a.zurueckgestellt), a.text]
                for a, zeile in zip(plan.aemter, werte, strict=True)
            ],
        ),
        classes=["diagramm--breit"],
    )
