"""The reminders: one mail to each Amtsleitung with open Leistungen, none to an Amt that answered everything; a
failure for one address is reported and the others still go out; the command says how many went out."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from erhebungsrunde.erinnerung import erhebungsrunde_erinnern
from erhebungsrunde.models import Erinnerung
from erhebungsrunde.services import erhebungsrunde_abschliessen
from tests.erhebungsrunde.mailbackend import ABGELEHNT

pytestmark = pytest.mark.django_db


def test_only_an_amt_with_open_leistungen_is_reminded(runde, katalog, mit_adressen, antworten):
    amtsleitung33, _ = mit_adressen
    antworten(runde, amtsleitung33, katalog["melde"], katalog["pass"], katalog["ausweis"])  # Amt 33 is done
    antworten(runde, amtsleitung33.__class__.objects.get(username="amtsleitung51"), katalog["kita"])

    ergebnis = erhebungsrunde_erinnern()

    assert [m.to for m in mail.outbox] == [["amtsleitung51@wiesbaden.example"]]
    nachricht = mail.outbox[0]
    assert nachricht.subject == (
        f"Erhebungsrunde „Erhebungsstand Test“: 1 Leistung von Amt 51 offen (Frist {runde.frist:%d.%m.%Y})"
    )
    assert "noch 1 von 2 gefragten Leistungen ohne Rückmeldung" in nachricht.body
    assert "Zur Rückmeldung: https://ozg.wiesbaden.example/rueckmeldung/" in nachricht.body
    assert f"Bitte antworten Sie bis zum {runde.frist:%d.%m.%Y} (Frist)." in nachricht.body
    assert (ergebnis.anzahl, ergebnis.erledigt, ergebnis.fehlgeschlagen) == (1, 1, [])
    assert list(Erinnerung.objects.values_list("amt__nummer", "adresse", "offen", "fehler")) == [
        (51, "amtsleitung51@wiesbaden.example", 1, "")
    ]


def test_a_failure_for_one_address_does_not_stop_the_others_and_is_reported(runde, mit_adressen, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.erhebungsrunde.mailbackend.EineAdresseAbgelehnt"}}
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 von 2 E-Mails konnten nicht versandt werden"):
        call_command("erhebungsrunde_erinnern", stdout=out, stderr=err)
    assert [m.to for m in mail.outbox] == [["amtsleitung33@wiesbaden.example"]]
    assert "Erhebungsrunde „Erhebungsstand Test“: 1 E-Mail versandt." in out.getvalue()
    assert (
        f"Nicht versandt an Amtsleitung51 <{ABGELEHNT}> (Amt 51): Der Mailserver hat die Adresse abgelehnt "
        f"(SMTPRecipientsRefused: {{'{ABGELEHNT}': (550, b'5.1.1 Mailbox unbekannt')}})"
    ) in err.getvalue()
    assert Erinnerung.objects.exclude(fehler="").get().adresse == ABGELEHNT


def test_the_command_prints_how_many_mails_went_out_and_whom_it_could_not_reach(runde, mit_adressen, amtsleitung51):
    amtsleitung51.email = ""
    amtsleitung51.save()
    out, err = io.StringIO(), io.StringIO()
    call_command("erhebungsrunde_erinnern", stdout=out, stderr=err)
    assert out.getvalue().splitlines()[:2] == [
        "Erhebungsrunde „Erhebungsstand Test“: 1 E-Mail versandt.",
        "  an Amtsleitung33 <amtsleitung33@wiesbaden.example> (Amt 33, 3 offen)",
    ]
    assert "keine aktive Amtsleitung mit E-Mail-Adresse gibt: Amt 51 – Amt für Jugend und Familie (2 offen)" in (
        err.getvalue()
    )


def test_without_an_open_round_nothing_is_sent_and_a_closed_round_is_refused(runde, mit_adressen):
    erhebungsrunde_abschliessen(runde=runde)
    out = io.StringIO()
    call_command("erhebungsrunde_erinnern", stdout=out)
    assert out.getvalue() == "Keine Erhebungsrunde ist offen; 0 E-Mails versandt.\n"
    with pytest.raises(Exception, match="erinnert wird nur an eine offene Runde"):
        erhebungsrunde_erinnern(runde=runde)
    assert mail.outbox == []


def test_without_the_portals_address_no_mail_goes_out(runde, mit_adressen, settings):
    settings.PORTAL_URL = ""
    with pytest.raises(CommandError, match="PORTAL_URL ist nicht gesetzt"):
        call_command("erhebungsrunde_erinnern", stdout=io.StringIO())
    assert mail.outbox == []
