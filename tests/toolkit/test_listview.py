"""The generic list page (toolkit.listview.ListView), seen through /leistungen/: rows per page, pages, exports."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:leistungen")


@pytest.fixture
def liste(client, leitung, make_leistung):
    for _ in range(12):
        make_leistung()
    client.force_login(leitung)
    return client


@pytest.mark.parametrize("per_page", ["-1", "0", "zehn", "1.5", "１０"])
def test_rows_per_page_that_are_no_whole_number_from_1_get_a_german_400_and_the_usual_page(liste, per_page):
    response = liste.get(URL, {"per_page": per_page})

    assert response.status_code == 400
    assert f"„per_page“ muss eine ganze Zahl von 1 bis 500 sein, nicht „{per_page}“" in response.content.decode()
    assert response.context["table"].paginator.per_page == 50
    assert len(response.context["table"].page.object_list) == 12


def test_rows_per_page_are_taken_and_capped(liste):
    assert liste.get(URL, {"per_page": "5"}).context["table"].paginator.per_page == 5
    response = liste.get(URL, {"per_page": "100000"})
    assert response.status_code == 200
    assert response.context["table"].paginator.per_page == 500


@pytest.mark.parametrize(("page", "shown"), [("2", 2), ("99", 3), ("x", 1), ("-1", 3)])
def test_a_page_past_the_end_shows_the_last_and_a_wrong_one_the_first(liste, page, shown):
    response = liste.get(URL, {"per_page": "5", "page": page})

    assert response.status_code == 200
    assert response.context["table"].page.number == shown


def test_filtering_keeps_the_pages_other_parameters_but_not_the_page(liste):
    html = liste.get(URL, {"sort": "-bezeichnung", "page": "2", "per_page": "5", "q": "Leistung"}).content.decode()

    assert '<input type="hidden" name="sort" value="-bezeichnung">' in html
    assert '<input type="hidden" name="per_page" value="5">' in html
    assert 'type="hidden" name="page"' not in html and 'type="hidden" name="q"' not in html


def test_an_export_with_a_bad_per_page_is_not_made(liste):
    response = liste.get(URL, {"export": "csv", "per_page": "-1"})

    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")


def test_a_list_printed_in_part_says_how_many_of_its_entries_the_paper_shows(liste):
    zweite = liste.get(URL, {"per_page": "5", "page": "3"}).content.decode()
    alle = liste.get(URL, {"per_page": "50"}).content.decode()

    # shown only on paper (druck.css); the page links themselves are not printed
    assert '<p class="nur-druck druck-auszug">Gedruckt: 2 von 12 Einträgen (Seite 3 von 3, Einträge 11–12).</p>' in (
        zweite
    )
    assert "druck-auszug" not in alle  # one page holds every entry: nothing to say
