"""The URL parameters of the lists mean the same everywhere: ``amt`` is the Amt's number (never its internal id),
``buendel`` the OZG-ID, ``reifegrad`` the Stufe; an unknown value is a visible German error, never ignored."""

import pytest
from django.urls import reverse

from catalog.models import Amt, Reifegrad
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db

LEISTUNGEN = reverse("dashboard:leistungen")
FALLZAHLEN = reverse("dashboard:fallzahlen")


@pytest.fixture
def zwei_aemter(make_leistung, amt51):
    """Amt 80 gets the internal id 51's number would suggest nothing about: the ids and numbers differ."""
    amt80 = Amt.objects.create(nummer=80, name="Amt für Wirtschaft und Liegenschaften")
    assert {amt51.pk, amt80.pk}.isdisjoint({51, 80})
    make_leistung(bezeichnung="Kita-Platz", amt=amt51, antraege_pro_jahr=500)
    make_leistung(bezeichnung="Wochenmarkt", amt=amt80, antraege_pro_jahr=50)
    return amt51, amt80


def namen(response) -> list[str]:
    return sorted(row.record.bezeichnung for row in response.context["table"].paginated_rows)


@pytest.mark.parametrize("url", [LEISTUNGEN, FALLZAHLEN])
def test_amt_is_the_amts_number(angemeldet, zwei_aemter, url):
    amt51, amt80 = zwei_aemter

    assert namen(angemeldet.get(url, {"amt": "51"})) == ["Kita-Platz"]
    assert namen(angemeldet.get(url, {"amt": "80"})) == ["Wochenmarkt"]


@pytest.mark.parametrize("url", [LEISTUNGEN, FALLZAHLEN])
def test_an_unknown_amt_says_so_and_shows_nothing(angemeldet, zwei_aemter, url):
    amt51, _ = zwei_aemter

    for wert in (str(amt51.pk), "15"):
        response = angemeldet.get(url, {"amt": wert})
        assert response.context["count"] == 0, wert
        assert f"Ein Amt mit der Nummer „{wert}“ gibt es nicht." in text_von(response)
    response = angemeldet.get(url, {"amt": "Bürgeramt"})
    assert response.context["count"] == 0
    assert "Der Parameter „amt“ muss die Nummer eines Amts sein (nur die Ziffern 0 bis 9, z. B. 33)" in text_von(
        response
    )


def test_the_export_uses_the_amts_number_too(angemeldet, zwei_aemter):
    response = angemeldet.get(LEISTUNGEN, {"amt": "80", "export": "csv"})

    inhalt = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Wochenmarkt" in inhalt and "Kita-Platz" not in inhalt


def test_the_filter_form_offers_the_amts_by_number(angemeldet, zwei_aemter):
    html = angemeldet.get(LEISTUNGEN).content.decode()

    assert '<option value="51">Amt 51 – Amt für Jugend und Familie</option>' in html
    assert '<option value="80">Amt 80 – Amt für Wirtschaft und Liegenschaften</option>' in html


def test_bundle_and_reifegrad_are_chosen_by_ozg_id_and_stufe(angemeldet, make_leistung):
    make_leistung(bezeichnung="Meldebescheinigung", reifegrad=Reifegrad.objects.get(stufe=3))
    make_leistung(bezeichnung="Ohne Bündel", buendel=None)

    assert namen(angemeldet.get(LEISTUNGEN, {"buendel": "10559"})) == ["Meldebescheinigung"]
    assert namen(angemeldet.get(LEISTUNGEN, {"reifegrad": "3"})) == ["Meldebescheinigung"]
    falsch = angemeldet.get(LEISTUNGEN, {"buendel": "99999", "reifegrad": "9"})
    assert "Ein OZG-Leistungsbündel mit der OZG-ID „99999“ gibt es nicht." in text_von(falsch)
    assert "Einen Reifegrad „9“ gibt es nicht" in text_von(falsch)


