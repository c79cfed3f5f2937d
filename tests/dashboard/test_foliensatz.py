"""/bericht/foliensatz.pptx: the status slides for a meeting, opened with python-pptx as PowerPoint opens them.

The charts are native chart objects with their data; the tests read that data and compare it with the selectors the
pages use (and with the page and the JSON), check the German formats and the status colours, the captions, the
German 400 for bad parameters, and that the number of queries does not grow with the data.
"""

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pptx import Presentation
from pptx.enum.chart import XL_LABEL_POSITION, XL_TICK_LABEL_POSITION
from pptx.oxml.ns import qn
from pptx.util import Inches

from catalog.models import Erhebung, MonitorEbene, OzgMonitorWert
from catalog.selectors import (
    efa_fortschritt_am,
    groesste_fallzahlen_am,
    status_stand,
    status_stand_nach_amt,
    trichter,
    vergleich,
    wochenverlauf,
)
from dashboard.foliensatz.daten import aemter_sortiert
from scorecard.selectors import rangliste
from tests.dashboard.conftest import text_von
from tests.scorecard.conftest import BEISPIEL, BESTE, Scorecard
from toolkit.formatting import format_week, round_half_up

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:foliensatz")
D = dt.date
STICHTAG = D(2022, 5, 15)


@pytest.fixture
def sitzung(baue_katalog):
    """A small catalogue with history, the two Erhebungen, two rated Leistungen, the Monitor's KW 19/2022."""
    leistungen = baue_katalog(3)
    scorecard = Scorecard()
    scorecard.bewerte(leistungen[0], BESTE)
    scorecard.bewerte(leistungen[3], BEISPIEL)
    for ebene, online, gesamt in ((MonitorEbene.LAND, 210, 426), (MonitorEbene.KOMMUNEN, 139, 314)):
        OzgMonitorWert.objects.create(jahr=2022, kw=19, ebene=ebene, online=online, gesamt=gesamt)
    return {"dez": Erhebung.objects.get(name="Erhebungsstand Dez. 2021 (3)"), "leistungen": leistungen}


def oeffnen(response):
    assert response.status_code == 200, response.content[:500]
    return Presentation(io.BytesIO(response.content))


def diagramme(praesentation) -> dict:
    """Every chart by its name (the shape's name), with the slide it stands on."""
    gefunden = {}
    for folie in praesentation.slides:
        for shape in folie.shapes:
            if shape.has_chart:
                gefunden[shape.name] = (shape.chart, folie)
    return gefunden


def werte(chart, reihe: int = 0) -> list:
    return list(chart.plots[0].series[reihe].values)


def kategorien(chart) -> list:
    return list(chart.plots[0].categories)


def farben(chart) -> list[str]:
    series = chart.plots[0].series[0]
    return [f"#{series.points[i].format.fill.fore_color.rgb}".lower() for i in range(len(series.values))]


def text(folie) -> str:
    return " ".join(shape.text_frame.text for shape in folie.shapes if shape.has_text_frame)


