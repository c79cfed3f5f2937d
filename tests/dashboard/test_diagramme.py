"""Every chart on every page: its numbers table shows exactly the chart's data; the figure reaches the page as a
JSON block, drawn by the one static script; plotly.js comes from the portal's static files with its own rules as
a stylesheet (so a CSP without inline styles works)."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from catalog.models import Erhebung
from toolkit.plotly_css import PLOTLY_JS, karten_stil_id, plotly_css

pytestmark = pytest.mark.django_db

FIGUR = re.compile(r'<figure class="diagramm[^"]*" id="(?P<id>[^"]+)".*?</figure>', re.S)
JSON_BLOCK = re.compile(r'<script id="(?P<id>[^"]+)-daten" type="application/json">(?P<json>.*?)</script>', re.S)
ZEILE = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
ZELLE = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


def zahl(text: str) -> float:
    """A German number as the table shows it: "2.400.000", "33,3 %", "−4", "±0"."""
    text = unescape(re.sub(r"<[^>]+>", "", text)).replace("\u202f%", "").replace("%", "").strip()
    text = text.replace("\u2212", "-").replace("±", "").replace(".", "").replace(",", ".")
    return float(text)


def diagramme_der_seite(content: str) -> dict[str, tuple[dict, list[list[str]]]]:
    """{chart id: (figure JSON, table rows as cell texts, header first)} of every chart on a page."""
    ergebnis = {}
    for figur in FIGUR.finditer(content):
        html = figur.group(0)
        block = JSON_BLOCK.search(html)
        assert block is not None and block.group("id") == figur.group("id")
        daten = json.loads(block.group("json"))
        tabelle = html[html.index('data-zahlen-fuer="') :]
        zeilen = [
            [unescape(re.sub(r"<[^>]+>", "", zelle)).strip() for zelle in ZELLE.findall(zeile)]
            for zeile in ZEILE.findall(tabelle)
        ]
        ergebnis[figur.group("id")] = (daten, zeilen)
    return ergebnis


def pruefe_tabelle_gegen_figur(daten: dict, zeilen: list[list[str]]) -> None:
    """The table's numbers are the figure's numbers, trace by trace."""
    kopf, koerper = zeilen[0], zeilen[1:]
    # a legend entry without a value (the status colours of bars coloured by status) names a colour of the table
    legende = [t for t in daten["data"] if t.get("x") == [None]]
    for eintrag in legende:
        assert any(eintrag["name"] in zeile for zeile in koerper), eintrag["name"]
    traces = [t for t in daten["data"] if t not in legende]
    erste = traces[0]
    if erste["type"] == "pie":
        assert [zahl(z[1]) for z in koerper[: len(erste["values"])]] == erste["values"]
        assert [z[0] for z in koerper[: len(erste["labels"])]] == erste["labels"]
    elif erste["type"] == "heatmap":  # a grid (the plan's timeline): each cell's text is the table's, row by row
        for zeile, texte in zip(koerper, erste["text"], strict=True):
            for spalte, text in zip(erste["x"], texte, strict=True):
                zelle = zeile[kopf.index(unescape(spalte))]
                assert text == "" and zahl(zelle) == 0 or text == zelle, (zeile[0], spalte)
    elif erste["type"] == "scatter":  # the weekly trend, and its forecast ("(Prognose)" rows, the second line)
        ist = [z for z in koerper if not z[0].endswith("(Prognose)")]
        prognose = [z for z in koerper if z[0].endswith("(Prognose)")]
        assert [zahl(z[3]) for z in ist] == pytest.approx(erste["y"], abs=0.051)
        assert [[z[0], zahl(z[1]), zahl(z[2])] for z in ist] == [
            [c[0], float(c[1]), float(c[2])] for c in erste["customdata"]
        ]
        if prognose:
            fortsetzung = traces[1]  # its first point is the last Sunday of the window, already in the table
            assert [zahl(z[3]) for z in prognose] == pytest.approx(fortsetzung["y"][1:], abs=0.051)
            assert [[z[0], z[1]] for z in prognose] == [
                [f"{c[0]} (Prognose)", c[1]] for c in fortsetzung["customdata"][1:]
            ]
    elif len(traces) == 1:  # one bar per row
        assert [zahl(z[1]) for z in koerper] == erste["x"]
        labels = erste.get("hovertext") or erste["y"]
        assert [z[0] for z in koerper] == labels
    else:  # one trace per column (stacked or grouped bars)
        for trace in traces:
            spalte = kopf.index(trace["name"])
            assert [zahl(z[spalte]) for z in koerper] == trace["x"], trace["name"]
            assert [z[0] for z in koerper] == trace["y"]


def test_every_chart_on_every_page_has_its_numbers_as_a_table(angemeldet, baue_katalog):
    baue_katalog(4)
    mai = Erhebung.objects.get(stichtag__month=5)
    seiten = [
        reverse("dashboard:uebersicht") + "?stichtag=2022-05-15",
        reverse("dashboard:aemter"),
        reverse("dashboard:amt", args=[33]),
        reverse("dashboard:fallzahlen"),
        reverse("dashboard:erhebungen"),
        reverse("dashboard:erhebung", args=[mai.pk]),
        reverse("planung:plan"),
    ]
    gesehen = []
    for url in seiten:
        content = angemeldet.get(url).content.decode()
        diagramme = diagramme_der_seite(content)
        assert diagramme, url
        for kennung, (daten, zeilen) in diagramme.items():
            pruefe_tabelle_gegen_figur(daten, zeilen)
            gesehen.append(kennung)
        assert '<script src="/static/plotly/plotly.min.js" defer></script>' in content
        assert '<script src="/static/toolkit/charts.js" defer></script>' in content
    assert {"status", "online", "trend", "trichter", "fallzahlen", "aemter", "erhebungen", "zeitplan"} <= set(gesehen)


def test_a_chart_says_what_it_counts_and_as_of_when_and_has_a_german_text_alternative(angemeldet, baue_katalog):
    baue_katalog(3)

    content = angemeldet.get(reverse("dashboard:uebersicht"), {"stichtag": "2022-05-15"}).content.decode()

    figur = next(f.group(0) for f in FIGUR.finditer(content) if f.group("id") == "online")
    assert '<span class="diagramm__titel" id="online-titel">Online verfügbar und noch umzusetzen</span>' in figur
    assert "6 LeiKa-Leistungen, die von Wiesbaden umzusetzen sind" in figur and "Stand 15.05.2022" in figur
    assert 'aria-describedby="online-alternativtext"' in figur
    assert "Ringdiagramm, Stand 15.05.2022: online verfügbar 2 (33\u202f%), noch umzusetzen 4 (67\u202f%)." in figur
    assert "<summary>Zahlen zum Diagramm „Online verfügbar und noch umzusetzen“</summary>" in figur


def test_figures_use_german_separators_and_the_statuses_own_colours(angemeldet, baue_katalog, statuses):
    baue_katalog(2)

    charts = {d.slug: d for d in angemeldet.get(reverse("dashboard:uebersicht")).context["charts"]}

    for chart in charts.values():
        assert chart.figure["layout"]["separators"] == ",."
    farben = charts["status"].figure["data"][0]["marker"]["color"]
    assert farben == [statuses[n].farbe for n in ("Abgeschlossen", "Umsetzung", "Digitalisierungsfabrik", "Wartend")]


def test_the_plotly_stylesheet_matches_the_installed_plotly_js():
    datei = Path(settings.BASE_DIR) / "toolkit" / "static" / "toolkit" / "plotly.css"

    assert datei.read_text(encoding="utf-8") == plotly_css(PLOTLY_JS.read_text(encoding="utf-8")), (
        "toolkit/static/toolkit/plotly.css ist veraltet: "
        ".venv/bin/python -m toolkit.plotly_css > toolkit/static/toolkit/plotly.css"
    )


def test_the_base_layout_keeps_plotlys_map_library_from_writing_a_style_element():
    basis = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text(encoding="utf-8")

    assert f'<template id="{karten_stil_id(PLOTLY_JS.read_text(encoding="utf-8"))}"></template>' in basis


def test_the_chart_script_sets_german_locale_and_no_logo_or_link_out():
    skript = (Path(settings.BASE_DIR) / "toolkit" / "static" / "toolkit" / "charts.js").read_text(encoding="utf-8")

    for einstellung in ('locale: "de"', "displaylogo: false", "showLink: false", "showSendToCloud: false"):
        assert einstellung in skript
    assert '"Download plot as a PNG": "Diagramm als PNG-Bild herunterladen"' in skript
    assert 'decimal: ","' in skript and 'thousands: "."' in skript


@pytest.fixture
def alle_diagramme(angemeldet, baue_katalog):
    """(page, chart id, figure) of every chart on every page with charts, in presentation mode where it exists."""
    baue_katalog(4)
    mai = Erhebung.objects.get(stichtag__month=5)
    seiten = [
        reverse("dashboard:uebersicht") + "?praesentation=1",
        reverse("dashboard:aemter") + "?praesentation=1",
        reverse("dashboard:amt", args=[33]) + "?praesentation=1",
        reverse("dashboard:fallzahlen") + "?praesentation=1",
        reverse("dashboard:erhebungen"),
        reverse("dashboard:erhebung", args=[mai.pk]),
    ]
    return [
        (url, kennung, daten)
        for url in seiten
        for kennung, (daten, _) in diagramme_der_seite(angemeldet.get(url).content.decode()).items()
    ]


def test_no_chart_lets_plotly_round_a_share_on_its_own(alle_diagramme):
    """plotly's %{percent:.0%} rounds 12.5 % to 13 %, the portal's text used to say 12 %: the labels take the
    portal's formatted shares as text instead."""
    torten = 0
    for url, kennung, daten in alle_diagramme:
        for trace in daten["data"]:
            vorlagen = json.dumps([trace.get("texttemplate"), trace.get("hovertemplate")])
            assert "percent" not in vorlagen and ":.0%" not in vorlagen, (url, kennung, vorlagen)
            if trace["type"] == "pie":
                torten += 1
                assert trace["texttemplate"] == "%{value:,d}<br>%{text}" and len(trace["text"]) == 2
    assert torten >= 2


def test_every_axis_makes_room_for_its_tick_labels_and_title(alle_diagramme):
    """In presentation mode the fonts grow 1.6-fold; with a fixed margin the axis title sat over the tick labels."""
    achsen = []
    for url, kennung, daten in alle_diagramme:
        for name, achse in daten["layout"].items():
            if name.startswith(("xaxis", "yaxis")):
                assert achse.get("automargin") is True, (url, kennung, name)
                achsen.append((kennung, name))
    assert {("status", "xaxis"), ("fallzahlen", "xaxis"), ("aemter", "xaxis"), ("trend", "xaxis")} <= set(achsen)
