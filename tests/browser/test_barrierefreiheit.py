"""Accessibility in a real browser (HessBGG §14, EN 301 549 → WCAG 2.1 AA), under a strict CSP:

- every page, signed in, has no axe-core violation for wcag2a, wcag2aa, wcag21a, wcag21aa, and its charts are
  drawn without any CSP violation or script error;
- the main path works with the keyboard alone: sign in, filter the Leistungen, open one;
- at 320 CSS px no page scrolls sideways (only tables and charts scroll, inside their containers);
- at 1280 CSS px no table is wider than its box: no column a user needs is hidden behind a sideways scroll.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PASSWORT, verstoesse, zu_breite_tabellen

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE_OPTIONEN = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def seiten(daten) -> list[str]:
    return [
        "/",
        "/?stichtag=2022-05-15&praesentation=1",
        "/aemter/",
        "/aemter/33/",
        "/leistungen/",
        "/leistungen/?fallzahl_ab=viele",
        f"/leistungen/{daten['melde'].leika_schluessel}/",
        "/mein-amt/",
        "/online-dienste/",
        "/efa/",
        "/fallzahlen/",
        "/erhebungen/",
        f"/erhebungen/{daten['mai'].pk}/",
        "/priorisierung/",
        "/servicestandard/",
        "/planung/",
        "/planung/?quartal=ohne&amt=33",
    ]


def anmelden(page) -> None:
    page.goto("/konto/anmelden/")
    page.fill("#id_username", "leitung")
    page.fill("#id_password", PASSWORT)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: url.endswith("/") and "anmelden" not in url)


def warte_auf_diagramme(page) -> None:
    """Until every chart of the page is drawn by the chart script."""
    page.wait_for_function(
        "document.querySelectorAll('[data-diagramm]').length === document.querySelectorAll('[data-gezeichnet]').length"
    )


def test_every_page_has_no_axe_violation_no_csp_violation_no_table_too_wide_and_no_sideways_scroll_at_320px(
    kontext, browser_daten
):
    page = kontext.new_page()
    anmelden(page)
    axe = Axe()
    for url in seiten(browser_daten):
        page.set_viewport_size({"width": 1280, "height": 900})
        antwort = page.goto(url)
        assert antwort.status == 200, url
        warte_auf_diagramme(page)
        assert page.locator(".js-plotly-plot").count() == page.locator("[data-diagramm]").count()
        ergebnis = axe.run(page, options=AXE_OPTIONEN)
        assert ergebnis.violations_count == 0, f"{url}\n{ergebnis.generate_report()}"
        assert verstoesse(page) == [], (url, verstoesse(page))
        assert zu_breite_tabellen(page) == [], url

        page.set_viewport_size({"width": 320, "height": 640})
        breite = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert breite[0] <= breite[1], f"{url} scrollt bei 320 px seitwärts: {breite}"


def test_the_main_path_works_with_the_keyboard_alone(kontext, browser_daten):
    page = kontext.new_page()
    page.goto("/")  # not signed in: the sign-in page, the cursor in the user name field
    assert page.url.endswith("/konto/anmelden/?next=/")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_username'")
    page.keyboard.type("leitung")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORT)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "anmelden" not in url)
    assert page.locator("h1").inner_text() == "OZG-Umsetzungsstand der Landeshauptstadt Wiesbaden"

    tabbe_bis(page, "a", "Leistungen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leistungen/")

    tabbe_bis(page, "input", "filter-q")
    page.keyboard.type("99.050.042")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leistungen/?q=99.050.042*")
    assert page.locator(".treffer").inner_text() == "1 Eintrag"

    tabbe_bis(page, "a", "99.050.042.000.000")
    page.keyboard.press("Enter")
    page.wait_for_url("**/leistungen/99050042000000/")
    assert page.locator("h1").inner_text() == "Meldebescheinigung Ausstellung"
    assert verstoesse(page) == []


def tabbe_bis(page, tag: str, ziel: str, hoechstens: int = 60) -> None:
    """Press Tab until the focused element is the ``tag`` with that text (links) or id (fields); check that the
    focus is visible on the way."""
    for _ in range(hoechstens):
        page.keyboard.press("Tab")
        fokus = page.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName.toLowerCase(), e.id, e.textContent.trim(), s.outlineStyle, s.outlineWidth]; })()"
        )
        if fokus[0] == tag and ziel in (fokus[1], fokus[2]):
            assert fokus[3] != "none" and fokus[4] != "0px", f"Fokus auf {ziel} ist nicht sichtbar: {fokus}"
            return
    raise AssertionError(f"{ziel} ist mit der Tabulatortaste nicht erreichbar")


@pytest.fixture
def amtsleitung_mit_passwort(amtsleitung33):
    """The head of Amt 33 with the browser tests' password (written before the browser starts)."""
    amtsleitung33.set_password(PASSWORT)
    amtsleitung33.save()
    return amtsleitung33
