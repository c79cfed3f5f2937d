"""Finding things on /leistungen/: the same hits in any capitalisation, umlauts included, on SQLite and
PostgreSQL; OZG-Leistung (Bündel) names and OZG-IDs are searched too; a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Leistungsbuendel, Themenfeld

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:leistungen")


def treffer(client, suche: str, **weitere) -> list[str]:
    response = client.get(URL, {"q": suche, **weitere})
    assert response.status_code == 200
    return sorted(row.record.bezeichnung for row in response.context["table"].paginated_rows)


@pytest.fixture
def katalog(make_leistung):
    anderes = Leistungsbuendel.objects.create(
        ozg_id="10499", name="Übersiedlung", themenfeld=Themenfeld.objects.get(name="Ein- & Auswanderung")
    )
    for name in (
        "Zulassung bei der Ärztekammer",
        "Beitragsordnung der Landesärztekammer",
        "Führerschein Umtausch",
        "FÜHRUNGSZEUGNIS beantragen",
        "Straßenreinigung",
    ):
        make_leistung(bezeichnung=name, buendel=anderes)
    # in the Bündel 10559 "Meldebescheinigung und -registerauskunft"
    make_leistung(bezeichnung="Auskunft aus dem Register")
    make_leistung(bezeichnung="Bestätigung des Wohnsitzes")


@pytest.mark.parametrize("suche", ["Ärztekammer", "ärztekammer", "ÄRZTEKAMMER", "äRZTEkammer"])
def test_umlauts_are_found_in_any_capitalisation(angemeldet, katalog, suche):
    assert treffer(angemeldet, suche) == ["Beitragsordnung der Landesärztekammer", "Zulassung bei der Ärztekammer"]


@pytest.mark.parametrize("suche", ["FÜHRERSCHEIN", "führerschein", "Führerschein"])
def test_capital_umlauts_in_the_search_find_small_ones_in_the_name(angemeldet, katalog, suche):
    assert treffer(angemeldet, suche) == ["Führerschein Umtausch"]


def test_small_umlauts_in_the_search_find_capital_ones_in_the_name(angemeldet, katalog):
    assert treffer(angemeldet, "führungszeugnis") == ["FÜHRUNGSZEUGNIS beantragen"]
    assert treffer(angemeldet, "STRASSE") == []  # folding is case only: ß stays ß
    assert treffer(angemeldet, "STRAßE") == ["Straßenreinigung"]


@pytest.mark.parametrize("suche", ["Meldebescheinigung", "meldebescheinigung", "REGISTERAUSKUNFT", "10559"])
def test_the_bundles_name_and_ozg_id_find_its_leistungen(angemeldet, katalog, suche):
    assert treffer(angemeldet, suche) == ["Auskunft aus dem Register", "Bestätigung des Wohnsitzes"]


def test_the_search_runs_a_fixed_number_of_queries(angemeldet, katalog, make_leistung):
    def zaehlen():
        with CaptureQueriesContext(connection) as queries:
            angemeldet.get(URL, {"q": "Ärztekammer"})
        return len(queries)

    vorher = zaehlen()
    for i in range(20):
        make_leistung(bezeichnung=f"Ärztekammer {i}")
    assert zaehlen() == vorher


def test_the_efa_search_folds_umlauts_too(angemeldet, katalog, efa_buendel):
    Leistungsbuendel.objects.create(ozg_id="10006", name="Ärztliche Approbation", efa=True)

    response = angemeldet.get(reverse("dashboard:efa"), {"q": "ÄRZTLICHE"})

    assert [row.record.ozg_id for row in response.context["table"].paginated_rows] == ["10006"]


def test_percent_and_underscore_are_searched_as_text(angemeldet, katalog, make_leistung):
    make_leistung(bezeichnung="Zuschuss 100% Förderung", buendel=None)

    assert treffer(angemeldet, "%") == ["Zuschuss 100% Förderung"]
    assert treffer(angemeldet, "_") == []


def test_the_admin_search_folds_umlauts_too(client, redaktion, katalog):
    client.force_login(redaktion)

    response = client.get(reverse("admin:catalog_leistung_changelist"), {"q": "ÄRZTEKAMMER"})

    assert sorted(o.bezeichnung for o in response.context["cl"].result_list) == [
        "Beitragsordnung der Landesärztekammer",
        "Zulassung bei der Ärztekammer",
    ]
