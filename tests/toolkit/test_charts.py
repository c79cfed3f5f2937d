"""The chart builders: every text that reaches plotly is shown as text; figures pass plotly's own schema."""

import json
import re

import plotly.graph_objects as go

from toolkit.charts import (
    Bar,
    ChartTable,
    Series,
    Slice,
    bar_chart,
    chart_text,
    donut_chart,
    grouped_bar_chart,
    line_chart,
    shorten,
    stacked_bar_chart,
)

LINK = '<a href="https://example.org">x</a>'
STIL = '<span style="color:red">Wartend</span> & <b>fett</b>'
TABELLE = ChartTable(header=["", "Anzahl"], rows=[[LINK, "1"]])
# The markup the builders write on purpose: line breaks and plotly's "no trace name" marker.
EIGENES_MARKUP = re.compile(r"<br>|<extra></extra>")


def alle_diagramme():
    gemeinsam = {"title": LINK, "subtitle": STIL, "alt_text": LINK, "table": TABELLE}
    return [
        bar_chart(
            slug="a",
            bars=[Bar(label=LINK, value=3, text=STIL, hover=STIL), Bar(label=STIL, value=1)],
            value_title=STIL,
            unit=LINK,
            height=300,
            **gemeinsam,
        ),
        grouped_bar_chart(
            slug="b",
            labels=[LINK, STIL],
            series=[Series(STIL, [1, 2], "#000000", texts=[LINK, STIL]), Series(LINK, [3, 4], "#111111")],
            value_title=LINK,
            height=300,
            **gemeinsam,
        ),
        stacked_bar_chart(
            slug="c",
            labels=[LINK],
            series=[Series(STIL, [1], "#000000")],
            value_title=STIL,
            height=300,
            **gemeinsam,
        ),
        donut_chart(
            slug="d",
            slices=[Slice(LINK, 1, "#000000", STIL), Slice(STIL, 2, "#111111", LINK)],
            centre=[LINK, STIL],
            **gemeinsam,
        ),
        line_chart(
            slug="e",
            name=STIL,
            x=["2022-05-16"],
            y=[1.0],
            customdata=[[LINK, 3]],
            hovertemplate="%{customdata[0]}: %{y}<extra></extra>",
            x_axis={"type": "date"},
            y_axis={"title": {"text": "Anteil"}},
            **gemeinsam,
        ),
    ]


def texte(wert):
    if isinstance(wert, str):
        yield wert
    elif isinstance(wert, dict):
        for v in wert.values():
            yield from texte(v)
    elif isinstance(wert, list):
        for v in wert:
            yield from texte(v)


def test_no_text_in_any_figure_carries_markup_of_its_own():
    for chart in alle_diagramme():
        for text in texte(chart.figure):
            assert "<" not in EIGENES_MARKUP.sub("", text), (chart.slug, text)
        assert "&lt;a href=" in json.dumps(chart.figure), chart.slug  # the names are there, as text


def test_caption_alternative_and_table_stay_plain_text_for_the_template_to_escape():
    for chart in alle_diagramme():
        assert (chart.title, chart.alt_text, chart.table.rows[0][0]) == (LINK, LINK, LINK)


def test_every_figure_is_valid_for_plotly():
    for chart in alle_diagramme():
        go.Figure(chart.figure)  # raises on any property plotly does not know


def test_chart_text_and_shorten():
    assert chart_text("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert shorten("x" * 50) == "x" * 41 + "…" and shorten("kurz") == "kurz"
