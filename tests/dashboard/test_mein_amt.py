"""Mein Amt: an Amtsleitung lands on its Amt after signing in and sees its figures, what needs its attention
(gaps, overdue OZG-Booster services, statuses unchanged for 180 days, priorities) and a way to change each status;
a fixed number of queries. An Amt without Leistungen shows one clear empty state (here and on its Amt page)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import Amt, Leistungsbuendel, Reifegrad
from catalog.services import leistung_status_setzen
from tests.conftest import PASSWORD
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db

MEIN_AMT = reverse("dashboard:mein_amt")


def anmelden(client, username, **next_):
    return client.post(
        reverse("login") + (f"?next={next_['next']}" if next_ else ""),
        {
            "username": username,
            "password": PASSWORD,
        },
    )


@pytest.mark.parametrize(("weiter", "ziel"), [(None, MEIN_AMT), ("/", MEIN_AMT), ("/efa/", "/efa/")])
def test_an_amtsleitung_lands_on_mein_amt_unless_it_asked_for_another_page(client, amtsleitung33, weiter, ziel):
    response = anmelden(client, "amtsleitung33", **({"next": weiter} if weiter else {}))

    assert response.status_code == 302 and response["Location"] == ziel


@pytest.mark.parametrize("person", ["leitung", "redaktion"])
def test_everyone_else_keeps_landing_on_the_overview(client, person, request):
    request.getfixturevalue(person)

    response = anmelden(client, person)

    assert response.status_code == 302 and response["Location"] == "/"


def test_mein_amt_is_in_the_navigation_of_an_amtsleitung_only(client, amtsleitung33, leitung, redaktion):
    for user, erwartet in [(amtsleitung33, True), (leitung, False), (redaktion, False)]:
        client.force_login(user)
        html = client.get(reverse("dashboard:leistungen")).content.decode()
        assert (f'href="{MEIN_AMT}"' in html) is erwartet, user


@pytest.fixture
def amt33_mit_arbeit(make_leistung, statuses, amt33, today):
    """Amt 33: one online service without its online service recorded, one online with Reifegrad 0, an overdue
    OZG-Booster service, one open service changed recently and one unchanged for 200 days, one never with status."""
    booster = Leistungsbuendel.objects.create(
        ozg_id="10100", name="Kfz-Zulassung", ozg_booster=True, efa=True, rollout_frist=dt.date(2022, 12, 31)
    )
    vor_200 = today - dt.timedelta(days=200)
    faelle = {
        "Wohnsitz anmelden": ("Abgeschlossen", vor_200, {}),
        "Personalausweis": ("Abgeschlossen", vor_200, {"online_plattform": "civento", "reifegrad_stufe": 0}),
        "Meldebescheinigung": (
            "Abgeschlossen",
            vor_200,
            {"online_plattform": "civento", "online_dienst_url": "https://x.de/m", "reifegrad_stufe": 3},
        ),
        "Fahrzeug zulassen": ("Wartend", today - dt.timedelta(days=10), {"buendel": booster}),
        "Reisepass": ("Umsetzung", today - dt.timedelta(days=30), {}),
        "Führungszeugnis": ("Wartend", vor_200, {}),
        "Nicht relevant": ("Nicht relevant", vor_200, {}),
    }
    leistungen = {}
    for name, (status, seit, felder) in faelle.items():
        stufe = felder.pop("reifegrad_stufe", None)
        if stufe is not None:
            felder["reifegrad"] = Reifegrad.objects.get(stufe=stufe)
        leistungen[name] = make_leistung(bezeichnung=name, **felder)
        leistung_status_setzen(leistung=leistungen[name], status=statuses[status], gueltig_ab=seit)
    leistungen["Ohne Status"] = make_leistung(bezeichnung="Ohne Status")
    return leistungen


def abschnitt(text: str, anfang: str, ende: str) -> str:
    return text[text.index(anfang) : text.index(ende, text.index(anfang))]


def test_mein_amt_shows_the_figures_and_what_needs_attention(client, amtsleitung33, amt33_mit_arbeit, today):
    client.force_login(amtsleitung33)

    text = text_von(client.get(MEIN_AMT))

    assert "Mein Amt: Amt 33 – Bürgeramt" in text
    assert "3 (43 %) online verfügbar 4 (57 %) noch umzusetzen" in text.replace("\u202f", " ")
    luecken = abschnitt(text, "Online laut Status, aber Online-Dienst nicht erfasst (2)", "OZG-Booster:")
    assert (
        "Personalausweis (99.000.000.000.002) Abgeschlossen Reifegrad „0 – offline“ Online-Dienst erfassen" in luecken
    )
    assert "Wohnsitz anmelden (99.000.000.000.001) Abgeschlossen Online-Dienst nicht erfasst" in luecken
    assert "Meldebescheinigung" not in luecken
    booster = abschnitt(text, "OZG-Booster: Rollout-Frist überschritten (1)", "Status seit mehr als")
    assert "Fahrzeug zulassen" in booster and "10100 Kfz-Zulassung: 31.12.2022 überfällig" in booster
    lange = abschnitt(text, "Status seit mehr als 180 Tagen unverändert (2)", "Offene Leistungen nach Priorität")
    grenze = (today - dt.timedelta(days=180)).strftime("%d.%m.%Y")
    assert f"seit mindestens 180 Tagen, also seit dem {grenze} oder früher" in lange
    assert "Ohne Status" in lange and "noch nie ein Status erfasst" in lange
    vor_200 = (today - dt.timedelta(days=200)).strftime("%d.%m.%Y")
    assert f"Führungszeugnis (99.000.000.000.006) Wartend {vor_200} Status ändern" in lange
    assert "Reisepass" not in lange and "Nicht relevant" not in lange and "Wohnsitz" not in lange
    assert "Offene Leistungen nach Priorität (Scorecard) 4 offene Leistungen des Amts" in text


def test_each_row_leads_straight_to_the_status_form_and_back(client, amtsleitung33, amt33_mit_arbeit):
    client.force_login(amtsleitung33)
    html = client.get(MEIN_AMT).content.decode()

    ziel = reverse("dashboard:leistung_bearbeiten", args=[amt33_mit_arbeit["Führungszeugnis"].leika_schluessel])
    assert f'href="{ziel}?zurueck=mein-amt"' in html


def test_a_reader_sees_the_lists_without_the_change_links(client, leitung, amt33_mit_arbeit):
    from catalog.models import Benutzerprofil

    Benutzerprofil.objects.filter(user=leitung).update(amt=Amt.objects.get(nummer=33))
    client.force_login(leitung)

    html = client.get(MEIN_AMT).content.decode()

    assert "Status seit mehr als 180 Tagen unverändert (2)" in html and "?zurueck=mein-amt" not in html


def test_mein_amt_runs_a_fixed_number_of_queries(client, amtsleitung33, amt33_mit_arbeit, make_leistung, statuses):
    client.force_login(amtsleitung33)

    def zaehlen():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MEIN_AMT).status_code == 200
        return len(queries)

    vorher = zaehlen()
    for i in range(10):
        leistung = make_leistung(bezeichnung=f"Weitere {i}")
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3))
        leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2022, 6, 1))
    assert zaehlen() == vorher


def test_an_amt_without_leistungen_shows_one_clear_empty_state(client, amtsleitung51, leitung):
    client.force_login(amtsleitung51)
    mein = client.get(MEIN_AMT)
    client.force_login(leitung)
    seite = client.get(reverse("dashboard:amt", args=[51]))

    for response in (mein, seite):
        text = text_von(response)
        assert "Dem Amt 51 sind im Portal keine Leistungen zugeordnet" in text
        assert "Keine Leistung entspricht dem Filter" not in text and "Zahlen zum Diagramm" not in text
        assert 'data-diagramm="' not in response.content.decode()


def test_a_user_without_an_amt_is_told_so(client, leitung):
    client.force_login(leitung)

    text = text_von(client.get(MEIN_AMT))

    assert "Ihrem Benutzerkonto ist kein Amt zugeordnet." in text


def test_an_empty_list_without_a_filter_does_not_speak_of_a_filter(client, leitung):
    client.force_login(leitung)

    leer = text_von(client.get(reverse("dashboard:leistungen")))
    gefiltert = text_von(client.get(reverse("dashboard:leistungen"), {"q": "nichts"}))

    assert "Der Katalog enthält noch keine Leistung." in leer and "entspricht dem Filter" not in leer
    assert "Keine Leistung entspricht dem Filter." in gefiltert


def test_today_is_the_day_of_the_figures(client, amtsleitung33, amt33_mit_arbeit):
    client.force_login(amtsleitung33)

    response = client.get(MEIN_AMT)

    assert response.context["kennzahlen"].stichtag == timezone.localdate()


def test_saving_from_mein_amt_returns_to_mein_amt_with_the_message(client, amtsleitung33, amt33_mit_arbeit, statuses):
    from tests.dashboard.test_bearbeiten import post_data

    leistung = amt33_mit_arbeit["Führungszeugnis"]
    leistung.refresh_from_db()
    client.force_login(amtsleitung33)
    url = reverse("dashboard:leistung_bearbeiten", args=[leistung.leika_schluessel]) + "?zurueck=mein-amt"

    formular = client.get(url).content.decode()
    response = client.post(
        url,
        post_data(leistung, status=statuses["Umsetzung"].pk, gueltig_ab=str(timezone.localdate()), grund="Start"),
        follow=True,
    )

    assert 'action="' + url + '"' in formular
    assert response.redirect_chain == [(MEIN_AMT, 302)]
    text = text_von(response)
    assert "Die Änderung wurde gespeichert." in text
    assert "Status seit mehr als 180 Tagen unverändert (1)" in text


def test_a_leistung_in_two_lists_needs_attention_once(
    client, amtsleitung33, amt33_mit_arbeit, make_leistung, statuses, today
):
    """A second overdue OZG-Booster Leistung, unchanged for 200 days: in two lists, counted once."""
    beide = make_leistung(bezeichnung="Fahrzeug abmelden", buendel=amt33_mit_arbeit["Fahrzeug zulassen"].buendel)
    leistung_status_setzen(leistung=beide, status=statuses["Wartend"], gueltig_ab=today - dt.timedelta(days=200))
    client.force_login(amtsleitung33)

    text = text_von(client.get(MEIN_AMT))

    assert "OZG-Booster: Rollout-Frist überschritten (2)" in text
    assert "Status seit mehr als 180 Tagen unverändert (3)" in text
    # 2 gaps + 2 overdue + 3 unchanged, "Fahrzeug abmelden" in two of them: 6 Leistungen, not 7
    assert "6 Leistungen brauchen Ihre Aufmerksamkeit" in text
