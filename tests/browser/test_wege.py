"""The two daily paths in Chromium, at 1280 and at 320 CSS px, each page without an axe-core or CSP violation:

- the Amtsleitung: sign in → Mein Amt → a Leistung → change its status with the online service → back to Mein Amt;
  on a narrow screen: Mein Amt → "Online-Dienst erfassen" for a gap → saved, back on Mein Amt;
- the Redaktion: search in capitals with umlauts → filter by the Amt's number → export; on a narrow screen the
  results come before the filters.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PASSWORT, verstoesse
from tests.browser.test_barrierefreiheit import AXE_OPTIONEN

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BREIT = {"width": 1280, "height": 900}
SCHMAL = {"width": 320, "height": 640}


@pytest.fixture
def wege_daten(browser_daten, amtsleitung33, redaktion, make_leistung, amt51):
    """The browser tests' catalogue (Meldebescheinigung online in Amt 33 without its online service: a gap; Leistung
    2 to 4 waiting since 01.11.2021) and two Leistungen at an Ärztekammer, in Amt 33 and 51; the people's passwords.
    Tests ask for it before ``kontext``: the data is written before the browser starts (see conftest)."""
    for user in (amtsleitung33, redaktion):
        user.set_password(PASSWORT)
        user.save()
    make_leistung(bezeichnung="Zulassung bei der Ärztekammer", buendel=None)
    make_leistung(bezeichnung="Beitragsordnung der Landesärztekammer", buendel=None, amt=amt51)
    return browser_daten


def anmelden(page, username: str) -> None:
    page.goto("/konto/anmelden/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORT)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "anmelden" not in url)


def sauber(page, axe: Axe) -> None:
    """No axe-core violation, no CSP violation or script error, no sideways scroll of the page."""
    ergebnis = axe.run(page, options=AXE_OPTIONEN)
    assert ergebnis.violations_count == 0, f"{page.url}\n{ergebnis.generate_report()}"
    assert verstoesse(page) == [], (page.url, verstoesse(page))
    breite = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert breite[0] <= breite[1], f"{page.url} scrollt seitwärts: {breite}"


def abschnitt(page, titel_id: str) -> str:
    return page.locator(f"#{titel_id}").locator("xpath=..").inner_text()


def test_the_amtsleitung_goes_from_mein_amt_to_a_status_change_and_back(wege_daten, kontext):
    axe = Axe()
    page = kontext.new_page()
    anmelden(page, "amtsleitung33")
    assert page.url.endswith("/mein-amt/")  # the start page of an Amtsleitung
    sauber(page, axe)
    assert "(1)" in page.locator("#luecken-titel").inner_text()
    assert "Meldebescheinigung Ausstellung" in abschnitt(page, "luecken-titel")
    lange = page.locator("#unveraendert-titel").inner_text()

    page.locator("#unveraendert-titel").locator("xpath=..").get_by_role("link", name="Leistung 2", exact=True).click()
    page.wait_for_url("**/leistungen/99*/")
    sauber(page, axe)
    page.get_by_role("link", name="Status und Hinweise ändern").click()
    assert page.url.endswith("#status-aendern")
    assert page.locator("#id_bearbeiten_status").is_visible()
    page.select_option("#id_bearbeiten_status", label="Abgeschlossen")
    page.fill("#id_bearbeiten_gueltig_ab", "2022-06-01")
    page.fill("#id_bearbeiten_grund", "Online-Dienst produktiv gesetzt")
    page.fill("#id_bearbeiten_online_dienst_url", "https://www.wiesbaden.de/online-dienste/leistung-2")
    page.select_option("#id_bearbeiten_online_plattform", label="civento (ekom21)")
    page.select_option("#id_bearbeiten_anmeldung", label="Nutzerkonto Bund (BundID)")
    page.select_option("#id_bearbeiten_reifegrad", label="3 – Online-Leistung")
    page.click("text=Änderung speichern")
    page.wait_for_selector("text=Die Änderung wurde gespeichert.")
    sauber(page, axe)
    online = abschnitt(page, "online-titel")
    assert "civento (ekom21)" in online and "Nutzerkonto Bund (BundID)" in online and "Lücke" not in online
    assert "Online-Dienst produktiv gesetzt" in abschnitt(page, "verlauf-titel")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Mein Amt").click()
    page.wait_for_url("**/mein-amt/")
    assert page.locator("#unveraendert-titel").inner_text() != lange
    assert "Leistung 2" not in abschnitt(page, "unveraendert-titel")

    # On a phone: the gap is filled straight from Mein Amt, and the form returns there.
    page.set_viewport_size(SCHMAL)
    page.reload()
    sauber(page, axe)
    page.locator("#luecken-titel").locator("xpath=..").get_by_role("link", name="Online-Dienst erfassen").click()
    page.wait_for_url("**/bearbeiten/?zurueck=mein-amt")
    sauber(page, axe)
    page.fill("#id_bearbeiten_online_dienst_url", "https://www.wiesbaden.de/online-dienste/meldebescheinigung")
    page.select_option("#id_bearbeiten_online_plattform", label="civento (ekom21)")
    page.select_option("#id_bearbeiten_reifegrad", label="0 – offline")
    page.click("text=Änderung speichern")
    # one round, one message: Reifegrad 0 does not fit a service online by its status
    page.wait_for_selector("text=Nichts gespeichert. Bitte eine Angabe korrigieren:")
    sauber(page, axe)
    page.select_option("#id_bearbeiten_reifegrad", label="4 – Online-Transaktion")
    page.click("text=Änderung speichern")
    page.wait_for_url("**/mein-amt/")
    assert page.get_by_text("Die Änderung wurde gespeichert.").is_visible()
    assert "(0)" in page.locator("#luecken-titel").inner_text()
    sauber(page, axe)


def test_the_redaktion_searches_in_capitals_filters_by_amt_number_and_exports(wege_daten, kontext):
    axe = Axe()
    page = kontext.new_page()
    anmelden(page, "redaktion")
    assert page.url.endswith("/") and "mein-amt" not in page.url  # everyone else starts on the overview

    page.goto("/leistungen/")
    page.fill("#filter-q", "ÄRZTEKAMMER")
    page.press("#filter-q", "Enter")
    page.wait_for_url("**/leistungen/?q=*")
    assert page.locator(".treffer").inner_text() == "2 Einträge"

    page.locator("summary.filter__schalter").click()
    page.select_option("#filter-amt", "33")  # the Amt's number is the value, as in ?amt=33
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url("**amt=33*")
    assert page.locator(".treffer").inner_text() == "1 Eintrag"
    assert "1 aktiv: Amt" in page.locator("summary.filter__schalter").inner_text()
    sauber(page, axe)
    with page.expect_download() as download:
        page.get_by_role("link", name="als CSV-Datei").click()
    with open(download.value.path(), encoding="utf-8-sig") as datei:
        inhalt = datei.read()
    assert "Zulassung bei der Ärztekammer" in inhalt and "Landesärztekammer" not in inhalt

    # On a phone the results come first: the filters wait behind their disclosure.
    page.set_viewport_size(SCHMAL)
    page.reload()
    sauber(page, axe)
    filter_, ergebnis = page.evaluate(
        "['.filter', '.liste__tabelle tbody tr'].map(s => document.querySelector(s).getBoundingClientRect())"
        ".map(r => [r.top, r.bottom])"
    )
    assert filter_[1] - filter_[0] < 300, f"Suche und Filter brauchen {filter_[1] - filter_[0]} px"
    assert ergebnis[0] - filter_[1] < 300, "zwischen Filter und erstem Ergebnis steht zu viel"
    assert not page.locator("#filter-status").is_visible()
