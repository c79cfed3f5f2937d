"""The Servicestandard's charts, from :func:`~servicestandard.selectors.servicestandard_stand`:

- :func:`prinzipien_chart`: per principle one stacked bar of the assessed services' results, the degree of
  fulfilment beside the name; its table adds the groups;
- :func:`aemter_chart`: the degree of fulfilment per Amt (rows) and group (columns) as a heatmap.

The result colours are the same in the charts and on the checklist (:data:`ERGEBNIS_FARBEN`). The generic parts
(layout, bars, heatmap, escaping of every text) are :mod:`toolkit.charts`.
"""

from __future__ import annotations

import datetime as dt

from toolkit.charts import (
    Chart,
    ChartTable,
    HeatmapCell,
    Series,
    heatmap_chart,
    shorten,
    stacked_bar_chart,
)
from toolkit.formatting import format_date, format_number, format_percent

from .models import Erfuellung
from .selectors import Erfuellungsstand, Zaehlung

# One colour per result (dark enough against white, WCAG 1.4.11); "nicht geprüft" is the grey of what is missing.
ERGEBNIS_FARBEN = {
    Erfuellung.ERFUELLT: "#1d6b3a",
    Erfuellung.TEILWEISE: "#b26a00",
    Erfuellung.NICHT_ERFUELLT: "#a4262c",
    Erfuellung.NICHT_ANWENDBAR: "#5b6b7f",
    None: "#949494",
}
# The counts of a Zaehlung in the order of the bars and tables: (attribute, label, colour).
ARTEN = [
    *((value, str(label), ERGEBNIS_FARBEN[value]) for value, label in Erfuellung.choices),
    ("nicht_geprueft", "nicht geprüft", ERGEBNIS_FARBEN[None]),
]
GRAD_FARBEN = ("#eef2f8", "#003064")  # 0 % … 100 % in the heatmap


def grad_text(zaehlung: Zaehlung) -> str:
    """The degree of fulfilment as the page writes it: "73 %", or "–" without a base."""
    return format_percent(zaehlung.grad)


def _zaehlung_text(zaehlung: Zaehlung) -> str:
    return ", ".join(f"{format_number(getattr(zaehlung, name))} {label}" for name, label, _ in ARTEN)


def _basis(stand: Erfuellungsstand, heute: dt.date, auswahl: str) -> str:
    dienste = "geprüfter Online-Dienst" if len(stand.leistungen) == 1 else "geprüfte Online-Dienste"
    return (
        f"{format_number(len(stand.leistungen))} {dienste}{f' ({auswahl})' if auswahl else ''}, "
        f"{stand.fassung.name}, Stand {format_date(heute)}"
    )


def prinzipien_chart(stand: Erfuellungsstand, *, heute: dt.date, auswahl: str = "") -> Chart | None:
    """Per principle one bar of the assessed services, split by result; ``None`` while none is assessed."""
    if not stand.leistungen:
        return None
    prinzipien = stand.prinzipien
    series = [Series(label, [getattr(p.zaehlung, name) for p in prinzipien], farbe) for name, label, farbe in ARTEN]
    tabelle = []
    for gruppe in stand.gruppen:
        for p in gruppe.prinzipien:
            tabelle.append(
                [p.titel, *(format_number(getattr(p.zaehlung, n)) for n, _, _ in ARTEN), grad_text(p.zaehlung)]
            )
        z = gruppe.zaehlung
        tabelle.append([f"Gruppe {gruppe.name}", *(format_number(getattr(z, n)) for n, _, _ in ARTEN), grad_text(z)])
    z = stand.gesamt
    tabelle.append(["alle Prinzipien", *(format_number(getattr(z, n)) for n, _, _ in ARTEN), grad_text(z)])
    bewertet = [p for p in prinzipien if p.zaehlung.grad is not None]
    extreme = ""
    if bewertet:
        hoch = max(bewertet, key=lambda p: p.zaehlung.grad)
        tief = min(bewertet, key=lambda p: p.zaehlung.grad)
        extreme = (
            f" Am höchsten: {hoch.titel} ({grad_text(hoch.zaehlung)}), am niedrigsten: {tief.titel} "
            f"({grad_text(tief.zaehlung)})."
        )
    return stacked_bar_chart(
        slug="prinzipien",
        title="Ergebnisse je Prinzip",
        subtitle=f"{_basis(stand, heute, '')}; je Prinzip die Zahl der Online-Dienste je Ergebnis, in Klammern der "
        "Erfüllungsgrad nach der Zählregel" + (f"; Auswahl: {auswahl}" if auswahl else "") + ".",
        alt_text=f"Gestapeltes Balkendiagramm, je Prinzip ein Balken aus den Ergebnissen der "
        f"{format_number(len(stand.leistungen))} geprüften Online-Dienste. Erfüllungsgrad je Prinzip: "
        + "; ".join(f"{p.titel} {grad_text(p.zaehlung)}" for p in prinzipien)
        + "."
        + extreme,
        labels=[f"{shorten(p.titel, 32)} ({grad_text(p.zaehlung)})" for p in prinzipien],
        series=series,
        value_title="Online-Dienste",
        table=ChartTable(header=["Prinzip", *(label for _, label, _ in ARTEN), "Erfüllungsgrad"], rows=tabelle),
        height=max(300, 26 * len(prinzipien) + 140),
        classes=["diagramm--breit"],  # its numbers (seven columns) get the page's width: none hidden at 1280 px
    )


