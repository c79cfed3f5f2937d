"""The open round where an Amtsleitung starts: at the top of "Mein Amt" and as "Rückmeldung" in the navigation,
while the round asks its Amt; a fixed number of queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.services import leistung_status_setzen
from erhebungsrunde.services import erhebungsrunde_abschliessen, erhebungsrunde_oeffnen
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db
MEIN_AMT = reverse("dashboard:mein_amt")
RUECKMELDUNG = reverse("erhebungsrunde:rueckmeldung")
NAV_EINTRAG = re.compile(r'<nav class="hauptnavigation".*?</nav>', re.S)


def navigation(response) -> str:
    return NAV_EINTRAG.search(response.content.decode()).group(0)


def test_mein_amt_shows_the_open_round_at_the_top(client, amtsleitung33, runde, katalog, antworten):
    antworten(runde, amtsleitung33, katalog["melde"])
    client.force_login(amtsleitung33)

    response = client.get(MEIN_AMT)

    text = text_von(response)
    oben = text.split("Der heutige Stand Ihres Amts")[0]  # before the figures
    assert "Erhebungsrunde „Erhebungsstand Test“: 2 von 3 gefragten Leistungen von Amt 33 noch ohne Rückmeldung" in oben
    assert f"Frist {runde.frist:%d.%m.%Y}" in oben and "Jetzt Rückmeldung geben" in oben
    assert f'href="{RUECKMELDUNG}"' in response.content.decode()


def test_mein_amt_says_nothing_of_a_round_that_does_not_ask_the_amt(client, amtsleitung33, katalog):
    heute = timezone.localdate()
    erhebungsrunde_oeffnen(name="Nur 51", stichtag=heute, frist=heute, aemter=[51])
    client.force_login(amtsleitung33)

    response = client.get(MEIN_AMT)

    assert "Erhebungsrunde" not in text_von(response).split("Der heutige Stand Ihres Amts")[0]
    assert "Rückmeldung" not in navigation(response)


def test_the_navigation_leads_an_asked_amtsleitung_to_rueckmeldung(client, runde, amtsleitung33, leitung, redaktion):
    eintrag = f'<li><a href="{RUECKMELDUNG}">Rückmeldung</a></li>'
    for user, erwartet in [(amtsleitung33, True), (leitung, False), (redaktion, False)]:
        client.force_login(user)
        assert (eintrag in navigation(client.get(reverse("dashboard:leistungen")))) is erwartet, user
    client.force_login(amtsleitung33)
    assert f'<a href="{RUECKMELDUNG}" aria-current="page">Rückmeldung</a>' in navigation(client.get(RUECKMELDUNG))


def test_after_the_round_is_closed_the_entry_is_gone(client, amtsleitung33, katalog):
    heute = timezone.localdate()
    runde = erhebungsrunde_oeffnen(name="Kurz", stichtag=heute, frist=heute)
    erhebungsrunde_abschliessen(runde=runde)
    client.force_login(amtsleitung33)

    response = client.get(MEIN_AMT)

    assert "Rückmeldung" not in navigation(response) and "Jetzt Rückmeldung geben" not in text_von(response)


def test_mein_amt_with_an_open_round_runs_a_fixed_number_of_queries(
    client, amtsleitung33, runde, katalog, make_leistung, statuses
):
    client.force_login(amtsleitung33)

    def zaehlen():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MEIN_AMT).status_code == 200
        return len(queries)

    mit_runde = zaehlen()
    for i in range(10):
        leistung = make_leistung(bezeichnung=f"Weitere {i}")
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3))
    assert zaehlen() == mit_runde
    # an open round asking the Amt adds two: the Amt's progress and the user's Amt (may it answer?); looking for
    # the open round and the navigation's check run either way
    erhebungsrunde_abschliessen(runde=runde)
    assert zaehlen() == mit_runde - 2
