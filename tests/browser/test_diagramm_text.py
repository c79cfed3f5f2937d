"""Text that reaches a chart is shown as text, in every chart: plotly.js reads ``<a href>``, ``<span style>``, ``<b>``
in labels as markup, so a Leistung, status or Erhebung named like that became a link or styled text on ``/`` and
``/fallzahlen/``. Checked in Chromium (no ``<a>`` element in any drawn chart, also not in hover labels) and in
the JSON each page embeds (the names arrive escaped)."""

import datetime as dt
import json
import re

import pytest
from django.contrib.auth.models import User

from tests.browser.conftest import verstoesse
from tests.browser.test_barrierefreiheit import anmelden, warte_auf_diagramme

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LINK = '<a href="https://example.org">x</a>'
STIL = '<span style="color:red">Wartend</span>'
JSON_BLOCK = re.compile(r'<script id="[^"]+-daten" type="application/json">(.*?)</script>', re.S)


@pytest.fixture
def boese_namen(browser_daten, make_leistung, statuses):
    """Beside the browser tests' catalogue: a Leistung, a status and an Erhebung whose names are markup."""
    from catalog.models import Status
    from catalog.services import erhebung_anlegen, leistung_status_setzen
    from scorecard.models import Kriterium
    from scorecard.services import Antwort, leistungen_bewerten

    stil = Status.objects.create(bezeichnung=STIL, farbe="#555555", reihenfolge=35, bedeutung="wartend")
    link = make_leistung(bezeichnung=LINK, antraege_pro_jahr=9000)
    andere = make_leistung(bezeichnung="Leistung 2", antraege_pro_jahr=100)
    leistung_status_setzen(leistung=link, status=stil, gueltig_ab=dt.date(2021, 11, 1))
    leistung_status_setzen(leistung=andere, status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2021, 11, 1))
    erhebung = erhebung_anlegen(name=f"Erhebung {LINK}", stichtag=dt.date(2022, 5, 15))
    kriterien = list(Kriterium.objects.prefetch_related("optionen"))
    leistungen_bewerten(bewertungen={link: {k: Antwort(option=k.optionen.first()) for k in kriterien}})
    return {"erhebung": erhebung}


def seiten(daten) -> list[str]:
    return [
        "/",
        "/aemter/",
        "/aemter/33/",
        "/fallzahlen/",
        "/erhebungen/",
        f"/erhebungen/{daten['erhebung'].pk}/",
        "/priorisierung/",
    ]


def test_markup_in_names_is_text_in_every_chart_and_its_hover_labels(boese_namen, kontext):
    # boese_namen first: the data is written before the browser starts (see the kontext fixture)
    page = kontext.new_page()
    anmelden(page)
    gezeigt = 0
    for url in seiten(boese_namen):
        assert page.goto(url).status == 200, url
        warte_auf_diagramme(page)
        # every point of every trace hovered once, so that plotly draws its hover labels too
        page.evaluate(
            """() => document.querySelectorAll('.js-plotly-plot').forEach((gd) => {
                 gd.data.forEach((trace, n) => {
                   const punkte = (trace.labels || trace.y || trace.x || []).length;
                   for (let i = 0; i < punkte; i++) {
                     try { window.Plotly.Fx.hover(gd, [{curveNumber: n, pointNumber: i}]); } catch (e) {}
                   }
                 });
               })"""
        )
        assert page.locator(".diagramm__flaeche a").count() == 0, url
        assert (
            page.locator(".diagramm__flaeche [style*='color:red'], .diagramm__flaeche [style*='color: red']").count()
            == 0
        ), url
        texte = page.evaluate(
            "Array.from(document.querySelectorAll('.diagramm__flaeche svg text')).map((t) => t.textContent)"
        )
        gezeigt += sum(LINK in t or STIL in t for t in texte)
        assert verstoesse(page) == [], (url, verstoesse(page))
    assert gezeigt >= len(seiten(boese_namen))  # the names are there, as text


def test_the_embedded_chart_json_carries_the_names_escaped(client, boese_namen):
    client.force_login(User.objects.get(username="leitung"))
    for url in seiten(boese_namen):
        html = client.get(url).content.decode()
        blocks = [json.loads(block) for block in JSON_BLOCK.findall(html)]
        assert blocks, url
        texte = json.dumps(blocks, ensure_ascii=False)
        assert "<a href" not in texte and "<span style" not in texte, url
        assert "&lt;a href=" in texte or "&lt;span style=" in texte, url