@pytest.mark.parametrize("name", ["efa", "ozg_booster", "von_wiesbaden_umzusetzen"])
def test_an_unknown_yes_no_value_is_an_error_not_ignored(angemeldet, make_leistung, name):
    make_leistung()

    response = angemeldet.get(LEISTUNGEN, {name: "vielleicht"})

    assert response.context["count"] == 0
    assert "„vielleicht“ ist keine gültige Angabe; möglich sind „ja“ und „nein“." in text_von(response)


def test_yes_and_no_are_understood_in_german_too(angemeldet, make_leistung, efa_buendel):
    make_leistung(bezeichnung="Kindergeld", buendel=efa_buendel)
    make_leistung(bezeichnung="Meldebescheinigung")

    assert namen(angemeldet.get(LEISTUNGEN, {"efa": "ja"})) == ["Kindergeld"]
    assert namen(angemeldet.get(LEISTUNGEN, {"efa": "nein"})) == ["Meldebescheinigung"]
    assert namen(angemeldet.get(LEISTUNGEN, {"efa": "true"})) == ["Kindergeld"]


def test_fallzahl_from_above_to_says_so(angemeldet, zwei_aemter):
    response = angemeldet.get(LEISTUNGEN, {"fallzahl_ab": "100", "fallzahl_bis": "10"})

    assert response.context["count"] == 0
    assert "„ab“ (100) ist größer als „bis“ (10); so passt keine Leistung." in text_von(response)
    assert namen(angemeldet.get(LEISTUNGEN, {"fallzahl_ab": "10", "fallzahl_bis": "100"})) == ["Wochenmarkt"]


# Arabic-Indic, Devanagari, full-width and superscript 33: int() reads each as 33, the portal does not.
FREMDE_33 = ["٣٣", "३३", "３３", "³³"]
AMT_LISTEN = ["/leistungen/", "/online-dienste/", "/fallzahlen/", "/priorisierung/", "/planung/", "/servicestandard/"]


@pytest.mark.parametrize("url", AMT_LISTEN)
def test_an_amt_number_of_other_digits_is_the_german_error_on_every_list(angemeldet, make_leistung, amt33, url):
    make_leistung(bezeichnung="Meldebescheinigung", amt=amt33)
    assert "Der Parameter „amt“ muss die Nummer eines Amts sein" not in text_von(angemeldet.get(url, {"amt": "33"}))

    for nummer in FREMDE_33:
        response = angemeldet.get(url, {"amt": nummer})
        assert response.status_code in (200, 400), nummer
        text = text_von(response)
        assert (
            "Der Parameter „amt“ muss die Nummer eines Amts sein (nur die Ziffern 0 bis 9, z. B. 33), "
            f"nicht „{nummer}“." in text
        )
        if "count" in response.context:
            assert response.context["count"] == 0, (url, nummer)


def test_the_figures_give_the_same_message(angemeldet, amt33):
    response = angemeldet.get("/daten/kennzahlen.json", {"amt": "٣٣"})

    assert response.status_code == 400
    assert response.json()["fehler"] == (
        "Der Parameter „amt“ muss die Nummer eines Amts sein (nur die Ziffern 0 bis 9, z. B. 33), nicht „٣٣“."
    )


def test_the_ozg_id_may_have_spaces_around_it_but_only_ascii_digits(angemeldet, make_leistung):
    make_leistung(bezeichnung="Meldebescheinigung")

    assert namen(angemeldet.get(LEISTUNGEN, {"buendel": " 10559 "})) == ["Meldebescheinigung"]
    for ozg_id in ("١٠٥٥٩", "１０５５９"):
        response = angemeldet.get(LEISTUNGEN, {"buendel": ozg_id})
        assert response.context["count"] == 0
        assert f"„{ozg_id}“ ist keine OZG-ID: sie hat genau 5 Ziffern 0 bis 9 (z. B. 10559)." in text_von(response)
