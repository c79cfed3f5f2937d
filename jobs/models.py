"""A job (work done by a background task, with its progress and result) and an upload that waits for a
confirmation. Both live where every app server and the worker see them: the rows in the database, the files in
``STORAGES["default"]`` (a shared volume or object storage)."""

import uuid

from django.conf import settings
from django.db import models

UPLOAD_ORDNER = "uploads"  # below STORAGES["default"]: every waiting upload, named by its random token


class Job(models.Model):
    """One piece of long work for one user: its state, its progress ("1.200 von 5.019 Zeilen geprüft") and, when
    done, its result (what the page shows) or why it failed, in German. Only its owner sees it."""

    class Status(models.TextChoices):
        WARTET = "wartet", "wartet"
        LAEUFT = "laeuft", "läuft"
        FERTIG = "fertig", "fertig"
        FEHLGESCHLAGEN = "fehlgeschlagen", "fehlgeschlagen"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    art = models.CharField("Art", max_length=50)
    titel = models.CharField("Titel", max_length=200)
    # what the job works on, e.g. "erhebungsrunde:5": its page checks it, and a second job on it is not started.
    # The database default lets a server of the former version (during an update) still create jobs.
    bezug = models.CharField("Bezug", max_length=100, blank=True, default="", db_default="")
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.WARTET)
    schritt = models.CharField("Schritt", max_length=200, blank=True)
    erledigt = models.PositiveIntegerField("erledigt", null=True, blank=True)
    gesamt = models.PositiveIntegerField("gesamt", null=True, blank=True)
    ergebnis = models.JSONField("Ergebnis", null=True, blank=True)
    fehler = models.TextField("Fehler", blank=True)
    task_id = models.CharField("Task", max_length=64, blank=True)
    angelegt_am = models.DateTimeField("angelegt am", auto_now_add=True)
    begonnen_am = models.DateTimeField("begonnen am", null=True, blank=True)
    aktualisiert_am = models.DateTimeField("zuletzt gemeldet am", null=True, blank=True)
    beendet_am = models.DateTimeField("beendet am", null=True, blank=True)

    class Meta:
        verbose_name = "Auftrag"
        verbose_name_plural = "Aufträge"
        indexes = [models.Index(fields=["status", "angelegt_am"])]

    def __str__(self) -> str:
        return self.titel

    @property
    def beendet(self) -> bool:
        return self.status in {self.Status.FERTIG, self.Status.FEHLGESCHLAGEN}


def _ablage_name(upload: "Upload", filename: str) -> str:
    """Stored under the random token, never under the user's file name."""
    return f"{UPLOAD_ORDNER}/{upload.token}.upload"


class Upload(models.Model):
    """A file that waits for its owner's confirmation (e.g. a catalogue import between preview and "Import
    übernehmen"). Removed when confirmed or discarded, and by ``manage.py aufraeumen`` after a day."""

    token = models.CharField(primary_key=True, max_length=32, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    art = models.CharField("Art", max_length=50)
    dateiname = models.CharField("Dateiname", max_length=120)
    datei = models.FileField("Datei", upload_to=_ablage_name, max_length=200)
    angaben = models.JSONField("Angaben", default=dict, blank=True)
    angelegt_am = models.DateTimeField("angelegt am", auto_now_add=True)

    class Meta:
        verbose_name = "hochgeladene Datei"
        verbose_name_plural = "hochgeladene Dateien"

    def __str__(self) -> str:
        return self.dateiname
