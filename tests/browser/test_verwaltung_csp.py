"""The admin under the production Content-Security-Policy: no inline styles there either (status colours, number
columns, the history's pagination), checked in Chromium."""

import pytest

from tests.browser.conftest import PASSWORT, verstoesse, verwaltung_anmelden

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def redaktion_mit_passwort(redaktion):
    redaktion.set_password(PASSWORT)
    redaktion.save()
    return redaktion


def test_the_admin_pages_show_no_csp_violation(redaktion_mit_passwort, browser_daten, kontext):
    # the password is written before the browser starts (see tests/browser/conftest.py, kontext)
    melde, mai = browser_daten["melde"], browser_daten["mai"]
    page = kontext.new_page()
    verwaltung_anmelden(page)
    for url in (
        "/admin/catalog/leistung/",
        f"/admin/catalog/leistung/{melde.pk}/change/",
        f"/admin/catalog/leistung/{melde.pk}/history/",
        f"/admin/catalog/erhebung/{mai.pk}/change/",
    ):
        assert page.goto(url).status == 200, url
        assert verstoesse(page) == [], (url, verstoesse(page))
    page.goto("/admin/catalog/leistung/")
    farbe = page.locator(".statusfarbe rect").first.get_attribute("fill")
    assert farbe.startswith("#")  # the status colour is still shown
