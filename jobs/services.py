"""The write paths of jobs and uploads: start a job as a background task, report its progress, end it; store,
delete and clean up uploads that wait for a confirmation.

A job's progress is written with one ``UPDATE`` in autocommit, at most every half second, so that every app server
sees it at once. The work itself decides what runs in one transaction (a catalogue import writes everything in
one); progress is therefore reported between the steps, never from inside such a transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone

from .models import UPLOAD_ORDNER, Job, Upload

logger = logging.getLogger(__name__)

UPLOAD_HOECHSTALTER = dt.timedelta(days=1)  # an upload nobody confirmed or discarded is removed after a day
JOB_HOECHSTALTER = dt.timedelta(days=14)  # finished jobs (their results) are kept two weeks
MELDEN_HOECHSTENS_ALLE = 0.5  # seconds between two written progress reports


class JobFehlgeschlagen(Exception):
    """The work cannot be done; ``message`` tells the user why, in German."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def job_starten(task, *, user, art: str, titel: str, bezug: str = "", **kwargs: Any) -> Job:
    """Create the job and enqueue ``task(job_id=…, **kwargs)`` (a ``django.tasks`` task whose work calls
    :func:`job_ausfuehren`). With the database backend the worker runs it; with the immediate backend (development,
    tests) it has run when this returns."""
    return job_einreihen(job_anlegen(user=user, art=art, titel=titel, bezug=bezug), task, **kwargs)


def job_anlegen(*, user, art: str, titel: str, bezug: str = "") -> Job:
    """The job's row, waiting; :func:`job_einreihen` enqueues its task. Apart from :func:`job_starten` only for a
    caller that creates the row under a lock of its own (so that two clicks start one job, see
    :func:`jobs.selectors.job_unbeendet`) and enqueues after that transaction."""
    return Job.objects.create(user=user, art=art, titel=titel[:200], bezug=bezug[:100])


def job_einreihen(job: Job, task, **kwargs: Any) -> Job:
    """Enqueue ``task(job_id=…, **kwargs)`` for the waiting ``job``; the job as it is afterwards. A job whose task
    cannot be enqueued fails (and blocks nothing), and the error is raised."""
    try:
        result = task.enqueue(job_id=str(job.pk), **kwargs)
    except BaseException:
        jetzt = timezone.now()
        Job.objects.filter(pk=job.pk, status=Job.Status.WARTET).update(
            status=Job.Status.FEHLGESCHLAGEN,
            fehler="Der Auftrag konnte nicht begonnen werden; bitte erneut versuchen.",
            beendet_am=jetzt,
            aktualisiert_am=jetzt,
        )
        raise
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


class Fortschritt:
    """Reports a job's progress: ``melden("Zeilen geprüft", 1200, 5019)`` shows "1.200 von 5.019 Zeilen geprüft".

    Reports with ``sofort=False`` (one per chunk of rows) are written at most every half second."""

    def __init__(self, job_id, *, hoechstens_alle: float = MELDEN_HOECHSTENS_ALLE):
        self.job_id = job_id
        self.hoechstens_alle = hoechstens_alle
        self._zuletzt = float("-inf")

    def melden(self, schritt: str, erledigt: int | None = None, gesamt: int | None = None, *, sofort=True) -> None:
        jetzt = time.monotonic()
        if not sofort and jetzt - self._zuletzt < self.hoechstens_alle:
            return
        self._zuletzt = jetzt
        if erledigt is not None and gesamt is not None:
            gesamt = max(gesamt, erledigt)  # an estimated total never shows "5.100 von 5.019"
        Job.objects.filter(pk=self.job_id).update(
            schritt=schritt[:200], erledigt=erledigt, gesamt=gesamt, aktualisiert_am=timezone.now()
        )


