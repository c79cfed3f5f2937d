"""Browser tests: Playwright drives Debian's Chromium (``/usr/bin/chromium``, never a browser of Playwright's own)
against pytest-django's ``live_server``, under the production Content-Security-Policy (no inline scripts or styles).

Skipped with a clear message only when no Chromium exists and ``CI`` is not set; in CI (``.ci/run`` exports
``CI=1`` and installs Chromium) a missing browser fails the run.
"""

import datetime as dt
import os
from pathlib import Path

# Playwright's sync API keeps an event loop in the test thread; Django would then refuse database calls from the
# test itself ("async context"). Must be set before anything starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--process-per-site",  # the pages of one context share a renderer process (see _gemeinsamer_kontext)
]
PASSWORT = "Browser-Test-Passwort-1"

# Collects CSP violations and script errors in the page (init scripts run outside the page's CSP).
BEOBACHTER = """
window.__verstoesse = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__verstoesse.push(
    e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber
  );
});
window.addEventListener('error', function (e) { window.__verstoesse.push('Fehler: ' + e.message); });
"""


@pytest.fixture(scope="session")
def _chromium():
    """One Chromium per test process (each xdist worker), started by the first test that needs it; each test gets
    a fresh context of it (``kontext``), so that no cookie or storage passes from one test to the next."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium fehlt ({CHROMIUM}); in CI installiert .ci/run es mit apt (Paket chromium).")
        pytest.skip(
            f"Browser-Tests übersprungen: kein Chromium unter {CHROMIUM}. "
            "Installieren mit `apt-get install chromium` (in CI laufen sie immer)."
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # While Playwright's event loop runs in this thread, Django keeps the thread's database connections apart from
    # those it had before (asgiref's Local); both sets are closed at the switch, so that none stays open beside the
    # other (PostgreSQL refuses to drop a test database that still has a connection). The tests that need the
    # browser are transactional: what they wrote is committed, whichever connection wrote it. The new connections
    # get the database's contents saved for serialized_rollback (Django keeps them on the connection object).
    gesichert = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    connections.close_all()
    with sync_playwright() as playwright:
        for alias, inhalt in gesichert.items():
            connections[alias]._test_serialized_contents = inhalt
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        connections.close_all()
        chromium.close()


@pytest.fixture
def browser(_chromium):
    return _chromium


@pytest.fixture
def strenge_csp():
    """The browser tests run under the production CSP (ozgportal/settings.py) as it is: no inline scripts or
    styles, no eval (checked in tests/ops/test_security.py)."""
    return settings.SECURE_CSP


@pytest.fixture(scope="session")
def _gemeinsamer_kontext(_chromium, live_server):
    """The browser context of the process's browser tests (German locale), whose pages record CSP violations and
    script errors, and a page that stays open on the live server beside the tests' pages.

    Chromium compiles plotly.js (4,8 MB) once per renderer process, ~1,2 s on the 2-core machine. One context, a
    page kept open in it and ``--process-per-site`` keep that process, so that it compiles plotly.js once per test
    process instead of on the first chart page of every test."""
    context = _chromium.new_context(locale="de-DE", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_init_script(BEOBACHTER)
    context.set_default_timeout(10_000)
    offen = context.new_page()
    offen.goto("/healthz")
    yield context, offen
    context.close()


@pytest.fixture
def kontext(browser_daten, _gemeinsamer_kontext, strenge_csp):
    """The browser context for one test: signed out (no cookie), no page of an earlier test open. The portal keeps
    nothing else in the browser (no local or session storage), so that each test starts as in a fresh context.

    The data is written before the context is handed out (the fixtures that write come first): the first browser
    test of a process starts Chromium, and with it Playwright's event loop, which gives the thread other database
    connections (see ``_chromium``)."""
    context, offen = _gemeinsamer_kontext
    context.clear_cookies()
    yield context
    for page in context.pages:
        if page is not offen:
            page.close()
    context.clear_cookies()


def verstoesse(page) -> list[str]:
    return page.evaluate("window.__verstoesse || []")


def verwaltung_anmelden(page, username: str = "redaktion") -> None:
    """Sign in to the admin with the browser tests' password (set before the browser starts)."""
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORT)
    page.click("input[type=submit]")
    page.wait_for_url(lambda url: url.endswith("/admin/"))


