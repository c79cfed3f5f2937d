"""The worker of tests/ops/test_mehrere_server.py: ``manage.py db_worker`` with the catalogue import deliberately
slowed down, so that the import of the 5,019-row workbook surely lasts longer than the app servers' gunicorn
timeout, and every progress report is written and stays a moment (so that the test sees the progress).

Run as ``python -m tests.ops.worker_mit_pause`` with ``PAUSE_JE_MELDUNG`` (seconds after each progress report
of a job that applies an import; it reports every 500 rows) and the usual settings in the environment.
"""

import os
import time


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from jobs.models import Job
    from jobs.services import Fortschritt

    pause = float(os.environ.get("PAUSE_JE_MELDUNG", "0"))
    melden = Fortschritt.melden

    def langsam(self, *args, **kwargs):
        if not hasattr(self, "uebernehmen"):
            self.uebernehmen = Job.objects.filter(pk=self.job_id, art__endswith="_uebernehmen").exists()
        ergebnis = melden(self, *args, **{**kwargs, "sofort": True})  # every report written, for the test to see
        if self.uebernehmen:  # only applying is slowed; checking for the preview runs as fast as it can
            time.sleep(pause)  # after the report: each one, also the last ("werden geschrieben"), stays visible
        return ergebnis

    Fortschritt.melden = langsam
    call_command("db_worker", interval=0.1, startup_delay=False, reload=False, verbosity=1)


if __name__ == "__main__":
    main()