def job_ausfuehren(job_id, arbeit: Callable[[Fortschritt], Any], *, bei_fehler: str = "") -> None:
    """Run ``arbeit(fortschritt)`` as the job ``job_id`` (called by the task): the job is running while it works,
    then done with its return value as the result (JSON), or failed with the German ``message`` of a
    :class:`JobFehlgeschlagen`. Any other exception fails the job with a German note (and ``bei_fehler``, e.g.
    what stays unchanged) and is raised again, so that the task backend records and logs its traceback.
    A job runs once: one that is not waiting (already run, or removed) is left alone."""
    jetzt = timezone.now()
    gestartet = Job.objects.filter(pk=job_id, status=Job.Status.WARTET).update(
        status=Job.Status.LAEUFT, begonnen_am=jetzt, aktualisiert_am=jetzt, schritt="Wird begonnen …"
    )
    if not gestartet:
        logger.warning("Auftrag %s wartet nicht (mehr) und wird nicht ausgeführt.", job_id)
        return
    try:
        ergebnis = arbeit(Fortschritt(job_id))
    except JobFehlgeschlagen as exc:
        _beenden(job_id, Job.Status.FEHLGESCHLAGEN, fehler=exc.message)
        return
    except BaseException as exc:
        fehler = f"Der Auftrag ist mit einem unerwarteten Fehler abgebrochen ({type(exc).__name__})."
        if bei_fehler:
            fehler += f" {bei_fehler}"
        fehler += " Bitte erneut versuchen; tritt der Fehler wieder auf, steht er im Protokoll des Portals."
        _beenden(job_id, Job.Status.FEHLGESCHLAGEN, fehler=fehler)
        raise
    _beenden(job_id, Job.Status.FERTIG, ergebnis=ergebnis)


def _beenden(job_id, status: str, *, ergebnis=None, fehler: str = "") -> None:
    jetzt = timezone.now()
    Job.objects.filter(pk=job_id).update(
        status=status, ergebnis=ergebnis, fehler=fehler, beendet_am=jetzt, aktualisiert_am=jetzt
    )


def jobs_aufraeumen(*, jetzt: dt.datetime | None = None) -> int:
    """Delete jobs created more than two weeks ago (with their results); returns how many."""
    grenze = (jetzt or timezone.now()) - JOB_HOECHSTALTER
    geloescht, _ = Job.objects.filter(angelegt_am__lt=grenze).delete()
    return geloescht


# --- uploads -----------------------------------------------------------------------------------------------------


def upload_speichern(*, user, datei, art: str, dateiname: str, angaben: dict | None = None) -> Upload:
    """Store an uploaded file for ``user`` under a random token in ``STORAGES["default"]`` (owner-only file
    permissions on a file system), with its row; expired uploads are cleaned up first."""
    uploads_aufraeumen()
    upload = Upload(token=secrets.token_hex(16), user=user, art=art, dateiname=dateiname[:120], angaben=angaben or {})
    upload.datei.save("upload", datei, save=False)
    try:
        upload.save(force_insert=True)
    except BaseException:
        upload.datei.delete(save=False)
        raise
    return upload


def upload_loeschen(upload: Upload) -> None:
    """Delete the file and the row (nothing happens for an upload that is already gone)."""
    if upload.datei:
        default_storage.delete(upload.datei.name)
    Upload.objects.filter(pk=upload.pk).delete()


def uploads_aufraeumen(*, jetzt: dt.datetime | None = None) -> int:
    """Delete uploads older than a day, and files in the upload folder older than a day that have no row (a
    server stopped between storing a file and its row). Returns how many files were deleted."""
    grenze = (jetzt or timezone.now()) - UPLOAD_HOECHSTALTER
    geloescht = 0
    for upload in Upload.objects.filter(angelegt_am__lt=grenze):
        upload_loeschen(upload)
        geloescht += 1
    try:
        _, dateien = default_storage.listdir(UPLOAD_ORDNER)
    except FileNotFoundError:
        return geloescht
    bekannt = set(Upload.objects.values_list("datei", flat=True))
    for name in dateien:
        pfad = f"{UPLOAD_ORDNER}/{name}"
        if pfad in bekannt:
            continue
        try:
            if default_storage.get_modified_time(pfad) < grenze:
                default_storage.delete(pfad)
                geloescht += 1
        except OSError:
            continue
    return geloescht
