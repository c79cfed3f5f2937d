"""The Servicestandard's assessment form in a real browser, under the strict CSP, as the Amtsleitung of the
Leistung's Amt: no axe-core violation (WCAG 2.1 AA), no CSP violation, no sideways scroll at 320 CSS px (a long
name, long notes without a space), and it saves; the checklist on the Leistung page shows the new result.
(/servicestandard/ itself and the checklist are in test_barrierefreiheit's list of pages.)
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PASSWORT, verstoesse
from tests.browser.test_barrierefreiheit import AXE_OPTIONEN, amtsleitung_mit_passwort  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.usefixtures("amtsleitung_mit_passwort")
def test_the_assessment_form_is_accessible_fits_320px_and_saves(browser_daten, kontext):
    melde = browser_daten["melde"]
    page = kontext.new_page()
    page.goto("/konto/anmelden/")
    page.fill("#id_username", "amtsleitung33")
    page.fill("#id_password", PASSWORT)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "anmelden" not in url)

    antwort = page.goto(f"/servicestandard/pruefen/{melde.leika_schluessel}/")

    assert antwort.status == 200
    ergebnis = Axe().run(page, options=AXE_OPTIONEN)
    assert ergebnis.violations_count == 0, ergebnis.generate_report()
    page.set_viewport_size({"width": 320, "height": 640})
    breite = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert breite[0] <= breite[1], f"Das Prüfformular scrollt bei 320 px seitwärts: {breite}"

    prinzip5 = page.get_by_role("group", name="5 Datenschutz und Datensicherheit")  # "teilweise" so far
    prinzip5.get_by_label("nicht erfüllt", exact=True).check()
    prinzip5.get_by_label("Notiz").fill("Kein Datencockpit")
    page.click("text=Prüfung speichern")
    page.wait_for_selector("text=Prüfung nach dem Servicestandard gespeichert")
    punkt = page.locator(".checkliste__punkt", has_text="5 Datenschutz und Datensicherheit").inner_text()
    assert "nicht erfüllt" in punkt and "Kein Datencockpit" in punkt
    assert verstoesse(page) == []
