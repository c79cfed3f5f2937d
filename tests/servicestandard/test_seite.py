"""/servicestandard/: the degree of fulfilment per principle, group and Amt, the counting rule, the list of
assessed services with its export, a fixed number of queries."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from servicestandard.models import Fassung
from servicestandard.selectors import ZAEHLREGEL
from toolkit.formatting import format_date

pytestmark = pytest.mark.django_db

SEITE = reverse("servicestandard:servicestandard")
E, T, N, A = "erfuellt", "teilweise", "nicht_erfuellt", "nicht_anwendbar"
ABFRAGEN = 14


@pytest.fixture
def leser(client, leitung):
    client.force_login(leitung)
    return client


def text(response) -> str:
    """The page as text (the narrow no-break space before % stays)."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def zeilen(response) -> list[str]:
    """The rows of the list's table as text."""
    tabelle = re.search(
        r'<table class="kern-table kern-table--small kern-table--striped".*?</table>', response.content.decode(), re.S
    )
    return [
        re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", z)).strip()
        for z in re.findall(r"<tr.*?</tr>", tabelle.group(0), re.S)[1:]
    ]


def test_the_page_states_the_counting_rule_the_figures_and_lists_the_assessed_services(zwei, leser):
    response = leser.get(SEITE)

    assert response.status_code == 200
    seite = text(response)
    assert ZAEHLREGEL in seite
    assert "2 Online-Dienste geprüft, davon 1 vollständig" in seite
    assert "93\u202f% Erfüllungsgrad über alle Prinzipien" in seite  # 92,9 % rounded as on every page
    heute = format_date(timezone.localdate())  # assessed just now, by nobody (as the import does)
    assert zeilen(response) == [
        f"99.000.000.000.001 A 33 civento (ekom21) 4 von 19 50\u202f% {heute}",
        f"99.000.000.000.002 B 51 EfA-Onlinedienst 19 von 19 100\u202f% {heute}",
    ]
    # both charts with caption, text alternative and their numbers
    assert [c.slug for c in response.context["charts"]] == ["prinzipien", "aemter"]
    assert "2 Einfach und intuitiv (75\u202f%)" in response.context["charts"][0].figure["data"][0]["y"][1]
    assert ["Amt 33 – Bürgeramt", "1", "50\u202f%", "–", "–", "–", "–", "–", "50\u202f%"] in (
        response.context["charts"][1].table.rows
    )
    # the Ämter by number and short name, as every chart names them, with their number of services
    assert response.context["charts"][1].figure["data"][0]["y"] == [
        "alle Ämter (2)",
        "33 Bürgeramt (1)",
        "51 Jugend und Familie (1)",
    ]
    assert 'id="prinzipien-alternativtext"' in response.content.decode()


def test_the_filters_narrow_figures_list_and_charts_and_bad_values_get_a_german_message(zwei, leser):
    response = leser.get(SEITE, {"amt": "51", "ozg_booster": "ja"})

    assert [z.split(" ")[1] for z in zeilen(response)] == ["B"]
    assert "Auswahl: Amt 51, OZG-Booster" in text(response)
    assert response.context["servicestand"].gesamt.prozent() == 100
    assert 'href="/daten/servicestandard.json?amt=51&amp;ozg_booster=ja"' in response.content.decode()

    falsch = leser.get(SEITE, {"amt": "999", "plattform": "fax"})
    assert "Ein Amt mit der Nummer „999“ gibt es nicht." in text(falsch)
    assert "Eine Plattform „fax“ gibt es nicht" in text(falsch)
    assert zeilen(falsch) == ["Keine geprüfte Leistung entspricht dieser Auswahl."]


def test_the_list_sorts_by_share_fulfilled(zwei, leser):
    absteigend = leser.get(SEITE, {"sort": "-anteil"})

    assert [z.split(" ")[1] for z in zeilen(absteigend)] == ["B", "A"]


