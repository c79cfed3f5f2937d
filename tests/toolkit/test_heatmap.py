"""toolkit.charts.heatmap_chart: a grid of coloured cells; every text is shown as text, the figure is plotly's."""

import plotly.graph_objects as go

from tests.toolkit.test_charts import EIGENES_MARKUP, LINK, STIL, TABELLE, texte
from toolkit.charts import HeatmapCell, heatmap_chart


def raster():
    return heatmap_chart(
        slug="raster",
        title=LINK,
        subtitle=STIL,
        alt_text=LINK,
        table=TABELLE,
        rows=[LINK, "Amt 33"],
        columns=[STIL, "insgesamt"],
        cells=[
            [HeatmapCell(75.0, "75 %", hover=LINK), HeatmapCell(None, "–")],
            [HeatmapCell(0.0, STIL), HeatmapCell(100.0, "100 %")],
        ],
        colors=("#e8eef6", "#003064"),
        value_range=(0, 100),
    )


def test_the_cells_keep_their_rows_columns_values_and_texts():
    chart = raster()
    (trace,) = chart.figure["data"]

    assert trace["type"] == "heatmap"
    assert trace["z"] == [[75.0, None], [0.0, 100.0]]  # None: an empty cell, not 0 %
    assert trace["y"] == ['&lt;a href="https://example.org"&gt;x&lt;/a&gt;', "Amt 33"]
    assert trace["text"][0] == ["75 %", "–"]
    assert trace["hovertext"][0][1] == "–" and trace["hovertext"][0][0].startswith("&lt;a href")
    assert (trace["zmin"], trace["zmax"]) == (0, 100)
    assert trace["colorscale"] == [[0, "#e8eef6"], [1, "#003064"]]
    assert chart.figure["layout"]["yaxis"]["autorange"] == "reversed"  # the first row on top
    assert chart.height == 240 and (chart.title, chart.table) == (LINK, TABELLE)


def test_no_text_in_the_heatmap_carries_markup_and_plotly_accepts_it():
    chart = raster()

    for text in texte(chart.figure):
        assert "<" not in EIGENES_MARKUP.sub("", text), text
    go.Figure(chart.figure)  # raises on any property plotly does not know
