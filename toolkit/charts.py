"""Charts: plain values → a plotly figure as JSON, with everything a reader needs around it.

A :class:`Chart` carries the figure (``data`` + ``layout``, drawn in the browser by ``toolkit/static/toolkit/
charts.js`` from a ``json_script`` block, so a Content-Security-Policy without inline scripts works), a caption
that says what it counts and as of when, a German text alternative, and its numbers as a table
(``toolkit/_chart.html`` shows all of it). The caller passes the table built from the same values as the figure,
so the two cannot disagree.

The builders (:func:`bar_chart`, :func:`grouped_bar_chart`, :func:`stacked_bar_chart`, :func:`donut_chart`,
:func:`line_chart`, :func:`line_band_chart`) know nothing of the domain: the page decides titles, colours, units
and texts. Each takes its own data and, as keywords, the :class:`Chart`'s ``slug``, ``title``, ``subtitle``,
``alt_text``, ``table`` and ``height`` (and ``classes``). Bars carry their values: a text beside each bar, in each
stacked segment and after each stack. Every text they put into a figure (labels, hover texts, legend names,
annotations) goes through :func:`chart_text`, because plotly.js reads ``<a href>``, ``<span style>`` or ``<b>`` in
any label as markup: a Leistung named like that would become a link. Caption, text alternative and table are HTML
escaped by the template as everywhere else. A grid of values coloured by size (rows × columns) is
:func:`heatmap_chart`.

The figure is drawn for the room it gets (``charts.js``): a phone, a projector in presentation mode, a column of an
A4 page, a PNG of 1200 px; each drawing makes room for every text, so that none is cut. ``height`` is the height on
a screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go

from toolkit.formatting import shorten as shorten  # re-exported: chart callers cut their labels with it

FONT = "Fira Sans, Noto Sans, Arial, sans-serif"
TEXT_COLOR = "#131525"
GRID_COLOR = "#d9dbe3"
# Every axis makes room for its tick labels and title itself (automargin): the type grows in presentation mode and
# shrinks on paper (charts.js), and a fixed margin would put the title over the tick labels.
AXIS = {"automargin": True}
# Count axes: full German numbers (2.400.000), never SI suffixes such as "2M".
NUMBER_AXIS = {**AXIS, "gridcolor": GRID_COLOR, "exponentformat": "none", "separatethousands": True}
# Colours for series that bring none of their own; dark enough for white text and against white (WCAG 1.4.11).
COLORS = ["#0b4f8a", "#5b6b7f", "#8a4b08", "#1d6b3a"]
LINE_BREAK = "<br>"
# Above the plot, where it cannot collide with the axis title.
LEGEND = {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}
# The smallest type of a value inside a stacked segment; a segment too narrow for it shows no value.
SEGMENT_TEXT_MIN = 11


def chart_text(text: object) -> str:
    """``text`` as plotly.js shows it literally: its markup characters written as entities (``&lt;a&gt;``)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class ChartTable:
    """The chart's numbers as a table: header cells and rows of formatted cells (first cell = row label)."""

    header: list[str]
    rows: list[list[str]]


# A chart with this class takes the whole width on paper (long labels, many rows); others print two side by side.
DRUCK_BREIT = "diagramm--druck-breit"


@dataclass
class Chart:
    """A chart ready for the template ``toolkit/_chart.html``; ``slug`` is its id on the page, ``classes`` extra CSS
    classes of its box (e.g. :data:`DRUCK_BREIT`)."""

    slug: str
    title: str
    subtitle: str
    alt_text: str
    figure: dict
    table: ChartTable
    height: int = 360
    classes: list[str] = field(default_factory=list)

    @property
    def data_id(self) -> str:
        return f"{self.slug}-daten"


def layout(**extra) -> dict:
    """The portal's chart layout (fonts, German separators, legend above the plot), with ``extra`` on top."""
    base = {
        "font": {"family": FONT, "size": 15, "color": TEXT_COLOR},
        "separators": ",.",  # decimal comma, thousands dot
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 10, "r": 20, "t": 40, "b": 40, "pad": 4},
        "hoverlabel": {"font": {"family": FONT, "size": 15}},
        "legend": LEGEND,
        "template": "none",
    }
    base.update(extra)
    return base


