"""The ranking page /priorisierung/ and the rating page, as the people of the portal see them."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from catalog.models import Leistung, Themenfeld, Vollzugsebene
from scorecard.models import Bewertung

from .conftest import BEISPIEL, BESTE, ERLEICHTERUNG, NUR_KOMPLEXITAET, NUR_RELEVANZ, SCHLECHTESTE

pytestmark = pytest.mark.django_db

RANGLISTE = reverse("scorecard:rangliste")
KEY = re.compile(r"\b99\.\d{3}\.\d{3}\.\d{3}\.\d{3}\b")
VARIANTEN = [BEISPIEL, BESTE, SCHLECHTESTE, NUR_RELEVANZ, NUR_KOMPLEXITAET]


def table_keys(html: str) -> list[str]:
    """The LeiKa keys of the ranking table's rows, in order (the chart below is left out)."""
    start = html.index('aria-label="Rangliste der offenen Leistungen nach Gesamtwert"')
    return KEY.findall(html[start : html.index("</table>", start)])


def many(scorecard, buendel, amt, count: int, start: int = 0):
    """``count`` rated open Leistungen, fast (bulk; test data only), with varied ratings and Fallzahlen."""
    leistungen = Leistung.objects.bulk_create(
        Leistung(
            leika_schluessel=f"99{500_000 + start + i:012d}",
            bezeichnung=f"Massenleistung {start + i}",
            buendel=buendel,
            amt=amt,
            vollzugsebene=Vollzugsebene.KOMMUNE,
            von_wiesbaden_umzusetzen=True,
            antraege_pro_jahr=(start + i) % 7 * 100,
        )
        for i in range(count)
    )
    for index, variante in enumerate(VARIANTEN):
        scorecard.bulk_bewerte(leistungen[index :: len(VARIANTEN)], variante)
    return leistungen


# --- who may see what ------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(RANGLISTE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_gets_a_german_refusal(client):
    client.force_login(User.objects.create_user("ohne_rolle", password="x-Passwort-123"))

    response = client.get(RANGLISTE)

    assert response.status_code == 403
    assert "Kein Zugang zum OZG-Portal" in response.content.decode()


def test_a_department_head_sees_the_ranking_without_rating_links(client, amtsleitung33, scorecard, leistung):
    scorecard.bewerte(leistung, BEISPIEL)
    client.force_login(amtsleitung33)

    html = client.get(RANGLISTE).content.decode()

    assert "71,7" in html
    assert "Nur mein Amt (33)" in html
    assert reverse("scorecard:bewerten", args=[leistung.leika_schluessel]) not in html


def test_the_ranking_shows_total_area_bars_and_incomplete_ratings(client, redaktion, scorecard, make_leistung):
    erste = make_leistung(bezeichnung="Beispielleistung")
    halb = make_leistung(bezeichnung="Halb bewertet")
    scorecard.bewerte(erste, BEISPIEL)
    scorecard.bewerte(halb, {ERLEICHTERUNG: "hoch", "Technischer Aufwand": "gering"})
    client.force_login(redaktion)

    response = client.get(RANGLISTE)
    html = response.content.decode()

    assert 'class="wertbalken__fuellung" width="71.7"' in html  # the total's bar: SVG length, no German comma
    assert 'class="wertbalken__fuellung" width="83.3"' in html and "83,3\u202f%" in html  # Relevanz für Bürger
    assert "unvollständig (2 von 8 Kriterien)" in html
    assert table_keys(html) == ["99.000.000.000.001", "99.000.000.000.002"]
    assert reverse("scorecard:bewerten", args=[erste.leika_schluessel]) in html
    assert "Die 1 vorrangigen offenen Leistungen" in html  # the chart lists only complete ratings
    # the chart stacks Fachbereich's 20 after Relevanz's 41.7, then Komplexität's 10
    assert [trace["x"] for trace in response.context["charts"][0].figure["data"]] == [[41.7], [20.0], [10.0]]
    assert not re.search(r"<[^>]+\sstyle\s*=", html)  # works under a CSP without 'unsafe-inline'
    assert not re.search(r'<script(?![^>]*\s(src=|type="application/json"))', html)  # data blocks only


