"""The Amtsleitung's small form on a Leistung's page: own Amt only, through the services, never lost."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from catalog.models import StatusAenderung
from catalog.services import leistung_set_status

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
    leistung_set_status(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2022, 1, 3), grund="andere")
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
    assert client.get(edit(leistung)).status_code == 404
