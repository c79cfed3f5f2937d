"""Erhebungen: made by the service (also from the admin and the command), frozen, refused with German messages."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from catalog.models import Erhebung, ErhebungsEintrag, Leistung
from catalog.selectors import bewegungen, erhebung_stand, status_stand, vergleich
from catalog.services import erhebung_anlegen, leistung_aendern, leistung_status_setzen
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

D = dt.date


def setze(leistung, status, tag):
    return leistung_status_setzen(leistung=leistung, status=status, gueltig_ab=tag, grund="Test")


@pytest.fixture
def katalog(make_leistung, statuses):
    """Three Leistungen in the base, one out of scope, one not Wiesbaden's, one without status."""
    leistungen = {
        "wartend": make_leistung(),
        "umsetzung": make_leistung(),
        "fertig": make_leistung(),
        "raus": make_leistung(),
        "fremd": make_leistung(von_wiesbaden_umzusetzen=False),
        "ohne": make_leistung(),
    }
    setze(leistungen["wartend"], statuses["Wartend"], D(2022, 1, 3))
    setze(leistungen["umsetzung"], statuses["Umsetzung"], D(2022, 1, 3))
    setze(leistungen["fertig"], statuses["Umsetzung"], D(2022, 1, 3))
    setze(leistungen["fertig"], statuses["Abgeschlossen"], D(2022, 6, 1))  # after the Stichtag
    setze(leistungen["raus"], statuses["Nicht relevant"], D(2022, 1, 3))
    setze(leistungen["fremd"], statuses["Abgeschlossen"], D(2022, 1, 3))
    return leistungen


def eintraege(erhebung):
    return {
        e.leistung_id: (e.status.bezeichnung if e.status else "ohne Status", e.amt.nummer if e.amt else None)
        for e in ErhebungsEintrag.objects.filter(erhebung=erhebung).select_related("status", "amt")
    }


def test_an_erhebung_freezes_status_and_amt_of_every_leistung_in_the_base_as_of_its_stichtag(katalog, redaktion):
    erhebung = erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=D(2022, 5, 15), user=redaktion)

    assert eintraege(erhebung) == {
        katalog["wartend"].pk: ("Wartend", 33),
        katalog["umsetzung"].pk: ("Umsetzung", 33),
        katalog["fertig"].pk: ("Umsetzung", 33),  # as of the Stichtag, not today's Abgeschlossen
        katalog["ohne"].pk: ("ohne Status", 33),  # in the base without a status, as the live figures count it
    }
    assert erhebung.erstellt_von == redaktion and erhebung.erstellt_am is not None
    live, frozen = status_stand(stichtag=D(2022, 5, 15)), erhebung_stand(erhebung=erhebung)
    assert (
        (frozen.basis.anzahl, frozen.ohne_status, frozen.nach_status())
        == (
            live.basis.anzahl,
            live.ohne_status,
            live.nach_status(),
        )
        == (4, 1, {"Abgeschlossen": 0, "Umsetzung": 2, "Digitalisierungsfabrik": 0, "Wartend": 1})
    )
    assert str(erhebung) == "Erhebungsstand Mai 2022 (15.05.2022)"


def test_an_erhebungs_figures_stay_frozen_after_a_back_dated_change_and_an_amt_change(katalog, statuses, amt51):
    erhebung = erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=D(2022, 5, 15))
    vorher = erhebung_stand(erhebung=erhebung)
    assert vorher.nach_status() == {"Abgeschlossen": 0, "Umsetzung": 2, "Digitalisierungsfabrik": 0, "Wartend": 1}

    # later someone back-dates a change to before the Stichtag, and the Leistung moves to another Amt
    setze(katalog["wartend"], statuses["Abgeschlossen"], D(2022, 4, 1))
    wartend = Leistung.objects.get(pk=katalog["wartend"].pk)
    leistung_aendern(leistung=wartend, version=wartend.version, felder={"amt": amt51})

    assert status_stand(stichtag=D(2022, 5, 15)).nach_status()["Abgeschlossen"] == 1  # the history changed
    nachher = erhebung_stand(erhebung=erhebung)
    assert nachher.nach_status() == vorher.nach_status()  # the Erhebung did not
    assert nachher.online == 0 and nachher.basis.anzahl == 4
    assert eintraege(erhebung)[katalog["wartend"].pk] == ("Wartend", 33)
    assert erhebung_stand(erhebung=erhebung, amt=amt51).basis.anzahl == 0


