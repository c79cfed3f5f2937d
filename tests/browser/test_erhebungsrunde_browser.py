"""A round walked in a real browser, under the strict CSP: the Redaktion opens it in the admin, the Amtsleitung of
Amt 33 confirms some Leistungen, changes one and confirms the rest after a look at the list, the daily reminder
(the command, as cron runs it) mails only the Amtsleitung of Amt 51, the Redaktion closes the round, and the
Erhebung shows its frozen figures and its response rate per Amt. The answer page and the progress page have no
axe-core violation and do not scroll sideways at 320 CSS px."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tests.browser.conftest import PASSWORT, verstoesse
from tests.browser.test_barrierefreiheit import AXE_OPTIONEN

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def leute(redaktion, amtsleitung33, amtsleitung51):
    for user, vorname in ((redaktion, "Rita"), (amtsleitung33, "Anton"), (amtsleitung51, "Berta")):
        user.set_password(PASSWORT)
        user.first_name, user.email = vorname, f"{user.username}@wiesbaden.example"
        user.save()
    return redaktion, amtsleitung33, amtsleitung51


def anmelden(kontext, page, username: str) -> None:
    kontext.clear_cookies()
    page.goto("/konto/anmelden/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORT)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "anmelden" not in url)


def ohne_verstoss(page, wo: str) -> None:
    """No axe-core violation, no CSP violation, no sideways scroll at 320 px; back to 1280 px afterwards."""
    ergebnis = Axe().run(page, options=AXE_OPTIONEN)
    assert ergebnis.violations_count == 0, f"{wo}\n{ergebnis.generate_report()}"
    assert verstoesse(page) == [], (wo, verstoesse(page))
    page.set_viewport_size({"width": 320, "height": 640})
    breite = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert breite[0] <= breite[1], f"{wo} scrollt bei 320 px seitwärts: {breite}"
    page.set_viewport_size({"width": 1280, "height": 900})


def datenbank_url() -> str:
    """The test database as the command's DATABASE_URL (the command runs as cron runs it, in a process of its own)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def erinnern(live_server) -> subprocess.CompletedProcess:
    umgebung = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "ozgportal.settings",
        "SECRET_KEY": "nur-fuer-den-browser-test-" + "x" * 40,
        "DATABASE_URL": datenbank_url(),
        "PORTAL_URL": live_server.url,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",  # the mails on stdout
    }
    return subprocess.run(  # noqa: S603 - the portal's own manage.py with fixed arguments
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "erhebungsrunde_erinnern"],
        capture_output=True,
        text=True,
        check=False,
        env=umgebung,
        timeout=120,
    )


