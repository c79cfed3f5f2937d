"""Jobs: started as tasks, their progress, their end (done or failed, in German), who sees them; uploads that
wait for a confirmation in the shared storage, and the clean-up of what waits in vain."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.http import Http404
from django.tasks import task
from django.utils import timezone

from jobs.models import UPLOAD_ORDNER, Job, Upload
from jobs.selectors import job_fuer_benutzer, job_stand, job_unbeendet
from jobs.services import (
    Fortschritt,
    JobFehlgeschlagen,
    job_anlegen,
    job_ausfuehren,
    job_einreihen,
    job_starten,
    upload_loeschen,
    upload_speichern,
    uploads_aufraeumen,
)

pytestmark = pytest.mark.django_db


def _zaehlen(fortschritt):
    fortschritt.melden("Zeilen geprüft", 1200, 5019)
    return {"gezaehlt": 5019}


def _scheitern(fortschritt):
    raise JobFehlgeschlagen("Die Datei ist leer.")


def _abstuerzen(fortschritt):
    raise RuntimeError("geheimer Pfad /srv/ozg")


ARBEIT = {"zaehlen": _zaehlen, "scheitern": _scheitern, "abstuerzen": _abstuerzen}


@task
def beispiel(job_id: str, was: str) -> None:
    job_ausfuehren(job_id, ARBEIT[was], bei_fehler="Es wurde nichts geändert.")


def starten(user, was):
    return job_starten(beispiel, user=user, art="beispiel", titel=f"Beispiel {was}", was=was)


def test_a_job_runs_as_a_task_and_keeps_its_result(redaktion):
    job = starten(redaktion, "zaehlen")  # the immediate backend: it has run
    assert job.status == Job.Status.FERTIG
    assert job.ergebnis == {"gezaehlt": 5019}
    assert job.task_id and job.begonnen_am <= job.beendet_am
    assert (job.erledigt, job.gesamt, job.schritt) == (1200, 5019, "Zeilen geprüft")
    assert job_stand(job) == {
        "status": "fertig",
        "beendet": True,
        "erledigt": None,
        "gesamt": None,
        "prozent": None,
        "text": "Fertig.",
        "hinweis": "",
    }


def test_a_failed_job_says_why_in_german(redaktion):
    job = starten(redaktion, "scheitern")
    assert job.status == Job.Status.FEHLGESCHLAGEN
    assert job_stand(job)["text"] == "Die Datei ist leer."


def test_an_unexpected_error_fails_the_job_without_showing_its_details(redaktion, caplog):
    job = starten(redaktion, "abstuerzen")
    assert job.status == Job.Status.FEHLGESCHLAGEN
    assert job.fehler == (
        "Der Auftrag ist mit einem unerwarteten Fehler abgebrochen (RuntimeError). Es wurde nichts geändert. "
        "Bitte erneut versuchen; tritt der Fehler wieder auf, steht er im Protokoll des Portals."
    )
    assert "geheimer Pfad /srv/ozg" in caplog.text  # the traceback goes to the log


def test_a_job_runs_once(redaktion):
    job = starten(redaktion, "zaehlen")
    job_ausfuehren(job.pk, _scheitern)  # e.g. the task delivered twice
    job.refresh_from_db()
    assert job.status == Job.Status.FERTIG


def test_a_job_whose_task_cannot_be_enqueued_fails_and_blocks_nothing(redaktion):
    job = job_anlegen(user=redaktion, art="beispiel", titel="Beispiel", bezug="runde:1")
    assert job_unbeendet(art="beispiel", bezug="runde:1") == job
    with pytest.raises(TypeError):
        job_einreihen(job, beispiel, was=object())  # not JSON: the backend refuses it
    job.refresh_from_db()
    assert (job.status, job.fehler) == (
        Job.Status.FEHLGESCHLAGEN,
        "Der Auftrag konnte nicht begonnen werden; bitte erneut versuchen.",
    )
    assert job_unbeendet(art="beispiel", bezug="runde:1") is None


def test_the_unfinished_job_on_something_waits_or_runs_and_reports(redaktion):
    jetzt = timezone.now()
    assert job_unbeendet(art="beispiel", bezug="runde:1") is None
    fertig = starten(redaktion, "zaehlen")
    Job.objects.filter(pk=fertig.pk).update(bezug="runde:1")
    assert job_unbeendet(art="beispiel", bezug="runde:1") is None  # done: a new one may start
    laeuft = job_anlegen(user=redaktion, art="beispiel", titel="Beispiel", bezug="runde:1")
    Job.objects.filter(pk=laeuft.pk).update(status=Job.Status.LAEUFT, aktualisiert_am=jetzt - dt.timedelta(minutes=9))
    assert job_unbeendet(art="beispiel", bezug="runde:1", jetzt=jetzt) == laeuft
    assert job_unbeendet(art="beispiel", bezug="runde:2", jetzt=jetzt) is None
    assert job_unbeendet(art="anders", bezug="runde:1", jetzt=jetzt) is None
    # silent for more than ten minutes: aborted (its page says to start it again)
    assert job_unbeendet(art="beispiel", bezug="runde:1", jetzt=jetzt + dt.timedelta(minutes=2)) is None


def test_the_progress_line_and_bar(redaktion):
    job = Job.objects.create(user=redaktion, art="beispiel", titel="Beispiel", status=Job.Status.LAEUFT)
    fortschritt = Fortschritt(job.pk)
    fortschritt.melden("Zeilen geprüft", 1200, 5019)
    job.refresh_from_db()
    stand = job_stand(job)
    assert (stand["text"], stand["erledigt"], stand["gesamt"], stand["prozent"]) == (
        "1.200 von 5.019 Zeilen geprüft",
        1200,
        5019,
        24,
    )
    fortschritt.melden("Zeilen geprüft", 1700, 1500, sofort=False)  # within half a second: not written
    job.refresh_from_db()
    assert job.erledigt == 1200
    Fortschritt(job.pk).melden("Zeilen geprüft", 5100, 5019)  # an estimate that was too small
    job.refresh_from_db()
    assert job_stand(job)["text"] == "5.100 von 5.100 Zeilen geprüft"
    Fortschritt(job.pk).melden("Zeilen geprüft", 700)
    job.refresh_from_db()
    assert job_stand(job)["text"] == "700 Zeilen geprüft"
    Fortschritt(job.pk).melden("Die Änderungen werden geschrieben …")
    job.refresh_from_db()
    assert (job_stand(job)["text"], job_stand(job)["gesamt"]) == ("Die Änderungen werden geschrieben …", None)


def test_a_job_that_waits_or_is_silent_too_long_says_so(redaktion):
    job = Job.objects.create(user=redaktion, art="beispiel", titel="Beispiel")
    assert job_stand(job)["hinweis"] == ""
    spaeter = job.angelegt_am + dt.timedelta(minutes=5)
    assert "wartet seit 5 Minuten" in job_stand(job, jetzt=spaeter)["hinweis"]
    job.status, job.aktualisiert_am = Job.Status.LAEUFT, job.angelegt_am
    assert "Seit 5 Minuten" not in job_stand(job, jetzt=spaeter)["hinweis"]
    assert (
        "Seit 11 Minuten keine Meldung" in job_stand(job, jetzt=job.angelegt_am + dt.timedelta(minutes=11))["hinweis"]
    )


def test_only_its_owner_sees_a_job(redaktion, leitung):
    job = Job.objects.create(user=redaktion, art="beispiel", titel="Beispiel")
    assert job_fuer_benutzer(redaktion, job.pk) == job
    with pytest.raises(Http404):
        job_fuer_benutzer(leitung, job.pk)
    with pytest.raises(Http404):
        job_fuer_benutzer(redaktion, "kein-uuid")


# --- uploads ---------------------------------------------------------------------------------------------------


def test_an_upload_is_stored_under_a_random_name_for_its_owner_only(redaktion, upload_dir):
    upload = upload_speichern(user=redaktion, datei=ContentFile(b"x;y\n"), art="beispiel", dateiname="geheim.csv")
    assert upload.datei.name == f"uploads/{upload.token}.upload"
    assert [p.name for p in upload_dir.iterdir()] == [f"{upload.token}.upload"]
    assert (upload_dir / f"{upload.token}.upload").stat().st_mode & 0o777 == 0o600
    assert upload_dir.stat().st_mode & 0o777 == 0o700
    with upload.datei.open("rb") as handle:
        assert handle.read() == b"x;y\n"
    upload_loeschen(upload)
    assert list(upload_dir.iterdir()) == [] and not Upload.objects.exists()
    upload_loeschen(upload)  # twice: nothing happens


def test_uploads_nobody_confirmed_are_removed_after_a_day(redaktion, upload_dir):
    alt = upload_speichern(user=redaktion, datei=ContentFile(b"alt"), art="beispiel", dateiname="alt.csv")
    neu = upload_speichern(user=redaktion, datei=ContentFile(b"neu"), art="beispiel", dateiname="neu.csv")
    Upload.objects.filter(pk=alt.pk).update(angelegt_am=timezone.now() - dt.timedelta(days=1, minutes=1))
    waise = default_storage.save(f"{UPLOAD_ORDNER}/waise.upload", ContentFile(b"ohne Zeile"))  # a server died
    assert uploads_aufraeumen() == 0 + 1  # the orphan is new: it may still get its row
    assert sorted(p.name for p in upload_dir.iterdir()) == sorted([f"{neu.token}.upload", "waise.upload"])
    morgen = timezone.now() + dt.timedelta(days=1, minutes=1)
    assert uploads_aufraeumen(jetzt=morgen) == 2  # the new upload and the orphan, now a day old
    assert list(upload_dir.iterdir()) == [] and not Upload.objects.exists()
    assert not default_storage.exists(waise)


def test_the_clean_up_command(redaktion, upload_dir, capsys):
    upload = upload_speichern(user=redaktion, datei=ContentFile(b"alt"), art="beispiel", dateiname="alt.csv")
    Upload.objects.filter(pk=upload.pk).update(angelegt_am=timezone.now() - dt.timedelta(days=2))
    job = Job.objects.create(user=redaktion, art="beispiel", titel="Beispiel")
    Job.objects.filter(pk=job.pk).update(angelegt_am=timezone.now() - dt.timedelta(days=15))
    Job.objects.create(user=redaktion, art="beispiel", titel="Beispiel von heute")
    call_command("aufraeumen")
    assert capsys.readouterr().out == (
        "Aufgeräumt: 1 hochgeladene Dateien, 1 Aufträge, 0 Einträge des Hintergrunddienstes.\n"
    )
    assert list(Job.objects.values_list("titel", flat=True)) == ["Beispiel von heute"]
    assert list(upload_dir.iterdir()) == []
