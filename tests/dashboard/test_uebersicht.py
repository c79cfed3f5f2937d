"""/: the overview shows the base, online figures, statuses with the change since the last Erhebung, the trend,
the funnel and the top services, as of today or any past date."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.services import leistung_status_setzen
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:uebersicht")


def test_the_overview_needs_signing_in(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_as_of_a_past_date_it_shows_the_figures_then_and_the_change_since_the_erhebung_before(angemeldet, baue_katalog):
    baue_katalog(3)  # per Amt: 1 waiting, 1 in Umsetzung since 07.02.2022, 1 online since 14.03.2022

    response = angemeldet.get(URL, {"stichtag": "2022-05-15"})

    text = text_von(response)
    assert "Stand: 15.05.2022" in text
    assert "Gezählt: 6 LeiKa-Leistungen, die von Wiesbaden umzusetzen sind" in text
    assert "Stand 15.05.2022 (KW 19/2022)" in text
    assert "Änderungen seit der Erhebung „Erhebungsstand Dez. 2021 (3)“ vom 01.12.2021" in text
    assert "2 (33 %) online verfügbar, +2 seit Erhebungsstand Dez. 2021 (3)" in text
    assert "4 (67 %) noch umzusetzen" in text
    status = response.context["charts"][0]
    assert status.table.rows == [
        ["Abgeschlossen", "2", "33\u202f%", "+2"],
        ["Umsetzung", "2", "33\u202f%", "+2"],
        ["Digitalisierungsfabrik", "0", "0\u202f%", "±0"],
        ["Wartend", "2", "33\u202f%", "\u22124"],
    ]
    assert "Änderung seit Erhebungsstand Dez. 2021 (3) (01.12.2021)" in status.subtitle


def test_before_any_erhebung_it_says_there_is_no_change_to_show(angemeldet, baue_katalog):
    baue_katalog(2, erhebungen=False)

    response = angemeldet.get(URL)

    assert "Vor diesem Stichtag gibt es keine Erhebung, daher keine Änderungen." in text_von(response)
    assert response.context["charts"][0].table.header == ["Status", "Anzahl", "Anteil"]


def test_the_trend_has_one_point_per_iso_week_up_to_the_stichtag(angemeldet, baue_katalog):
    baue_katalog(3)

    trend = next(d for d in angemeldet.get(URL, {"stichtag": "2022-05-15"}).context["charts"] if d.slug == "trend")

    ist = [zeile for zeile in trend.table.rows if not zeile[0].endswith("(Prognose)")]
    wochen = [zeile[0] for zeile in ist]
    assert wochen[-1] == "KW 19/2022" and wochen[0] == "KW 19/2021" and len(wochen) == 53
    assert ist[-1][1:] == ["2", "6", "33,3\u202f%", "–"]
    assert trend.figure["data"][0]["y"][-1] == 33.3
    # then the forecast: 52 weeks after the window's last Sunday (15.05.2022), dashed
    prognose = trend.table.rows[len(ist) :]
    assert [z[0] for z in prognose[:2]] == ["KW 20/2022 (Prognose)", "KW 21/2022 (Prognose)"] and len(prognose) == 52
    assert trend.figure["data"][1]["line"]["dash"] == "dash"


def test_the_funnel_and_top_services_come_from_the_catalogue(angemeldet, baue_katalog, make_leistung):
    baue_katalog(2)
    make_leistung(bezeichnung="Landesleistung", vollzugsebene="land", von_wiesbaden_umzusetzen=False, amt=None)

    charts = {d.slug: d for d in angemeldet.get(URL).context["charts"]}

    assert charts["trichter"].table.rows == [
        ["Hessischer OZG-Katalog", "2", "5"],
        ["den Kommunen zugeordnet", "2", "4"],
        ["von Wiesbaden umzusetzen", "2", "4"],
    ]
    assert [z[1] for z in charts["fallzahlen"].table.rows] == ["4.000", "3.000", "2.000", "1.000"]


def test_the_funnel_says_its_last_step_includes_the_leistungen_the_status_figures_leave_out(
    angemeldet, baue_katalog, statuses
):
    """The tile says 4 "von Wiesbaden umzusetzen", the funnel 5: its caption says why (one "Nicht relevant")."""
    leistungen = baue_katalog(2)
    leistung_status_setzen(leistung=leistungen[0], status=statuses["Nicht relevant"], gueltig_ab=timezone.localdate())

    response = angemeldet.get(URL)
    charts = {d.slug: d for d in response.context["charts"]}

    assert charts["trichter"].table.rows[-1] == ["von Wiesbaden umzusetzen", "2", "4"]
    assert response.context["kennzahlen"].basis.anzahl == 3
    assert (
        "„von Wiesbaden umzusetzen“ zählt jeden Status, auch 1 Leistung mit Status „Nicht relevant“, die die "
        "Statuszahlen nicht zählen"
    ) in charts["trichter"].subtitle


@pytest.mark.parametrize(
    ("eingabe", "meldung"),
    [
        ("gestern", "„gestern“ ist kein gültiges Datum; bitte TT.MM.JJJJ angeben (z. B. 15.05.2022)."),
        ("31.02.2022", "„31.02.2022“ ist kein gültiges Datum"),
        ("2999-01-01", "Der 01.01.2999 liegt in der Zukunft. Gezeigt wird der Stand von heute"),
    ],
)
def test_a_bad_stichtag_shows_todays_figures_with_a_german_message(angemeldet, baue_katalog, eingabe, meldung):
    baue_katalog(1, erhebungen=False)

    response = angemeldet.get(URL, {"stichtag": eingabe})

    assert response.status_code == 200
    assert meldung in text_von(response)
    assert f"Stand: {timezone.localdate():%d.%m.%Y} (heute)" in text_von(response)


def test_a_german_date_is_understood_too(angemeldet, baue_katalog):
    baue_katalog(1, erhebungen=False)

    response = angemeldet.get(URL, {"stichtag": "15.05.2022"})

    assert response.context["stand"] == dt.date(2022, 5, 15)


def test_presentation_mode_marks_the_page_and_offers_the_way_back(angemeldet, baue_katalog):
    baue_katalog(1, erhebungen=False)

    normal = angemeldet.get(URL).content.decode()
    praesentation = angemeldet.get(URL, {"praesentation": "1"}).content.decode()

    assert '<body class="kern-body">' in normal and "Präsentationsmodus" in normal
    assert '<body class="kern-body praesentation">' in praesentation and "Präsentation beenden" in praesentation
    # the keys, visible, and a live region that names the chart shown (toolkit/static/toolkit/presentation.js)
    assert "praesentation-hinweis" not in normal and "data-praesentation-ansage" not in normal
    assert (
        '<p class="praesentation-hinweis" id="praesentation-hinweis"><kbd>→</kbd> oder <kbd>Bild ↓</kbd>: nächstes '
        "Diagramm · <kbd>←</kbd> oder <kbd>Bild ↑</kbd>: voriges · <kbd>Esc</kbd>: Präsentation beenden</p>"
    ) in praesentation
    assert '<p class="kern-sr-only" aria-live="polite" data-praesentation-ansage></p>' in praesentation
    assert 'href="?" aria-keyshortcuts="Escape"><span class="kern-label">Präsentation beenden' in praesentation
    assert '<script src="/static/toolkit/presentation.js" defer></script>' in praesentation


def test_each_chart_can_be_saved_as_a_picture(angemeldet, baue_katalog):
    baue_katalog(1, erhebungen=False)

    html = angemeldet.get(URL).content.decode()

    # hidden until the chart script has drawn the charts (it needs plotly.js)
    assert (
        '<button type="button" class="kern-btn kern-btn--secondary kern-btn--x-small diagramm__bild" '
        'data-bild="status" aria-label="Als Bild speichern (PNG): Status der Leistungen" hidden>'
        '<span class="kern-label">Als Bild speichern (PNG)</span></button>'
    ) in html
    assert html.count("data-bild=") == html.count("data-diagramm=") == 5
