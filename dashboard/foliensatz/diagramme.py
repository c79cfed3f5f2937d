"""Native PowerPoint charts (python-pptx): the chart object carries its data in an embedded workbook, so a meeting's
author can edit values, colours and labels in PowerPoint like any chart of their own.

Number formats are Excel format codes, stored in the file in their invariant form ("#,##0", "0 %"); a German
PowerPoint shows them with German separators (2.400.000; 47 %). Weeks are text categories named as on the pages
("KW 19/2022", ISO calendar weeks), not dates. Colours are the
portal's: a status's own colour, the chart colours of :mod:`dashboard.charts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_AXIS_CROSSES,
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from toolkit.charts import GRID_COLOR, TEXT_COLOR

SCHRIFT = "Arial"
ZAHL = "#,##0"
ZAHL_OHNE_NULL = "#,##0;-#,##0;;"  # a segment of 0 gets no label
PROZENT = "0 %"
DIFFERENZ = '+#,##0;"\u2212"#,##0;"±"0'  # +2, −7, ±0 as the deck writes them
PUNKTE = "0.0"  # a scorecard total: 71,7


def farbe(hex_farbe: str) -> RGBColor:
    return RGBColor.from_string(hex_farbe.lstrip("#").upper())


@dataclass(frozen=True)
class Reihe:
    """One data series: its name (legend), its values, and its colour (or one colour per value)."""

    name: str
    werte: Sequence[float | int | None]
    farbe: str | None = None
    farben: Sequence[str] | None = None


def _grundformat(chart, titel: str = "", *, groesse: int = 14) -> None:
    """Font and colour; a chart title only where given (the slide title says what a lone chart shows)."""
    chart.font.name = SCHRIFT
    chart.font.size = Pt(groesse)
    chart.font.color.rgb = farbe(TEXT_COLOR)
    chart.has_title = bool(titel)
    if titel:
        chart.chart_title.text_frame.text = titel
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(16)
        chart.chart_title.text_frame.paragraphs[0].runs[0].font.bold = True


def _legende(chart, anzeigen: bool) -> None:
    chart.has_legend = anzeigen
    if anzeigen:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(13)


def _reihen_faerben(plot, reihen: Sequence[Reihe]) -> None:
    for series, reihe in zip(plot.series, reihen, strict=True):
        if reihe.farbe:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = farbe(reihe.farbe)
        for index, punkt_farbe in enumerate(reihe.farben or ()):
            punkt = series.points[index]
            punkt.format.fill.solid()
            punkt.format.fill.fore_color.rgb = farbe(punkt_farbe)


def _beschriften(plot, zahlenformat: str, *, position=None, groesse: int = 13) -> None:
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = zahlenformat
    labels.number_format_is_linked = False
    labels.show_value = True
    labels.font.size = Pt(groesse)
    if position is not None:
        labels.position = position


def _wertachse(chart, zahlenformat: str, *, maximum: float | None = None, gitter: bool = True) -> None:
    achse = chart.value_axis
    achse.tick_labels.number_format = zahlenformat
    achse.tick_labels.number_format_is_linked = False
    achse.tick_labels.font.size = Pt(12)
    achse.has_major_gridlines = gitter
    if gitter:
        achse.major_gridlines.format.line.color.rgb = farbe(GRID_COLOR)
    achse.minimum_scale = 0
    if maximum is not None:
        achse.maximum_scale = maximum


def balken(
    folie,
    *,
    name: str,
    position: tuple[Emu, Emu, Emu, Emu],
    kategorien: Sequence[str],
    reihen: Sequence[Reihe],
    zahlenformat: str = ZAHL,
    gestapelt: bool = False,
    liegend: bool = True,
    legende: bool | None = None,
    achse_maximum: float | None = None,
    wertachse_zeigen: bool | None = None,
    beschriftung_groesse: int = 13,
    titel: str = "",
    leer: str = "Keine Werte für diesen Stichtag.",
):
    """Bars (lying, first category on top) or columns, clustered or stacked, every value labelled.

    The value axis shows (at the bottom) for stacked bars and columns; lying clustered bars carry their values as
    labels and need none. Without categories there is nothing to draw: the text ``leer`` stands there instead."""
    if not kategorien:
        return _hinweis(folie, position, name, leer)
    daten = CategoryChartData(number_format=zahlenformat)
    daten.categories = list(kategorien)
    for reihe in reihen:
        daten.add_series(reihe.name, list(reihe.werte))
    if liegend:
        art = XL_CHART_TYPE.BAR_STACKED if gestapelt else XL_CHART_TYPE.BAR_CLUSTERED
    else:
        art = XL_CHART_TYPE.COLUMN_STACKED if gestapelt else XL_CHART_TYPE.COLUMN_CLUSTERED
    rahmen = folie.shapes.add_chart(art, *position, daten)
    rahmen.name = name
    chart = rahmen.chart
    _grundformat(chart, titel)
    _legende(chart, len(reihen) > 1 if legende is None else legende)
    plot = chart.plots[0]
    plot.vary_by_categories = False
    plot.gap_width = 60 if gestapelt else 80
    if gestapelt:
        plot.overlap = 100
    elif len(reihen) > 1:
        plot.overlap = -10
    _reihen_faerben(plot, reihen)
    _beschriften(
        plot,
        ZAHL_OHNE_NULL if gestapelt and zahlenformat == ZAHL else zahlenformat,
        position=XL_LABEL_POSITION.CENTER if gestapelt else XL_LABEL_POSITION.OUTSIDE_END,
        groesse=beschriftung_groesse,
    )
    if gestapelt:
        plot.data_labels.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    kategorie_achse = chart.category_axis
    kategorie_achse.tick_labels.font.size = Pt(13)
    kategorie_achse.has_major_gridlines = False
    if liegend:
        kategorie_achse.reverse_order = True  # the first category on top, as on the pages
        kategorie_achse.crosses = XL_AXIS_CROSSES.MAXIMUM  # and the value axis below, not above
    kategorie_achse.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    zeigen = (gestapelt or not liegend) if wertachse_zeigen is None else wertachse_zeigen
    _wertachse(chart, zahlenformat if zahlenformat != DIFFERENZ else "#,##0", maximum=achse_maximum, gitter=zeigen)
    chart.value_axis.visible = zeigen
    if zahlenformat == DIFFERENZ:
        _raum_fuer_beschriftung(chart.value_axis, [w for r in reihen for w in r.werte if w is not None])
    return chart


def _raum_fuer_beschriftung(achse, werte: Sequence[float]) -> None:
    """Changes (+2, −121) have bars on both sides of 0; their labels stand beyond each bar's end. The axis gets
    room on both sides (a third of the span), so that "−121" stays in the plot area, clear of the category labels
    left of it (they stand low, outside the plot area)."""
    kleinster, groesster = min([0, *werte]), max([0, *werte])
    raum = max(1, (groesster - kleinster) / 3)
    achse.minimum_scale = kleinster - raum if kleinster < 0 else 0
    achse.maximum_scale = groesster + raum


def linie(
    folie,
    *,
    name: str,
    position: tuple[Emu, Emu, Emu, Emu],
    kategorien: Sequence[str],
    reihe: Reihe,
    zahlenformat: str = PROZENT,
    beschriftung_alle: int = 4,
):
    """A line over text categories (the calendar weeks "KW 19/2022", as the pages name them), every
    ``beschriftung_alle``-th labelled; the last point labelled with its value."""
    if not kategorien:
        return _hinweis(folie, position, name, "Keine Werte für diesen Zeitraum.")
    daten = CategoryChartData(number_format=zahlenformat)
    daten.categories = list(kategorien)
    daten.add_series(reihe.name, list(reihe.werte))
    rahmen = folie.shapes.add_chart(XL_CHART_TYPE.LINE, *position, daten)
    rahmen.name = name
    chart = rahmen.chart
    _grundformat(chart)
    _legende(chart, False)
    series = chart.plots[0].series[0]
    series.smooth = False
    series.format.line.color.rgb = farbe(reihe.farbe or TEXT_COLOR)
    series.format.line.width = Pt(3)
    series.marker.style = XL_MARKER_STYLE.NONE
    if reihe.werte:
        label = series.points[len(reihe.werte) - 1].data_label
        label.position = XL_LABEL_POSITION.ABOVE
        label.font.size = Pt(14)
        label.font.bold = True
        _wert_zeigen(label, zahlenformat)
    achse = chart.category_axis
    achse.tick_labels.font.size = Pt(12)
    _beschriftung_alle(achse, beschriftung_alle)
    _wertachse(chart, zahlenformat)
    return chart


def _hinweis(folie, position, name: str, text: str) -> None:
    """In place of a chart without data: a sentence saying so."""
    feld = folie.shapes.add_textbox(*position)
    feld.name = f"{name} (ohne Werte)"
    lauf = feld.text_frame.paragraphs[0].add_run()
    lauf.text = text
    lauf.font.name = SCHRIFT
    lauf.font.size = Pt(18)
    lauf.font.color.rgb = farbe(TEXT_COLOR)


def _wert_zeigen(label, zahlenformat: str) -> None:
    """Give a single point's label (python-pptx makes it show the value) the number format ``zahlenformat``."""
    dlbl = label._get_or_add_dLbl()
    for alt in dlbl.findall(qn("c:numFmt")):
        dlbl.remove(alt)
    dlbl.find(qn("c:spPr")).addprevious(etree.Element(qn("c:numFmt"), formatCode=zahlenformat, sourceLinked="0"))


def _beschriftung_alle(achse, schritt: int) -> None:
    """A category axis with a label (and a tick mark) at every ``schritt``-th category only."""
    element = achse._element
    for tag in ("c:tickLblSkip", "c:tickMarkSkip"):
        for alt in element.findall(qn(tag)):
            element.remove(alt)
    # the schema's order: ... c:lblOffset, c:tickLblSkip, c:tickMarkSkip, c:noMultiLvlLbl, c:extLst
    folgend = element.find(qn("c:noMultiLvlLbl"))
    for tag in ("c:tickLblSkip", "c:tickMarkSkip"):
        neu = etree.Element(qn(tag), val=str(schritt))
        if folgend is not None:
            folgend.addprevious(neu)
        else:
            element.append(neu)
