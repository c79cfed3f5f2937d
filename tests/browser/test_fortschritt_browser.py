"""The progress of a background job in Chromium, under the production CSP: the bar and the line update without
reloading the page (a script file, no inline script), and once the job has ended the page shows its result."""

import threading

import pytest
from django.db import connection
from playwright.sync_api import expect

from jobs.models import Job
from tests.browser.conftest import BEOBACHTER, PASSWORT, verstoesse, verwaltung_anmelden

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def in_eigenem_thread(aenderung):
    """Database work while the browser runs happens on a connection of its own (see tests/browser/conftest.py)."""

    def laufen():
        try:
            aenderung()
        finally:
            connection.close()

    thread = threading.Thread(target=laufen)
    thread.start()
    thread.join()


@pytest.fixture
def laufender_job(redaktion):
    redaktion.set_password(PASSWORT)
    redaktion.save()
    return Job.objects.create(
        user=redaktion,
        art="katalog_import_uebernehmen",
        titel="Katalog-Import „hessen.xlsx“: übernehmen",
        status=Job.Status.LAEUFT,
        schritt="Zeilen geprüft",
        erledigt=0,
        gesamt=5019,
    )


def test_the_progress_updates_without_a_reload_and_the_result_follows(laufender_job, browser, live_server, strenge_csp):
    kontext = browser.new_context(locale="de-DE", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    kontext.add_init_script(BEOBACHTER)  # records CSP violations and script errors
    kontext.set_default_timeout(10_000)
    page = kontext.new_page()
    verwaltung_anmelden(page)
    page.goto(f"/admin/catalog/leistung/importieren/{laufender_job.pk}/")
    text = page.locator("[data-fortschritt-text]")
    assert text.text_content() == "0 von 5.019 Zeilen geprüft"
    page.evaluate("window.__ohneNeuladen = true")

    in_eigenem_thread(lambda: Job.objects.filter(pk=laufender_job.pk).update(erledigt=2500))
    expect(text).to_have_text("2.500 von 5.019 Zeilen geprüft")
    assert page.evaluate("document.querySelector('.auftrag-fortschritt progress').value") == 2500
    assert page.evaluate("window.__ohneNeuladen") is True  # the same page: not reloaded

    in_eigenem_thread(
        lambda: Job.objects.filter(pk=laufender_job.pk).update(
            status=Job.Status.FERTIG,
            ergebnis={"art": "uebernommen", "meldung": "Import übernommen. Neu: 5.019 · geändert: 0", "warnung": False},
        )
    )
    page.get_by_text("Import übernommen. Neu: 5.019").wait_for()
    assert page.evaluate("window.__ohneNeuladen") is None  # reloaded once, to show the result
    assert verstoesse(page) == []
    kontext.close()
