"""/daten/servicestandard.json: the figures of the page /servicestandard/ machine-readable, German errors."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

JSON = reverse("servicestandard:daten_json")


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
    amt33 = daten["aemter"][0]["gruppen"]  # the heatmap's row of Amt 33, by group
    assert amt33[0] == {
        "name": "Nutzerzentrierung",
        "erfuellt": 1,
        "teilweise": 1,
        "nicht_erfuellt": 1,
        "nicht_anwendbar": 1,
        "nicht_geprueft": 2,
        "erfuellungsgrad_prozent": 50.0,
    }
    assert (amt33[1]["nicht_geprueft"], amt33[1]["erfuellungsgrad_prozent"]) == (3, None)
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
        (
            {"amt": "drei"},
            "Der Parameter „amt“ muss die Nummer eines Amts sein (nur die Ziffern 0 bis 9, z. B. 33), nicht „drei“.",
        ),
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


def test_a_user_without_portal_group_gets_a_403(zwei, client):
    client.force_login(User.objects.create_user("gast", password="Gast-Passwort-1"))

    assert client.get(JSON).status_code == 403
    assert "Redaktion des Portals in Amt 15" in client.get(JSON).json()["fehler"]  # ozgportal.middleware
