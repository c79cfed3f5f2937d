"""/planung/, the forecast on the overview and /daten/prognose.json say the same: the same pace, the same week of
100 %, the same continuation and band, for today and for a past Stichtag with a chosen window."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.services import leistung_status_setzen
from planung.quartal import letzter_sonntag
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db


@pytest.fixture
def angemeldet(client, leitung):
    client.force_login(leitung)
    return client


@pytest.fixture
def verlauf(make_leistung, statuses):
    """Twelve services waiting since 2021; in the last 20 weeks before today and around 15.05.2022 some go online
    (one comes back), so that both windows have a pace and a spread."""
    leistungen = [make_leistung() for _ in range(12)]
    for leistung in leistungen:
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    sonntag = letzter_sonntag(timezone.localdate())
    tage = [sonntag - dt.timedelta(weeks=w) for w in (19, 15, 11, 8, 4, 1)]
    tage += [dt.date(2022, 3, 1), dt.date(2022, 4, 12), dt.date(2022, 5, 3)]
    for leistung, tag in zip(leistungen, tage, strict=False):
        leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=tag)
    leistung_status_setzen(
        leistung=leistungen[0], status=statuses["Umsetzung"], gueltig_ab=sonntag - dt.timedelta(weeks=2)
    )
    return leistungen


def aus_dem_diagramm(response) -> list[float]:
    trend = next(c for c in response.context["charts"] if c.slug == "trend")
    return trend.figure["data"][1]["y"][1:]  # the forecast line, after its anchor on the window's last Sunday


def test_plan_page_overview_and_json_agree_today(angemeldet, verlauf):
    seite = angemeldet.get(reverse("planung:plan"))
    uebersicht = angemeldet.get(reverse("dashboard:uebersicht"))
    daten = angemeldet.get(reverse("planung:prognose_json")).json()

    p_seite, p_uebersicht = seite.context["prognose"], uebersicht.context["prognose"]
    assert p_seite.ziel is not None and p_seite.ziel == p_uebersicht.ziel
    assert daten["hundert_prozent"]["sonntag"] == p_seite.ziel.isoformat()
    assert daten["tempo"]["leistungen_je_woche"] == pytest.approx(float(p_seite.tempo), abs=0.005)
    assert (
        p_seite.tempo == p_uebersicht.tempo
        and p_seite.online == p_uebersicht.online == daten["online_verfuegbar"]["anzahl"]
    )
    # the same words on both pages, the same continuation in the chart as in the JSON
    satz = f"100 % in {daten['hundert_prozent']['kalenderwoche']}"
    assert satz in text_von(seite) and satz in text_von(uebersicht)
    assert aus_dem_diagramm(uebersicht) == [p["anteil_prozent"] for p in daten["fortsetzung"]]
    assert satz in next(c for c in uebersicht.context["charts"] if c.slug == "trend").subtitle


def test_overview_and_json_agree_for_a_past_stichtag_and_a_chosen_window(angemeldet, verlauf):
    parameter = {"stichtag": "2022-05-18", "fenster": "13"}
    uebersicht = angemeldet.get(reverse("dashboard:uebersicht"), parameter)
    daten = angemeldet.get(reverse("planung:prognose_json"), parameter).json()

    p = uebersicht.context["prognose"]
    # the window: 13 weeks up to the Sunday before the Wednesday 18.05.2022
    assert (p.bis, p.wochen) == (dt.date(2022, 5, 15), 13)
    assert daten["fenster"]["bis"]["sonntag"] == "2022-05-15" and daten["fenster"]["wochen"] == 13
    assert daten["stand"] == "2022-05-18"
    assert (daten["online_verfuegbar"]["anzahl"], daten["noch_umzusetzen"]) == (p.online, p.offen) == (3, 9)
    assert daten["hundert_prozent"]["sonntag"] == p.ziel.isoformat()
    assert aus_dem_diagramm(uebersicht) == [punkt["anteil_prozent"] for punkt in daten["fortsetzung"]]
    trend = next(c for c in uebersicht.context["charts"] if c.slug == "trend")
    band = trend.figure["data"][2]
    weite = len(daten["fortsetzung"]) + 1  # the polygon: upper edge forward, lower edge back, with the anchor
    assert band["y"][1:weite] == [punkt["anteil_oben_prozent"] for punkt in daten["fortsetzung"]]
    assert "im Tempo der letzten 13 Wochen" in trend.subtitle and "Band 80 %" in trend.subtitle
    assert "Prognose für 52 Wochen" in trend.subtitle
    assert "fenster=13" in text_von(uebersicht) or "fenster=13" in uebersicht.content.decode()


def test_a_bad_window_on_the_overview_shows_the_default_forecast_with_a_german_message(angemeldet, verlauf):
    response = angemeldet.get(reverse("dashboard:uebersicht"), {"fenster": "3"})

    assert response.status_code == 200
    assert response.context["prognose"].fenster == 26
    assert (
        "Der Parameter „fenster“ muss eine ganze Zahl von Wochen zwischen 4 und 260 sein, nicht „3“. Gezeigt wird "
        "die Prognose mit 26 Wochen." in text_von(response)
    )
