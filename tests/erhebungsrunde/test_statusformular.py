"""A status change through the status form ("Status und Hinweise ändern") of a Leistung the open round still asks
counts as the round's answer "geändert": the Amtsleitung does not do the work twice."""

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import StatusAenderung
from erhebungsrunde.models import Antwort
from tests.dashboard.conftest import text_von
from tests.dashboard.test_bearbeiten import post_data
from tests.erhebungsrunde.conftest import eintrag

pytestmark = pytest.mark.django_db


def speichern(client, leistung, **daten):
    url = reverse("dashboard:leistung_bearbeiten", args=[leistung.leika_schluessel])
    return client.post(url, post_data(leistung, **daten), follow=True)


@pytest.mark.parametrize("wer", ["amtsleitung33", "redaktion"])
def test_a_status_change_of_an_asked_leistung_is_the_rounds_answer(client, request, wer, runde, katalog, statuses):
    user = request.getfixturevalue(wer)
    client.force_login(user)
    melde = katalog["melde"]

    antwort = speichern(
        client, melde, status=statuses["Umsetzung"].pk, gueltig_ab=str(timezone.localdate()), grund="Projekt begonnen"
    )

    e = eintrag(runde, melde)
    zeile = StatusAenderung.objects.filter(leistung=melde).latest("id")
    assert (e.antwort, e.status, e.statusaenderung, e.beantwortet_von) == (
        Antwort.GEAENDERT,
        statuses["Umsetzung"],
        zeile,
        user,
    )
    assert e.beantwortet_am == zeile.erfasst_am
    text = text_von(antwort)
    assert (
        "Die Änderung wurde gespeichert; sie zählt zugleich als Rückmeldung zur Erhebungsrunde „Erhebungsstand Test“."
        in text
    )
    assert "wartet auf die Rückmeldung" not in text
    assert "in der Erhebungsrunde „Erhebungsstand Test“ (geändert)" in text
    assert "In der offenen Erhebungsrunde „Erhebungsstand Test“ beantwortet." in text
    # the answer page of the Amt no longer offers it
    client.force_login(request.getfixturevalue("amtsleitung33"))
    assert "2 noch offen" in text_von(client.get("/rueckmeldung/"))


def test_only_the_notes_or_a_change_that_is_not_current_are_no_answer(client, amtsleitung33, runde, katalog, statuses):
    client.force_login(amtsleitung33)
    melde, pass_ = katalog["melde"], katalog["pass"]
    speichern(client, melde, zusaetzliche_informationen="nur ein Hinweis")
    # back-dated behind the later change of 01.02.2022: recorded in the history, but not the current status
    speichern(client, pass_, status=statuses["Abgeschlossen"].pk, gueltig_ab="2021-06-01", grund="nachgetragen")

    assert StatusAenderung.objects.filter(leistung=pass_, gueltig_ab="2021-06-01").exists()
    assert (eintrag(runde, melde).antwort, eintrag(runde, pass_).antwort) == ("", "")


def test_an_answered_entry_keeps_its_answer(client, amtsleitung33, runde, katalog, statuses, antworten):
    antworten(runde, amtsleitung33, katalog["melde"])
    vorher = eintrag(runde, katalog["melde"])
    client.force_login(amtsleitung33)
    melde = katalog["melde"]
    melde.refresh_from_db()

    speichern(client, melde, status=statuses["Umsetzung"].pk, gueltig_ab=str(timezone.localdate()), grund="weiter")

    nachher = eintrag(runde, melde)
    assert (nachher.antwort, nachher.beantwortet_am, nachher.status_id) == (
        Antwort.BESTAETIGT,
        vorher.beantwortet_am,
        vorher.status_id,
    )


def test_without_an_open_round_the_form_saves_as_before(client, amtsleitung33, katalog, statuses):
    client.force_login(amtsleitung33)
    text = text_von(
        speichern(client, katalog["melde"], status=statuses["Umsetzung"].pk, gueltig_ab="2024-01-01", grund="x")
    )
    assert "Die Änderung wurde gespeichert." in text and "Rückmeldung zur Erhebungsrunde" not in text
