"""The chart builders: every text that reaches plotly is shown as text; figures pass plotly's own schema."""

import json
import re

import plotly.graph_objects as go

from toolkit.charts import (
    Band,
    Bar,
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
            totals=[STIL],
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
        line_band_chart(
            slug="f",
            lines=[
                Line(STIL, ["2022-05-16"], [1.0], [[LINK]], "%{customdata[0]}<extra></extra>"),
                Line(LINK, ["2022-05-23"], [2.0], [[STIL]], "%{customdata[0]}<extra></extra>", dash="dash"),
            ],
            band=Band(LINK, ["2022-05-23"], [1.5], [2.5], "rgba(0, 0, 0, 0.2)"),
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


SCHLICHT = {"title": "t", "subtitle": "s", "alt_text": "a", "table": TABELLE}


def test_a_line_band_chart_has_its_lines_first_and_the_band_as_one_closed_area():
    chart = line_band_chart(
        slug="prognose",
        **SCHLICHT,
        lines=[
            Line("Ist", ["2022-05-02", "2022-05-09"], [1.0, 2.0], [["KW 18"], ["KW 19"]], "%{customdata[0]}"),
            Line("Prognose", ["2022-05-09", "2022-05-16", "2022-05-23"], [2.0, 3.0, 4.0], [[""]] * 3, "", dash="dash"),
        ],
        band=Band("Band (80 %)", ["2022-05-09", "2022-05-16", "2022-05-23"], [2.0, 2.5, 3.0], [2.0, 3.5, 5.0], "red"),
        x_axis={"type": "date"},
        y_axis={},
    )
    ist, prognose, band = chart.figure["data"]
    assert (ist["name"], ist["y"], ist["line"]["dash"]) == ("Ist", [1.0, 2.0], "solid")
    assert (prognose["name"], prognose["line"]["dash"]) == ("Prognose", "dash")
    # upper edge forward, lower edge backward: one polygon
    assert band["x"] == ["2022-05-09", "2022-05-16", "2022-05-23", "2022-05-23", "2022-05-16", "2022-05-09"]
    assert band["y"] == [2.0, 3.5, 5.0, 3.0, 2.5, 2.0]
    assert (band["fill"], band["fillcolor"], band["hoverinfo"]) == ("toself", "red", "skip")
    assert chart.figure["layout"]["showlegend"] is True


def test_a_line_band_chart_without_a_band_has_only_its_lines():
    chart = line_band_chart(
        slug="x",
        **SCHLICHT,
        lines=[Line("Ist", ["2022-05-02"], [1.0], [[1]], "")],
        band=None,
        x_axis={},
        y_axis={},
    )
    assert [t["name"] for t in chart.figure["data"]] == ["Ist"]


def test_a_stacked_bar_shows_each_segments_value_and_its_total_after_the_bar():
    chart = stacked_bar_chart(
        slug="s",
        labels=["33 Bürgeramt", "51 Jugend und Familie"],
        series=[Series("online", [12.5, 1], "#1d6b3a"), Series("offen", [3, 0], "#8a4b08")],
        value_title="Anzahl",
        value_format=".1f",
        totals=["15,5 (81 % online)", "1 (100 % online)"],
        title="t",
        subtitle="u",
        alt_text="a",
        table=TABELLE,
    )

    daten, layout = chart.figure["data"], chart.figure["layout"]
    # the value in the middle of each segment, written like the hover text (".1f" → 12,5 with the layout's
    # German separators); a segment too narrow for 11 px type shows none
    assert {(t["texttemplate"], t["textposition"], t["insidetextanchor"], t["textangle"]) for t in daten} == {
        ("%{x:.1f}", "inside", "middle", 0)
    }
    assert layout["uniformtext"] == {"mode": "hide", "minsize": 11} and layout["separators"] == ",."
    # the total after each bar, with room for it on the value axis
    assert [(a["x"], a["y"], a["text"], a["xanchor"]) for a in layout["annotations"]] == [
        (15.5, "33 Bürgeramt", "15,5 (81 % online)", "left"),
        (1, "51 Jugend und Familie", "1 (100 % online)", "left"),
    ]
    assert layout["xaxis"]["range"] == [0, 15.5 * 1.25 + 1]
    assert layout["legend"]["traceorder"] == "normal"  # the legend in the order of the segments


def test_a_stacked_bar_with_a_fixed_value_axis_keeps_it():
    chart = stacked_bar_chart(
        slug="s",
        labels=["x"],
        series=[Series("a", [60], "#000000")],
        value_title="Gesamtwert",
        value_axis={"range": [0, 100]},
        totals=["60,0"],
        title="t",
        subtitle="u",
        alt_text="a",
        table=TABELLE,
    )

    assert chart.figure["layout"]["xaxis"]["range"] == [0, 100]


def test_a_donut_writes_its_segment_labels_horizontally():
    chart = donut_chart(
        slug="d",
        slices=[Slice("a", 1, "#000000", "50 %")],
        centre=["50 %"],
        title="t",
        subtitle="u",
        alt_text="a",
        table=TABELLE,
    )

    assert chart.figure["data"][0]["insidetextorientation"] == "horizontal"
