"""Machine-readable figures: /daten/kennzahlen.json, /daten/kennzahlen.csv, /daten/erhebungen.json."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from catalog.services import erhebung_anlegen, leistung_status_setzen

pytestmark = pytest.mark.django_db

D = dt.date
JSON = reverse("dashboard:kennzahlen_json")
CSV = reverse("dashboard:kennzahlen_csv")
ERHEBUNGEN = reverse("dashboard:erhebungen_json")


def setze(leistung, status, tag):
    return leistung_status_setzen(leistung=leistung, status=status, gueltig_ab=tag, grund="Test")


@pytest.fixture
def katalog(make_leistung, statuses, amt51):
    """Amt 33: one online, two waiting (one of them only from March); Amt 51: one in Umsetzung; one out of scope."""
    online, wartend, spaeter = make_leistung(), make_leistung(), make_leistung()
    setze(online, statuses["Umsetzung"], D(2022, 1, 3))
    setze(online, statuses["Abgeschlossen"], D(2022, 2, 1))
    setze(wartend, statuses["Wartend"], D(2022, 1, 3))
    setze(spaeter, statuses["Wartend"], D(2022, 3, 1))
    setze(make_leistung(amt=amt51), statuses["Umsetzung"], D(2022, 1, 3))
    setze(make_leistung(), statuses["Nicht relevant"], D(2022, 1, 3))


@pytest.fixture
def signed_in(client, leitung):
    client.force_login(leitung)
    return client


def test_figures_need_signing_in(client):
    for url in (JSON, CSV, ERHEBUNGEN):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_kennzahlen_json_states_stichtag_base_statuses_online_figures_aemter_and_funnel(katalog, signed_in):
    response = signed_in.get(JSON, {"stichtag": "2022-05-15"})

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    daten = response.json()
    assert daten["stichtag"] == "2022-05-15" and daten["amt"] is None
    assert daten["basis"] == {
        "schluessel": "wiesbaden",
        "beschreibung": "LeiKa-Leistungen, die von Wiesbaden umzusetzen sind (ohne Status „Nicht relevant“)",
        "anzahl": 4,
        "text": "4 LeiKa-Leistungen, die von Wiesbaden umzusetzen sind (ohne Status „Nicht relevant“), "
        "Stand 15.05.2022",
    }
    assert daten["status"][0] == {
        "bezeichnung": "Abgeschlossen",
        "bedeutung": "erledigt",
        "bedeutung_bezeichnung": "erledigt (online verfügbar)",
        "farbe": "#2e7d32",
        "anzahl": 1,
        "anteil_prozent": 25.0,
    }
    assert [(s["bezeichnung"], s["anzahl"]) for s in daten["status"]] == [
        ("Abgeschlossen", 1),
        ("Umsetzung", 1),
        ("Digitalisierungsfabrik", 0),
        ("Wartend", 2),
    ]
    assert daten["online_verfuegbar"] == {"anzahl": 1, "anteil_prozent": 25.0}
    assert daten["noch_umzusetzen"] == {"anzahl": 3, "anteil_prozent": 75.0}
    assert daten["ohne_status"] == 0
    aemter = {a["nummer"]: a for a in daten["aemter"]}
    assert set(aemter) == {33, 51}
    assert aemter[33]["name"] == "Bürgeramt" and aemter[33]["basis"]["anzahl"] == 3
    assert aemter[33]["online_verfuegbar"] == {"anzahl": 1, "anteil_prozent": 33.3}
    assert [s["anzahl"] for s in aemter[51]["status"]] == [0, 1, 0, 0]
    assert [(t["stufe"], t["leistungsbuendel"], t["leistungen"]) for t in daten["trichter"]] == [
        ("katalog", 1, 5),
        ("kommune", 1, 5),
        ("wiesbaden", 1, 5),
    ]
    assert "Online verfügbar" in daten["erlaeuterung"]


def test_kennzahlen_json_as_of_an_earlier_date_and_for_one_amt(katalog, signed_in):
    frueher = signed_in.get(JSON, {"stichtag": "15.01.2022"}).json()
    assert frueher["stichtag"] == "2022-01-15"
    assert [(s["bezeichnung"], s["anzahl"]) for s in frueher["status"]][:2] == [("Abgeschlossen", 0), ("Umsetzung", 2)]
    # the Leistung that gets its first status in March has none yet: still to be done, counted as such
    assert (frueher["basis"]["anzahl"], frueher["ohne_status"], frueher["noch_umzusetzen"]["anzahl"]) == (4, 1, 4)

    amt = signed_in.get(JSON, {"stichtag": "2022-05-15", "amt": "51"}).json()
    assert amt["amt"] == {"nummer": 51, "name": "Amt für Jugend und Familie"}
    assert amt["basis"]["anzahl"] == 1 and "federführend Amt 51" in amt["basis"]["beschreibung"]
    assert [a["nummer"] for a in amt["aemter"]] == [51]


def test_kennzahlen_json_defaults_to_today_and_takes_another_base(katalog, signed_in, today):
    daten = signed_in.get(JSON, {"basis": "kommune"}).json()
    assert daten["stichtag"] == today.isoformat()
    assert daten["basis"]["schluessel"] == "kommune" and daten["basis"]["anzahl"] == 5
    assert daten["ausser_betracht"] == 1


@pytest.mark.parametrize(
    ("parameter", "meldung"),
    [
        ({"stichtag": "2022-02-30"}, "Der Parameter „stichtag“ ist kein gültiges Datum: „2022-02-30“."),
        ({"stichtag": "gestern"}, "Der Parameter „stichtag“ ist kein gültiges Datum: „gestern“."),
        ({"stichtag": "2999-01-01"}, "Der Stichtag 01.01.2999 liegt in der Zukunft"),
        ({"amt": "99"}, "Ein Amt mit der Nummer 99 gibt es nicht."),
        (
            {"amt": "Bürgeramt"},
            "Der Parameter „amt“ muss die Nummer eines Amts sein (nur die Ziffern 0 bis 9, z. B. 33), nicht "
            "„Bürgeramt“.",
        ),
        ({"basis": "bund"}, "Unbekannte Basis „bund“; möglich sind: wiesbaden, kommune, katalog."),
    ],
)
def test_a_bad_parameter_answers_400_with_a_german_message(katalog, signed_in, parameter, meldung):
    response = signed_in.get(JSON, parameter)
    assert response.status_code == 400
    assert response.json()["fehler"].startswith(meldung)

    response = signed_in.get(CSV, parameter)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith(meldung)


def test_only_get_is_answered(signed_in):
    assert signed_in.post(JSON).status_code == 405


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def test_kennzahlen_csv_has_one_row_per_figure_with_what_it_counts(katalog, signed_in):
    response = signed_in.get(CSV, {"stichtag": "2022-05-15"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kennzahlen-2022-05-15.csv"'
    zeilen = _csv(response)
    assert zeilen[0] == ["Stichtag", "Bereich", "Amt", "Kennzahl", "Bedeutung", "Anzahl", "Anteil in %", "Basis"]
    basis = "LeiKa-Leistungen, die von Wiesbaden umzusetzen sind (ohne Status „Nicht relevant“)"
    assert zeilen[1] == ["15.05.2022", "Gesamt", "", "Leistungen in der Basis", "", "4", "100", basis]
    assert zeilen[2] == ["15.05.2022", "Gesamt", "", "Abgeschlossen", "erledigt (online verfügbar)", "1", "25", basis]
    gesamt = {z[3]: (z[5], z[6]) for z in zeilen if z[1] == "Gesamt"}
    assert gesamt["online verfügbar"] == ("1", "25") and gesamt["noch umzusetzen"] == ("3", "75")
    amt33 = {z[3]: z[5:7] for z in zeilen if z[1] == "je Amt" and z[2] == "Amt 33 – Bürgeramt"}
    assert amt33["online verfügbar"] == ["1", "33,3"]
    trichter = [z[3:6] for z in zeilen if z[1] == "Trichter"]
    assert trichter[0] == ["Hessischer OZG-Katalog: OZG-Leistungsbündel", "", "1"]
    assert len(trichter) == 6


def test_kennzahlen_csv_for_one_amt_is_named_after_it(katalog, signed_in):
    response = signed_in.get(CSV, {"stichtag": "2022-05-15", "amt": "33"})
    assert response["Content-Disposition"] == 'attachment; filename="kennzahlen-2022-05-15-amt-33.csv"'
    zeilen = _csv(response)
    assert {z[2] for z in zeilen[1:] if z[1] != "Trichter"} == {"Amt 33 – Bürgeramt"}


def test_erhebungen_json_lists_every_erhebung_with_its_difference_to_the_previous(katalog, signed_in, statuses):
    erhebung_anlegen(name="Erhebungsstand Jan. 2022", stichtag=D(2022, 1, 15))
    erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=D(2022, 5, 15))

    response = signed_in.get(ERHEBUNGEN)

    assert response.status_code == 200
    erste, zweite = response.json()["erhebungen"]
    assert (erste["name"], erste["stichtag"], erste["vorherige"]) == ("Erhebungsstand Jan. 2022", "2022-01-15", None)
    assert [(s["bezeichnung"], s["anzahl"], s["differenz_zur_vorherigen"]) for s in erste["status"]] == [
        ("Abgeschlossen", 0, None),
        ("Umsetzung", 2, None),
        ("Digitalisierungsfabrik", 0, None),
        ("Wartend", 1, None),
    ]
    assert zweite["vorherige"] == {"id": erste["id"], "name": "Erhebungsstand Jan. 2022"}
    assert [(s["bezeichnung"], s["anzahl"], s["differenz_zur_vorherigen"]) for s in zweite["status"]] == [
        ("Abgeschlossen", 1, 1),
        ("Umsetzung", 1, -1),
        ("Digitalisierungsfabrik", 0, 0),
        ("Wartend", 2, 1),
    ]
    assert zweite["basis"]["anzahl"] == 4 and zweite["online_verfuegbar"] == {"anzahl": 1, "anteil_prozent": 25.0}
    # in January one Leistung had no status yet: frozen as "ohne Status", as /daten/kennzahlen.json counts it then
    assert (erste["basis"]["anzahl"], erste["ohne_status"], zweite["ohne_status"]) == (4, 1, 0)
    kennzahlen = signed_in.get(JSON, {"stichtag": "2022-01-15"}).json()
    assert (kennzahlen["basis"]["anzahl"], kennzahlen["ohne_status"]) == (4, 1)
    assert "eingefroren" in response.json()["erlaeuterung"]


def test_erhebungen_json_without_any_erhebung(signed_in):
    assert signed_in.get(ERHEBUNGEN).json()["erhebungen"] == []