def test_comparing_an_erhebung_with_its_own_stichtag_finds_nothing_added_or_gone(katalog):
    """Also the Leistung without a status is in both: frozen as "ohne Status", counted so by the history."""
    erhebung = erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=D(2022, 5, 15))

    v = vergleich(alt=erhebung, neu=D(2022, 5, 15))

    assert [len(liste) for liste in bewegungen(alt=erhebung, neu=D(2022, 5, 15)).values()] == [0, 0, 0]
    assert (v.alt.anzahl, v.neu.anzahl) == (4, 4)


def test_erhebung_anlegen_refuses_a_future_stichtag_and_writes_nothing(katalog, today):
    morgen = today + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as fehler:
        erhebung_anlegen(name="Zukunft", stichtag=morgen)
    assert fehler.value.message_dict["stichtag"] == [
        f"Der Stichtag {morgen:%d.%m.%Y} liegt in der Zukunft; eine Erhebung kann höchstens den heutigen Stand "
        f"({today:%d.%m.%Y}) festhalten."
    ]
    assert not Erhebung.objects.exists() and not ErhebungsEintrag.objects.exists()


def test_an_erhebung_taken_before_the_portal_keeps_when_it_was_taken_but_not_before_its_stichtag(katalog):
    from django.utils import timezone

    genommen = timezone.make_aware(dt.datetime(2022, 5, 17, 9, 40))
    erhebung = erhebung_anlegen(name="Mai 2022", stichtag=dt.date(2022, 5, 15), erstellt_am=genommen)
    with pytest.raises(ValidationError) as zu_frueh:
        erhebung_anlegen(
            name="Dez 2021", stichtag=dt.date(2021, 12, 1), erstellt_am=genommen.replace(year=2021, month=11)
        )
    with pytest.raises(ValidationError) as zukunft:
        erhebung_anlegen(
            name="Später", stichtag=dt.date(2022, 5, 15), erstellt_am=timezone.now() + dt.timedelta(days=1)
        )

    erhebung.refresh_from_db()
    assert erhebung.erstellt_am == genommen
    for fehler in (zu_frueh, zukunft):
        assert fehler.value.message_dict["erstellt_am"] == [
            "Eine Erhebung wird an oder nach ihrem Stichtag erstellt, nicht in der Zukunft."
        ]
    assert Erhebung.objects.count() == 1


def test_erhebung_anlegen_refuses_a_duplicate_name_also_in_other_case(katalog):
    erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=D(2022, 5, 15))
    for name in ("Erhebungsstand Mai 2022", "  erhebungsstand mai 2022 "):
        with pytest.raises(ValidationError) as fehler:
            erhebung_anlegen(name=name, stichtag=D(2022, 5, 16))
        assert fehler.value.message_dict["name"] == [f"Eine Erhebung mit dem Namen „{name.strip()}“ gibt es bereits."]
    assert Erhebung.objects.count() == 1
    assert ErhebungsEintrag.objects.count() == 4


def test_erhebung_anlegen_refuses_an_empty_name_and_a_missing_date():
    with pytest.raises(ValidationError) as fehler:
        erhebung_anlegen(name="  ", stichtag=D(2022, 5, 15))
    assert "Namen" in fehler.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as fehler:
        erhebung_anlegen(name="Ohne Datum", stichtag="2022-05-15")
    assert "Stichtag" in fehler.value.message_dict["stichtag"][0]
    assert not Erhebung.objects.exists()


# --- the command ------------------------------------------------------------------------------------------


def test_the_command_makes_an_erhebung_and_prints_its_figures(katalog):
    out = StringIO()
    call_command("erhebung_anlegen", "--name", "Erhebungsstand Mai 2022", "--stichtag", "2022-05-15", stdout=out)
    erhebung = Erhebung.objects.get()
    assert erhebung.stichtag == D(2022, 5, 15) and erhebung.erstellt_von is None
    text = out.getvalue()
    assert "Erhebung „Erhebungsstand Mai 2022“ zum Stichtag 15.05.2022 angelegt." in text
    assert "Basis: 4 LeiKa-Leistungen, die von Wiesbaden umzusetzen sind" in text
    assert "Umsetzung" in text and "50,0\u202f%" in text


