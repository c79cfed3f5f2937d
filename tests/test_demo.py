"""The demo data, loaded once for this module (and rolled back afterwards): it reproduces the deck's figures
(210/607 for the Kommunen, 176/512 for Wiesbaden, the changes between the two Erhebungen: Abgeschlossen +2,
Umsetzung +1, Digitalisierungsfabrik −7, Wartend −8), rates about 300 services, and every page renders with it.

One module, so that the whole suite builds the demo only once."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from catalog.demo.erhebungen import build_erhebungen
from catalog.demo.users import DEMO_PASSWORD
from catalog.models import Amt, Erhebung, Leistung, Leistungsbuendel, StatusAenderung, StatusBedeutung, Vollzugsebene
from catalog.selectors import erhebung_stand, erhebungen_uebersicht, status_stand, trichter, vergleich
from scorecard.demo import ANZAHL, UNBEWERTET, UNVOLLSTAENDIG
from scorecard.models import Bewertung
from scorecard.selectors import rangliste
from tests.dashboard.conftest import text_von


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The full demo, loaded once for this module; yields what the loader printed."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_data", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def erhebungen(demo, db):
    return list(Erhebung.objects.order_by("stichtag"))


@pytest.fixture
def leitung_demo(demo, db, client):
    client.force_login(User.objects.get(username="leitung"))
    return client


def status_counts_as_of(day):
    """Independent of the selectors: each Wiesbaden Leistung's latest change up to ``day``, in Python."""
    latest = {}
    rows = StatusAenderung.objects.filter(leistung__von_wiesbaden_umzusetzen=True, gueltig_ab__lte=day)
    for row in rows.order_by("gueltig_ab", "erfasst_am", "id").select_related("neuer_status"):
        latest[row.leistung_id] = row.neuer_status.bezeichnung
    return Counter(latest.values())


