"""Charts: plain data (from the selectors) → a plotly figure as JSON, with everything a reader needs around it.

A :class:`Diagramm` carries the figure (``data`` + ``layout``, drawn in the browser by ``static/js/diagramme.js``
from a ``json_script`` block, so a Content-Security-Policy without inline scripts works), a caption that says what
it counts and as of when, a German text alternative, and its numbers as a table. The table is built from the same
values as the figure, so the two cannot disagree.

Status colours are the statuses' own (``Status.farbe``), the same in every chart, badge and table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go

from catalog.selectors import runden
from dashboard.templatetags.dashboard import format_differenz, format_prozent, format_zahl

SCHRIFT = "Fira Sans, Noto Sans, Arial, sans-serif"
TEXTFARBE = "#131525"
GITTERFARBE = "#d9dbe3"
# Every axis makes room for its tick labels and title itself (automargin): in presentation mode the fonts grow
# 1.6-fold (static/js/diagramme.js) and a fixed margin would put the title over the tick labels.
ACHSE = {"automargin": True}
# Count axes: full German numbers (2.400.000), never SI suffixes such as "2M".
ZAHLENACHSE = {**ACHSE, "gridcolor": GITTERFARBE, "exponentformat": "none", "separatethousands": True}
# Colours for charts whose series are not statuses; dark enough for white text and against white (WCAG 1.4.11).
FARBEN = ["#0b4f8a", "#5b6b7f", "#8a4b08", "#1d6b3a"]
ONLINE_FARBE = "#1d6b3a"
OFFEN_FARBE = "#8a4b08"


@dataclass
class DiagrammTabelle:
    """The chart's numbers as a table: header cells and rows of already formatted cells (first cell = row label)."""

    kopf: list[str]
    zeilen: list[list[str]]


@dataclass
class Diagramm:
    """A chart ready for the template ``dashboard/_diagramm.html``."""

    kennung: str
    titel: str
    untertitel: str
    alternativtext: str
    figur: dict
    tabelle: DiagrammTabelle
    hoehe: int = 360
    klassen: list[str] = field(default_factory=list)

    @property
    def daten_id(self) -> str:
        return f"{self.kennung}-daten"


def _layout(**extra) -> dict:
    layout = {
        "font": {"family": SCHRIFT, "size": 15, "color": TEXTFARBE},
        "separators": ",.",  # decimal comma, thousands dot
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 10, "r": 20, "t": 40, "b": 40, "pad": 4},
        "hoverlabel": {"font": {"family": SCHRIFT, "size": 15}},
        # Above the plot, where it cannot collide with the axis title.
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "template": "none",
    }
    layout.update(extra)
    return layout


def _figur(traces: Sequence[go.BaseTraceType], **layout) -> dict:
    figure = go.Figure(data=list(traces), layout=_layout(**layout))
    return figure.to_plotly_json()


def _stand_text(stichtag: dt.date) -> str:
    return f"Stand {stichtag:%d.%m.%Y}"


# --- status distribution -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusWert:
    """One status's figure: label, colour, count, share of the base, change since the comparison (or None)."""

    bezeichnung: str
    farbe: str
    anzahl: int
    anteil: float
    differenz: int | None = None


def status_verteilung(
    *,
    kennung: str,
    werte: Sequence[StatusWert],
    stichtag: dt.date,
    basis_text: str,
    vergleich_text: str | None = None,
    titel: str = "Status der Leistungen",
) -> Diagramm:
    """Horizontal bars, one per status in the statuses' order, labelled with count, share and change.

    ``vergleich_text`` completes "Änderung …", e.g. "seit Erhebungsstand Dez. 2021 (01.12.2021)".
    """
    namen = [w.bezeichnung for w in werte]
    beschriftung = []
    for w in werte:
        text = f"{format_zahl(w.anzahl)} ({format_prozent(w.anteil)})"
        if w.differenz is not None:
            text += f"  {format_differenz(w.differenz)}"
        beschriftung.append(text)
    trace = go.Bar(
        x=[w.anzahl for w in werte],
        y=namen,
        orientation="h",
        marker={"color": [w.farbe for w in werte]},
        text=beschriftung,
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x:,d} Leistungen<extra></extra>",
        name="Leistungen",
    )
    kopf = ["Status", "Anzahl", "Anteil"]
    if vergleich_text:
        kopf.append(f"Änderung {vergleich_text}")
    zeilen = []
    for w in werte:
        zeile = [w.bezeichnung, format_zahl(w.anzahl), format_prozent(w.anteil)]
        if vergleich_text:
            zeile.append(format_differenz(w.differenz))
        zeilen.append(zeile)
    teile = [f"{w.bezeichnung} {format_zahl(w.anzahl)} ({format_prozent(w.anteil)}" for w in werte]
    if vergleich_text:
        teile = [f"{t}, {format_differenz(w.differenz)} {vergleich_text})" for t, w in zip(teile, werte, strict=True)]
    else:
        teile = [f"{t})" for t in teile]
    maximum = max((w.anzahl for w in werte), default=0)
    return Diagramm(
        kennung=kennung,
        titel=titel,
        untertitel=f"{basis_text}; {_stand_text(stichtag)}"
        + (f"; Änderung {vergleich_text}" if vergleich_text else ""),
        alternativtext=f"Balkendiagramm, {_stand_text(stichtag)}: " + "; ".join(teile) + ".",
        figur=_figur(
            [trace],
            xaxis={"title": {"text": "Anzahl Leistungen"}, **ZAHLENACHSE, "range": [0, maximum * 1.45 + 1]},
            yaxis={"autorange": "reversed", **ACHSE},
            showlegend=False,
        ),
        tabelle=DiagrammTabelle(kopf=kopf, zeilen=zeilen),
        hoehe=max(220, 60 * len(werte) + 80),
    )


