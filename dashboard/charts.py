"""Which figures feed which chart: selector data (catalog.selectors) → the toolkit's chart builders.

The pages' charts say what they count (the base), as of when (the Stichtag) and, where compared, since which
Erhebung. Status colours are the statuses' own (``Status.farbe``), the same in every chart, badge and table.
The generic parts (layout, bars, donut, line, escaping of every text) are :mod:`toolkit.charts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from catalog.models import Amt
from catalog.selectors import Gruppe, Stand, TrichterStufe, Vergleich, wochenverlauf
from planung.prognose import Prognose
from toolkit.charts import (
    COLORS,
    DRUCK_BREIT,
    GRID_COLOR,
    Band,
    Bar,
    Chart,
    ChartTable,
    Line,
    Series,
    Slice,
    bar_chart,
    chart_text,
    donut_chart,
    grouped_bar_chart,
    line_band_chart,
    line_chart,
    shorten,
    stacked_bar_chart,
)
from toolkit.formatting import (
    format_date,
    format_difference,
    format_number,
    format_percent,
    format_week,
    round_half_up,
)

ONLINE_COLOR = "#1d6b3a"
OPEN_COLOR = "#8a4b08"
BAND_FARBE = "rgba(11, 79, 138, 0.18)"  # COLORS[0], translucent
TREND_WOCHEN = 52
FALLZAHL_EINHEIT = "Anträge pro Jahr in Wiesbaden"


def stand_text(stichtag: dt.date) -> str:
    return f"Stand {format_date(stichtag)}"


def basis_text(stand: Stand) -> str:
    """The base of a figure with its count: "512 LeiKa-Leistungen, die von Wiesbaden umzusetzen sind …"."""
    return f"{stand.basis.anzahl} {stand.basis.beschreibung}"


# --- statuses of one base ------------------------------------------------------------------------------------


def status_chart(
    *, slug: str, title: str, stand: Stand, vergleich: Vergleich | None, vergleich_text: str | None = None
) -> Chart:
    """Horizontal bars, one per status in the statuses' order, labelled with count, share and the change since
    the comparison. ``vergleich_text`` completes "Änderung …" (default: "seit <Erhebung> (<Stichtag>)")."""
    if vergleich is not None and vergleich_text is None:
        vergleich_text = f"seit {vergleich.alt.bezeichnung} ({format_date(vergleich.alt.stichtag)})"
    differenzen = {s.status_id: s.differenz for s in vergleich.status} if vergleich else {}
    zeilen = stand.status
    bars, tabelle, teile = [], [], []
    for z in zeilen:
        text = f"{format_number(z.anzahl)} ({format_percent(z.anteil)})"
        zeile = [z.bezeichnung, format_number(z.anzahl), format_percent(z.anteil)]
        teil = f"{z.bezeichnung} {format_number(z.anzahl)} ({format_percent(z.anteil)}"
        if vergleich is not None:
            differenz = format_difference(differenzen.get(z.status_id, 0))
            text += f"  {differenz}"
            zeile.append(differenz)
            teil += f", {differenz} {vergleich_text}"
        bars.append(Bar(label=z.bezeichnung, value=z.anzahl, color=z.farbe, text=text))
        tabelle.append(zeile)
        teile.append(teil + ")")
    kopf = ["Status", "Anzahl", "Anteil"] + ([f"Änderung {vergleich_text}"] if vergleich is not None else [])
    return bar_chart(
        slug=slug,
        title=title,
        subtitle=f"{basis_text(stand)}; {stand_text(stand.stichtag)}"
        + (f"; Änderung {vergleich_text}" if vergleich is not None else ""),
        alt_text=f"Balkendiagramm, {stand_text(stand.stichtag)}: " + "; ".join(teile) + ".",
        bars=bars,
        value_title="Anzahl Leistungen",
        unit="Leistungen",
        table=ChartTable(header=kopf, rows=tabelle),
        height=max(220, 60 * len(zeilen) + 80),
        headroom=1.45,
    )


# --- online vs. still to do ----------------------------------------------------------------------------------


def online_chart(
    *,
    slug: str,
    online: int,
    offen: int,
    stichtag: dt.date,
    basis: str,
    title: str = "Online verfügbar und noch umzusetzen",
    online_text: str = "online verfügbar",
    offen_text: str = "noch umzusetzen",
) -> Chart:
    """A donut: online available vs. still to implement (or any such pair), count and share."""
    gesamt = online + offen
    anteil_online = online / gesamt if gesamt else 0.0
    anteil_offen = offen / gesamt if gesamt else 0.0
    return donut_chart(
        slug=slug,
        title=title,
        subtitle=f"{basis}; {stand_text(stichtag)}",
        alt_text=(
            f"Ringdiagramm, {stand_text(stichtag)}: {online_text} {format_number(online)} "
            f"({format_percent(anteil_online)}), {offen_text} {format_number(offen)} ({format_percent(anteil_offen)})."
        ),
        slices=[
            Slice(label=online_text, value=online, color=ONLINE_COLOR, text=format_percent(anteil_online)),
            Slice(label=offen_text, value=offen, color=OPEN_COLOR, text=format_percent(anteil_offen)),
        ],
        centre=[format_percent(anteil_online), online_text.split()[0]],
        table=ChartTable(
            header=["", "Anzahl", "Anteil"],
            rows=[
                [online_text, format_number(online), format_percent(anteil_online)],
                [offen_text, format_number(offen), format_percent(anteil_offen)],
                ["zusammen", format_number(gesamt), format_percent(1.0 if gesamt else 0.0)],
            ],
        ),
    )


def stand_online_chart(*, slug: str, stand: Stand) -> Chart:
    """The donut of one base on its Stichtag: online verfügbar vs. noch umzusetzen."""
    return online_chart(
        slug=slug, online=stand.online, offen=stand.noch_umzusetzen, stichtag=stand.stichtag, basis=basis_text(stand)
    )


# --- funnel: catalogue → Kommunen → Wiesbaden ----------------------------------------------------------------


def trichter_ausser_text(stufen: Sequence[TrichterStufe]) -> str:
    """Why the last step is larger than the status figures' base ("; „von Wiesbaden umzusetzen“ zählt jeden
    Status, auch 34 Leistungen mit Status „Nicht relevant“, die die Statuszahlen nicht zählen"); empty without such
    Leistungen. The page's chart and the Foliensatz's slide say it alike."""
    letzte = stufen[-1] if stufen else None
    if letzte is None or not letzte.ausser_betracht:
        return ""
    return (
        f"; „{letzte.bezeichnung}“ zählt jeden Status, auch {letzte.ausser_betracht_text}, die die Statuszahlen "
        "nicht zählen"
    )


def trichter_chart(*, slug: str, stufen: Sequence[TrichterStufe], stichtag: dt.date) -> Chart:
    """Per stage (catalogue, Kommunen, Wiesbaden) its OZG-Leistungsbündel and LeiKa-Leistungen, side by side."""
    namen = [s.bezeichnung for s in stufen]
    buendel = [s.leistungsbuendel for s in stufen]
    leistungen = [s.leistungen for s in stufen]
    return grouped_bar_chart(
        slug=slug,
        title="Vom Katalog zu Wiesbaden",
        subtitle=f"OZG-Leistungsbündel und LeiKa-Leistungen je Stufe{trichter_ausser_text(stufen)}; "
        f"{stand_text(stichtag)}",
        alt_text="Balkendiagramm: "
        + "; ".join(
            f"{s.bezeichnung}: {format_number(s.leistungsbuendel)} OZG-Leistungsbündel, "
            f"{format_number(s.leistungen)} LeiKa-Leistungen"
            for s in stufen
        )
        + ".",
        labels=namen,
        series=[
            Series("OZG-Leistungsbündel", buendel, COLORS[1], texts=[format_number(n) for n in buendel]),
            Series("LeiKa-Leistungen", leistungen, COLORS[0], texts=[format_number(n) for n in leistungen]),
        ],
        value_title="Anzahl",
        table=ChartTable(
            header=["Stufe", "OZG-Leistungsbündel", "LeiKa-Leistungen"],
            rows=[[s.bezeichnung, format_number(s.leistungsbuendel), format_number(s.leistungen)] for s in stufen],
        ),
        height=320,
    )


# --- weekly trend of the online share --------------------------------------------------------------------------


def wochenverlauf_chart(*, slug: str, bis: dt.date, amt: Amt | None = None, prognose: Prognose | None = None) -> Chart:
    """The online share per ISO calendar week over the year up to ``bis`` (x: the week's Monday); with
    ``prognose`` (the city's, as of ``bis``) its continuation, dashed, and the band around it."""
    verlauf = wochenverlauf(von=bis - dt.timedelta(weeks=TREND_WOCHEN), bis=bis, amt=amt)
    wochen = verlauf.wochen
    anteile = [w.stand.online_anteil for w in wochen]
    if wochen:
        erste, letzte = wochen[0], wochen[-1]
        alternativ = (
            "Liniendiagramm des Anteils online verfügbarer Leistungen je Kalenderwoche, "
            f"von {format_week(erste.montag)} ({format_percent(anteile[0])}) bis {format_week(letzte.montag)} "
            f"({format_percent(anteile[-1])}, {format_number(letzte.stand.online)} von "
            f"{format_number(letzte.stand.anzahl)})."
        )
    else:
        alternativ = "Liniendiagramm ohne Werte: im gewählten Zeitraum liegen keine Kalenderwochen."
    gemeinsam = {
        "slug": slug,
        "title": "Anteil online verfügbar je Kalenderwoche",
        "subtitle": f"{verlauf.beschreibung}; Wochenstand jeweils sonntags, bis {format_date(bis)}",
        "alt_text": alternativ,
        "x_axis": {"type": "date", "tickformat": "KW %V<br>%G", "hoverformat": "KW %V/%G", "gridcolor": GRID_COLOR},
        "y_axis": {
            "title": {"text": "Anteil online in %"},
            "rangemode": "tozero",
            "ticksuffix": " %",
            "gridcolor": GRID_COLOR,
        },
    }
    kopf = ["Kalenderwoche", "online verfügbar", "Basis", "Anteil online"]
    zeilen = [
        [format_week(w.montag), format_number(w.stand.online), format_number(w.stand.anzahl), format_percent(a, 1)]
        for w, a in zip(wochen, anteile, strict=True)
    ]
    ist = {
        "x": [w.montag.isoformat() for w in wochen],
        # Rounded like the table's "12,5 %" (half up), so that the hover text shows the same figure.
        "y": [float(round_half_up(a * 100, 1)) for a in anteile],
        "customdata": [[format_week(w.montag), w.stand.online, w.stand.anzahl] for w in wochen],
        "hovertemplate": "%{customdata[0]}: %{y:.1f} % online (%{customdata[1]:,d} von %{customdata[2]:,d})"
        "<extra></extra>",
    }
    if prognose is None or not prognose.fortsetzung:
        tabelle = ChartTable(header=kopf, rows=zeilen)
        return line_chart(name="Anteil online verfügbar", **ist, table=tabelle, **gemeinsam)
    return _mit_prognose(ist=ist, kopf=kopf, zeilen=zeilen, prognose=prognose, gemeinsam=gemeinsam)


def _prozent(wert: float, basis: int) -> float:
    return float(round_half_up(100 * wert / basis, 1)) if basis else 0.0


def _mit_prognose(*, ist: dict, kopf: list, zeilen: list, prognose: Prognose, gemeinsam: dict) -> Chart:
    """The weekly chart with the forecast: from the last Sunday of the window (its week's Monday on x) on."""
    p = prognose
    montag = dt.timedelta(days=6)  # x is the week's Monday; the forecast's points are Sundays
    punkte = p.fortsetzung
    x = [(p.bis - montag).isoformat(), *[(punkt.stichtag - montag).isoformat() for punkt in punkte]]
    unten = [_prozent(p.online, p.basis), *[_prozent(punkt.unten, punkt.basis) for punkt in punkte]]
    oben = [_prozent(p.online, p.basis), *[_prozent(punkt.oben, punkt.basis) for punkt in punkte]]
    band_text = [
        f"{format_percent(punkt.anteil(punkt.unten), 1)} bis {format_percent(punkt.anteil(punkt.oben), 1)}"
        for punkt in punkte
    ]
    erwartet = Line(
        name=f"Prognose ({p.wochen} Wochen)",
        x=x,
        y=[_prozent(p.online, p.basis), *[_prozent(punkt.online, punkt.basis) for punkt in punkte]],
        customdata=[
            [format_week(p.bis), format_number(p.online, 1), "Stand"],
            *[
                [punkt.kalenderwoche, format_number(punkt.online, 1), f"Band {band}"]
                for punkt, band in zip(punkte, band_text, strict=True)
            ],
        ],
        hovertemplate="%{customdata[0]}: erwartet %{y:.1f} % online (%{customdata[1]} Leistungen; "
        "%{customdata[2]})<extra></extra>",
        color=COLORS[0],
        dash="dash",
    )
    letzter = punkte[-1]
    methode = (
        f"gestrichelt: Prognose für {format_number(len(punkte))} Wochen im Tempo der letzten {p.wochen} Wochen "
        f"(Ausgleichsgerade nach kleinsten Quadraten: netto {format_number(p.tempo, 2)} Leistungen je Woche), "
        f"Band {p.band_prozent} % aus der Streuung der Wochenänderungen; {p.ergebnis}"
    )
    gemeinsam = gemeinsam | {
        "subtitle": f"{gemeinsam['subtitle']}; {methode}",
        "alt_text": f"{gemeinsam['alt_text']} Prognose (gestrichelt) im Tempo der letzten {p.wochen} Wochen: "
        f"{letzter.kalenderwoche} {format_percent(letzter.anteil(letzter.online), 1)} (Band "
        f"{band_text[-1]}); {p.ergebnis}.",
    }
    return line_band_chart(
        lines=[
            Line(name="Anteil online verfügbar", color=COLORS[0], shape="hv", **ist),
            erwartet,
        ],
        band=Band(name=f"Band {p.band_prozent} %", x=x, lower=unten, upper=oben, fill=BAND_FARBE),
        table=ChartTable(
            header=[*kopf, f"Band {p.band_prozent} %"],
            rows=[
                *[[*z, "–"] for z in zeilen],
                *[
                    [
                        f"{punkt.kalenderwoche} (Prognose)",
                        format_number(punkt.online, 1),
                        format_number(punkt.basis),
                        format_percent(punkt.anteil(punkt.online), 1),
                        band,
                    ]
                    for punkt, band in zip(punkte, band_text, strict=True)
                ],
            ],
        ),
        **gemeinsam,
    )


# --- Leistungen by applications a year -------------------------------------------------------------------------


@dataclass(frozen=True)
class FallzahlBar:
    """One Leistung of a Fallzahl chart: its name, applications a year, status colour and status label."""

    bezeichnung: str
    antraege: int
    farbe: str
    status: str


def fallzahlen_chart(*, slug: str, title: str, subtitle: str, balken: Sequence[FallzahlBar]) -> Chart:
    """Horizontal bars, most applications first, in the statuses' colours (a legend names them); long names
    shortened on the axis."""
    chart = bar_chart(
        slug=slug,
        title=title,
        subtitle=subtitle,
        alt_text="Balkendiagramm, größter Wert zuerst: "
        + "; ".join(f"{b.bezeichnung} {format_number(b.antraege)}" for b in balken)
        + (f" ({FALLZAHL_EINHEIT})." if balken else "keine Werte."),
        bars=[
            Bar(
                label=shorten(b.bezeichnung),
                value=b.antraege,
                color=b.farbe,
                text=format_number(b.antraege),
                hover=b.bezeichnung,
            )
            for b in balken
        ],
        value_title=FALLZAHL_EINHEIT,
        unit=FALLZAHL_EINHEIT,
        table=ChartTable(
            header=["Leistung", FALLZAHL_EINHEIT, "Status"],
            rows=[[b.bezeichnung, format_number(b.antraege), b.status] for b in balken],
        ),
        height=max(240, 34 * len(balken) + 90),
        ticks=5,
        classes=[DRUCK_BREIT],
    )
    farben = {b.status: b.farbe for b in balken}
    zeilen = chart.figure["data"][0]["y"]
    chart.figure["data"][0]["showlegend"] = False  # the bars; the legend names their colours
    chart.figure["data"].extend(status_legende(farben, zeile=zeilen[0] if zeilen else ""))
    chart.figure["layout"].update(showlegend=bool(farben), barmode="overlay")  # the entries take no room
    return chart


def status_legende(farben: dict[str, str], *, zeile: str) -> list[dict]:
    """Legend entries for bars coloured by status (a trace per status would split the rows): per status a bar
    without a value (on the row ``zeile``) in the status's colour; with ``barmode="overlay"`` they take no room."""
    return [
        go.Bar(
            x=[None],
            y=[zeile],
            orientation="h",
            name=chart_text(status),
            marker={"color": farbe},
            hoverinfo="skip",
            showlegend=True,
        ).to_plotly_json()
        for status, farbe in farben.items()
    ]


# --- statuses per group (Ämter, Erhebungen), stacked ----------------------------------------------------------


@dataclass(frozen=True)
class GruppeRow:
    """One bar of a stacked status chart: a label (e.g. "33 Bürgeramt"), counts per status id, and the share done."""

    bezeichnung: str
    anzahl_je_status: dict[int, int]
    gesamt: int
    anteil_online: float


@dataclass(frozen=True)
class StatusSeries:
    id: int
    bezeichnung: str
    farbe: str


def status_je_gruppe_chart(
    *, slug: str, title: str, subtitle: str, zeilen: Sequence[GruppeRow], statuses: Sequence[StatusSeries]
) -> Chart:
    """One horizontal stacked bar per group, a segment per status in the statuses' colours with its count (rows keep
    their order); after each bar its total and share online."""
    return stacked_bar_chart(
        slug=slug,
        title=title,
        subtitle=subtitle,
        alt_text="Gestapeltes Balkendiagramm, je Zeile die Leistungen nach Status: "
        + "; ".join(
            f"{z.bezeichnung}: {format_number(z.gesamt)} Leistungen, {format_percent(z.anteil_online)} online"
            for z in zeilen
        )
        + ".",
        labels=[z.bezeichnung for z in zeilen],
        series=[Series(s.bezeichnung, [z.anzahl_je_status.get(s.id, 0) for z in zeilen], s.farbe) for s in statuses],
        totals=[f"{format_number(z.gesamt)} ({format_percent(z.anteil_online)} online)" for z in zeilen],
        value_title="Anzahl Leistungen",
        table=ChartTable(
            header=["", *[s.bezeichnung for s in statuses], "zusammen", "Anteil online"],
            rows=[
                [
                    z.bezeichnung,
                    *[format_number(z.anzahl_je_status.get(s.id, 0)) for s in statuses],
                    format_number(z.gesamt),
                    format_percent(z.anteil_online),
                ]
                for z in zeilen
            ],
        ),
        height=max(260, 30 * len(zeilen) + 120),
        classes=[DRUCK_BREIT],
    )


def aemter_chart(*, slug: str, gruppen: list[Gruppe], stichtag: dt.date, basis: str) -> Chart:
    """The stacked status bar per Amt ("33 Bürgeramt"), sorted by the share online (Ämter without Leistungen left
    out)."""
    mit_leistungen = sorted(
        (g for g in gruppen if g.stand.anzahl),
        key=lambda g: (-g.stand.online_anteil, -g.stand.anzahl, g.nummer or 0),
    )
    statuses: dict[int, StatusSeries] = {}
    for g in mit_leistungen:
        for z in g.stand.status:
            statuses.setdefault(z.status_id, StatusSeries(id=z.status_id, bezeichnung=z.bezeichnung, farbe=z.farbe))
    return status_je_gruppe_chart(
        slug=slug,
        title="Status der Leistungen je Amt",
        subtitle=f"{basis}; sortiert nach Anteil online verfügbar; {stand_text(stichtag)}",
        zeilen=[
            GruppeRow(
                bezeichnung=g.kurzbezeichnung or g.name,
                anzahl_je_status={z.status_id: z.anzahl for z in g.stand.status},
                gesamt=g.stand.anzahl,
                anteil_online=g.stand.online_anteil,
            )
            for g in mit_leistungen
        ],
        statuses=list(statuses.values()),
    )
