"""The reminders of a round as a background task (Django's tasks framework, ``manage.py db_worker``), started by
the Redaktion's button "Erinnerungen senden" in the admin: one mail per Amtsleitung can take a while (each its own
conversation with the mail server, up to ``EMAIL_TIMEOUT`` each when it is slow), longer than a request may.

The job page shows the progress ("3 von 18 Ämtern benachrichtigt") and then the result: how many mails went out,
which addresses failed and why (in German), which Ämter had nobody to write to. A closed round, a missing
``PORTAL_URL`` or a round deleted in between fail the job with a German message before any mail is sent. The
daily command ``erhebungsrunde_erinnern`` calls :func:`~erhebungsrunde.erinnerung.erhebungsrunde_erinnern`
directly: it runs outside any request.
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task

from jobs.models import Job
from jobs.selectors import job_unbeendet
from jobs.services import Fortschritt, JobFehlgeschlagen, job_anlegen, job_ausfuehren, job_einreihen

from .erinnerung import erhebungsrunde_erinnern, erhebungsrunde_erinnern_pruefen
from .models import Erhebungsrunde

ART_ERINNERN = "erhebungsrunde_erinnern"
SCHON_VERSANDT = "Was bis dahin versandt war, steht bei der Runde unter „Erinnerungen“."


def bezug(runde: Erhebungsrunde) -> str:
    """What a reminder job of ``runde`` works on (``Job.bezug``)."""
    return f"erhebungsrunde:{runde.pk}"


def erinnerungen_senden_starten(*, runde: Erhebungsrunde, user) -> tuple[Job, bool]:
    """Start sending the reminders of ``runde`` as a job of ``user``: (the job, True). If a reminder job of this
    round still waits or runs (anyone's, e.g. a second click), no second one: (that job, False); the check and the
    new job's row are made under a lock of the round, so two clicks at the same moment start one job.

    Refuses at once (German :class:`ValidationError`, nothing started) a closed round and a missing PORTAL_URL."""
    erhebungsrunde_erinnern_pruefen(runde)
    with transaction.atomic():
        list(Erhebungsrunde.objects.select_for_update().filter(pk=runde.pk).values_list("pk", flat=True))
        laufend = job_unbeendet(art=ART_ERINNERN, bezug=bezug(runde))
        if laufend is not None:
            return laufend, False
        job = job_anlegen(user=user, art=ART_ERINNERN, titel=f"Erinnerungen: {runde.name}", bezug=bezug(runde))
    return job_einreihen(job, erinnerungen_senden, runde_id=runde.pk), True


@task
def erinnerungen_senden(job_id: str, runde_id: int) -> None:
    """Remind every Amtsleitung of the round ``runde_id`` whose Amt still has open entries."""
    job_ausfuehren(job_id, partial(_senden, runde_id), bei_fehler=SCHON_VERSANDT)


def _senden(runde_id: int, fortschritt: Fortschritt) -> dict:
    runde = Erhebungsrunde.objects.filter(pk=runde_id).first()
    if runde is None:
        raise JobFehlgeschlagen("Diese Erhebungsrunde gibt es nicht mehr; es wurde keine E-Mail versandt.")

    def melden(erledigt: int, gesamt: int) -> None:  # every report written: one per Amt, each after its mails
        fortschritt.melden("Amt benachrichtigt" if gesamt == 1 else "Ämtern benachrichtigt", erledigt, gesamt)

    try:
        ergebnis = erhebungsrunde_erinnern(runde=runde, fortschritt=melden)
    except ValidationError as exc:  # closed or PORTAL_URL missing since the button was pressed: nothing sent
        raise JobFehlgeschlagen(" ".join(exc.messages) + " Es wurde keine E-Mail versandt.") from exc
    return {
        "runde": runde.name,
        "anzahl": ergebnis.anzahl,
        "versandt": [{"amt": v.amt, "empfaenger": v.empfaenger, "adresse": v.adresse} for v in ergebnis.versandt],
        "fehlgeschlagen": [
            {"amt": v.amt, "empfaenger": v.empfaenger, "adresse": v.adresse, "fehler": v.fehler}
            for v in ergebnis.fehlgeschlagen
        ],
        "ohne_empfaenger": ergebnis.ohne_empfaenger,
        "ohne_offene": ergebnis.erledigt,
    }