def figure(traces: Sequence[go.BaseTraceType], **extra) -> dict:
    """Traces in the portal's layout, as the JSON plotly.js draws (checked against plotly's schema)."""
    return go.Figure(data=list(traces), layout=layout(**extra)).to_plotly_json()


def _texts(values: Sequence[object]) -> list[str]:
    return [chart_text(v) for v in values]


def _value_axis(title: str, maximum: float, headroom: float | None, **extra) -> dict:
    axis = {"title": {"text": chart_text(title)}, **NUMBER_AXIS, **extra}
    if headroom is not None:  # room for the labels beside the longest bar
        axis["range"] = [0, maximum * headroom + 1]
    return axis


def _category_axis(**extra) -> dict:
    return {"autorange": "reversed", **AXIS, **extra}


# --- horizontal bars, one per row --------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar: its row label (shortened on the axis when long), value, colour, the text beside it, and the
    full label for the hover text (default: the label)."""

    label: str
    value: int | float
    color: str = COLORS[0]
    text: str = ""
    hover: str = ""


def bar_chart(
    *, bars: Sequence[Bar], value_title: str, unit: str, headroom: float = 1.3, ticks: int | None = None, **chart
) -> Chart:
    """Horizontal bars in the given order (first on top), each with its text beside it; hover: "label: 1.234 unit"."""
    trace = go.Bar(
        x=[b.value for b in bars],
        y=_texts(b.label for b in bars),
        orientation="h",
        marker={"color": [b.color for b in bars]},
        text=_texts(b.text for b in bars),
        textposition="outside",
        cliponaxis=False,
        hovertext=_texts(b.hover or b.label for b in bars),
        hovertemplate=f"%{{hovertext}}: %{{x:,d}} {chart_text(unit)}<extra></extra>",
    )
    extra = {"nticks": ticks} if ticks else {}
    return Chart(
        figure=figure(
            [trace],
            xaxis=_value_axis(value_title, max((b.value for b in bars), default=0), headroom, **extra),
            yaxis=_category_axis(),
            showlegend=False,
        ),
        **chart,
    )


# --- bars of several series per row: side by side or stacked ------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One series of a grouped or stacked chart: its name (legend, hover), one value per row, its colour, and
    optionally the text beside each bar."""

    name: str
    values: Sequence[int | float]
    color: str
    texts: Sequence[str] | None = None


def _series_traces(
    labels: Sequence[str], series: Sequence[Series], value_format: str = ",d", inside: bool = False
) -> list[go.Bar]:
    traces = []
    for s in series:
        extra = {}
        if s.texts is not None:
            extra = {"text": _texts(s.texts), "textposition": "outside", "cliponaxis": False}
        elif inside:  # the value in the middle of its segment, in a colour that contrasts with the segment's
            extra = {
                "texttemplate": f"%{{x:{value_format}}}",
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textangle": 0,
            }
        traces.append(
            go.Bar(
                y=_texts(labels),
                x=list(s.values),
                name=chart_text(s.name),
                orientation="h",
                marker={"color": s.color},
                hovertext=[chart_text(s.name)] * len(labels),
                hovertemplate=f"%{{y}}: %{{x:{value_format}}} %{{hovertext}}<extra></extra>",
                **extra,
            )
        )
    return traces


def grouped_bar_chart(
    *, labels: Sequence[str], series: Sequence[Series], value_title: str, headroom: float = 1.25, **chart
) -> Chart:
    """Per row one bar of each series side by side, with its text beside it; a legend names the series."""
    maximum = max((v for s in series for v in s.values), default=0)
    return Chart(
        figure=figure(
            _series_traces(labels, series),
            barmode="group",
            xaxis=_value_axis(value_title, maximum, headroom),
            yaxis=_category_axis(),
        ),
        **chart,
    )


