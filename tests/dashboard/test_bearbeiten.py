"""The Amtsleitung's small form on a Leistung's page: own Amt only, through the services, never lost."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from catalog.models import StatusAenderung
from catalog.services import leistung_status_setzen
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db


def page(leistung):
    return f"/leistungen/{leistung.leika_schluessel}/"


def edit(leistung):
    return f"/leistungen/{leistung.leika_schluessel}/bearbeiten/"


def post_data(leistung, **overrides):
    data = {
        "status": leistung.status_id or "",
        "gueltig_ab": "",
        "grund": "",
        "zusaetzliche_informationen": leistung.zusaetzliche_informationen,
        "version": leistung.version,
    }
    data.update(overrides)
    return data


def test_the_amtsleitung_sees_the_form_on_its_own_amts_leistung(client, amtsleitung33, leistung):
    client.force_login(amtsleitung33)
    assert "Status und Hinweise ändern" in client.get(page(leistung)).content.decode()


@pytest.mark.parametrize("person", ["amtsleitung51", "leitung"])
def test_others_see_no_form_and_get_404_for_it(client, request, person, leistung):
    client.force_login(request.getfixturevalue(person))
    assert "Status und Hinweise ändern" not in client.get(page(leistung)).content.decode()
    assert client.get(edit(leistung)).status_code == 404
    response = client.post(edit(leistung), post_data(leistung, zusaetzliche_informationen="fremd"))
    assert response.status_code == 404
    leistung.refresh_from_db()
    assert leistung.zusaetzliche_informationen == ""


def test_anonymous_is_sent_to_sign_in(client, leistung):
    response = client.get(edit(leistung))
    assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]


def test_the_amtsleitung_sets_status_and_note(client, amtsleitung33, leistung, statuses):
    client.force_login(amtsleitung33)
    response = client.post(
        edit(leistung),
        post_data(
            leistung,
            status=statuses["Umsetzung"].pk,
            gueltig_ab="2022-06-01",
            grund="Projekt mit ekom21 gestartet",
            zusaetzliche_informationen="Start im Juni",
        ),
        follow=True,
    )
    assert "Die Änderung wurde gespeichert." in response.content.decode()
    leistung.refresh_from_db()
    assert (leistung.status, leistung.zusaetzliche_informationen) == (statuses["Umsetzung"], "Start im Juni")
    row = StatusAenderung.objects.get()
    assert (row.gueltig_ab, row.erfasst_von, row.grund) == (
        dt.date(2022, 6, 1),
        amtsleitung33,
        "Projekt mit ekom21 gestartet",
    )


def test_a_status_change_without_reason_gets_a_german_field_error(client, amtsleitung33, leistung, statuses):
    client.force_login(amtsleitung33)
    response = client.post(
        edit(leistung), post_data(leistung, status=statuses["Umsetzung"].pk, gueltig_ab="2022-06-01")
    )
    assert response.status_code == 200
    assert "Bitte einen Grund für die Statusänderung angeben." in response.content.decode()
    assert not StatusAenderung.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [("2999-01-01", "liegt in der Zukunft"), ("31.02.2022", "gültiges Datum"), ("gestern", "gültiges Datum")],
)
def test_a_wrong_date_gets_a_german_field_error(client, amtsleitung33, leistung, statuses, value, message):
    client.force_login(amtsleitung33)
    response = client.post(
        edit(leistung), post_data(leistung, status=statuses["Umsetzung"].pk, gueltig_ab=value, grund="x")
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StatusAenderung.objects.exists()


def test_an_unknown_status_gets_a_german_field_error(client, amtsleitung33, leistung):
    client.force_login(amtsleitung33)
    response = client.post(edit(leistung), post_data(leistung, status="99999"))
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()


def test_a_stale_form_is_refused_with_the_current_values(client, amtsleitung33, leistung, statuses):
    client.force_login(amtsleitung33)
    stale = post_data(leistung, zusaetzliche_informationen="Meine Notiz")
    leistung_status_setzen(
        leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3), grund="andere"
    )
    response = client.post(edit(leistung), stale)
    text = response.content.decode()
    assert "wurde inzwischen von jemand anderem geändert" in text and "Status Wartend" in text
    leistung.refresh_from_db()
    assert leistung.zusaetzliche_informationen == ""


def test_notes_with_markup_are_shown_as_text(client, amtsleitung33, leistung):
    client.force_login(amtsleitung33)
    client.post(
        edit(leistung), post_data(leistung, zusaetzliche_informationen='<script>alert("x")</script><b>fett</b>')
    )
    html = client.get(page(leistung)).content.decode()
    assert '<script>alert("x")</script>' not in html and "<b>fett</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_revoking_the_right_takes_effect_on_the_next_request(client, amtsleitung33, leistung):
    client.force_login(amtsleitung33)
    assert client.get(edit(leistung)).status_code == 200
    amtsleitung33.groups.remove(Group.objects.get(name="Amtsleitung"))
    assert client.get(edit(leistung)).status_code == 403  # without a group, nothing of the portal is readable


@pytest.fixture
def seit_2021(leistung, statuses):
    """History from 04.01.2021 (Digitalisierungsfabrik), in Umsetzung since 01.03.2022."""
    leistung_status_setzen(leistung=leistung, status=statuses["Digitalisierungsfabrik"], gueltig_ab=dt.date(2021, 1, 4))
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 3, 1))
    leistung.refresh_from_db()
    return leistung


def test_a_back_dated_change_says_the_current_status_stays_and_the_timeline_has_one_first_status(
    client, amtsleitung33, seit_2021, statuses
):
    client.force_login(amtsleitung33)

    response = client.post(
        edit(seit_2021),
        post_data(
            seit_2021,
            status=statuses["Wartend"].pk,
            gueltig_ab="01.01.2016",
            grund="Altbestand nachgetragen",
            datum_bestaetigt="on",  # before the OZG came into force: confirmed
        ),
        follow=True,
    )

    text = text_von(response)
    assert (
        "Gespeichert: „Wartend“ ab 01.01.2016; aktuell gilt weiter „Umsetzung“ (spätere Änderungen ab 04.01.2021)."
        in text
    )
    assert "Die Änderung wurde gespeichert." not in text
    seit_2021.refresh_from_db()
    assert seit_2021.status == statuses["Umsetzung"]
    verlauf = text[text.index("Statusverlauf") :]
    assert verlauf.count("erster Status") == 1
    assert "ab 01.01.2016 (KW 53/2015) erster Status: Wartend Altbestand nachgetragen" in verlauf
    assert "ab 04.01.2021 (KW 1/2021) Wartend → Digitalisierungsfabrik" in verlauf
    assert "ab 01.03.2022 (KW 9/2022) Digitalisierungsfabrik → Umsetzung" in verlauf


def test_a_status_already_in_effect_on_the_date_is_not_reported_as_saved(client, amtsleitung33, seit_2021, statuses):
    client.force_login(amtsleitung33)

    response = client.post(
        edit(seit_2021),
        post_data(
            seit_2021,
            status=statuses["Digitalisierungsfabrik"].pk,
            gueltig_ab="2021-06-01",
            grund="versehentlich",
            zusaetzliche_informationen="Neue Notiz",
        ),
        follow=True,
    )

    assert (
        "Die zusätzlichen Informationen wurden gespeichert. Am 01.06.2021 galt bereits „Digitalisierungsfabrik“; "
        "der Statusverlauf bleibt, wie er war; aktuell gilt weiter „Umsetzung“ (spätere Änderung ab 01.03.2022)."
    ) in text_von(response)
    assert StatusAenderung.objects.filter(leistung=seit_2021).count() == 2
    seit_2021.refresh_from_db()
    assert (seit_2021.status, seit_2021.zusaetzliche_informationen) == (statuses["Umsetzung"], "Neue Notiz")
