"""The Redaktion's "Erinnerungen senden" as a background task (the immediate backend of the tests; a real worker in
tests/ops/test_mehrere_server.py): progress per Amt, then how many mails went out and which addresses failed and
why, in German; a failed task says why and sends nothing; a second click starts no second run."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from erhebungsrunde.models import Erinnerung
from erhebungsrunde.services import erhebungsrunde_abschliessen
from erhebungsrunde.tasks import ART_ERINNERN, bezug, erinnerungen_senden
from jobs.models import Job
from jobs.selectors import fortschritt_text
from jobs.services import job_anlegen, job_starten
from tests.conftest import _user
from tests.dashboard.conftest import text_von
from tests.erhebungsrunde.mailbackend import ABGELEHNT, FortschrittMitschreiben

pytestmark = pytest.mark.django_db


def erinnern_url(runde):
    return reverse("admin:erhebungsrunde_erhebungsrunde_erinnern", args=[runde.pk])


def auftrag_url(runde, job):
    return reverse("admin:erhebungsrunde_erhebungsrunde_erinnern_auftrag", args=[runde.pk, job.pk])


def test_the_button_runs_a_job_that_reports_each_amt_and_then_who_was_reached(editor, runde, mit_adressen, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.erhebungsrunde.mailbackend.FortschrittMitschreiben"}}
    FortschrittMitschreiben.gesehen = []

    antwort = editor.post(erinnern_url(runde))

    job = Job.objects.get(art=ART_ERINNERN)
    assert antwort.status_code == 302 and antwort["Location"] == auftrag_url(runde, job)
    # while each Amt's mail went out, the job's page said how far it was
    assert FortschrittMitschreiben.gesehen == ["0 von 2 Ämtern benachrichtigt", "1 von 2 Ämtern benachrichtigt"]
    assert job.status == Job.Status.FERTIG and fortschritt_text(job) == "2 von 2 Ämtern benachrichtigt"
    text = text_von(editor.get(auftrag_url(runde, job)))
    assert "Erinnerungen senden: Erhebungsstand Test" in text
    assert "2 E-Mails versandt." in text
    assert "Versandt an Amtsleitung33 <amtsleitung33@wiesbaden.example> (Amt 33)" in text
    assert "Amtsleitung51 <amtsleitung51@wiesbaden.example> (Amt 51)" in text
    assert sorted(m.to[0] for m in mail.outbox) == [
        "amtsleitung33@wiesbaden.example",
        "amtsleitung51@wiesbaden.example",
    ]
    assert Erinnerung.objects.filter(runde=runde, fehler="").count() == 2
    fortschritt = editor.get(
        reverse("admin:erhebungsrunde_erhebungsrunde_erinnern_fortschritt", args=[runde.pk, job.pk])
    )
    assert (fortschritt.json()["status"], fortschritt.json()["text"]) == ("fertig", "Fertig.")


def test_the_result_names_each_address_that_failed_and_why_in_german(editor, runde, mit_adressen, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.erhebungsrunde.mailbackend.EineAdresseAbgelehnt"}}
    antwort = editor.post(erinnern_url(runde), follow=True)
    text = text_von(antwort)
    assert "1 E-Mail versandt. 1 E-Mail konnte nicht versandt werden." in text
    assert (
        f"Nicht versandt an Amtsleitung51 <{ABGELEHNT}> (Amt 51): Der Mailserver hat die Adresse abgelehnt "
        "(SMTPRecipientsRefused:"
    ) in text
    assert [m.to for m in mail.outbox] == [["amtsleitung33@wiesbaden.example"]]
    assert Erinnerung.objects.exclude(fehler="").get().adresse == ABGELEHNT


def test_a_round_closed_before_the_job_runs_fails_it_in_german_and_nothing_is_sent(
    editor, runde, mit_adressen, redaktion
):
    erhebungsrunde_abschliessen(runde=runde, user=redaktion)
    job = job_starten(
        erinnerungen_senden,
        user=redaktion,
        art=ART_ERINNERN,
        titel="Erinnerungen",
        bezug=bezug(runde),
        runde_id=runde.pk,
    )
    assert job.status == Job.Status.FEHLGESCHLAGEN
    text = text_von(editor.get(auftrag_url(runde, job)))
    assert (
        "Die Erhebungsrunde „Erhebungsstand Test“ ist abgeschlossen; erinnert wird nur an eine offene Runde. Es wurde "
        "keine E-Mail versandt."
    ) in text
    assert mail.outbox == [] and not Erinnerung.objects.exists()

    verschwunden = job_starten(erinnerungen_senden, user=redaktion, art=ART_ERINNERN, titel="x", runde_id=999_999)
    assert verschwunden.fehler == "Diese Erhebungsrunde gibt es nicht mehr; es wurde keine E-Mail versandt."


def test_a_second_click_starts_no_second_run(editor, runde, mit_adressen, redaktion, amt15):
    kollegin = _user("redaktion2", "Redaktion Amt 15", staff=True, amt=amt15)
    laufend = job_anlegen(user=kollegin, art=ART_ERINNERN, titel="Erinnerungen", bezug=bezug(runde))  # waits

    text = text_von(editor.post(erinnern_url(runde), follow=True))
    assert re.search(r"werden gerade versandt \(begonnen von \S+ um \d\d:\d\d Uhr\); ein zweiter Versand", text)
    assert Job.objects.count() == 1 and mail.outbox == []
    # the colleague who started it is led to her job's page; nobody else sees it
    editor.force_login(kollegin)
    assert editor.post(erinnern_url(runde))["Location"] == auftrag_url(runde, laufend)
    assert editor.get(auftrag_url(runde, laufend)).status_code == 200
    editor.force_login(redaktion)
    assert editor.get(auftrag_url(runde, laufend)).status_code == 404

    # a running job silent for longer than ten minutes was aborted: a new run may begin
    Job.objects.filter(pk=laufend.pk).update(
        status=Job.Status.LAEUFT, aktualisiert_am=timezone.now() - dt.timedelta(minutes=11)
    )
    assert "2 E-Mails versandt." in text_von(editor.post(erinnern_url(runde), follow=True))


def test_the_job_page_belongs_to_its_round(editor, runde, redaktion, katalog):
    fremd = job_anlegen(user=redaktion, art=ART_ERINNERN, titel="Erinnerungen", bezug="erhebungsrunde:999999")
    anderer = job_anlegen(user=redaktion, art="katalog_import_pruefen", titel="Import", bezug=bezug(runde))
    for job in (fremd, anderer):
        assert editor.get(auftrag_url(runde, job)).status_code == 404
