"""The progress chart of a round: per Amt one bar of confirmed, changed and open entries (toolkit builders)."""

from __future__ import annotations

from toolkit.charts import Chart, ChartTable, Series, stacked_bar_chart
from toolkit.formatting import format_date, format_number, format_percent

from .selectors import Fortschritt

# Dark enough for white text and against white (WCAG 1.4.11); the same meaning as the status colours.
BESTAETIGT_FARBE = "#1d6b3a"
GEAENDERT_FARBE = "#0b4f8a"
OFFEN_FARBE = "#8a4b08"


def fortschritt_chart(fortschritt: Fortschritt, *, slug: str = "runde-fortschritt") -> Chart:
    """One stacked bar per Amt asked (in number order): confirmed unchanged, changed, still open."""
    runde, aemter = fortschritt.runde, fortschritt.aemter
    offen_name = "unbeantwortet" if not runde.offen else "offen"
    stand = (
        f"abgeschlossen am {format_date(runde.abgeschlossen_am)}"
        if not runde.offen
        else f"Stand {format_date(fortschritt.heute)}"
    )
    return stacked_bar_chart(
        slug=slug,
        title=f"Rückmeldungen je Amt in der Erhebungsrunde „{runde.name}“",
        subtitle=f"Leistungen, nach denen die Runde fragt, je Amt; Frist {format_date(runde.frist)}; {stand}",
        alt_text="Gestapeltes Balkendiagramm, je Amt die gefragten Leistungen nach Rückmeldung: "
        + "; ".join(
            f"Amt {a.nummer}: {format_number(a.bestaetigt)} bestätigt, {format_number(a.geaendert)} geändert, "
            f"{format_number(a.offen)} {offen_name} von {format_number(a.gefragt)}"
            for a in aemter
        )
        + ".",
        labels=[f"Amt {a.nummer}" for a in aemter],
        series=[
            Series("unverändert bestätigt", [a.bestaetigt for a in aemter], BESTAETIGT_FARBE),
            Series("geändert", [a.geaendert for a in aemter], GEAENDERT_FARBE),
            Series(offen_name, [a.offen for a in aemter], OFFEN_FARBE),
        ],
        value_title="Anzahl Leistungen",
        table=ChartTable(
            header=["Amt", "gefragt", "bestätigt", "geändert", offen_name, "Rücklauf", "Lage"],
            rows=[fortschritt_zeile(a) for a in aemter],
        ),
        height=max(260, 30 * len(aemter) + 120),
    )


def fortschritt_zeile(a) -> list[str]:
    """One Amt's (or all Ämter's) answers as the cells of the chart's table and of the admin's table: name,
    asked, confirmed, changed, open, response rate, state."""
    return [
        a.bezeichnung,
        format_number(a.gefragt),
        format_number(a.bestaetigt),
        format_number(a.geaendert),
        format_number(a.offen),
        format_percent(a.ruecklauf),
        a.lage,
    ]