def stacked_bar_chart(
    *,
    labels: Sequence[str],
    series: Sequence[Series],
    value_title: str,
    value_axis: dict | None = None,
    value_format: str = ",d",
    totals: Sequence[str] | None = None,
    headroom: float = 1.25,
    **chart,
) -> Chart:
    """Per row one horizontal bar, a segment per series in its colour; rows keep their order. Each segment shows
    its value (a segment too narrow for a readable number shows none; its value is in the hover text and the
    table), ``totals`` the text after each bar (e.g. "48 (48 % online)"). ``value_format``: how segment and hover
    text write a value (plotly's d3 format: ",d" whole numbers, ".1f" one decimal)."""
    summen = [sum(s.values[i] for s in series) for i in range(len(labels))]
    value_axis = value_axis or {}
    annotations = [
        {
            "x": summe,
            "y": label,
            "xref": "x",
            "yref": "y",
            "text": text,
            "showarrow": False,
            "xanchor": "left",
            "xshift": 4,
        }
        for summe, label, text in zip(summen, _texts(labels), _texts(totals or []), strict=False)
    ]
    room = headroom if totals and "range" not in value_axis else None
    return Chart(
        figure=figure(
            _series_traces(labels, series, value_format, inside=True),
            barmode="stack",
            xaxis=_value_axis(value_title, max(summen, default=0), room, **value_axis),
            yaxis=_category_axis(type="category"),
            annotations=annotations,
            # all segment values in one size, the largest that fits all; none smaller than this
            uniformtext={"mode": "hide", "minsize": SEGMENT_TEXT_MIN},
            legend={**LEGEND, "traceorder": "normal"},
        ),
        **chart,
    )


# --- a donut of parts of a whole ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Slice:
    """One part of a donut: its label (legend, hover), value, colour, and the share as the page writes it."""

    label: str
    value: int | float
    color: str
    text: str