def test_a_round_from_opening_to_the_erhebung_with_its_response_rates(leute, browser_daten, kontext, live_server):
    heute = timezone.localdate()
    page = kontext.new_page()

    # the Redaktion opens the round in the admin (default: every Amt with Leistungen, here 33 and 51)
    anmelden(kontext, page, "redaktion")
    page.goto("/admin/erhebungsrunde/erhebungsrunde/add/")
    page.fill("#id_name", "Erhebungsstand Browser")
    page.fill("#id_stichtag", heute.strftime("%d.%m.%Y"))
    page.fill("#id_frist", heute.strftime("%d.%m.%Y"))
    page.click("input[name=_save]")
    page.wait_for_selector("text=Erhebungsstand Browser")
    assert "0 von 7 gefragten Leistungen beantwortet (0" in page.locator("#result_list").inner_text()

    # Amt 33's Amtsleitung finds it on its Amt's page and answers
    anmelden(kontext, page, "amtsleitung33")
    page.goto("/aemter/33/")
    assert "6 von 6 gefragten Leistungen von Amt 33 noch ohne Rückmeldung" in page.locator(".rm-hinweis").inner_text()
    page.click("text=Jetzt Rückmeldung geben")
    page.wait_for_url("**/rueckmeldung/")
    ohne_verstoss(page, "/rueckmeldung/")
    zeilen = page.locator(".rm-zeile")
    melde = zeilen.filter(has_text="Meldebescheinigung Ausstellung")
    melde.get_by_label("unverändert bestätigen").check()
    zeilen.filter(has_text="Leistung 1 ").get_by_label("unverändert bestätigen").check()
    lang = zeilen.filter(has_text="Arbeitnehmerüberlassung")
    lang.get_by_label("Status ändern").check()
    lang.locator("summary").click()
    lang.get_by_label("Neuer Status").select_option(label="Umsetzung")
    lang.get_by_label("Grund").fill("Antrag wird digitalisiert")
    lang.get_by_label("Kommentar").fill("mit dem Ordnungsamt abgestimmt")
    page.get_by_role("button", name="Gewählte Rückmeldungen speichern").click()
    page.wait_for_selector("text=Gespeichert: 2 Leistungen unverändert bestätigt und 1 geändert. Noch offen: 3.")
    page.get_by_role("button", name="Alle übrigen unverändert bestätigen …").click()
    page.wait_for_selector("text=Bitte prüfen: alle übrigen unverändert bestätigen")
    liste = page.locator("#rm-uebrige-titel").locator("xpath=..").inner_text()
    assert all(f"Leistung {i}" in liste for i in (2, 3, 4)) and "Meldebescheinigung" not in liste
    ohne_verstoss(page, "Vorschau „alle übrigen“")
    page.get_by_role("button", name="Jetzt speichern: 3 bestätigen").click()
    page.wait_for_selector("text=Damit ist alles beantwortet – vielen Dank.")
    assert "Schon beantwortet (6)" in page.locator("#rm-beantwortet-titel").inner_text()

    # the daily reminder: only Amt 51 has open Leistungen
    lauf = erinnern(live_server)
    assert lauf.returncode == 0, lauf.stderr
    assert "Erhebungsrunde „Erhebungsstand Browser“: 1 E-Mail versandt." in lauf.stdout
    assert "To: amtsleitung51@wiesbaden.example" in lauf.stdout
    assert "amtsleitung33@" not in lauf.stdout
    assert f"{live_server.url}/rueckmeldung/" in lauf.stdout

    # the Redaktion looks at the progress and closes the round in the admin
    anmelden(kontext, page, "redaktion")
    page.goto("/erhebungen/")
    page.click("text=Erhebungsstand Browser")
    page.wait_for_selector("#je-amt-titel")
    assert "Amt 33 – Bürgeramt" in page.locator("#je-amt-titel").locator("xpath=..").inner_text()
    ohne_verstoss(page, "Fortschritt der Runde")
    page.click("text=Erinnern oder abschließen (Verwaltung)")
    page.click("text=Runde abschließen")
    page.wait_for_selector("text=6 von 7 gefragten Leistungen beantwortet")
    page.click("input[value='Runde jetzt abschließen']")
    page.wait_for_selector("text=ist abgeschlossen; die Erhebung zum Stichtag")

    # the Erhebung: frozen figures beside the response rate per Amt
    page.goto("/erhebungen/")
    page.locator("#runden-titel").locator("xpath=..").get_by_role("link", name="Erhebungsstand Browser").last.click()
    page.wait_for_selector("#ruecklauf-titel")
    ruecklauf = page.locator("#ruecklauf-titel").locator("xpath=..").inner_text().replace("\u202f", " ")
    assert "6 von 7 gefragten Leistungen beantwortet (86 %)" in ruecklauf
    assert "5 unverändert bestätigt und 1 geändert" in ruecklauf
    assert "Amt 51 – Amt für Jugend und Familie\t1\t0\t0\t1\t0 %\tunvollständig: 1 unbeantwortet" in ruecklauf
    assert "Umsetzung" in page.locator("#erhebung-status").inner_text()
    ohne_verstoss(page, "Erhebung aus der Runde")