def test_the_demo_reproduces_the_decks_figures_and_loads_idempotently(demo, db):

    kommune = Leistung.objects.filter(vollzugsebene=Vollzugsebene.KOMMUNE)
    wiesbaden = Leistung.objects.filter(von_wiesbaden_umzusetzen=True)
    assert (kommune.count(), kommune.values("buendel").distinct().count()) == (607, 210)
    assert (wiesbaden.count(), wiesbaden.values("buendel").distinct().count()) == (512, 176)
    assert Leistung.objects.count() == 4813  # every row of the 2019 data with a valid key
    assert Leistungsbuendel.objects.count() == 557

    dez, mai = status_counts_as_of(dt.date(2021, 12, 1)), status_counts_as_of(dt.date(2022, 5, 15))
    deltas = {label: mai[label] - dez[label] for label in dez | mai}
    assert deltas == {
        "Abgeschlossen": 2,
        "Umsetzung": 1,
        "Digitalisierungsfabrik": -7,
        "Wartend": -8,
        "Nicht relevant": 12,
    }
    # weekly movement so that a trend exists: changes in most weeks since 2021
    weeks = {row.isocalendar()[:2] for row in StatusAenderung.objects.values_list("gueltig_ab", flat=True)}
    assert len(weeks) > 150

    # every Wiesbaden Leistung has a current status equal to its latest history row
    assert not wiesbaden.filter(status__isnull=True).exists()
    assert status_counts_as_of(dt.date.today()) == Counter(wiesbaden.values_list("status__bezeichnung", flat=True))

    aemter = set(Amt.objects.values_list("nummer", flat=True))
    assert {15, 33, 51} <= aemter and 12 <= len(aemter) <= 18
    assert 30 <= Leistungsbuendel.objects.filter(ozg_booster=True).exclude(umsetzendes_land="").count() <= 40
    assert Leistung.objects.filter(antraege_pro_jahr__gt=1_000_000).count() == 10
    assert Leistung.objects.filter(reifegrad__isnull=False).count() > 400

    for username in ("redaktion", "amtsleitung33", "amtsleitung51", "leitung"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert f"Passwort für alle: {DEMO_PASSWORD}" in demo

    before = (Leistung.objects.count(), StatusAenderung.objects.count())
    call_command("load_demo_data", stdout=StringIO())
    assert (Leistung.objects.count(), StatusAenderung.objects.count()) == before


def test_the_demo_makes_the_decks_two_erhebungen(erhebungen):
    assert [(e.name, e.stichtag) for e in erhebungen] == [
        ("Erhebungsstand Dez. 2021", dt.date(2021, 12, 1)),
        ("Erhebungsstand Mai 2022", dt.date(2022, 5, 15)),
    ]


def test_the_two_demo_erhebungen_show_the_decks_four_changes(erhebungen):
    dez, mai = erhebungen
    v = vergleich(alt=dez, neu=mai)

    assert {s.bezeichnung: s.text for s in v.status} == {
        "Abgeschlossen": "+2",
        "Umsetzung": "+1",
        "Digitalisierungsfabrik": "\u22127",
        "Wartend": "\u22128",
    }
    # the twelve missing ones left the base: all to "Nicht relevant"
    assert len(v.weggefallen) == 12
    assert {b.nach for b in v.weggefallen} == {"Nicht relevant"}
    assert sorted(b.von for b in v.weggefallen).count("Digitalisierungsfabrik") == 7
    assert v.hinzugekommen == []
    assert (
        sorted((b.von, b.nach) for b in v.geaendert)
        == [("Umsetzung", "Abgeschlossen")] * 2 + [("Wartend", "Umsetzung")] * 3
    )

    zeilen = erhebungen_uebersicht()
    assert {s.bezeichnung: s.differenz for s in zeilen[1].status} == {
        "Abgeschlossen": 2,
        "Umsetzung": 1,
        "Digitalisierungsfabrik": -7,
        "Wartend": -8,
    }


def test_the_frozen_figures_equal_the_history_on_each_stichtag(erhebungen):
    for erhebung in erhebungen:
        assert erhebung_stand(erhebung=erhebung).nach_status() == status_stand(stichtag=erhebung.stichtag).nach_status()


def test_the_demo_funnel(demo, db):
    assert [(s.leistungsbuendel, s.leistungen) for s in trichter()] == [(557, 4813), (210, 607), (176, 512)]


def test_making_the_demo_erhebungen_again_changes_nothing(erhebungen):
    assert build_erhebungen() == erhebungen
    assert Erhebung.objects.count() == 2


def test_the_demo_rates_300_services_and_the_ranking_shows_complete_and_incomplete_ones(demo, db):

    rated = Bewertung.objects.values("leistung").distinct()
    assert rated.count() == ANZAHL
    assert not Bewertung.objects.exclude(leistung__von_wiesbaden_umzusetzen=True).exists()
    assert not Bewertung.objects.filter(leistung__status__bedeutung=StatusBedeutung.AUSSER_BETRACHT).exists()
    assert f"Scorecard: {ANZAHL} Leistungen bewertet, davon {UNVOLLSTAENDIG} unvollständig." in demo

    daten = rangliste()
    incomplete = [z for z in daten.zeilen if not z.ergebnis.vollstaendig]
    unrated = [z for z in incomplete if z.ergebnis.beantwortet == 0]
    assert len(unrated) == UNBEWERTET
    assert len(incomplete) == UNBEWERTET + UNVOLLSTAENDIG
    assert daten.anzahl_vollstaendig_basis == daten.anzahl_basis - UNBEWERTET - UNVOLLSTAENDIG > 100
    assert daten.zeilen[0].rang == 1 and daten.zeilen[-1].rang is None


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


def test_the_demo_assesses_a_few_dozen_online_services_against_the_servicestandard(demo, leitung_demo):
    from servicestandard.demo import ANZAHL as GEPRUEFT
    from servicestandard.demo import UNVOLLSTAENDIG as OFFEN
    from servicestandard.selectors import pruefbare_leistungen, servicestandard_stand

    stand = servicestandard_stand()
    assert len(stand.leistungen) == GEPRUEFT and GEPRUEFT - stand.vollstaendig == OFFEN
    assert f"Servicestandard: {GEPRUEFT} Online-Dienste geprüft, davon {OFFEN} unvollständig." in demo
    assert {z.id for z in stand.leistungen} <= set(pruefbare_leistungen().values_list("pk", flat=True))
    assert {33, 51} <= {a.nummer for a in stand.aemter}
    # every kind of result occurs, and the figures the JSON gives are the selector's
    assert min(stand.gesamt.erfuellt, stand.gesamt.teilweise, stand.gesamt.nicht_erfuellt) > 50
    assert stand.gesamt.nicht_anwendbar > 0
    daten = leitung_demo.get(reverse("servicestandard:daten_json")).json()
    assert daten["gesamt"] == stand.gesamt.als_dict()
