"""python manage.py aufraeumen

Removes what waits in vain: uploads nobody confirmed or discarded within a day (file and row, also files without a
row), jobs older than two weeks with their results, and the task backend's finished entries of the same age. Run
it daily on one server (README, "Betrieb mit mehreren Servern": a systemd timer); every upload also cleans up first.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.services import JOB_HOECHSTALTER, jobs_aufraeumen, uploads_aufraeumen
from toolkit.formatting import format_number


class Command(BaseCommand):
    help = (
        "Löscht hochgeladene Dateien, die seit einem Tag auf eine Bestätigung warten, und Aufträge (mit ihren "
        "Ergebnissen), die älter als zwei Wochen sind."
    )

    def handle(self, *args, **options):
        jetzt = timezone.now()
        dateien = uploads_aufraeumen(jetzt=jetzt)
        auftraege = jobs_aufraeumen(jetzt=jetzt)
        eintraege, _ = DBTaskResult.objects.finished().filter(finished_at__lt=jetzt - JOB_HOECHSTALTER).delete()
        self.stdout.write(
            f"Aufgeräumt: {format_number(dateien)} hochgeladene Dateien, {format_number(auftraege)} Aufträge, "
            f"{format_number(eintraege)} Einträge des Hintergrunddienstes."
        )