def test_the_foliensatz_has_native_charts_with_the_figures_of_the_selectors(angemeldet, sitzung):
    dez = sitzung["dez"]
    response = angemeldet.get(URL, {"stichtag": "2022-05-15", "vergleich": dez.pk})

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert response["Content-Disposition"] == 'attachment; filename="ozg-foliensatz-2022-05-15.pptx"'
    praesentation = oeffnen(response)
    assert (praesentation.slide_width, praesentation.slide_height) == (Inches(13.333), Inches(7.5))  # 16:9
    charts = diagramme(praesentation)
    assert set(charts) == {
        "Trichter",
        "Status am Stichtag",
        "Änderung seit der Erhebung",
        "Status je Amt",
        "Anteil online je Kalenderwoche",
        "EfA-Fortschritt",
        "Anträge pro Jahr",
        "Scorecard-Rangliste",
        "OZG-Monitor und Wiesbaden",
    }
    for chart, _ in charts.values():  # native charts: their data travels in an embedded workbook
        assert chart.part.chart_workbook.xlsx_part is not None

    stand = status_stand(stichtag=STICHTAG)
    status, _ = charts["Status am Stichtag"]
    assert kategorien(status) == [z.bezeichnung for z in stand.status]
    assert werte(status) == [z.anzahl for z in stand.status]
    assert farben(status) == [z.farbe.lower() for z in stand.status]  # the statuses' own colours
    assert status.plots[0].data_labels.number_format == "#,##0"

    v = vergleich(alt=dez, neu=STICHTAG)
    aenderung, _ = charts["Änderung seit der Erhebung"]
    assert werte(aenderung) == [next(s.differenz for s in v.status if s.status_id == z.status_id) for z in stand.status]
    assert aenderung.plots[0].data_labels.number_format == '+#,##0;"\u2212"#,##0;"±"0'

    funnel, _ = charts["Trichter"]
    assert [werte(funnel, 0), werte(funnel, 1)] == [
        [s.leistungsbuendel for s in trichter()],
        [s.leistungen for s in trichter()],
    ]

    gruppen = aemter_sortiert(status_stand_nach_amt(stichtag=STICHTAG))
    aemter, _ = charts["Status je Amt"]
    # the Ämter by number and short name, as the Ämter page's chart names them (no Kurzname in the fixture)
    assert kategorien(aemter) == [g.kurzbezeichnung for g in gruppen]
    seite = angemeldet.get(reverse("dashboard:aemter"), {"stichtag": "2022-05-15"}).context["charts"][0]
    assert kategorien(aemter) == seite.figure["data"][0]["y"]
    assert "33 Bürgeramt" in kategorien(aemter) and "51 Jugend und Familie" in kategorien(aemter)
    for series in aemter.plots[0].series:
        assert list(series.values) == [g.stand.anzahl_von(series.name) for g in gruppen], series.name
    assert sum(sum(s.values) for s in aemter.plots[0].series) == stand.anzahl

    wochen = wochenverlauf(von=STICHTAG - dt.timedelta(weeks=52), bis=STICHTAG).wochen
    trend, _ = charts["Anteil online je Kalenderwoche"]
    # the weeks as the page names them (ISO calendar weeks), not as dates
    assert kategorien(trend) == [format_week(w.montag) for w in wochen] and kategorien(trend)[-1] == "KW 19/2022"
    assert werte(trend) == pytest.approx([w.stand.online_anteil for w in wochen])
    assert trend.value_axis.tick_labels.number_format == "0 %"

    efa, _ = charts["EfA-Fortschritt"]
    booster = [b for b in efa_fortschritt_am(STICHTAG) if b.ozg_booster and b.umzusetzen]
    assert [s.name for s in efa.plots[0].series] == ["alle Leistungen online", "teilweise online", "noch keine online"]
    assert [s.values[0] for s in efa.plots[0].series] == [
        sum(b.erledigt == b.umzusetzen for b in booster),
        sum(0 < b.erledigt < b.umzusetzen for b in booster),
        sum(b.erledigt == 0 for b in booster),
    ]

    fallzahlen, _ = charts["Anträge pro Jahr"]
    top = groesste_fallzahlen_am(STICHTAG)
    assert werte(fallzahlen) == [t.fallzahl for t in top] and kategorien(fallzahlen) == [t.bezeichnung for t in top]

    ranking, _ = charts["Scorecard-Rangliste"]
    zeilen = [z for z in rangliste().zeilen if z.rang is not None]
    assert werte(ranking) == [float(round_half_up(z.gesamt, 1)) for z in zeilen] == [100.0, 71.7]
    assert ranking.plots[0].data_labels.number_format == "0.0"  # 71,7 in a German PowerPoint
    assert kategorien(ranking) == [f"{z.rang}. {z.bezeichnung} ({z.amt_kurzbezeichnung})" for z in zeilen]
    assert all(k.endswith(("(33 Bürgeramt)", "(51 Jugend und Familie)")) for k in kategorien(ranking))

    monitor, folie = charts["OZG-Monitor und Wiesbaden"]
    assert kategorien(monitor) == ["KW 19/2022"]
    assert [s.name for s in monitor.plots[0].series] == ["Hessen: Kommunen", "Hessen: Landesbehörden", "Wiesbaden"]
    assert [s.values[0] for s in monitor.plots[0].series] == pytest.approx([139 / 314, 210 / 426, stand.online_anteil])
    assert "349 online verfügbar (47\u202f%), 391 noch umzusetzen (53\u202f%) von 740 Leistungen" in text(folie)