# --- online vs. still to do ----------------------------------------------------------------------------------


def online_anteil(
    *,
    kennung: str,
    online: int,
    offen: int,
    stichtag: dt.date,
    basis_text: str,
    titel: str = "Online verfügbar und noch umzusetzen",
    online_text: str = "online verfügbar",
    offen_text: str = "noch umzusetzen",
) -> Diagramm:
    """A donut: online available vs. still to implement (or any such pair), count and share."""
    gesamt = online + offen
    anteil_online = online / gesamt if gesamt else 0.0
    anteil_offen = offen / gesamt if gesamt else 0.0
    trace = go.Pie(
        labels=[online_text, offen_text],
        values=[online, offen],
        hole=0.55,
        sort=False,
        direction="clockwise",
        marker={"colors": [ONLINE_FARBE, OFFEN_FARBE], "line": {"color": "#ffffff", "width": 2}},
        # The shares as the portal writes them (half up), never plotly's own %{percent}: it would round 12.5 %
        # differently from the centre, the table and the text beside the chart.
        text=[format_prozent(anteil_online), format_prozent(anteil_offen)],
        texttemplate="%{value:,d}<br>%{text}",
        textfont={"color": "#ffffff", "size": 16},
        hovertemplate="%{label}: %{value:,d} (%{text})<extra></extra>",
    )
    return Diagramm(
        kennung=kennung,
        titel=titel,
        untertitel=f"{basis_text}; {_stand_text(stichtag)}",
        alternativtext=(
            f"Ringdiagramm, {_stand_text(stichtag)}: {online_text} {format_zahl(online)} "
            f"({format_prozent(anteil_online)}), {offen_text} {format_zahl(offen)} ({format_prozent(anteil_offen)})."
        ),
        figur=_figur(
            [trace],
            annotations=[
                {
                    # No <b>: plotly would write it as a style attribute, which a strict CSP refuses.
                    "text": f"{format_prozent(anteil_online)}<br>{online_text.split()[0]}",
                    "showarrow": False,
                    "font": {"size": 20, "weight": 700},
                    "x": 0.5,
                    "y": 0.5,
                    "xref": "paper",
                    "yref": "paper",
                }
            ],
            showlegend=True,
        ),
        tabelle=DiagrammTabelle(
            kopf=["", "Anzahl", "Anteil"],
            zeilen=[
                [online_text, format_zahl(online), format_prozent(anteil_online)],
                [offen_text, format_zahl(offen), format_prozent(anteil_offen)],
                ["zusammen", format_zahl(gesamt), format_prozent(1.0 if gesamt else 0.0)],
            ],
        ),
        hoehe=340,
    )


# --- funnel: catalogue → Kommunen → Wiesbaden ----------------------------------------------------------------


