"""/daten/servicestandard.json and the exports of the assessed services: the same figures, German errors."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

JSON = reverse("servicestandard:daten_json")
XLSX = reverse("servicestandard:export_xlsx")
CSV = reverse("servicestandard:export_csv")


@pytest.fixture
def leser(client, leitung):
    client.force_login(leitung)
    return client


def test_the_json_has_the_counting_rule_and_the_figures_per_group_principle_amt_and_service(zwei, leser):
    response = leser.get(JSON)

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    daten = response.json()
    assert daten["fassung"] == {"name": "OZG-Servicestandard 2020", "gueltig_ab": "2020-06-01"}
    assert daten["zaehlregel"].startswith("Erfüllungsgrad = (erfüllt + ½ × teilweise) ÷ (erfüllt + teilweise")
    assert (daten["leistungen_geprueft"], daten["davon_vollstaendig"]) == (2, 1)
    assert daten["gesamt"] == {
        "erfuellt": 19,
        "teilweise": 1,
        "nicht_erfuellt": 1,
        "nicht_anwendbar": 2,
        "nicht_geprueft": 15,
        "erfuellungsgrad_prozent": 92.9,
    }
    nutzer = daten["gruppen"][0]
    assert (nutzer["name"], nutzer["erfuellungsgrad_prozent"]) == ("Nutzerzentrierung", 83.3)
    assert nutzer["prinzipien"][1] == {
        "nummer": 2,
        "kurztitel": "Einfach und intuitiv",
        "erfuellt": 1,
        "teilweise": 1,
        "nicht_erfuellt": 0,
        "nicht_anwendbar": 0,
        "nicht_geprueft": 0,
        "erfuellungsgrad_prozent": 75.0,
    }
    assert daten["gruppen"][3]["prinzipien"][1]["erfuellungsgrad_prozent"] is None  # 13: nothing in the base
    assert [(a["nummer"], a["leistungen"], a["erfuellungsgrad_prozent"]) for a in daten["aemter"]] == [
        (33, 1, 50.0),
        (51, 1, 100.0),
    ]
    a = daten["leistungen"][0]
    assert (a["bezeichnung"], a["amt"], a["plattform"], a["vollstaendig"]) == ("A", 33, "civento (ekom21)", False)
    assert a["ergebnisse"]["2"] == "teilweise" and a["ergebnisse"]["19"] is None
    assert a["erfuellungsgrad_prozent"] == 50.0


def test_the_json_takes_the_page_s_filters(zwei, leser):
    daten = leser.get(JSON, {"amt": "51", "ozg_booster": "ja"}).json()

    assert daten["filter"] == {"amt": 51, "themenfeld": None, "plattform": None, "ozg_booster": True}
    assert [z["bezeichnung"] for z in daten["leistungen"]] == ["B"]
    assert daten["gesamt"]["erfuellungsgrad_prozent"] == 100.0


@pytest.mark.parametrize(
    ("parameter", "meldung"),
    [
        ({"amt": "999"}, "Der Parameter „amt“ ist ungültig: Ein Amt mit der Nummer „999“ gibt es nicht."),
        ({"amt": "drei"}, "Der Parameter „amt“ ist ungültig: Ein Amt mit der Nummer „drei“ gibt es nicht."),
        ({"themenfeld": "Mond"}, "Der Parameter „themenfeld“ ist ungültig: Ein Themenfeld „Mond“ gibt es nicht."),
        (
            {"plattform": "fax"},
            "Der Parameter „plattform“ ist ungültig: Eine Plattform „fax“ gibt es nicht; möglich sind: civento, efa, "
            "eigen, andere.",
        ),
        ({"ozg_booster": "vielleicht"}, "Der Parameter „ozg_booster“ ist ungültig: „vielleicht“ ist weder „ja“"),
    ],
)
def test_a_bad_parameter_is_a_400_with_a_german_message(zwei, leser, parameter, meldung):
    response = leser.get(JSON, parameter)
    assert response.status_code == 400
    assert meldung in response.json()["fehler"]

    for url in (XLSX, CSV):
        response = leser.get(url, parameter)
        assert response.status_code == 400 and meldung in response.content.decode()


def test_a_user_without_portal_group_gets_a_403(zwei, client):
    client.force_login(User.objects.create_user("gast", password="Gast-Passwort-1"))

    assert client.get(JSON).status_code == 403
    assert "Redaktion des Portals in Amt 15" in client.get(JSON).json()["fehler"]  # ozgportal.middleware
    assert client.get(XLSX).status_code == 403


def test_the_xlsx_export_lists_the_assessed_services_with_results_and_share(zwei, leser):
    response = leser.get(XLSX, {"amt": "33"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="servicestandard-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    kopf, *zeilen = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert kopf[:9] == [
        "LeiKa-Schlüssel",
        "Leistungsbezeichnung",
        "Amt",
        "Themenfeld",
        "Plattform",
        "OZG-Booster",
        "Status",
        "1 Nutzerbedürfnisse",
        "2 Einfach und intuitiv",
    ]
    assert kopf[-4:] == ["Anteil erfüllt (%)", "Prinzipien mit Ergebnis", "zuletzt geändert am", "zuletzt geändert von"]
    assert len(zeilen) == 1
    zeile = dict(zip(kopf, zeilen[0], strict=True))
    assert zeile["LeiKa-Schlüssel"] == "99.000.000.000.001"
    assert (zeile["1 Nutzerbedürfnisse"], zeile["4 Once-Only"], zeile["5 Datenschutz und Datensicherheit"]) == (
        "erfüllt",
        "nicht anwendbar",
        None,
    )
    assert (zeile["Anteil erfüllt (%)"], zeile["Prinzipien mit Ergebnis"]) == (50, 4)


def test_the_csv_export_has_the_same_rows_with_a_decimal_comma(zwei, leser):
    response = leser.get(CSV)

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    zeilen = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [z[1] for z in zeilen[1:]] == ["A", "B"]
    assert zeilen[1][zeilen[0].index("Anteil erfüllt (%)")] == "50,0"
    assert zeilen[2][zeilen[0].index("13 Open Source")] == "nicht anwendbar"