def test_every_slide_says_base_stichtag_and_source_and_the_title_slide_names_the_comparison(angemeldet, sitzung):
    praesentation = oeffnen(angemeldet.get(URL, {"stichtag": "15.05.2022", "vergleich": sitzung["dez"].pk}))
    folien = list(praesentation.slides)

    assert "Stand 15.05.2022 (KW 19/2022)" in text(folien[0])
    assert "Änderungen seit „Erhebungsstand Dez. 2021 (3)“ (01.12.2021)" in text(folien[0])
    for nummer, folie in enumerate(folien[1:], start=2):
        (beschriftung,) = [s for s in folie.shapes if s.name == "Beschriftung"]
        inhalt = beschriftung.text_frame.text
        assert "Basis" in inhalt or "Hessen:" in inhalt, nummer
        assert "15.05.2022" in inhalt or "Stand: heute" in inhalt or "Stand: der Katalog" in inhalt, nummer
        assert "Quelle" in inhalt, nummer
        assert f"Folie {nummer}" in text(folie)


def test_file_page_and_json_give_the_same_numbers_for_the_same_stichtag(angemeldet, sitzung):
    charts = diagramme(oeffnen(angemeldet.get(URL, {"stichtag": "2022-05-15"})))
    seite = angemeldet.get(reverse("dashboard:uebersicht"), {"stichtag": "2022-05-15"})
    json = angemeldet.get(reverse("dashboard:kennzahlen_json"), {"stichtag": "2022-05-15"}).json()

    status, _ = charts["Status am Stichtag"]
    aenderung, _ = charts["Änderung seit der Erhebung"]
    tabelle = seite.context["charts"][0].table.rows
    datei = dict(zip(kategorien(status), werte(status), strict=True))
    assert datei == {z["bezeichnung"]: z["anzahl"] for z in json["status"]}
    assert {name: f"{int(anzahl):,}".replace(",", ".") for name, anzahl in datei.items()} == {
        z[0]: z[1] for z in tabelle
    }
    # without ?vergleich= the file compares as the page does: with the last Erhebung before the Stichtag
    differenzen = [int(d) for d in werte(aenderung)]
    assert [z[3] for z in tabelle] == [f"+{d}" if d > 0 else f"\u2212{-d}" if d < 0 else "±0" for d in differenzen]


def test_the_number_of_queries_does_not_grow_with_the_data(angemeldet, baue_katalog):
    def zaehlen():
        with CaptureQueriesContext(connection) as queries:
            assert angemeldet.get(URL, {"stichtag": "2022-05-15"}).status_code == 200
        return len(queries)

    baue_katalog(2)
    klein = zaehlen()
    baue_katalog(12)  # seven times the Leistungen and history, twice the Erhebungen
    assert zaehlen() == klein


@pytest.mark.parametrize(
    ("parameter", "meldung"),
    [
        ({"stichtag": "gestern"}, "Der Parameter „stichtag“ ist kein gültiges Datum: „gestern“."),
        ({"stichtag": "2999-01-01"}, "Der Stichtag 01.01.2999 liegt in der Zukunft"),
        ({"vergleich": "Dezember"}, "Der Parameter „vergleich“ muss die Nummer einer Erhebung sein"),
        ({"vergleich": "999999"}, "Eine Erhebung mit der Nummer 999999 gibt es nicht."),
        ({"stichtag": "2022-01-01", "vergleich": "mai"}, "liegt nach dem Stichtag 01.01.2022"),
    ],
)
def test_a_bad_parameter_is_a_german_400_page(angemeldet, sitzung, parameter, meldung):
    if parameter.get("vergleich") == "mai":
        parameter = {**parameter, "vergleich": Erhebung.objects.get(name="Erhebungsstand Mai 2022 (3)").pk}

    response = angemeldet.get(URL, parameter)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Foliensatz nicht möglich" in text_von(response) and meldung in text_von(response)


