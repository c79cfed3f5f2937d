"""The rating page /priorisierung/bewerten/<key>/ in a real browser, under the strict CSP, signed in as Redaktion:
no axe-core violation (WCAG 2.1 AA), no CSP violation, and no sideways scroll at 320 CSS px (WCAG 1.4.10), even
with a long German name and a long justification without spaces in the breakdown and the rating history.
"""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User

from tests.browser.conftest import PASSWORT, verstoesse
from tests.browser.test_barrierefreiheit import AXE_OPTIONEN

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# As long as a justification may be, and not one space in it to break the line at.
LANGE_BEGRUENDUNG = "Fachbereichsrückmeldung" * 21 + "Ende"


@pytest.fixture
def bewertete_leistung(make_leistung, statuses):
    """A Redaktion user with a password and an open Leistung with a long name, rated twice on every criterion
    (so that the history has two rows per criterion), the long justification on every rating."""
    from catalog.services import leistung_status_setzen
    from scorecard.models import Kriterium
    from scorecard.services import Antwort, leistung_bewerten

    redakteurin = User.objects.create_user(
        username="redakteurin", password=PASSWORT, first_name="Rita", last_name="Redaktion", is_staff=True
    )
    redakteurin.groups.add(Group.objects.get(name="Redaktion Amt 15"))
    leistung = make_leistung(
        leika_schluessel="99005006000000",
        bezeichnung="Erlaubnis zur gewerbsmäßigen Arbeitnehmerüberlassung nach dem Arbeitnehmerüberlassungsgesetz "
        "Erteilung und Verlängerung einschließlich Kostenfestsetzungsbescheid",
    )
    leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 11, 1))
    kriterien = list(Kriterium.objects.prefetch_related("optionen"))
    for runde in range(2):
        leistung_bewerten(
            leistung=leistung,
            antworten={
                k: Antwort(option=list(k.optionen.all())[runde % 2], begruendung=LANGE_BEGRUENDUNG) for k in kriterien
            },
            user=redakteurin,
        )
    return leistung


def test_the_rating_page_has_no_axe_or_csp_violation_and_no_sideways_scroll_at_320px(bewertete_leistung, kontext):
    page = kontext.new_page()
    page.goto("/konto/anmelden/")
    page.fill("#id_username", "redakteurin")
    page.fill("#id_password", PASSWORT)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "anmelden" not in url)

    antwort = page.goto(f"/priorisierung/bewerten/{bewertete_leistung.leika_schluessel}/")

    assert antwort.status == 200
    assert LANGE_BEGRUENDUNG in page.locator(".sc-verlauf").inner_text()
    ergebnis = Axe().run(page, options=AXE_OPTIONEN)
    assert ergebnis.violations_count == 0, ergebnis.generate_report()
    assert verstoesse(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    breite = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert breite[0] <= breite[1], f"Die Bewertungsseite scrollt bei 320 px seitwärts: {breite}"