def trichter(*, kennung: str, stufen: Sequence, stichtag: dt.date) -> Diagramm:
    """Grouped horizontal bars per stage (``bezeichnung``, ``leistungsbuendel``, ``leistungen``, e.g. the funnel
    selector's stages): OZG-Leistungsbündel and LeiKa-Leistungen."""
    namen = [s.bezeichnung for s in stufen]
    traces = [
        go.Bar(
            y=namen,
            x=[s.leistungsbuendel for s in stufen],
            name="OZG-Leistungsbündel",
            orientation="h",
            marker={"color": FARBEN[1]},
            text=[format_zahl(s.leistungsbuendel) for s in stufen],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,d} OZG-Leistungsbündel<extra></extra>",
        ),
        go.Bar(
            y=namen,
            x=[s.leistungen for s in stufen],
            name="LeiKa-Leistungen",
            orientation="h",
            marker={"color": FARBEN[0]},
            text=[format_zahl(s.leistungen) for s in stufen],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,d} LeiKa-Leistungen<extra></extra>",
        ),
    ]
    maximum = max((max(s.leistungsbuendel, s.leistungen) for s in stufen), default=0)
    return Diagramm(
        kennung=kennung,
        titel="Vom Katalog zu Wiesbaden",
        untertitel=f"OZG-Leistungsbündel und LeiKa-Leistungen je Stufe; {_stand_text(stichtag)}",
        alternativtext="Balkendiagramm: "
        + "; ".join(
            f"{s.bezeichnung}: {format_zahl(s.leistungsbuendel)} OZG-Leistungsbündel, "
            f"{format_zahl(s.leistungen)} LeiKa-Leistungen"
            for s in stufen
        )
        + ".",
        figur=_figur(
            traces,
            barmode="group",
            xaxis={"title": {"text": "Anzahl"}, **ZAHLENACHSE, "range": [0, maximum * 1.25 + 1]},
            yaxis={"autorange": "reversed", **ACHSE},
        ),
        tabelle=DiagrammTabelle(
            kopf=["Stufe", "OZG-Leistungsbündel", "LeiKa-Leistungen"],
            zeilen=[[s.bezeichnung, format_zahl(s.leistungsbuendel), format_zahl(s.leistungen)] for s in stufen],
        ),
        hoehe=320,
    )


# --- weekly trend of the online share --------------------------------------------------------------------------


@dataclass(frozen=True)
class WochenWert:
    jahr: int
    kw: int
    montag: dt.date
    online: int
    basis: int

    @property
    def anteil(self) -> float:
        return self.online / self.basis if self.basis else 0.0


def wochenverlauf(*, kennung: str, wochen: Sequence[WochenWert], basis_text: str, bis: dt.date) -> Diagramm:
    """A line of the online share per ISO calendar week (x: the week's Monday, labelled "KW 19/2022")."""
    trace = go.Scatter(
        x=[w.montag.isoformat() for w in wochen],
        # Rounded like the table's "12,5 %" (half up), so that the hover text shows the same figure.
        y=[float(runden(w.anteil * 100, 1)) for w in wochen],
        customdata=[[f"KW {w.kw}/{w.jahr}", w.online, w.basis] for w in wochen],
        mode="lines",
        line={"color": FARBEN[0], "width": 3, "shape": "hv"},
        name="Anteil online verfügbar",
        hovertemplate="%{customdata[0]}: %{y:.1f} % online "
        "(%{customdata[1]:,d} von %{customdata[2]:,d})<extra></extra>",
    )
    if wochen:
        erste, letzte = wochen[0], wochen[-1]
        alternativ = (
            "Liniendiagramm des Anteils online verfügbarer Leistungen je Kalenderwoche, "
            f"von KW {erste.kw}/{erste.jahr} "
            f"({format_prozent(erste.anteil)}) bis KW {letzte.kw}/{letzte.jahr} ({format_prozent(letzte.anteil)}, "
            f"{format_zahl(letzte.online)} von {format_zahl(letzte.basis)})."
        )
    else:
        alternativ = "Liniendiagramm ohne Werte: im gewählten Zeitraum liegen keine Kalenderwochen."
    return Diagramm(
        kennung=kennung,
        titel="Anteil online verfügbar je Kalenderwoche",
        untertitel=f"{basis_text}; Wochenstand jeweils sonntags, bis {bis:%d.%m.%Y}",
        alternativtext=alternativ,
        figur=_figur(
            [trace],
            xaxis={
                **ACHSE,
                "type": "date",
                "tickformat": "KW %V<br>%G",
                "hoverformat": "KW %V/%G",
                "gridcolor": GITTERFARBE,
            },
            yaxis={
                "title": {"text": "Anteil online in %"},
                "rangemode": "tozero",
                "ticksuffix": " %",
                "gridcolor": GITTERFARBE,
                **ACHSE,
            },
            showlegend=False,
        ),
        tabelle=DiagrammTabelle(
            kopf=["Kalenderwoche", "online verfügbar", "Basis", "Anteil online"],
            zeilen=[
                [f"KW {w.kw}/{w.jahr}", format_zahl(w.online), format_zahl(w.basis), format_prozent(w.anteil, 1)]
                for w in wochen
            ],
        ),
        hoehe=340,
    )


# --- horizontal ranking bars (Fallzahlen) --------------------------------------------------------------------