def test_an_empty_portal_still_gets_a_foliensatz_that_says_what_is_missing(angemeldet):
    praesentation = oeffnen(angemeldet.get(URL))
    inhalt = " ".join(text(folie) for folie in praesentation.slides)

    assert "ohne Vergleich: vor dem Stichtag gibt es keine Erhebung" in inhalt
    assert "Keine Werte für diesen Stichtag." in inhalt  # Ämter, Fallzahlen, Scorecard
    assert "sind keine Werte des Hessischen OZG-Monitors erfasst" in inhalt


def test_the_overview_offers_the_foliensatz_with_the_erhebungen_before_the_stichtag(angemeldet, sitzung):
    response = angemeldet.get(reverse("dashboard:uebersicht"), {"stichtag": "2022-05-15"})
    auswahl = response.context["foliensatz"]
    html = response.content.decode()

    assert f'action="{URL}"' in html and 'name="stichtag" value="2022-05-15"' in html
    assert [name for _, name in auswahl.erhebungen] == [
        "Erhebungsstand Mai 2022 (3) (15.05.2022)",
        "Erhebungsstand Dez. 2021 (3) (01.12.2021)",
    ]
    assert auswahl.gewaehlt == sitzung["dez"].pk  # as the page compares: with the last Erhebung before the day
    assert f'<option value="{sitzung["dez"].pk}" selected>' in html
    assert "Foliensatz herunterladen (.pptx)" in text_von(response)


def test_change_labels_keep_clear_of_the_status_names_and_the_week_axis_reads_kw(angemeldet, sitzung):
    """Slide 3: a negative change's label ("−121") stands beside its bar, not over the status name; slide 5: the
    axis labels are calendar weeks ("KW 49/2025"), as on the page."""
    praesentation = oeffnen(angemeldet.get(URL, {"stichtag": "2022-05-15", "vergleich": sitzung["dez"].pk}))
    charts = diagramme(praesentation)

    aenderung, _ = charts["Änderung seit der Erhebung"]
    differenzen = werte(aenderung)
    assert min(differenzen) < 0 < max(differenzen)  # the fixture has both directions
    achse = aenderung.value_axis
    spanne = max(max(differenzen), 0) - min(min(differenzen), 0)
    # the status names stand left of the plot area, and the axis leaves room for a label beyond each bar's end
    assert aenderung.category_axis.tick_label_position == XL_TICK_LABEL_POSITION.LOW
    assert aenderung.plots[0].data_labels.position == XL_LABEL_POSITION.OUTSIDE_END
    assert achse.minimum_scale <= min(differenzen) - 0.25 * spanne
    assert achse.maximum_scale >= max(differenzen) + 0.25 * spanne

    trend, _ = charts["Anteil online je Kalenderwoche"]
    assert all(re.fullmatch(r"KW \d{1,2}/\d{4}", k) for k in kategorien(trend)), kategorien(trend)
    assert trend.category_axis._element.tag.endswith("catAx")  # text categories, no date axis
    skip = trend.category_axis._element.find(qn("c:tickLblSkip"))
    assert skip is not None and int(skip.get("val")) == 4  # every fourth week labelled, as on the page


def test_the_funnel_slide_says_its_last_step_includes_the_leistungen_the_status_slide_leaves_out(
    angemeldet, sitzung, statuses
):
    from catalog.services import leistung_status_setzen

    leistung_status_setzen(
        leistung=sitzung["leistungen"][1], status=statuses["Nicht relevant"], gueltig_ab=timezone.localdate()
    )
    praesentation = oeffnen(angemeldet.get(URL))
    charts = diagramme(praesentation)
    funnel, folie = charts["Trichter"]
    status, _ = charts["Status am Stichtag"]

    assert werte(funnel, 1)[-1] == sum(werte(status)) + 1  # 6 in the funnel, 5 in the status figures
    assert "von Wiesbaden umzusetzen: 6 (davon 1 Leistung mit Status „Nicht relevant“)" in text(folie)
    assert "auch 1 Leistung mit Status „Nicht relevant“, die die Statuszahlen der folgenden Folien nicht zählen" in (
        text(folie)
    )
