"""/leistungen/: filter, sort, paginate and export work together; the search finds keys in any notation."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from catalog.importing.katalog import KATALOG_SPALTEN
from catalog.models import Reifegrad
from tests.dashboard.conftest import text_von

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:leistungen")


def schluessel_auf_seite(response) -> list[str]:
    return [row.record.leika_schluessel for row in response.context["table"].paginated_rows]


def csv_zeilen(response) -> list[dict]:
    inhalt = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(inhalt), delimiter=";"))


def test_the_list_needs_signing_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_lists_every_leistung_with_key_name_amt_and_status(angemeldet, make_leistung, statuses):
    from catalog.services import leistung_status_setzen

    leistung = make_leistung(leika_schluessel="99050042000000", bezeichnung="Meldebescheinigung Ausstellung")
    leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=leistung.angelegt_am.date())

    response = angemeldet.get(URL)

    text = text_von(response)
    assert response.status_code == 200
    assert "99.050.042.000.000 Meldebescheinigung Ausstellung 33 Umsetzung" in text
    assert 'href="/leistungen/99050042000000/"' in response.content.decode()


@pytest.mark.parametrize(
    "eingabe",
    ["99.050.042.000.000", "99050042000000", "99 050 042", "99.050.042", "9.9050042E13", "meldebescheinigung"],
)
def test_the_search_finds_a_leistung_by_name_or_by_its_key_in_any_notation(angemeldet, make_leistung, eingabe):
    make_leistung(leika_schluessel="99050042000000", bezeichnung="Meldebescheinigung Ausstellung")
    make_leistung(leika_schluessel="99051000000000", bezeichnung="Geburtsurkunde", buendel=None)

    response = angemeldet.get(URL, {"q": eingabe})

    assert schluessel_auf_seite(response) == ["99050042000000"]


def test_filter_sort_paginate_and_export_work_together(angemeldet, make_leistung, amt51, statuses):
    from catalog.services import leistung_status_setzen

    stufe3 = Reifegrad.objects.get(stufe=3)
    passend = []
    for nummer in range(1, 61):  # 60 matching ones, spread over two pages of 50
        leistung = make_leistung(
            bezeichnung=f"Passend {nummer:02d}", antraege_pro_jahr=nummer * 10, amt=amt51, reifegrad=stufe3
        )
        leistung_status_setzen(leistung=leistung, status=statuses["Wartend"], gueltig_ab=leistung.angelegt_am.date())
        passend.append(leistung)
    make_leistung(bezeichnung="Anderes Amt", antraege_pro_jahr=999, reifegrad=stufe3)
    make_leistung(bezeichnung="Zu wenige Anträge", antraege_pro_jahr=5, amt=amt51, reifegrad=stufe3)
    filter_ = {"amt": 51, "status": statuses["Wartend"].pk, "fallzahl_ab": 20, "reifegrad": 3}
    nach_fallzahl = sorted(passend, key=lambda leistung: -leistung.antraege_pro_jahr)
    erwartet = [leistung.leika_schluessel for leistung in nach_fallzahl if leistung.antraege_pro_jahr >= 20]
    assert len(erwartet) == 59

    seite1 = angemeldet.get(URL, {**filter_, "sort": "-antraege_pro_jahr"})
    seite2 = angemeldet.get(URL, {**filter_, "sort": "-antraege_pro_jahr", "page": 2})
    export = angemeldet.get(URL, {**filter_, "sort": "-antraege_pro_jahr", "page": 2, "export": "csv"})

    assert seite1.context["count"] == 59
    assert schluessel_auf_seite(seite1) == erwartet[:50]
    assert schluessel_auf_seite(seite2) == erwartet[50:]
    assert "Seite 2 von 2 (59 Einträge)" in text_von(seite2)
    # the page links keep filter and sort
    assert "amt=51" in seite1.content.decode() and "sort=-antraege_pro_jahr" in seite1.content.decode()
    # the export holds every filtered row (all pages), in the page's order, in the importer's columns
    zeilen = csv_zeilen(export)
    assert export["Content-Disposition"].startswith('attachment; filename="leistungen.csv"')
    assert [z["LeiKa-Schlüssel"].replace(".", "") for z in zeilen] == erwartet
    # (then the expected quarter of the implementation plan, see tests/planung/test_seite.py)
    assert list(zeilen[0]) == [spalte.label for spalte in KATALOG_SPALTEN] + ["erwartetes Quartal (Umsetzungsplan)"]
    assert {z["Amt"] for z in zeilen} == {"51"} and {z["Status"] for z in zeilen} == {"Wartend"}


def test_the_xlsx_export_has_the_filtered_rows_with_the_key_as_text(angemeldet, make_leistung):
    make_leistung(leika_schluessel="99050042000000", bezeichnung="Meldebescheinigung")
    make_leistung(leika_schluessel="99051000000000", bezeichnung="Geburtsurkunde", buendel=None)

    response = angemeldet.get(URL, {"q": "Melde", "export": "xlsx"})

    blatt = load_workbook(io.BytesIO(response.content)).active
    zeilen = list(blatt.iter_rows(values_only=True))
    assert zeilen[0][:3] == ("LeiKa-Schlüssel", "vorläufig", "Leistungsbezeichnung")
    assert [z[0] for z in zeilen[1:]] == ["99.050.042.000.000"]
    assert blatt["A2"].data_type == "s"


def test_sorting_by_status_follows_the_statuses_order(angemeldet, make_leistung, statuses):
    from catalog.services import leistung_status_setzen

    for name in ("Wartend", "Abgeschlossen", "Umsetzung"):
        leistung = make_leistung(bezeichnung=name)
        leistung_status_setzen(leistung=leistung, status=statuses[name], gueltig_ab=leistung.angelegt_am.date())

    response = angemeldet.get(URL, {"sort": "status"})

    assert [r.record.status.bezeichnung for r in response.context["table"].paginated_rows] == [
        "Abgeschlossen",
        "Umsetzung",
        "Wartend",
    ]
    assert 'aria-sort="ascending"' in response.content.decode()


def test_bad_input_gets_german_messages_and_never_an_error_page(angemeldet, make_leistung):
    make_leistung()

    falsche_zahl = angemeldet.get(URL, {"fallzahl_ab": "viele"})
    unbekanntes_amt = angemeldet.get(URL, {"amt": "999999"})
    falsches_format = angemeldet.get(URL, {"export": "pdf"})
    falsche_sortierung = angemeldet.get(URL, {"sort": "passwort"})
    seite_zu_weit = angemeldet.get(URL, {"page": "999"})
    keine_seitenzahl = angemeldet.get(URL, {"page": "erste"})

    assert (
        falsche_zahl.status_code == 200
        and "Anträge pro Jahr in Wiesbaden (erfasst) ab Bitte eine Zahl eingeben." in text_von(falsche_zahl)
    )
    assert falsche_zahl.context["count"] == 0
    assert "Bitte die markierten Filterangaben korrigieren" in text_von(falsche_zahl)
    assert "Ein Amt mit der Nummer „999999“ gibt es nicht." in text_von(unbekanntes_amt)
    assert falsches_format.status_code == 400
    assert "Unbekanntes Exportformat „pdf“; möglich sind XLSX und CSV." in text_von(falsches_format)
    for response in (falsche_sortierung, seite_zu_weit, keine_seitenzahl):
        assert response.status_code == 200 and response.context["count"] == 1


def test_yes_no_filters_select_by_bundle_facts(angemeldet, make_leistung, efa_buendel):
    make_leistung(bezeichnung="Kindergeld beantragen", buendel=efa_buendel)
    make_leistung(bezeichnung="Meldebescheinigung")

    nur_booster = angemeldet.get(URL, {"ozg_booster": "true"})
    ohne_efa = angemeldet.get(URL, {"efa": "false"})

    assert [r.record.bezeichnung for r in nur_booster.context["table"].paginated_rows] == ["Kindergeld beantragen"]
    assert [r.record.bezeichnung for r in ohne_efa.context["table"].paginated_rows] == ["Meldebescheinigung"]


def test_the_buendel_filter_takes_the_ozg_id_and_does_not_list_the_catalogue(
    angemeldet, make_leistung, efa_buendel, buendel
):
    make_leistung(bezeichnung="Kindergeld beantragen", buendel=efa_buendel)
    make_leistung(bezeichnung="Meldebescheinigung")

    gefiltert = angemeldet.get(URL, {"buendel": efa_buendel.ozg_id})
    unbekannt = angemeldet.get(URL, {"buendel": "99999"})
    alle = angemeldet.get(URL)

    assert [r.record.bezeichnung for r in gefiltert.context["table"].paginated_rows] == ["Kindergeld beantragen"]
    assert unbekannt.status_code == 200 and unbekannt.context["count"] == 0
    assert "Ein OZG-Leistungsbündel mit der OZG-ID „99999“ gibt es nicht." in text_von(unbekannt)
    html = alle.content.decode()
    assert '<input type="text" name="buendel"' in html and 'id="filter-buendel"' in html
    # the Bündel are not offered one by one (there are thousands at Hessen scale)
    assert buendel.name not in html and f"{efa_buendel.name}</option>" not in html
