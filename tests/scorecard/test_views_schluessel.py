"""The rating page's address: the LeiKa key in any notation leads to the 14-digit address, as on the Leistung page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("schreibweise", ["99.050.042.000.000", "99-050-042-000-000", "99 050 042 000 000"])
def test_a_key_in_another_notation_redirects_permanently_to_the_14_digits(client, redaktion, leistung, schreibweise):
    client.force_login(redaktion)

    response = client.get(f"/priorisierung/bewerten/{schreibweise}/")

    assert response.status_code == 301
    assert response["Location"] == "/priorisierung/bewerten/99050042000000/"
    seite = client.get(response["Location"])
    assert seite.status_code == 200
    assert "Scorecard-Bewertung: Meldebescheinigung Ausstellung" in seite.content.decode()


def test_the_dotted_key_redirects_like_the_leistung_page_does(client, redaktion, leistung):
    client.force_login(redaktion)

    bewerten = client.get("/priorisierung/bewerten/99.050.042.000.000/")
    detail = client.get("/leistungen/99.050.042.000.000/")

    assert (bewerten.status_code, detail.status_code) == (301, 301)
    assert bewerten["Location"] == reverse("scorecard:bewerten", args=["99050042000000"])
    assert detail["Location"] == reverse("dashboard:leistung", args=["99050042000000"])


@pytest.mark.parametrize("unlesbar", ["Meldebescheinigung", "99.050.042", "990500420000001"])
def test_an_unreadable_key_gets_a_german_not_found_page(client, redaktion, leistung, unlesbar):
    client.force_login(redaktion)

    response = client.get(f"/priorisierung/bewerten/{unlesbar}/")

    assert response.status_code == 404
    assert f"„{unlesbar}“ ist kein LeiKa-Schlüssel." in response.content.decode()


def test_a_dotted_unknown_key_redirects_and_then_gets_the_german_not_found_page(client, redaktion):
    client.force_login(redaktion)

    response = client.get("/priorisierung/bewerten/99.999.999.999.999/", follow=True)

    assert response.redirect_chain == [("/priorisierung/bewerten/99999999999999/", 301)]
    assert response.status_code == 404
    assert "Es gibt keine LeiKa-Leistung mit dem Schlüssel 99999999999999." in response.content.decode()


def test_the_rating_pages_tables_scroll_in_their_own_keyboard_reachable_boxes(client, redaktion, scorecard, leistung):
    scorecard.bewerte(leistung, {"Grad der Erleichterung": "hoch"}, user=redaktion)
    client.force_login(redaktion)

    html = client.get(reverse("scorecard:bewerten", args=[leistung.leika_schluessel])).content.decode()

    for name in ("Aufschlüsselung der Scorecard", "Verlauf der Bewertungen"):
        assert f'<div class="tabellen-rahmen table-container" role="region" tabindex="0" aria-label="{name}">' in html
    assert '<button type="submit" class="kern-btn kern-btn--primary">' in html
    assert 'class="kern-form-check__radio"' in html and 'class="kern-form-input__input"' in html