# --- filters -----------------------------------------------------------------------------------------------------


def test_filters_narrow_the_rows(client, redaktion, scorecard, make_leistung, amt51, buendel):
    ein_amt = make_leistung()
    anderes_amt = make_leistung(amt=amt51)
    unvollstaendig = make_leistung(amt=amt51)
    for leistung in (ein_amt, anderes_amt):
        scorecard.bewerte(leistung, BEISPIEL)
    scorecard.bewerte(unvollstaendig, {ERLEICHTERUNG: "hoch"})
    client.force_login(redaktion)

    assert table_keys(client.get(RANGLISTE, {"amt": "51"}).content.decode()) == [
        "99.000.000.000.002",
        "99.000.000.000.003",
    ]
    assert table_keys(client.get(RANGLISTE, {"bewertung": "unvollstaendig"}).content.decode()) == ["99.000.000.000.003"]
    assert len(table_keys(client.get(RANGLISTE, {"bewertung": "vollstaendig"}).content.decode())) == 2
    assert table_keys(client.get(RANGLISTE, {"ozg_booster": "true"}).content.decode()) == []
    themenfeld = Themenfeld.objects.get(name="Ein- & Auswanderung")
    assert len(table_keys(client.get(RANGLISTE, {"themenfeld": themenfeld.pk}).content.decode())) == 3


def test_an_unknown_filter_value_is_shown_as_an_error_not_a_crash(client, redaktion, scorecard, leistung):
    scorecard.bewerte(leistung, BEISPIEL)
    client.force_login(redaktion)

    response = client.get(RANGLISTE, {"amt": "999", "page": "x"})

    assert response.status_code == 200
    assert "Ein Amt mit der Nummer „999“ gibt es nicht." in response.content.decode()


# --- size and export ---------------------------------------------------------------------------------------------


def test_the_ranking_page_takes_the_same_number_of_queries_for_50_and_500_services(
    client, redaktion, scorecard, buendel, amt33
):
    client.force_login(redaktion)
    many(scorecard, buendel, amt33, 50)
    client.get(RANGLISTE)  # warm up the session
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(RANGLISTE).status_code == 200

    many(scorecard, buendel, amt33, 450, start=50)
    with CaptureQueriesContext(connection) as five_hundred:
        response = client.get(RANGLISTE)
    assert response.status_code == 200
    assert "500 Leistungen, davon 500 vollständig bewertet" in response.content.decode()

    assert len(five_hundred) == len(fifty)


def test_the_export_has_the_pages_order_and_columns(client, redaktion, scorecard, buendel, amt33, make_leistung):
    many(scorecard, buendel, amt33, 70)
    halb = make_leistung()
    scorecard.bewerte(halb, {ERLEICHTERUNG: "hoch"})
    client.force_login(redaktion)
    page_keys = []
    for page in (1, 2):
        page_keys += table_keys(client.get(RANGLISTE, {"page": page}).content.decode())
    assert len(page_keys) == 71

    response = client.get(RANGLISTE, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))

    assert rows[0] == [
        "Rang",
        "LeiKa-Schlüssel",
        "Leistungsbezeichnung",
        "Amt",
        "Status",
        "Gesamtwert",
        "Relevanz für Bürger (%)",
        "Wichtigkeit für den Fachbereich (%)",
        "Umsetzungskomplexität (%)",
        "Bewertung",
    ]
    assert [row[1] for row in rows[1:]] == page_keys
    assert rows[1][0] == "1" and rows[1][5] == "100,0" and rows[1][6] == "100,0"
    assert rows[-1][0] == "" and rows[-1][-1] == "unvollständig (1 von 8 Kriterien)"
    beispiel = next(row for row in rows if row[5] == "71,7")
    assert beispiel[6:9] == ["83,3", "100,0", "33,3"]