def test_the_list_exports_as_xlsx_with_results_and_share_in_the_import_s_columns(zwei, leser):
    response = leser.get(SEITE, {"amt": "33", "export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="servicestandard-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    kopf, *zeilen_ = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert kopf[:9] == [
        "LeiKa-Schlüssel",
        "Leistungsbezeichnung",
        "Amt",
        "Themenfeld",
        "Plattform",
        "OZG-Booster",
        "Status",
        "1 Nutzerbedürfnisse",
        "2 Einfach und intuitiv",
    ]
    assert kopf[-4:] == ["Anteil erfüllt (%)", "Prinzipien mit Ergebnis", "zuletzt geändert am", "zuletzt geändert von"]
    assert len(zeilen_) == 1
    zeile = dict(zip(kopf, zeilen_[0], strict=True))
    assert zeile["LeiKa-Schlüssel"] == "99.000.000.000.001"
    assert (zeile["1 Nutzerbedürfnisse"], zeile["4 Once-Only"], zeile["5 Datenschutz und Datensicherheit"]) == (
        "erfüllt",
        "nicht anwendbar",
        None,
    )
    assert (zeile["Anteil erfüllt (%)"], zeile["Prinzipien mit Ergebnis"]) == (50, 4)


def test_the_csv_export_has_the_rows_in_the_order_shown_with_a_decimal_comma(zwei, leser):
    response = leser.get(SEITE, {"sort": "-anteil", "export": "csv"})

    inhalt = b"".join(response.streaming_content).decode("utf-8-sig")
    zeilen_ = list(csv.reader(io.StringIO(inhalt), delimiter=";"))
    assert [z[1] for z in zeilen_[1:]] == ["B", "A"]
    assert zeilen_[2][zeilen_[0].index("Anteil erfüllt (%)")] == "50,0"
    assert zeilen_[1][zeilen_[0].index("13 Open Source")] == "nicht anwendbar"


def test_principle_18_links_the_portal_s_own_machine_readable_figures(zwei, leser):
    seite = leser.get(SEITE).content.decode()

    prinzip18 = seite[seite.index('id="prinzip-18"') : seite.index('id="prinzip-19"')]
    for url in (
        "/daten/kennzahlen.json",
        "/daten/kennzahlen.csv",
        "/daten/erhebungen.json",
        "/daten/servicestandard.json",
    ):
        assert f'href="{url}"' in prinzip18


def test_without_any_assessment_the_page_says_so_and_draws_no_chart(leser, dienst):
    response = leser.get(SEITE)

    assert response.context["charts"] == []
    assert "Noch ist kein Online-Dienst geprüft" in text(response)
    assert "0 Online-Dienste geprüft" in text(response)
    assert "1 Online-Dienst noch ohne Ergebnis" in text(response)


def test_the_navigation_leads_to_the_page(zwei, leser):
    seite = leser.get(SEITE).content.decode()

    assert '<a href="/servicestandard/" aria-current="page">Servicestandard</a>' in seite


def test_the_page_takes_a_fixed_number_of_queries_whatever_the_number_of_assessed_services(
    standard, online, amt51, leser, django_assert_num_queries
):
    # session, user, permissions (2), Benutzerprofil, Fassung, principles, results, assessments with their
    # Leistungen, the services left to assess, the filter's Ämter and Themenfelder, the principles' texts …
    standard.pruefe(online(bezeichnung="eins"), {1: E})
    with django_assert_num_queries(ABFRAGEN):
        assert leser.get(SEITE).status_code == 200

    for i in range(6):
        standard.pruefe(online(bezeichnung=f"mehr {i}", amt=amt51 if i % 2 else None), standard.alle(T))
    with django_assert_num_queries(ABFRAGEN):
        assert leser.get(SEITE, {"plattform": "civento", "sort": "-anteil"}).status_code == 200


def test_without_a_fassung_in_force_the_pages_say_so_and_the_export_is_empty(zwei, client, redaktion):
    Fassung.objects.update(gueltig_ab=dt.date(2999, 1, 1))  # the only Fassung applies only later
    client.force_login(redaktion)

    seite = text(client.get(SEITE))
    assert "Es ist keine Fassung des Servicestandards hinterlegt, die heute gilt" in seite
    assert "0 Einträge" in seite
    export = client.get(SEITE, {"export": "csv"})
    assert b"".join(export.streaming_content).decode("utf-8-sig").strip() == "LeiKa-Schlüssel"
    a = zwei[0]
    assert "keine Fassung des Servicestandards hinterlegt" in text(
        client.get(reverse("dashboard:leistung", args=[a.leika_schluessel]))
    )
    assert "keine Fassung des Servicestandards hinterlegt" in text(
        client.get(reverse("servicestandard:pruefen", args=[a.leika_schluessel]))
    )
