"""How charts and slides name an Amt: its number and short name ("33 Bürgeramt"), the short name data the Redaktion
edits in the admin, with a sensible default."""

import pytest
from django.urls import reverse

from catalog.models import Amt, amt_kurzbezeichnung


def test_the_short_name_follows_the_number():
    assert amt_kurzbezeichnung(33, "Bürgeramt", "Bürgeramt") == "33 Bürgeramt"
    assert amt_kurzbezeichnung(15, "Amt für Innovation, Organisation und Digitalisierung", "Digitalisierung") == (
        "15 Digitalisierung"
    )


def test_without_a_short_name_the_name_stands_in_without_amt_fuer_and_cut():
    assert amt_kurzbezeichnung(51, "Amt für Jugend und Familie") == "51 Jugend und Familie"
    assert amt_kurzbezeichnung(33, "Bürgeramt", "  ") == "33 Bürgeramt"
    assert amt_kurzbezeichnung(15, "Amt für Innovation, Organisation und Digitalisierung") == (
        "15 Innovation, Organisation und…"
    )
    assert amt_kurzbezeichnung(None, "ohne Amt") == "ohne Amt"


@pytest.mark.django_db
def test_an_amt_knows_its_short_label(amt33, amt15):
    assert amt33.kurzbezeichnung == "33 Bürgeramt"
    amt15.kurzname = "Digitalisierung"
    assert amt15.kurzbezeichnung == "15 Digitalisierung"


@pytest.mark.django_db
def test_the_redaktion_sets_the_short_name_in_the_admin_and_sees_how_charts_name_the_amt(client, redaktion, amt51):
    client.force_login(redaktion)
    url = reverse("admin:catalog_amt_change", args=[amt51.pk])

    formular = client.get(url).content.decode()
    assert "Wie Diagramme und Foliensatz das Amt nennen" in formular

    zu_lang = client.post(url, {"nummer": 51, "name": amt51.name, "kurzname": "Amt für Jugend, Familie und Senioren"})
    assert zu_lang.status_code == 200
    assert "Der Kurzname hat 36 Zeichen; höchstens 30 passen neben einen Balken." in zu_lang.content.decode()
    amt51.refresh_from_db()
    assert amt51.kurzname == ""

    gespeichert = client.post(url, {"nummer": 51, "name": amt51.name, "kurzname": "Jugend"})
    assert gespeichert.status_code == 302
    assert Amt.objects.get(pk=amt51.pk).kurzbezeichnung == "51 Jugend"
    liste = client.get(reverse("admin:catalog_amt_changelist")).content.decode()
    assert "In Diagrammen" in liste and "51 Jugend" in liste