@pytest.mark.parametrize(
    ("stichtag", "meldung"),
    [("15.13.2022", "ist kein Datum"), ("2999-01-01", "liegt in der Zukunft")],
)
def test_the_command_refuses_bad_dates_in_german(katalog, stichtag, meldung):
    with pytest.raises(CommandError, match=meldung):
        call_command("erhebung_anlegen", "--name", "X", "--stichtag", stichtag, stdout=StringIO())
    assert not Erhebung.objects.exists()


def test_the_command_refuses_a_duplicate_name(katalog):
    call_command("erhebung_anlegen", "--name", "Mai", "--stichtag", "15.05.2022", stdout=StringIO())
    with pytest.raises(CommandError, match="Eine Erhebung mit dem Namen „Mai“ gibt es bereits."):
        call_command("erhebung_anlegen", "--name", "Mai", "--stichtag", "2022-05-16", stdout=StringIO())


# --- the admin --------------------------------------------------------------------------------------------


@pytest.fixture
def redaktion_client(client, redaktion):
    client.force_login(redaktion)
    return client


def test_an_editor_makes_an_erhebung_in_the_admin_through_the_service(katalog, redaktion, redaktion_client):
    response = redaktion_client.post(
        reverse("admin:catalog_erhebung_add"), {"name": "Erhebungsstand Mai 2022", "stichtag": "15.05.2022"}
    )
    assert response.status_code == 302
    erhebung = Erhebung.objects.get()
    assert erhebung.erstellt_von == redaktion
    assert len(eintraege(erhebung)) == 4

    seite = redaktion_client.get(reverse("admin:catalog_erhebung_change", args=[erhebung.pk]))
    html = seite.content.decode()
    assert seite.status_code == 200
    assert "Stand je Status (eingefroren)" in html
    assert "4 LeiKa-Leistungen, die von Wiesbaden umzusetzen sind" in html
    assert "50,0\u202f%" in html and "keine frühere Erhebung" in html
    assert 'name="name"' not in html  # read-only: no input to edit

    liste = redaktion_client.get(reverse("admin:catalog_erhebung_changelist")).content.decode()
    assert "Erhebungsstand Mai 2022" in liste and "15.05.2022" in liste


def test_the_admin_refuses_a_future_stichtag_and_a_duplicate_name_with_the_services_messages(
    katalog, redaktion_client, today
):
    morgen = today + dt.timedelta(days=1)
    response = redaktion_client.post(
        reverse("admin:catalog_erhebung_add"), {"name": "Zukunft", "stichtag": f"{morgen:%d.%m.%Y}"}
    )
    assert response.status_code == 200
    assert f"Der Stichtag {morgen:%d.%m.%Y} liegt in der Zukunft" in response.content.decode()

    erhebung_anlegen(name="Mai", stichtag=D(2022, 5, 15))
    response = redaktion_client.post(reverse("admin:catalog_erhebung_add"), {"name": "Mai", "stichtag": "16.05.2022"})
    assert "Eine Erhebung mit dem Namen „Mai“ gibt es bereits." in response.content.decode()
    assert Erhebung.objects.count() == 1


def test_an_erhebung_cannot_be_edited_and_only_a_superuser_deletes_it(katalog, redaktion_client, client):
    erhebung = erhebung_anlegen(name="Mai", stichtag=D(2022, 5, 15))
    aendern = reverse("admin:catalog_erhebung_change", args=[erhebung.pk])
    loeschen = reverse("admin:catalog_erhebung_delete", args=[erhebung.pk])

    redaktion_client.post(aendern, {"name": "Umbenannt", "stichtag": "01.01.2022"})
    erhebung.refresh_from_db()
    assert (erhebung.name, erhebung.stichtag) == ("Mai", D(2022, 5, 15))
    assert redaktion_client.get(loeschen).status_code == 403
    assert redaktion_client.post(loeschen, {"post": "yes"}).status_code == 403
    assert Erhebung.objects.filter(pk=erhebung.pk).exists()

    chefin = User.objects.create_superuser("chefin", password=PASSWORD)
    client.logout()
    client.force_login(chefin)
    bestaetigung = client.get(loeschen)
    assert bestaetigung.status_code == 200 and "Eingefrorene Einträge: 4" in bestaetigung.content.decode()
    assert client.post(loeschen, {"post": "yes"}).status_code == 302
    assert not Erhebung.objects.exists() and not ErhebungsEintrag.objects.exists()
