"""/daten/prognose.json: the forecast's figures as the selector computes them, and German 400 errors."""

import datetime as dt

import pytest
from django.urls import reverse

from catalog.services import leistung_status_setzen
from planung.selectors import prognose

pytestmark = pytest.mark.django_db
URL = reverse("planung:prognose_json")


@pytest.fixture
def leser(client, leitung):
    client.force_login(leitung)
    return client


def test_the_json_has_method_window_pace_band_and_the_week_of_100_percent(leser, make_leistung, statuses, today):
    """Four services, one online at the start of the window, one more in each of the last two weeks."""
    sonntag = today - dt.timedelta(days=today.isoweekday() % 7)
    leistungen = [make_leistung() for _ in range(4)]
    for leistung in leistungen:
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    leistung_status_setzen(leistung=leistungen[0], status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2021, 2, 1))
    for woche, leistung in ((1, leistungen[1]), (0, leistungen[2])):
        tag = sonntag - dt.timedelta(weeks=woche)
        leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=tag)

    daten = leser.get(URL, {"fenster": "4", "horizont": "2"}).json()

    # online 1, 1, 1, 2, 3 over t = 0..4: Σty = 0 + 1 + 2 + 6 + 12 = 21, Σy = 8, pace (5·21 − 10·8)/50 = 0,5;
    # one open: ⌈1/0,5⌉ = 2 weeks after the last Sunday
    assert daten["fenster"]["wochen"] == 4 and daten["fenster"]["bis"]["sonntag"] == sonntag.isoformat()
    # weekly changes 0, 0, 1, 1: mean 0,5, s = √((4 · 0,25) / 3) = 0,577 → 0,58
    assert daten["tempo"] == {
        "leistungen_je_woche": 0.5,
        "streuung_je_woche": 0.58,
        "online_gegangen": 2,
        "zurueckgefallen": 0,
        "online_gegangen_je_woche": 0.5,
        "zurueckgefallen_je_woche": 0.0,
    }
    assert (daten["online_verfuegbar"], daten["noch_umzusetzen"]) == ({"anzahl": 3, "anteil_prozent": 75.0}, 1)
    ziel = sonntag + dt.timedelta(weeks=2)
    jahr, kw, _ = ziel.isocalendar()
    assert daten["hundert_prozent"]["kalenderwoche"] == f"KW {kw}/{jahr}"
    assert daten["hundert_prozent"]["sonntag"] == ziel.isoformat()
    assert daten["grund"] is None or daten["grund"].startswith("spätestens")
    assert [p["online"] for p in daten["fortsetzung"]] == [3.5, 4.0]
    assert daten["fortsetzung"][0]["anteil_prozent"] == 87.5
    assert daten["band_prozent"] == 80 and "kleinste Quadrate" in daten["methode"] and "(4 Wochen)" in daten["methode"]
    assert "von Wiesbaden umzusetzen" in daten["basis"]["beschreibung"] and daten["basis"]["anzahl"] == 4


def test_the_json_agrees_with_the_selector_and_says_why_there_is_no_week(leser, leistung, statuses):
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    daten = leser.get(URL).json()
    p = prognose()
    assert daten["fenster"]["wochen"] == 26 and len(daten["fortsetzung"]) == 52
    assert daten["hundert_prozent"] is None
    assert daten["grund"] == p.grund and p.grund.startswith("nicht in diesem Tempo")
    assert daten["tempo"]["leistungen_je_woche"] == 0.0


@pytest.mark.parametrize(
    ("parameter", "meldung"),
    [
        (
            {"fenster": "abc"},
            "Der Parameter „fenster“ muss eine ganze Zahl von Wochen zwischen 4 und 260 sein, nicht „abc“.",
        ),
        ({"fenster": "3"}, "zwischen 4 und 260 sein, nicht „3“."),
        ({"fenster": "261"}, "zwischen 4 und 260 sein, nicht „261“."),
        ({"fenster": "2.5"}, "nicht „2.5“."),
        ({"fenster": "-4"}, "nicht „-4“."),
        ({"horizont": "0"}, "Der Parameter „horizont“ muss eine ganze Zahl von Wochen zwischen 1 und 520 sein"),
    ],
)
def test_a_bad_parameter_is_a_german_400(leser, parameter, meldung):
    response = leser.get(URL, parameter)
    assert response.status_code == 400
    assert meldung in response.json()["fehler"]


def test_a_past_stichtag_ends_the_window_on_the_sunday_before_it(leser, make_leistung, statuses):
    leistungen = [make_leistung() for _ in range(3)]
    for leistung in leistungen:
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 1, 4))
    leistung_status_setzen(leistung=leistungen[0], status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2022, 5, 10))
    leistung_status_setzen(leistung=leistungen[1], status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2022, 5, 17))

    daten = leser.get(URL, {"stichtag": "18.05.2022", "fenster": "4"}).json()

    # Wednesday 18.05.2022: the window ends on Sunday 15.05., the change of 17.05. comes later
    assert daten["stand"] == "2022-05-18" and daten["fenster"]["bis"]["sonntag"] == "2022-05-15"
    assert daten["online_verfuegbar"]["anzahl"] == 1 and daten["tempo"]["online_gegangen"] == 1
    assert daten == prognose_daten_von(dt.date(2022, 5, 18), fenster=4)


def prognose_daten_von(stichtag, **parameter):
    from planung.daten import prognose_daten

    return prognose_daten(prognose(stichtag=stichtag, **parameter), stichtag=stichtag)


@pytest.mark.parametrize(
    ("stichtag", "meldung"),
    [
        ("gestern", "Der Parameter „stichtag“ ist kein gültiges Datum: „gestern“. Bitte JJJJ-MM-TT"),
        ("31.02.2022", "Der Parameter „stichtag“ ist kein gültiges Datum: „31.02.2022“."),
        ("2999-01-01", "Der Stichtag 01.01.2999 liegt in der Zukunft; möglich sind Tage bis heute"),
    ],
)
def test_a_bad_stichtag_is_a_german_400(leser, stichtag, meldung):
    response = leser.get(URL, {"stichtag": stichtag})
    assert response.status_code == 400
    assert response.json()["fehler"].startswith(meldung)
