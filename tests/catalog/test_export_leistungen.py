"""The Leistung export (catalog.exporting) as the admin's list and the pages' lists give it: exactly the rows shown,
in the importer's columns, and back without change."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from catalog.importing.apply import katalog_importieren
from catalog.importing.katalog import KATALOG_SPALTEN, read_katalog
from catalog.models import (
    Lebenslage,
    Leistung,
    Leistungsbuendel,
    Reifegrad,
    Ressort,
    StatusAenderung,
    Themenfeld,
)
from catalog.services import leistung_status_setzen

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:catalog_leistung_changelist")
SEITE = reverse("dashboard:leistungen")
# Where a Leistung list is exported, and how it is filtered to Amt 51 there.
# The admin filters by the Amt's id (Django's own list filter), the portal's pages by its number.
ORTE = [
    pytest.param(CHANGELIST, "amt__id__exact", "pk", id="Verwaltung"),
    pytest.param(SEITE, "amt", "nummer", id="Seite"),
]


@pytest.fixture
def editor(client, redaktion):
    client.force_login(redaktion)
    return client


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    return list(sheet.iter_rows(values_only=True))


def csv_lines(response):
    return response.getvalue().decode("utf-8-sig").split("\r\n")


@pytest.fixture
def katalog(make_leistung, buendel, amt33, amt51, statuses):
    """A small catalogue using every column the importer reads."""
    themenfeld = Themenfeld.objects.get(name="Ein- & Auswanderung")
    buendel.lebenslage = Lebenslage.objects.create(name="Umzug", themenfeld=themenfeld)
    buendel.efa, buendel.ozg_booster, buendel.umsetzendes_land = True, True, "HH"
    buendel.nachnutzbar_ab, buendel.rollout_frist = dt.date(2022, 6, 30), dt.date(2022, 12, 31)
    buendel.save()
    ressort = Ressort.objects.create(name="Hessisches Ministerium des Innern und für Sport", kurzname="HMdI")
    melde = make_leistung(
        leika_schluessel="99050042000000",
        bezeichnung="Meldebescheinigung Ausstellung",
        vorlaeufig=True,
        leika_typ="2/3",
        ressort=ressort,
        zusaetzliche_informationen='=HYPERLINK("http://boese.example")\nzweite Zeile',
        antraege_pro_jahr=8_000,
        antraege_bundesweit=2_400_000,
        reifegrad=Reifegrad.objects.get(stufe=3),
        online_dienst_url="https://www.wiesbaden.de/meldebescheinigung",
        online_plattform="civento",
        anmeldung="nutzerkonto_bund",
        rechtsgrundlage="Bundesmeldegesetz (BMG) § 18",
    )
    leistung_status_setzen(leistung=melde, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 3))
    make_leistung(leika_schluessel="99050042001000", bezeichnung="-Anmeldung (beginnt mit Minus)", amt=amt51)
    make_leistung(
        leika_schluessel="77000000000005", bezeichnung="Landesleistung", buendel=None, amt=None,
        von_wiesbaden_umzusetzen=False, vollzugsebene="land", nicht_mehr_im_katalog_seit=dt.date(2022, 6, 1),
    )  # fmt: skip
    return melde


def test_xlsx_export_has_the_importer_columns_and_the_key_as_text(editor, katalog):
    response = editor.get(CHANGELIST, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "leistungen-" in response["Content-Disposition"]
    rows = xlsx_rows(response)
    assert list(rows[0]) == [column.label for column in KATALOG_SPALTEN]
    assert [r[0] for r in rows[1:]] == ["77000000000005", "99.050.042.000.000", "99.050.042.001.000"]
    melde = dict(zip(rows[0], rows[2], strict=True))
    assert melde["Amt"] == 33
    assert melde["Status"] == "Umsetzung"
    assert melde["vorläufig"] == "ja"
    assert melde["OZG-ID"] == "10559"
    assert (melde["Anträge pro Jahr in Wiesbaden"], melde["Anträge pro Jahr bundesweit"]) == (8_000, 2_400_000)
    assert melde["Rollout-Frist"] == dt.datetime(2022, 12, 31)
    assert melde["zusätzliche Informationen"].startswith("'=HYPERLINK")  # neutralised
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].number_format == "@"


def test_export_takes_filters_search_and_order_across_all_pages(editor, make_leistung, amt51, katalog):
    for number in range(60):
        make_leistung(
            leika_schluessel=f"99100000{number:03d}000", bezeichnung=f"Massenleistung {number:02d}", amt=amt51
        )
    response = editor.get(CHANGELIST, {"amt__id__exact": amt51.pk, "q": "Massenleistung", "o": "-2", "export": "csv"})
    lines = csv_lines(response)
    assert lines[0].startswith("LeiKa-Schlüssel;vorläufig;Leistungsbezeichnung;")
    names = [line.split(";")[2] for line in lines[1:] if line]
    assert len(names) == 60  # more than one page of the list (50)
    assert names[0] == "Massenleistung 59"  # ordered by name, descending, as the list was
    assert names[-1] == "Massenleistung 00"


def test_the_list_links_to_both_exports_with_its_filters(editor, katalog, amt51):
    page = editor.get(CHANGELIST, {"amt__id__exact": amt51.pk}).content.decode()
    assert f"?amt__id__exact={amt51.pk}&amp;export=xlsx" in page
    assert f"?amt__id__exact={amt51.pk}&amp;export=csv" in page


def test_an_unknown_format_is_refused_with_a_message(editor, katalog):
    response = editor.get(CHANGELIST, {"export": "pdf"}, follow=True)
    assert "Unbekanntes Exportformat" in response.content.decode()


def test_csv_neutralises_formula_cells(editor, katalog):
    text = editor.get(CHANGELIST, {"export": "csv"}).getvalue().decode("utf-8-sig")
    assert ";'-Anmeldung (beginnt mit Minus);" in text
    assert "\"'=HYPERLINK" in text


def snapshot():
    return (
        list(Leistung.objects.order_by("pk").values()),
        list(Leistungsbuendel.objects.order_by("pk").values()),
        StatusAenderung.objects.count(),
        Leistung.history.count(),
        Leistungsbuendel.history.count(),
        Ressort.objects.count(),
        Lebenslage.objects.count(),
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize(("ort", "amt_filter", "amt_feld"), ORTE)
def test_export_then_import_changes_nothing(editor, katalog, tmp_path, fmt, ort, amt_filter, amt_feld):
    before = snapshot()
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(editor.get(ort, {"export": fmt}).getvalue())
    ergebnis = katalog_importieren(read_katalog(path))
    assert ergebnis.fehler == []
    assert [(e.schluessel, e.aenderungen) for e in ergebnis.geaendert] == []
    assert (len(ergebnis.neu), ergebnis.unveraendert, ergebnis.nicht_mehr_im_katalog) == (0, 3, [])
    assert ergebnis.geschrieben
    assert snapshot() == before


@pytest.mark.parametrize(("ort", "amt_filter", "amt_feld"), ORTE)
def test_a_filtered_export_imported_as_an_extract_changes_nothing(
    editor, katalog, amt51, tmp_path, ort, amt_filter, amt_feld
):
    before = snapshot()
    path = tmp_path / "auszug.xlsx"
    path.write_bytes(editor.get(ort, {amt_filter: getattr(amt51, amt_feld), "export": "xlsx"}).getvalue())
    ergebnis = katalog_importieren(read_katalog(path), teilauszug=True)
    assert (ergebnis.fehler, ergebnis.geaendert, ergebnis.unveraendert) == ([], [], 1)
    assert snapshot() == before


def test_an_edited_export_imports_just_the_edit(editor, katalog, tmp_path, statuses):
    path = tmp_path / "export.xlsx"
    path.write_bytes(editor.get(CHANGELIST, {"export": "xlsx"}).getvalue())
    book = openpyxl.load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(3, header.index("Status") + 1).value = "Abgeschlossen"
    sheet.cell(3, header.index("Anträge pro Jahr in Wiesbaden") + 1).value = 8_500
    book.save(path)
    version = katalog.version
    ergebnis = katalog_importieren(read_katalog(path))
    assert [(a.spalte, a.alt, a.neu) for e in ergebnis.geaendert for a in e.aenderungen] == [
        ("Anträge pro Jahr in Wiesbaden", "8000", "8500"),
        ("Status", "Umsetzung", "Abgeschlossen"),
    ]
    katalog.refresh_from_db()
    assert (katalog.status, katalog.antraege_pro_jahr, katalog.antraege_bundesweit) == (
        statuses["Abgeschlossen"],
        8_500,
        2_400_000,
    )
    assert katalog.version > version  # an edit form opened before the import is refused, not silently applied


def test_export_needs_the_right_to_see_leistungen(client, katalog):
    clerk = User.objects.create_user("ohnerechte", password="Test-Passwort-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(CHANGELIST, {"export": "xlsx"}).status_code == 403


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_admin_and_the_pages_write_the_same_file_the_pages_with_the_expected_quarter(editor, katalog, fmt):
    """One export: the admin's list and /leistungen/ (both in key order) give the same header and rows; the pages
    add the expected quarter of the implementation plan (handed in by the page: catalog knows no plan)."""
    verwaltung = editor.get(CHANGELIST, {"export": fmt, "o": "1"})
    seite = editor.get(SEITE, {"export": fmt})
    if fmt == "csv":
        verwaltung_zeilen = list(csv.reader(io.StringIO(verwaltung.getvalue().decode("utf-8-sig")), delimiter=";"))
        seite_zeilen = list(csv.reader(io.StringIO(seite.getvalue().decode("utf-8-sig")), delimiter=";"))
        leer = ""
    else:
        verwaltung_zeilen, seite_zeilen, leer = xlsx_rows(verwaltung), xlsx_rows(seite), None
    assert [list(z[:-1]) for z in seite_zeilen] == [list(z) for z in verwaltung_zeilen]
    # 77… Landesleistung (not Wiesbaden's: no plan), 99…042000 and 99…042001 (open, but no capacity recorded)
    assert [z[-1] for z in seite_zeilen] == [
        "erwartetes Quartal (Umsetzungsplan)",
        leer,
        "ohne Quartal",
        "ohne Quartal",
    ]
