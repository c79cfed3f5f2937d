"""Charts for a meeting, measured in Chromium under the production CSP: presentation mode on a 16:9 screen (1280×720
and 1920×1080: one chart per screen, every chart's box and every text of it inside the viewport, the keys from chart
to chart and back to the page), nothing of a chart cut at 320 px, each chart saved as a PNG, and printing (the
overview on at most two A4 landscape pages, no page ending in a heading, a table's total row once, a list printed
in part says so and prints no page links)."""

import datetime as dt
import io
import re
import struct

import pytest
from pypdf import PdfReader

from tests.browser.conftest import verstoesse
from tests.browser.test_barrierefreiheit import anmelden

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENS = [(1280, 720), (1920, 1080)]

# Per chart of the page: its box, the viewport, and every text of its drawing that lies outside the box or the
# viewport (hover labels aside; an empty or hidden text has no size).
MESSEN = """() => Array.from(document.querySelectorAll('.diagramm')).map((figure) => {
  const box = figure.getBoundingClientRect();
  const draussen = [];
  figure.querySelectorAll('.diagramm__flaeche svg text').forEach((text) => {
    if (text.closest('.hoverlayer') || !text.textContent.trim()) return;
    const r = text.getBoundingClientRect();
    if (!r.width || !r.height) return;
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5
        || r.left < -0.5 || r.right > window.innerWidth + 0.5) {
      draussen.push(text.textContent);
    }
  });
  return {id: figure.id, box: [box.left, box.top, box.right, box.bottom], texte: draussen,
          fokus: document.activeElement === figure, viewport: [window.innerWidth, window.innerHeight]};
})"""


# Per value of the overview's donut: its text, its colour, and whether it lies inside the ring's box.
DONUT_WERTE = """() => {
  const ringe = Array.from(document.querySelectorAll('#online .slice path')).map((p) => p.getBoundingClientRect());
  const links = Math.min(...ringe.map((r) => r.left)), rechts = Math.max(...ringe.map((r) => r.right));
  const oben = Math.min(...ringe.map((r) => r.top)), unten = Math.max(...ringe.map((r) => r.bottom));
  return Array.from(document.querySelectorAll('#online text.slicetext')).map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, farbe: getComputedStyle(t).fill,
            im_ring: r.left >= links && r.right <= rechts && r.top >= oben && r.bottom <= unten};
  });
}"""


def seiten(daten) -> list[str]:
    return [
        "/?stichtag=2022-05-15",
        "/aemter/",
        "/aemter/33/",
        f"/erhebungen/{daten['mai'].pk}/",
        "/erhebungen/",
        "/fallzahlen/",
        "/priorisierung/",
        "/planung/",
        "/servicestandard/",
    ]


def mit(url: str, parameter: str) -> str:
    return url + ("&" if "?" in url else "?") + parameter


def gezeichnet(page, modus: str = "bildschirm") -> None:
    """Until the chart script has drawn every chart of the page for the current viewport (or for paper)."""
    page.wait_for_function(
        """(modus) => document.body.getAttribute('data-diagramme') ===
             (modus === 'druck' ? 'druck' : modus + ':' + window.innerWidth + 'x' + window.innerHeight)""",
        arg=modus,
    )