@dataclass(frozen=True)
class RangWert:
    bezeichnung: str
    wert: int
    farbe: str = FARBEN[0]
    zusatz: str = ""  # e.g. the status, shown in the table


def rangliste(
    *,
    kennung: str,
    titel: str,
    untertitel: str,
    werte: Sequence[RangWert],
    einheit: str,
    zusatz_kopf: str = "",
) -> Diagramm:
    """Horizontal bars, largest first: e.g. the services with the most applications a year."""
    namen = [_kurz(w.bezeichnung) for w in werte]
    trace = go.Bar(
        x=[w.wert for w in werte],
        y=namen,
        orientation="h",
        marker={"color": [w.farbe for w in werte]},
        text=[format_zahl(w.wert) for w in werte],
        textposition="outside",
        cliponaxis=False,
        hovertext=[w.bezeichnung for w in werte],
        hovertemplate=f"%{{hovertext}}: %{{x:,d}} {einheit}<extra></extra>",
    )
    maximum = max((w.wert for w in werte), default=0)
    kopf = ["Leistung", einheit.capitalize() if einheit[:1].islower() else einheit]
    if zusatz_kopf:
        kopf.append(zusatz_kopf)
    zeilen = [[w.bezeichnung, format_zahl(w.wert)] + ([w.zusatz] if zusatz_kopf else []) for w in werte]
    return Diagramm(
        kennung=kennung,
        titel=titel,
        untertitel=untertitel,
        alternativtext="Balkendiagramm, größter Wert zuerst: "
        + "; ".join(f"{w.bezeichnung} {format_zahl(w.wert)}" for w in werte)
        + (f" ({einheit})." if werte else "keine Werte."),
        figur=_figur(
            [trace],
            xaxis={"title": {"text": einheit}, **ZAHLENACHSE, "nticks": 5, "range": [0, maximum * 1.3 + 1]},
            yaxis={"autorange": "reversed", **ACHSE},
            showlegend=False,
        ),
        tabelle=DiagrammTabelle(kopf=kopf, zeilen=zeilen),
        hoehe=max(240, 34 * len(werte) + 90),
    )


def _kurz(text: str, laenge: int = 42) -> str:
    return text if len(text) <= laenge else text[: laenge - 1].rstrip() + "…"


# --- stacked bars by group (Ämter) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GruppenZeile:
    """One bar of a stacked chart: a label (e.g. "Amt 33"), counts per status id, and the share done."""

    bezeichnung: str
    anzahl_je_status: dict[int, int]
    gesamt: int
    anteil_online: float


@dataclass(frozen=True)
class StatusSpalte:
    id: int
    bezeichnung: str
    farbe: str


def gestapelt(
    *,
    kennung: str,
    titel: str,
    untertitel: str,
    zeilen: Sequence[GruppenZeile],
    statuses: Sequence[StatusSpalte],
) -> Diagramm:
    """One horizontal stacked bar per group, a segment per status in the statuses' colours (rows keep their order)."""
    namen = [z.bezeichnung for z in zeilen]
    traces = [
        go.Bar(
            y=namen,
            x=[z.anzahl_je_status.get(s.id, 0) for z in zeilen],
            name=s.bezeichnung,
            orientation="h",
            marker={"color": s.farbe},
            hovertemplate=f"%{{y}}: %{{x:,d}} {s.bezeichnung}<extra></extra>",
        )
        for s in statuses
    ]
    kopf = ["", *[s.bezeichnung for s in statuses], "zusammen", "Anteil online"]
    tabelle = [
        [
            z.bezeichnung,
            *[format_zahl(z.anzahl_je_status.get(s.id, 0)) for s in statuses],
            format_zahl(z.gesamt),
            format_prozent(z.anteil_online),
        ]
        for z in zeilen
    ]
    return Diagramm(
        kennung=kennung,
        titel=titel,
        untertitel=untertitel,
        alternativtext="Gestapeltes Balkendiagramm, je Zeile die Leistungen nach Status: "
        + "; ".join(
            f"{z.bezeichnung}: {format_zahl(z.gesamt)} Leistungen, {format_prozent(z.anteil_online)} online"
            for z in zeilen
        )
        + ".",
        figur=_figur(
            traces,
            barmode="stack",
            xaxis={"title": {"text": "Anzahl Leistungen"}, **ZAHLENACHSE},
            yaxis={"autorange": "reversed", **ACHSE, "type": "category"},
        ),
        tabelle=DiagrammTabelle(kopf=kopf, zeilen=tabelle),
        hoehe=max(260, 30 * len(zeilen) + 120),
    )
