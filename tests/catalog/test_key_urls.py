"""A Leistung by its key: the search condition for a key typed into a search box, the URL converter, the one
view decorator behind the Leistung page, its form and its rating page, and the user's own Amt."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from catalog.berechtigungen import authenticated_user, benutzer_amt
from catalog.keys import key_filter
from catalog.models import Leistung

pytestmark = pytest.mark.django_db


@pytest.fixture
def drei(make_leistung):
    return [
        make_leistung(leika_schluessel="99050042000000"),
        make_leistung(leika_schluessel="99050042001000"),
        make_leistung(leika_schluessel="99051000000000"),
    ]


@pytest.mark.parametrize(
    ("text", "gefunden"),
    [
        ("99.050.042.000.000", ["99050042000000"]),  # complete, in any notation
        ("99050042000000", ["99050042000000"]),
        ("9.9050042E13", ["99050042000000"]),
        ("99.050.042", ["99050042000000", "99050042001000"]),  # its beginning, dotted, spaced, hyphenated
        ("99 050", ["99050042000000", "99050042001000"]),
        ("99-050-042-001", ["99050042001000"]),
        ("99", ["99050042000000", "99050042001000", "99051000000000"]),
    ],
)
def test_a_key_or_its_beginning_in_any_notation_finds_the_leistungen(drei, text, gefunden):
    treffer = Leistung.objects.filter(key_filter(text)).order_by("leika_schluessel")
    assert [leistung.leika_schluessel for leistung in treffer] == gefunden


@pytest.mark.parametrize("text", ["Meldebescheinigung", "９９", "", "99.x"])
def test_a_text_that_is_no_key_gives_no_key_condition(text):
    assert key_filter(text) is None


def test_the_condition_works_through_a_relation_too(drei):
    assert key_filter("99.051", "leistung__leika_schluessel").children == [
        ("leistung__leika_schluessel__startswith", "99051")
    ]


@pytest.mark.parametrize("name", ["dashboard:leistung", "dashboard:leistung_bearbeiten", "scorecard:bewerten"])
def test_every_page_of_one_leistung_redirects_another_notation_and_keeps_the_query(client, redaktion, drei, name):
    client.force_login(redaktion)
    adresse = reverse(name, args=["99050042000000"])

    response = client.get(adresse.replace("99050042000000", "99.050.042.000.000"), {"x": "1"})

    assert response.status_code == 301
    assert response["Location"] == adresse + "?x=1"


@pytest.mark.parametrize(
    ("schluessel", "meldung"),
    [
        ("Meldebescheinigung", "„Meldebescheinigung“ ist kein LeiKa-Schlüssel."),
        ("99999999999999", "Es gibt keine LeiKa-Leistung mit dem Schlüssel 99999999999999."),
    ],
)
@pytest.mark.parametrize("name", ["dashboard:leistung", "dashboard:leistung_bearbeiten", "scorecard:bewerten"])
def test_every_page_of_one_leistung_says_in_german_what_was_not_found(client, redaktion, name, schluessel, meldung):
    client.force_login(redaktion)

    response = client.get(reverse(name, args=[schluessel]))

    assert response.status_code == 404
    assert meldung in response.content.decode()


def test_reverse_writes_the_fourteen_digits_of_any_notation():
    assert reverse("dashboard:leistung", args=["99.050.042.000.000"]) == "/leistungen/99050042000000/"


def test_a_post_to_another_notation_keeps_method_and_body(client, redaktion, drei):
    client.force_login(redaktion)

    response = client.post("/leistungen/99.050.042.000.000/bearbeiten/", {"version": "1"})

    assert response.status_code == 308
    assert response["Location"] == "/leistungen/99050042000000/bearbeiten/"


def test_the_users_amt_is_the_one_of_their_profile(amtsleitung33, leitung, amt33):
    assert benutzer_amt(amtsleitung33) == amt33
    assert benutzer_amt(leitung) is None
    assert benutzer_amt(AnonymousUser()) is None
    assert authenticated_user(amtsleitung33) is amtsleitung33
    assert authenticated_user(AnonymousUser()) is None and authenticated_user(None) is None
