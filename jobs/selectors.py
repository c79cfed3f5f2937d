"""Reading jobs: a job only for its owner, and its state as a page or the progress JSON shows it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from toolkit.formatting import format_number

from .models import Job

WARTEN_AUFFAELLIG = dt.timedelta(minutes=2)  # a job still waiting after this: is the worker running?
STILLE_AUFFAELLIG = dt.timedelta(minutes=10)  # a running job without a report for this long: probably stopped


def job_fuer_benutzer(user, job_id) -> Job:
    """The job ``job_id`` if ``user`` started it; 404 for everybody else (nobody learns which jobs exist)."""
    try:
        return Job.objects.get(pk=job_id, user_id=user.pk)
    except (Job.DoesNotExist, ValueError, ValidationError):
        raise Http404("Diesen Auftrag gibt es nicht.") from None


def job_unbeendet(*, art: str, bezug: str, jetzt: dt.datetime | None = None) -> Job | None:
    """The newest job of ``art`` on ``bezug`` (anyone's) that still waits or runs, else None. A running job silent
    for longer than :data:`STILLE_AUFFAELLIG` counts as aborted (its page says to start it again)."""
    jetzt = jetzt or timezone.now()
    return (
        Job.objects.filter(art=art, bezug=bezug)
        .filter(
            Q(status=Job.Status.WARTET) | Q(status=Job.Status.LAEUFT, aktualisiert_am__gte=jetzt - STILLE_AUFFAELLIG)
        )
        .select_related("user")
        .order_by("-angelegt_am")
        .first()
    )


def job_stand(job: Job, *, jetzt: dt.datetime | None = None) -> dict:
    """What the progress shows: status, the German line ("1.200 von 5.019 Zeilen geprüft"), the numbers for the
    progress bar, and a hint when the job waits or is silent suspiciously long."""
    jetzt = jetzt or timezone.now()
    stand = {
        "status": job.status,
        "beendet": job.beendet,
        "erledigt": None,
        "gesamt": None,
        "prozent": None,
        "text": "",
        "hinweis": "",
    }
    if job.status == Job.Status.WARTET:
        stand["text"] = "Wartet darauf, dass der Hintergrunddienst beginnt …"
        if jetzt - job.angelegt_am > WARTEN_AUFFAELLIG:
            stand["hinweis"] = (
                f"Der Auftrag wartet seit {_minuten(jetzt - job.angelegt_am)}. Bleibt das so, läuft der "
                "Hintergrunddienst nicht; bitte den Betrieb des Portals verständigen."
            )
    elif job.status == Job.Status.LAEUFT:
        stand["text"] = fortschritt_text(job)
        if job.erledigt is not None and job.gesamt:
            stand.update(
                erledigt=job.erledigt, gesamt=job.gesamt, prozent=min(100, round(100 * job.erledigt / job.gesamt))
            )
        zuletzt = job.aktualisiert_am or job.begonnen_am or job.angelegt_am
        if jetzt - zuletzt > STILLE_AUFFAELLIG:
            stand["hinweis"] = (
                f"Seit {_minuten(jetzt - zuletzt)} keine Meldung: der Auftrag wurde vermutlich abgebrochen (etwa "
                "weil der Hintergrunddienst neu gestartet wurde). Bitte erneut starten."
            )
    elif job.status == Job.Status.FERTIG:
        stand["text"] = "Fertig."
    else:
        stand["text"] = job.fehler or "Der Auftrag ist fehlgeschlagen."
    return stand


def fortschritt_text(job: Job) -> str:
    """ "1.200 von 5.019 Zeilen geprüft", "1.200 Zeilen geprüft" (total unknown) or the step alone."""
    schritt = job.schritt or "Läuft …"
    if job.erledigt is None:
        return schritt
    if job.gesamt:
        return f"{format_number(job.erledigt)} von {format_number(job.gesamt)} {schritt}"
    return f"{format_number(job.erledigt)} {schritt}"


def _minuten(dauer: dt.timedelta) -> str:
    minuten = max(1, int(dauer.total_seconds() // 60))
    return "einer Minute" if minuten == 1 else f"{format_number(minuten)} Minuten"