def test_the_xlsx_export_follows_the_filter_and_keeps_the_order(client, redaktion, scorecard, buendel, amt33, amt51):
    many(scorecard, buendel, amt33, 20)
    many(scorecard, buendel, amt51, 20, start=20)
    client.force_login(redaktion)
    page_keys = table_keys(client.get(RANGLISTE, {"amt": "51"}).content.decode())

    response = client.get(RANGLISTE, {"amt": "51", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))

    assert [row[1] for row in rows[1:]] == page_keys
    assert {row[3] for row in rows[1:]} == {51}
    assert rows[1][5] == 100


def test_an_unknown_export_format_gets_a_german_message(client, redaktion):
    client.force_login(redaktion)

    response = client.get(RANGLISTE, {"export": "pdf"})

    assert response.status_code == 400
    assert "Unbekanntes Exportformat „pdf“; möglich sind XLSX und CSV." in response.content.decode()


# --- the rating page ---------------------------------------------------------------------------------------------


def bewerten_url(leistung):
    return reverse("scorecard:bewerten", args=[leistung.leika_schluessel])


def test_an_editor_rates_all_criteria_on_one_page(client, redaktion, scorecard, leistung):
    client.force_login(redaktion)
    page = client.get(bewerten_url(leistung)).content.decode()
    for name in BEISPIEL:
        assert name in page

    data = {}
    for name, label in BEISPIEL.items():
        kriterium = scorecard.kriterien[name]
        data[f"kriterium_{kriterium.pk}"] = scorecard.option(name, label).pk
        data[f"begruendung_{kriterium.pk}"] = "laut Fachbereich"
    response = client.post(bewerten_url(leistung), data, follow=True)

    html = response.content.decode()
    assert "Bewertung gespeichert (8 neu, 0 geändert, 0 entfernt, 0 unverändert). Gesamtwert: 71,7." in html
    assert "Gesamtwert: <strong>71,7</strong>" in html
    assert "(redaktion, " in html  # who rated, in the breakdown
    assert html.count("laut Fachbereich") >= len(BEISPIEL)
    assert Bewertung.objects.filter(leistung=leistung).count() == len(BEISPIEL)
    assert "Verlauf der Bewertungen" in html and "bewertet" in html


def test_an_invalid_option_is_refused_with_a_message_and_nothing_is_saved(client, redaktion, scorecard, leistung):
    client.force_login(redaktion)
    kriterium = scorecard.kriterien[ERLEICHTERUNG]
    fremde_option = scorecard.option("Technischer Aufwand", "gering")

    response = client.post(bewerten_url(leistung), {f"kriterium_{kriterium.pk}": fremde_option.pk})

    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not Bewertung.objects.exists()


def test_a_stale_form_cannot_overwrite_a_newer_rating(client, redaktion, leitung, scorecard, leistung):
    client.force_login(redaktion)
    page = client.get(bewerten_url(leistung))
    version = page.context["form"]["bewertung_version"].value()
    scorecard.bewerte(leistung, {ERLEICHTERUNG: "niedrig"}, user=leitung)  # someone else, meanwhile
    kriterium = scorecard.kriterien[ERLEICHTERUNG]

    response = client.post(
        bewerten_url(leistung),
        {"bewertung_version": version, f"kriterium_{kriterium.pk}": scorecard.option(ERLEICHTERUNG, "hoch").pk},
        follow=True,
    )

    assert "wurde inzwischen von jemand anderem geändert. Ihre Änderung wurde nicht gespeichert" in (
        response.content.decode()
    )
    assert list(Bewertung.objects.values_list("option__bezeichnung", flat=True)) == ["niedrig"]


def test_readers_may_not_rate(client, amtsleitung33, leistung):
    client.force_login(amtsleitung33)

    response = client.get(bewerten_url(leistung))

    assert response.status_code == 403
    assert "Bewerten dürfen nur Redakteurinnen und Redakteure der Scorecard." in response.content.decode()


def test_an_unknown_key_gets_a_german_not_found_page(client, redaktion):
    client.force_login(redaktion)

    response = client.get(reverse("scorecard:bewerten", args=["99999999999999"]))

    assert response.status_code == 404
    assert "Es gibt keine LeiKa-Leistung mit dem Schlüssel 99999999999999." in response.content.decode()