def test_presentation_mode_shows_one_chart_per_16_9_screen_and_the_keys_move_from_chart_to_chart(
    kontext, browser_daten
):
    page = kontext.new_page()
    anmelden(page)
    gemessen = 0
    for url in seiten(browser_daten):
        page.set_viewport_size({"width": 1280, "height": 720})
        assert page.goto(mit(url, "praesentation=1")).status == 200, url
        gezeichnet(page)
        anzahl = page.locator(".diagramm").count()
        assert anzahl, url
        for breite, hoehe in SCREENS:
            page.set_viewport_size({"width": breite, "height": hoehe})
            gezeichnet(page)
            # from the top of the page chart by chart, forward with one key and back with the other
            page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
            schritte = ["PageDown", "ArrowRight"] if breite == 1280 else ["ArrowRight", "PageDown"]
            for i in range(anzahl):
                page.keyboard.press(schritte[i % 2])
                diagramme = page.evaluate(MESSEN)
                d = diagramme[i]
                assert d["fokus"], (url, breite, i)
                links, oben, rechts, unten = (round(kante) for kante in d["box"])  # to the pixel
                assert links >= 0 and rechts <= breite and oben >= 0 and unten <= hoehe, (url, breite, d)
                assert d["texte"] == [], (url, breite, d)
                titel = page.locator(".diagramm__titel").nth(i).inner_text()
                assert page.locator("[data-praesentation-ansage]").inner_text() == (
                    f"Diagramm {i + 1} von {anzahl}: {titel}"
                )
                gemessen += 1
            for i in reversed(range(anzahl - 1)):
                page.keyboard.press("ArrowLeft" if i % 2 else "PageUp")
                assert page.evaluate(MESSEN)[i]["fokus"], (url, breite, i)
        assert verstoesse(page) == [], (url, verstoesse(page))
    assert gemessen >= 2 * len(seiten(browser_daten))

    # Esc: back to the page as it was, without presentation mode
    page.goto("/aemter/?praesentation=1&stichtag=2022-05-15")
    gezeichnet(page)
    assert "Präsentation beenden" in page.locator(".praesentation-hinweis").inner_text()
    page.keyboard.press("Escape")
    page.wait_for_url(lambda adresse: "praesentation" not in adresse)
    assert page.url.endswith("/aemter/?stichtag=2022-05-15")


def test_starting_presentation_mode_shows_the_first_chart_whole_on_every_page_that_offers_it(
    kontext, browser_daten, tmp_path
):
    """From the button, at 1920×1080 and 1280×720: the first chart is on screen, whole, with the focus, before any
    key is pressed; /planung/ has a chart and offers the mode; the top-10 Fallzahlen chart names its colours."""
    page = kontext.new_page()
    anmelden(page)
    for url in ("/?stichtag=2022-05-15", "/planung/"):
        for breite, hoehe in reversed(SCREENS):
            page.set_viewport_size({"width": breite, "height": hoehe})
            assert page.goto(url).status == 200, url
            gezeichnet(page)
            page.get_by_role("link", name="Präsentationsmodus").click()
            page.wait_for_url(lambda adresse: "praesentation=1" in adresse)
            gezeichnet(page)
            page.wait_for_function("() => document.activeElement && document.activeElement.matches('.diagramm')")
            erstes = page.evaluate(MESSEN)[0]
            links, oben, rechts, unten = (round(kante) for kante in erstes["box"])
            assert erstes["fokus"], (url, breite)
            assert links >= 0 and oben >= 0 and rechts <= breite and unten <= hoehe, (url, breite, erstes)
            assert erstes["texte"] == [], (url, breite, erstes)
            titel = page.locator(".diagramm__titel").first.inner_text()
            assert page.locator("[data-praesentation-ansage]").inner_text().startswith("Diagramm 1 von ")
            assert titel in page.locator("[data-praesentation-ansage]").inner_text()
            page.screenshot(path=tmp_path / f"start-{url.strip('/?').split('?')[0] or 'uebersicht'}-{breite}.png")
            # → goes on to the second chart (when there is one), not to the first again
            if page.locator(".diagramm").count() > 1:
                page.keyboard.press("ArrowRight")
                assert page.evaluate(MESSEN)[1]["fokus"], (url, breite)
        if url.startswith("/?"):
            legende = page.evaluate(
                "Array.from(document.querySelectorAll('#fallzahlen .legend text')).map(t => t.textContent)"
            )
            assert {"Abgeschlossen", "Wartend"} <= set(legende), legende  # the bars' statuses
            assert not [t for t in legende if "Reihe" in t], legende  # and no unnamed entry for the bars