# Every table of the page (the numbers of each chart opened) that is wider than the box it scrolls in.
ZU_BREITE_TABELLEN = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  return Array.from(document.querySelectorAll('table')).map(t => {
    const box = t.closest('.tabellen-rahmen') || t.parentElement;
    return [box.getAttribute('aria-label') || t.querySelector('caption')?.textContent.trim() || '', t.scrollWidth,
            box.clientWidth];
  }).filter(([, breite, platz]) => breite > platz + 1);
}"""


def zu_breite_tabellen(page) -> list:
    """The tables wider than their box (at 1280 px none may be: no column hidden behind a sideways scroll)."""
    return page.evaluate(ZU_BREITE_TABELLEN)


@pytest.fixture
def browser_daten(make_leistung, statuses, amt51):
    """A small catalogue with history, two Erhebungen, and the management user with a password."""
    from catalog.models import Leistungsbuendel, Themenfeld
    from catalog.services import erhebung_anlegen, leistung_status_setzen
    from scorecard.models import Kriterium
    from scorecard.services import Antwort, leistungen_bewerten

    efa_buendel = Leistungsbuendel.objects.create(
        ozg_id="10005",
        name="Kindergeld",
        themenfeld=Themenfeld.objects.get(name="Familie & Kind"),
        efa=True,
        umsetzendes_land="HE",
        ozg_booster=True,
        nachnutzbar_ab=dt.date(2022, 6, 30),
        rollout_frist=dt.date(2022, 12, 31),
    )
    leitung = User.objects.create_user(
        username="leitung", password=PASSWORT, first_name="Lena", last_name="Verwaltungsführung"
    )
    leitung.groups.add(Group.objects.get(name="Verwaltungsführung"))
    melde = make_leistung(
        leika_schluessel="99050042000000", bezeichnung="Meldebescheinigung Ausstellung", antraege_bundesweit=2_400_000
    )
    weitere = [make_leistung(bezeichnung=f"Leistung {i}", antraege_pro_jahr=100 * i) for i in range(1, 5)]
    weitere.append(make_leistung(bezeichnung="Kindergeld", amt=amt51, buendel=efa_buendel, antraege_pro_jahr=900))
    for leistung in [melde, *weitere]:
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=dt.date(2021, 11, 1))
    leistung_status_setzen(leistung=melde, status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2022, 3, 7))
    leistung_status_setzen(leistung=weitere[0], status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 2, 7))
    erhebung_anlegen(name="Erhebungsstand Dez. 2021", stichtag=dt.date(2021, 12, 1))
    mai = erhebung_anlegen(name="Erhebungsstand Mai 2022", stichtag=dt.date(2022, 5, 15))
    # The deck's week of the Hessian OZG-Monitor, so that the overview shows Wiesbaden beside it.
    from catalog.models import MonitorEbene, OzgMonitorWert
    from catalog.monitor import monitorwerte_erfassen

    monitorwerte_erfassen(
        werte=[
            OzgMonitorWert(jahr=2022, kw=19, ebene=MonitorEbene.LAND, online=210, gesamt=426),
            OzgMonitorWert(jahr=2022, kw=19, ebene=MonitorEbene.KOMMUNEN, online=139, gesamt=314),
        ]
    )
    # Rated open services, one with a long name, so that /priorisierung/ shows its ranking and top-20 chart.
    lang = make_leistung(
        bezeichnung="Erlaubnis zur gewerbsmäßigen Arbeitnehmerüberlassung nach dem Arbeitnehmerüberlassungsgesetz "
        "Erteilung und Verlängerung",
        antraege_pro_jahr=50,
    )
    kriterien = list(Kriterium.objects.prefetch_related("optionen"))
    leistungen_bewerten(
        bewertungen={
            leistung: {k: Antwort(option=list(k.optionen.all())[i % 2]) for k in kriterien}
            for i, leistung in enumerate([*weitere, lang])
        }
    )
    # Assessed online services (the checklist on melde's page, the charts of /servicestandard/), a long note
    # without a space among them.
    from servicestandard.models import Prinzip
    from servicestandard.services import Eintrag, leistungen_pruefen

    prinzipien = list(Prinzip.objects.order_by("nummer"))
    arten = ["erfuellt", "teilweise", "nicht_erfuellt", "nicht_anwendbar"]
    leistungen_pruefen(
        pruefungen={
            melde: {p: Eintrag(ergebnis=arten[p.nummer % 4], notiz="Nachweisdokumente" * 12) for p in prinzipien},
            weitere[0]: {p: Eintrag(ergebnis=arten[(p.nummer // 3) % 4]) for p in prinzipien[:12]},
        }
    )
    # Capacities for the running and the next quarter and a Vorgabe, so that /planung/ has a timeline to show.
    from django.utils import timezone

    from planung.plan import Art
    from planung.quartal import Quartal
    from planung.services import kapazitaet_speichern, planvorgabe_setzen

    laufend = Quartal.von_datum(timezone.localdate())
    kapazitaet_speichern(quartal=laufend, anzahl=2)
    kapazitaet_speichern(quartal=laufend.plus(1), anzahl=2)
    planvorgabe_setzen(leistung=lang, art=Art.ZURUECKGESTELLT, grund="Gesetz wird überarbeitet")
    return {"leitung": leitung, "melde": melde, "mai": mai}