def donut_chart(*, slices: Sequence[Slice], centre: Sequence[str], **chart) -> Chart:
    """A donut, clockwise in the given order; each segment shows its value and the page's share text (never
    plotly's own %{percent}, which would round 12.5 % differently from the text beside the chart); ``centre``:
    the lines written in the hole."""
    trace = go.Pie(
        labels=_texts(s.label for s in slices),
        values=[s.value for s in slices],
        hole=0.55,
        sort=False,
        direction="clockwise",
        marker={"colors": [s.color for s in slices], "line": {"color": "#ffffff", "width": 2}},
        text=_texts(s.text for s in slices),
        texttemplate="%{value:,d}<br>%{text}",
        insidetextorientation="horizontal",
        textfont={"color": "#ffffff", "size": 16},
        # a ring too thin for the text (on paper, on a phone) puts it beside its segment: dark on white there
        outsidetextfont={"color": TEXT_COLOR},
        hovertemplate="%{label}: %{value:,d} (%{text})<extra></extra>",
    )
    return Chart(
        figure=figure(
            [trace],
            annotations=[
                {
                    # No <b>: plotly would write it as a style attribute, which a strict CSP refuses.
                    "text": LINE_BREAK.join(chart_text(line) for line in centre),
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
        **{"height": 340, **chart},
    )


# --- a line over time ----------------------------------------------------------------------------------------


def line_chart(
    *,
    name: str,
    x: Sequence[str],
    y: Sequence[float],
    customdata: Sequence[Sequence[object]],
    hovertemplate: str,
    x_axis: dict,
    y_axis: dict,
    color: str = COLORS[0],
    **chart,
) -> Chart:
    """A stepped line (the value holds until the next point); ``hovertemplate`` may refer to ``customdata``, whose
    texts are written as text. The axes are the page's (e.g. calendar weeks on x), with automargin."""
    trace = go.Scatter(
        x=list(x),
        y=list(y),
        customdata=[[chart_text(v) if isinstance(v, str) else v for v in row] for row in customdata],
        mode="lines",
        line={"color": color, "width": 3, "shape": "hv"},
        name=chart_text(name),
        hovertemplate=hovertemplate,
    )
    return Chart(
        figure=figure([trace], xaxis={**AXIS, **x_axis}, yaxis={**y_axis, **AXIS}, showlegend=False),
        **{"height": 340, **chart},
    )


# --- a grid of values: rows × columns, each cell coloured by its value -------------------------------------


@dataclass(frozen=True)
class HeatmapCell:
    """One cell: its value (``None``: no value, the cell stays empty), the text written in it, and the hover
    text (default: the text)."""

    value: float | None
    text: str
    hover: str = ""


def heatmap_chart(
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[HeatmapCell]],
    colors: tuple[str, str],
    value_range: tuple[float, float],
    **chart,
) -> Chart:
    """A grid: one row per ``rows`` (first on top), one column per ``columns`` (labels above the grid), each cell
    coloured from ``colors[0]`` at ``value_range[0]`` to ``colors[1]`` at ``value_range[1]`` and showing its
    text (plotly.js writes it dark or light, whichever reads on the cell). ``cells[r][c]`` is the cell of row r
    and column c. No colour bar: every cell says its value (and plotly.js would give the bar a style attribute,
    which the Content-Security-Policy refuses); the subtitle says what the colours mean."""
    trace = go.Heatmap(
        z=[[cell.value for cell in row] for row in cells],
        x=_texts(columns),
        y=_texts(rows),
        text=[_texts(cell.text for cell in row) for row in cells],
        texttemplate="%{text}",
        hovertext=[_texts(cell.hover or cell.text for cell in row) for row in cells],
        hovertemplate="%{y}, %{x}: %{hovertext}<extra></extra>",
        colorscale=[[0, colors[0]], [1, colors[1]]],
        zmin=value_range[0],
        zmax=value_range[1],
        xgap=2,
        ygap=2,
        showscale=False,
    )
    return Chart(
        figure=figure(
            [trace],
            xaxis={**AXIS, "side": "top", "type": "category", "showgrid": False},
            yaxis={**AXIS, "autorange": "reversed", "type": "category", "showgrid": False},
        ),
        **{"height": max(240, 36 * len(rows) + 140), **chart},
    )


# --- lines with an uncertainty band (e.g. a forecast) --------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of :func:`line_band_chart`: its name (legend), points, hover texts (``customdata`` + template),
    colour, dash ("solid", "dash", "dot") and shape ("linear", or "hv": the value holds until the next point)."""

    name: str
    x: Sequence[str]
    y: Sequence[float]
    customdata: Sequence[Sequence[object]]
    hovertemplate: str
    color: str = COLORS[0]
    dash: str = "solid"
    shape: str = "linear"


@dataclass(frozen=True)
class Band:
    """A band between ``lower`` and ``upper`` over ``x`` (e.g. a forecast's uncertainty), filled in ``fill``
    (a translucent colour such as "rgba(11, 79, 138, 0.2)"); its name is the legend entry."""

    name: str
    x: Sequence[str]
    lower: Sequence[float]
    upper: Sequence[float]
    fill: str


def _customdata(rows: Sequence[Sequence[object]]) -> list[list[object]]:
    return [[chart_text(v) if isinstance(v, str) else v for v in row] for row in rows]


def line_band_chart(*, lines: Sequence[Line], band: Band | None, x_axis: dict, y_axis: dict, **chart) -> Chart:
    """Several lines over the same axis (e.g. the actual series and its continuation) and an optional band as
    one filled area; a legend names them. The lines come first in ``figure["data"]``, in the given order; the
    band is drawn last, translucent, and has no hover text of its own (the lines' hover texts name its edges)."""
    traces = [
        go.Scatter(
            x=list(line.x),
            y=list(line.y),
            customdata=_customdata(line.customdata),
            mode="lines",
            line={"color": line.color, "width": 3, "shape": line.shape, "dash": line.dash},
            name=chart_text(line.name),
            hovertemplate=line.hovertemplate,
        )
        for line in lines
    ]
    if band is not None and band.x:
        traces.append(
            go.Scatter(
                # the outline: along the upper edge, back along the lower one
                x=[*band.x, *reversed(band.x)],
                y=[*band.upper, *reversed(band.lower)],
                fill="toself",
                fillcolor=band.fill,
                line={"width": 0},
                mode="lines",
                name=chart_text(band.name),
                hoverinfo="skip",
            )
        )
    return Chart(
        figure=figure(traces, xaxis={**AXIS, **x_axis}, yaxis={**y_axis, **AXIS}, showlegend=True),
        **{"height": 380, **chart},
    )
