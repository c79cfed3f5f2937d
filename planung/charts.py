"""The plan's chart: a timeline of quarters × services, by Amt (:func:`toolkit.charts.dot_matrix_chart`).

Per Amt (rows, by number) and quarter (columns, from the laufende Quartal to the last one of the plan, then
"ohne Quartal") the number of its open services the plan puts there; the caption names base, rule and date, the
table adds the held-back services and the quarter each Amt would be done.
"""

from __future__ import annotations

from collections import Counter

from toolkit.charts import Chart, ChartTable, dot_matrix_chart
from toolkit.formatting import format_date, format_number

from .plan import Einplanung, Plan

OHNE_QUARTAL = "ohne Quartal"
REGEL = (
    "Vorgaben zuerst, dann in der Reihenfolge der OZG-Scorecard ins früheste Quartal mit freiem Platz in der "
    "Gesamtkapazität und den Grenzen für Amt und Plattform"
)


def _amt_label(nummer: int | None, bezeichnung: str) -> str:
    return f"Amt {nummer}" if nummer is not None else bezeichnung


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
    labels = [_amt_label(a.amt_nummer, a.bezeichnung) for a in plan.aemter]

    teile = []
    for label, a, zeile in zip(labels, plan.aemter, werte, strict=True):
        quartale = ", ".join(f"{s} {format_number(n)}" for s, n in zip(spalten_text, zeile, strict=True) if n)
        teile.append(f"{label}: {quartale or 'nichts eingeplant'}; fertig {a.text}")
    zurueck = plan.stadt.zurueckgestellt
    return dot_matrix_chart(
        slug=slug,
        title="Zeitplan je Amt: erwartete Quartale der offenen Leistungen",
        subtitle=f"{format_number(plan.stadt.offen)} offene LeiKa-Leistungen „von Wiesbaden umzusetzen“, je "
        f"federführendem Amt, Zahl der Leistungen je erwartetem Quartal; Regel: {REGEL}"
        + (f"; {format_number(zurueck)} zurückgestellte nicht gezeigt" if zurueck else "")
        + f"; Stand {format_date(plan.heute)}",
        alt_text="Punktdiagramm, je Amt die Zahl seiner offenen Leistungen je erwartetem Quartal: "
        + ("; ".join(teile) if teile else "keine offene Leistung")
        + ".",
        rows=labels,
        row_hover=[a.bezeichnung for a in plan.aemter],
        columns=spalten_text,
        values=werte,
        unit="Leistungen",
        table=ChartTable(
            header=["Amt", *spalten_text, "zurückgestellt", "fertig"],
            rows=[
                [a.bezeichnung, *[format_number(n) for n in zeile], format_number(a.zurueckgestellt), a.text]
                for a, zeile in zip(plan.aemter, werte, strict=True)
            ],
        ),
        classes=["diagramm--breit"],
    )