def _zelle(zaehlung: Zaehlung) -> HeatmapCell:
    prozent = zaehlung.prozent()
    return HeatmapCell(
        value=float(prozent) if prozent is not None else None,
        text=grad_text(zaehlung),
        hover=f"{grad_text(zaehlung)} ({_zaehlung_text(zaehlung)})",
    )


def aemter_chart(stand: Erfuellungsstand, *, heute: dt.date, auswahl: str = "") -> Chart | None:
    """The degree of fulfilment per Amt and group (and over all groups); a first row for all Ämter when there
    is more than one. ``None`` while no service is assessed."""
    if not stand.leistungen:
        return None
    zeilen = []  # (label, short label, number of services, counts per group, counts over all)
    if len(stand.aemter) > 1:
        gruppen = [g.zaehlung for g in stand.gruppen]
        zeilen.append(("alle Ämter", "alle Ämter", len(stand.leistungen), gruppen, stand.gesamt))
    for amt in stand.aemter:
        kurz = amt.kurzbezeichnung or amt.name  # "33 Bürgeramt", as every chart names an Amt
        zeilen.append((amt.bezeichnung, kurz, amt.leistungen, [amt.gruppen[g.id] for g in stand.gruppen], amt.zaehlung))
    spalten = [g.name for g in stand.gruppen] + ["alle Gruppen"]
    return heatmap_chart(
        slug="aemter",
        title="Erfüllungsgrad je Amt und Gruppe",
        subtitle=f"{_basis(stand, heute, auswahl)}; je dunkler ein Feld, desto mehr ist erfüllt; in Klammern die "
        "Zahl der geprüften Online-Dienste des Amts; ein leeres Feld: kein Ergebnis, das zählt.",
        alt_text="Farbfläche, je Amt eine Zeile und je Gruppe von Prinzipien eine Spalte, dunkler heißt mehr "
        "erfüllt. Erfüllungsgrad über alle Gruppen: "
        + "; ".join(f"{label} {grad_text(gesamt)}" for label, _, _, _, gesamt in zeilen)
        + ".",
        rows=[f"{kurz} ({format_number(n)})" for _, kurz, n, _, _ in zeilen],
        columns=spalten,
        cells=[[*(_zelle(z) for z in je_gruppe), _zelle(gesamt)] for _, _, _, je_gruppe, gesamt in zeilen],
        colors=GRAD_FARBEN,
        value_range=(0, 100),
        table=ChartTable(
            header=["Amt", "Online-Dienste", *spalten],
            rows=[
                [label, format_number(n), *(grad_text(z) for z in je_gruppe), grad_text(gesamt)]
                for label, _, n, je_gruppe, gesamt in zeilen
            ],
        ),
        classes=["diagramm--breit"],  # its numbers (one column per group) get the page's width
    )
