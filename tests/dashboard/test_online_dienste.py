"""/online-dienste/: the online services by platform and user account, filterable and exportable like every list,
and which still use an account that is being replaced (Servicekonto Hessen → Nutzerkonto Bund, Q4/2022)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:online_dienste")
URL_DIENST = "https://www.wiesbaden.de/online-dienste/"


@pytest.fixture
def dienste(make_leistung, amt51):
    for name, plattform, konto, amt in [
        ("Hundesteuer", "civento", "servicekonto_hessen", None),
        ("Wohngeld", "civento", "nutzerkonto_bund", amt51),
        ("Kita-Platz", "efa", "servicekonto_hessen", amt51),
        ("Sperrmüll", "eigen", "keine", None),
        ("Nur Adresse", "", "", None),
    ]:
        make_leistung(
            bezeichnung=name,
            online_plattform=plattform,
            anmeldung=konto,
            online_dienst_url=URL_DIENST + name.lower().replace(" ", "-"),
            **({"amt": amt} if amt else {}),
        )
    make_leistung(bezeichnung="Ohne Online-Dienst")


def namen(response) -> list[str]:
    return sorted(row.record.bezeichnung for row in response.context["table"].paginated_rows)


def test_it_lists_the_online_services_with_platform_account_and_address(angemeldet, dienste):
    response = angemeldet.get(URL)

    text = text_von(response)
    assert namen(response) == ["Hundesteuer", "Kita-Platz", "Nur Adresse", "Sperrmüll", "Wohngeld"]
    assert "Hundesteuer 33 – civento (ekom21) Servicekonto Hessen wird abgelöst" in text
    assert "Wohngeld 51 – civento (ekom21) Nutzerkonto Bund (BundID) – wiesbaden.de/online-dienste/wohngeld" in text
    assert f'href="{URL_DIENST}wohngeld"' in response.content.decode()


def test_it_counts_them_by_platform_and_account_and_names_the_account_being_replaced(angemeldet, dienste):
    text = text_von(angemeldet.get(URL))

    assert (
        "Plattform Servicekonto Hessen Nutzerkonto Bund (BundID) keine Anmeldung nicht erfasst zusammen "
        "civento (ekom21) 1 1 0 0 2 EfA-Onlinedienst 1 0 0 0 1 eigene Lösung 0 0 1 0 1 andere Plattform 0 0 0 0 0 "
        "nicht erfasst 0 0 0 1 1 zusammen 2 1 1 1 5" in text
    )
    assert (
        "2 Online-Dienste nutzen noch ein Nutzerkonto, das abgelöst wird: Servicekonto Hessen wird vom Nutzerkonto "
        "Bund (BundID) abgelöst (Anbindung an civento laut Foliensatz im 4. Quartal 2022)." in text
    )


def test_the_filters_select_platform_account_and_the_accounts_being_replaced(angemeldet, dienste):
    assert namen(angemeldet.get(URL, {"plattform": "civento"})) == ["Hundesteuer", "Wohngeld"]
    assert namen(angemeldet.get(URL, {"anmeldung": "servicekonto_hessen"})) == ["Hundesteuer", "Kita-Platz"]
    assert namen(angemeldet.get(URL, {"abzuloesen": "ja"})) == ["Hundesteuer", "Kita-Platz"]
    assert namen(angemeldet.get(URL, {"abzuloesen": "nein", "amt": "51"})) == ["Wohngeld"]
    assert namen(angemeldet.get(URL, {"plattform": "ohne"})) == ["Nur Adresse"]
    gefiltert = text_von(angemeldet.get(URL, {"amt": "51"}))
    assert "1 Online-Dienst nutzt noch ein Nutzerkonto, das abgelöst wird" in gefiltert  # the figures follow


def test_unknown_values_are_german_errors(angemeldet, dienste):
    response = angemeldet.get(URL, {"plattform": "fax", "abzuloesen": "bald"})

    text = text_von(response)
    assert response.context["count"] == 0
    assert "Eine Plattform „fax“ gibt es nicht." in text
    assert "„bald“ ist keine gültige Angabe; möglich sind „ja“ und „nein“." in text


def test_the_export_has_the_filtered_rows_in_the_catalogue_columns(angemeldet, dienste):
    response = angemeldet.get(URL, {"abzuloesen": "ja", "export": "csv"})

    zeilen = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert sorted(z["Leistungsbezeichnung"] for z in zeilen) == ["Hundesteuer", "Kita-Platz"]
    assert {z["Anmeldung"] for z in zeilen} == {"Servicekonto Hessen"}


def test_the_page_runs_a_fixed_number_of_queries(angemeldet, dienste, make_leistung):
    def zaehlen():
        with CaptureQueriesContext(connection) as queries:
            assert angemeldet.get(URL).status_code == 200
        return len(queries)

    vorher = zaehlen()
    for i in range(15):
        make_leistung(bezeichnung=f"Dienst {i}", online_plattform="efa", anmeldung="nutzerkonto_bund")
    assert zaehlen() == vorher
