"""With the demo data every page renders for management (leitung) and shows the deck's figures where the demo
reproduces them: the funnel 210/607 → 176/512 and, as of the Erhebung in May 2022, the changes
"Abgeschlossen +2, Umsetzung +1, Digitalisierungsfabrik −7, Wartend −8" (demo built once for this module)."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from catalog.models import Erhebung, Leistung
from tests.dashboard.conftest import text_von


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def leitung_demo(demo, db, client):
    client.force_login(User.objects.get(username="leitung"))
    return client


def test_every_page_renders_for_management_with_the_demo(leitung_demo):
    mai = Erhebung.objects.get(name="Erhebungsstand Mai 2022")
    leistung = Leistung.objects.filter(von_wiesbaden_umzusetzen=True).order_by("-antraege_pro_jahr").first()
    for url in [
        reverse("dashboard:uebersicht"),
        reverse("dashboard:aemter"),
        reverse("dashboard:amt", args=[33]),
        reverse("dashboard:leistungen"),
        reverse("dashboard:leistung", args=[leistung.leika_schluessel]),
        reverse("dashboard:efa"),
        reverse("dashboard:fallzahlen"),
        reverse("dashboard:erhebungen"),
        reverse("dashboard:erhebung", args=[mai.pk]),
    ]:
        assert leitung_demo.get(url).status_code == 200, url


def test_the_overview_on_the_may_2022_erhebung_shows_the_decks_figures(leitung_demo):
    response = leitung_demo.get(reverse("dashboard:uebersicht"), {"stichtag": "2022-05-15"})

    status = response.context["diagramme"][0]
    assert {zeile[0]: zeile[3] for zeile in status.tabelle.zeilen} == {
        "Abgeschlossen": "+2",
        "Umsetzung": "+1",
        "Digitalisierungsfabrik": "\u22127",
        "Wartend": "\u22128",
    }
    assert "Änderung seit Erhebungsstand Dez. 2021 (01.12.2021)" in status.untertitel
    trichter = next(d for d in response.context["diagramme"] if d.kennung == "trichter").tabelle.zeilen
    assert trichter[1:] == [["den Kommunen zugeordnet", "210", "607"], ["von Wiesbaden umzusetzen", "176", "512"]]
    assert "Stand 15.05.2022 (KW 19/2022)" in text_von(response)


def test_the_may_2022_erhebung_page_shows_the_decks_changes(leitung_demo):
    mai = Erhebung.objects.get(name="Erhebungsstand Mai 2022")

    text = text_von(leitung_demo.get(reverse("dashboard:erhebung", args=[mai.pk])))

    assert (
        "gegenüber Erhebungsstand Dez. 2021 (01.12.2021): Abgeschlossen +2, Umsetzung +1, "
        "Digitalisierungsfabrik \u22127, Wartend \u22128" in text
    )