def test_at_320_px_every_text_of_every_chart_is_inside_the_chart(kontext, browser_daten):
    page = kontext.new_page()
    anmelden(page)
    page.set_viewport_size({"width": 320, "height": 640})
    for url in seiten(browser_daten):
        assert page.goto(url).status == 200, url
        gezeichnet(page)
        diagramme = page.evaluate(MESSEN)
        assert diagramme, url
        for d in diagramme:
            assert d["texte"] == [], (url, d)
            assert round(d["box"][0]) >= 0 and round(d["box"][2]) <= 320, (url, d)
        # the labels really are there: e.g. the funnel's steps, the status with its change
        if url.startswith("/?"):
            texte = page.evaluate("Array.from(document.querySelectorAll('#trichter svg text')).map(t => t.textContent)")
            assert "den Kommunen zugeordnet" in texte
        assert verstoesse(page) == [], (url, verstoesse(page))


def png_groesse(daten: bytes) -> tuple[int, int]:
    assert daten[:8] == b"\x89PNG\r\n\x1a\n", daten[:8]
    return struct.unpack(">II", daten[16:24])


def test_each_chart_is_saved_as_a_png_by_its_button_and_by_the_toolbar(kontext, browser_daten):
    page = kontext.new_page()
    anmelden(page)
    page.goto("/aemter/")
    gezeichnet(page)

    with page.expect_download() as laden:
        page.get_by_role("button", name="Als Bild speichern (PNG): Status der Leistungen je Amt").click()
    download = laden.value
    assert download.suggested_filename == "diagramm-aemter.png"
    with open(download.path(), "rb") as datei:
        breite, hoehe = png_groesse(datei.read())
    assert breite == 2400 and hoehe > 600  # 1200 CSS px at twice the resolution, with title and subtitle

    page.goto("/?stichtag=2022-05-15")
    gezeichnet(page)
    page.locator("#status .js-plotly-plot").hover()
    with page.expect_download() as laden:
        page.locator("#status [data-title='Diagramm als PNG-Bild herunterladen']").click()
    assert laden.value.suggested_filename == "diagramm-status.png"
    with open(laden.value.path(), "rb") as datei:
        assert png_groesse(datei.read())[0] == 2400
    assert verstoesse(page) == []  # under the production CSP, which refuses plotly's own (blob:) way


@pytest.fixture
def viele_aemter(browser_daten):
    """Enough Ämter for the Ämter table to run over two printed pages, the eight weeks of the OZG-Monitor the
    overview shows at most, and an open Erhebungsrunde (written before the browser starts)."""
    from django.utils import timezone

    from catalog.models import Amt, MonitorEbene, OzgMonitorWert
    from catalog.monitor import monitorwerte_erfassen
    from erhebungsrunde.services import erhebungsrunde_oeffnen

    heute = timezone.localdate()  # an open round: the note on how current the figures are links to it
    erhebungsrunde_oeffnen(name="Erhebungsrunde zum Drucken", stichtag=heute, frist=heute + dt.timedelta(days=14))
    Amt.objects.bulk_create(Amt(nummer=100 + i, name=f"Amt für Prüfzwecke {i}") for i in range(70))
    monitorwerte_erfassen(
        werte=[
            OzgMonitorWert(jahr=2022, kw=kw, ebene=ebene, online=100 + kw, gesamt=400)
            for kw in range(12, 19)
            for ebene in (MonitorEbene.LAND, MonitorEbene.KOMMUNEN)
        ]
    )
    return browser_daten


def drucken(page, url: str) -> tuple[PdfReader, list[str]]:
    """The page as Chromium prints it (A4 landscape) and the texts of its headings shown on paper."""
    page.emulate_media(media="screen")
    assert page.goto(url).status == 200, url
    if page.locator("[data-diagramm]").count():
        gezeichnet(page)
        page.emulate_media(media="print")
        gezeichnet(page, "druck")
    else:
        page.emulate_media(media="print")
    ueberschriften = page.evaluate(
        "Array.from(document.querySelectorAll('h1, h2, h3')).filter((h) => h.getClientRects().length)"
        ".map((h) => h.innerText.trim())"
    )
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True)))
    return pdf, ueberschriften


def zeilen(seite) -> list[str]:
    return [z.strip() for z in seite.extract_text().splitlines() if z.strip()]


def test_printed_the_overview_fits_two_a4_pages_and_no_page_ends_in_a_heading(viele_aemter, kontext):
    # viele_aemter first: the data is written before the browser starts (see the kontext fixture)
    page = kontext.new_page()
    anmelden(page)

    gedruckt = {url: drucken(page, url) for url in ("/aemter/", "/aemter/33/", "/?stichtag=2022-05-15")}
    # (the overview last: its paper view is measured below) the donut's values on paper: a value that does not fit
    # into its segment stands beside it, dark on white, not white on white
    werte = page.evaluate(DONUT_WERTE)
    assert len(werte) == 2 and all(w["text"] for w in werte), werte
    assert all(w["im_ring"] or w["farbe"] != "rgb(255, 255, 255)" for w in werte), werte
    # the note on how current the figures are: one type size, its links and figures included
    groessen = page.evaluate(
        "Array.from(document.querySelectorAll('.aktualitaet p, .aktualitaet p *'))"
        ".map((e) => getComputedStyle(e).fontSize)"
    )
    assert len(groessen) >= 3 and len(set(groessen)) == 1, groessen  # the paragraph, a figure, the round's link

    ueberblick, _ = gedruckt["/?stichtag=2022-05-15"]
    assert len(ueberblick.pages) <= 2
    text = " ".join(" ".join(zeilen(s)) for s in ueberblick.pages)
    for muss in ("Status der Leistungen", "Vom Katalog zu Wiesbaden", "den Kommunen zugeordnet", "KW 19/2022"):
        assert muss in text
    assert "Foliensatz herunterladen" not in text and "Als Bild speichern" not in text
    # of the OZG-Monitor's eight weeks the paper shows the last four, and says so
    assert "Gedruckt: die letzten 4 von 8 Wochen." in text
    assert "KW 16/2022" in text and "KW 15/2022" not in text

    for url, (pdf, ueberschriften) in gedruckt.items():
        for nummer, seite in enumerate(pdf.pages, start=1):
            inhalt = zeilen(seite)
            assert inhalt, (url, nummer)
            assert inhalt[-1] not in ueberschriften, (url, nummer, inhalt[-3:])

    # a table over several pages: the header row on each, the total row once, at its end
    aemter, _ = gedruckt["/aemter/"]
    seiten_text = ["\n".join(zeilen(s)) for s in aemter.pages]
    assert len(aemter.pages) >= 2
    assert sum(t.count("Wiesbaden gesamt") for t in seiten_text) == 1
    assert "Wiesbaden gesamt" in seiten_text[-1]
    assert "Amt für Prüfzwecke 69" in "".join(seiten_text)


def test_a_list_printed_in_part_says_so_and_prints_no_page_links(kontext, browser_daten):
    page = kontext.new_page()
    anmelden(page)

    pdf, _ = drucken(page, "/leistungen/?per_page=2")

    text = "\n".join("\n".join(zeilen(s)) for s in pdf.pages)
    assert "Gedruckt: 2 von 7 Einträgen (Seite 1 von 4, Einträge 1–2)." in text
    assert "weiter" not in text and "Seite 1 von 4 (" not in text
    links = [a.get_object().get("/A", {}).get("/URI", "") for s in pdf.pages for a in (s.get("/Annots") or [])]
    # (the column headers link to page 1 of the list sorted otherwise; nothing leads to another page)
    assert links and not [link for link in links if re.search(r"[?&]page=(?!1(&|$))", link)]
