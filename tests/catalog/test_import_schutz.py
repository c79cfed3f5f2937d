"""The catalogue import cannot undo someone's work, wipe the catalogue by one click, or be used to exhaust the
server: confirm re-checks the versions the preview saw, mass retirement needs the number confirmed, a file without
data rows is an error, hostile workbooks are refused in seconds, the preview stays small, no upload is left behind.
"""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import tasks
from catalog.admin import importieren
from catalog.models import Leistung, StatusAenderung
from catalog.services import leistung_status_setzen
from jobs.models import Upload
from tests.catalog.test_import_katalog import run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("upload_dir")]

IMPORT_URL = reverse("admin:catalog_leistung_importieren")
HEADER = ["LeiKa-ID (ggf. vorläufig)", "Leistungsbezeichnung", "Amt", "Status", "zusätzliche Informationen"]


def xlsx(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Katalog"
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def upload(client, data: bytes, name="katalog.xlsx", **fields):
    form = {"schritt": "hochladen", "datei": SimpleUploadedFile(name, data), "stichtag": "2022-05-31", **fields}
    return client.post(IMPORT_URL, form, follow=True)


def confirm(client, **fields):
    token = client.session[importieren.SESSION_KEY]["token"]
    return client.post(IMPORT_URL, {"schritt": "bestaetigen", "token": token, **fields}, follow=True)


def history_state():
    return (
        list(Leistung.objects.order_by("pk").values_list("pk", "status_id", "version", "zusaetzliche_informationen")),
        StatusAenderung.objects.count(),
        Leistung.history.count(),
    )


# --- lost updates between preview and confirm ------------------------------------------------------------------


def test_confirm_refuses_rows_changed_after_the_preview_and_names_them(editor, make_leistung, statuses):
    melde = make_leistung(leika_schluessel="99050042000000", bezeichnung="Meldebescheinigung")
    andere = make_leistung(leika_schluessel="99050042001000", bezeichnung="Anmeldung")
    for leistung in (melde, andere):
        leistung_status_setzen(leistung=leistung, status=statuses["Umsetzung"], gueltig_ab=dt.date(2022, 1, 3))
    rows = [
        ["99050042000000", "Meldebescheinigung", 33, "Umsetzung", ""],
        ["99050042001000", "Anmeldung", 33, "Umsetzung", "neu aus der Datei"],
    ]
    preview = upload(editor, xlsx(rows)).content.decode()
    assert "geändert: 1 · unverändert: 1" in preview

    # after the preview an Amtsleitung sets another status for the Leistung the preview called unchanged
    leistung_status_setzen(
        leistung=melde, status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2022, 5, 20), grund="Online"
    )
    before = history_state()
    page = confirm(editor).content.decode()

    assert history_state() == before  # nothing written: neither the old status back nor the other row's note
    meldung = page.split('role="alert">')[1].split("</p>")[0]
    assert "Die Leistung 99.050.042.000.000 wurde inzwischen von jemand anderem geändert" in meldung
    assert "Der Import wurde nicht übernommen; es wurde nichts geändert." in meldung
    assert "Vorschau:" in page  # a new preview of the current state, to be confirmed again
    assert "geändert: 2 · unverändert: 0" in page
    melde.refresh_from_db()
    assert melde.status == statuses["Abgeschlossen"]

    # the new preview can be confirmed: now the user knowingly applies the file
    confirm(editor)
    melde.refresh_from_db()
    assert melde.status == statuses["Umsetzung"]


def test_confirm_refuses_to_retire_a_leistung_created_after_the_preview(editor, make_leistung, statuses):
    make_leistung(leika_schluessel="99050042000000", bezeichnung="Meldebescheinigung")
    preview = upload(editor, xlsx([["99050042000000", "Meldebescheinigung", 33, "", ""]])).content.decode()
    assert "nicht mehr im Katalog: 0" in preview
    make_leistung(leika_schluessel="99050042001000", bezeichnung="Neu angelegt")  # meanwhile, in the admin
    before = history_state()
    page = confirm(editor).content.decode()
    assert history_state() == before
    assert "Die Leistung 99.050.042.001.000 wurde inzwischen von jemand anderem geändert" in page
    assert Leistung.objects.get(leika_schluessel="99050042001000").nicht_mehr_im_katalog_seit is None


# --- one careless click ----------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(make_leistung):
    return [make_leistung() for _ in range(30)]


def test_a_small_file_that_would_retire_most_of_the_catalogue_needs_the_number_confirmed(editor, catalogue):
    rows = [[catalogue[0].leika_schluessel, catalogue[0].bezeichnung, 33, "", ""]]
    preview = upload(editor, xlsx(rows)).content.decode()
    assert "nicht mehr im Katalog: 29" in preview
    assert "29 Leistungen" in preview and 'name="ausscheiden_bestaetigt"' in preview

    before = history_state()
    page = confirm(editor).content.decode()  # a plain click on "Import übernehmen"
    assert history_state() == before
    assert "bestätigen Sie bitte die Zahl 29" in page

    page = confirm(editor, ausscheiden_bestaetigt="28").content.decode()  # a wrong number
    assert history_state() == before
    assert "bestätigen Sie bitte die Zahl 29" in page

    confirm(editor, ausscheiden_bestaetigt="29")
    assert Leistung.objects.filter(nicht_mehr_im_katalog_seit=dt.date(2022, 5, 31)).count() == 29


def test_a_few_retirements_need_no_confirmation(editor, catalogue):
    rows = [[leistung.leika_schluessel, leistung.bezeichnung, 33, "", ""] for leistung in catalogue[:-2]]
    preview = upload(editor, xlsx(rows)).content.decode()
    assert "nicht mehr im Katalog: 2" in preview
    assert 'name="ausscheiden_bestaetigt"' not in preview
    confirm(editor)
    assert Leistung.objects.filter(nicht_mehr_im_katalog_seit__isnull=False).count() == 2


def test_the_command_refuses_mass_retirement_without_the_confirmation_flag(tmp_path, catalogue):
    path = tmp_path / "zwei.csv"
    path.write_text(f"LeiKa-ID;Leistungsbezeichnung\n{catalogue[0].leika_schluessel};Eine\n", encoding="utf-8")
    before = history_state()
    code, _, err = run(path)
    assert code == 3
    assert "29 Leistungen" in err and "--ausscheiden-bestaetigen=29" in err
    assert history_state() == before
    code, _, err = run(path, "--ausscheiden-bestaetigen=30")
    assert code == 3 and history_state() == before
    code, _, _ = run(path, "--ausscheiden-bestaetigen=29")
    assert code == 0
    assert Leistung.objects.filter(nicht_mehr_im_katalog_seit__isnull=False).count() == 29


def test_a_header_only_file_is_an_error_on_the_command_line(tmp_path, catalogue):
    path = tmp_path / "leer.csv"
    path.write_text("LeiKa-ID;Leistungsbezeichnung\n", encoding="utf-8")
    before = history_state()
    code, _, err = run(path)
    assert code == 2
    assert "keine Datenzeilen" in err
    assert history_state() == before


def test_a_header_only_workbook_is_an_error_in_the_admin(editor, catalogue, upload_dir):
    page = upload(editor, xlsx([])).content.decode()
    assert "keine Datenzeilen" in page
    assert "Import übernehmen" not in page
    assert list(upload_dir.iterdir()) == []


# --- abuse of resources ----------------------------------------------------------------------------------------


def _workbook_with_shared_strings(count: int) -> bytes:
    """A tiny workbook whose shared-string table declares ``count`` strings (a few KB compressed)."""
    book = io.BytesIO()
    openpyxl.Workbook().save(book)
    source = zipfile.ZipFile(io.BytesIO(book.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(info, data)
        strings = (
            b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main">' + b"<si><t/></si>" * count + b"</sst>"
        )
        target.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def test_a_workbook_with_millions_of_shared_strings_is_refused_early(tmp_path, db):
    path = tmp_path / "strings.xlsx"
    path.write_bytes(_workbook_with_shared_strings(2_000_001))
    assert path.stat().st_size < 200_000
    code, _, err = run(path, "--dry-run")
    assert code == 2
    assert "Texte" in err and "höchstens" in err


def _with_longer_cells(data: bytes, length: int) -> bytes:
    """openpyxl cuts a text to the 32,767 characters Excel holds; a hostile file is not made by openpyxl."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info).replace(b"A" * 32_767, b"A" * length))
    return out.getvalue()


def test_a_cell_longer_than_excel_allows_is_refused_and_quoted_short(editor, catalogue, upload_dir):
    rows = [[leistung.leika_schluessel, leistung.bezeichnung, 33, "", ""] for leistung in catalogue]
    rows[0][4] = "A" * 40_000
    response = upload(editor, _with_longer_cells(xlsx(rows), 10_000_000))
    page = response.content.decode()
    assert "die Zelle hat 10.000.000 Zeichen" in page and "höchstens 32.767 Zeichen" in page
    assert "Zeile 2, Spalte „zusätzliche Informationen“" in page
    assert len(page) < 50_000
    assert list(upload_dir.iterdir()) == []


def test_a_long_cell_in_a_csv_file_is_refused_on_the_command_line(tmp_path, catalogue):
    path = tmp_path / "lang.csv"
    path.write_text(
        f"LeiKa-ID;Leistungsbezeichnung\n{catalogue[0].leika_schluessel};{'B' * 40_000}\n", encoding="utf-8"
    )
    code, _, err = run(path, "--dry-run")
    assert code == 2
    assert "die Zelle hat 40.000 Zeichen" in err and len(err) < 1_000


def test_error_messages_quote_a_cell_shortened(tmp_path, catalogue):
    path = tmp_path / "lang.csv"
    langer_wert = "x" * 20_000
    path.write_text(
        f"LeiKa-ID;Leistungsbezeichnung;Amt;OZG-ID\n{catalogue[0].leika_schluessel};Eine;{langer_wert};{langer_wert}\n",
        encoding="utf-8",
    )
    code, out, err = run(path, "--dry-run", "--teilauszug")
    assert code == 1
    assert "xxxx" in err and "…" in err
    assert len(out) + len(err) < 5_000


def test_the_preview_lists_a_bounded_number_of_rows(editor, db, amt33, statuses):
    rows = [[f"99{n:012d}", f"Leistung {n}", 33, "Wartend", ""] for n in range(1, 1201)]
    page = upload(editor, xlsx(rows)).content.decode()
    assert "Neu: 1.200" in page
    assert page.count("<tr><td>") <= 600
    assert "und 700 weitere" in page


def test_a_failing_preview_leaves_no_upload_behind(editor, catalogue, upload_dir, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("Absturz während der Vorschau")

    monkeypatch.setattr(tasks, "katalog_importieren", broken)
    page = upload(editor, xlsx([[catalogue[0].leika_schluessel, "Eine", 33, "", ""]])).content.decode()
    assert "Der Auftrag ist mit einem unerwarteten Fehler abgebrochen (RuntimeError)." in page
    assert "Der Katalog ist unverändert" in page
    assert "Absturz" not in page  # the traceback is for the log, not for the page
    assert list(upload_dir.iterdir()) == []
    assert not Upload.objects.exists()


def test_a_failing_confirm_leaves_no_upload_behind(editor, catalogue, upload_dir, monkeypatch):
    upload(editor, xlsx([[leistung.leika_schluessel, "x", 33, "", ""] for leistung in catalogue]))
    assert len(list(upload_dir.iterdir())) >= 1

    def broken(*args, **kwargs):
        raise RuntimeError("Absturz beim Übernehmen")

    monkeypatch.setattr(tasks, "katalog_importieren", broken)
    before = history_state()
    page = confirm(editor).content.decode()
    assert "Der Auftrag ist mit einem unerwarteten Fehler abgebrochen (RuntimeError)." in page
    assert history_state() == before
    assert list(upload_dir.iterdir()) == []


def test_confirm_refuses_a_buendel_changed_after_the_preview(editor, make_leistung, buendel):
    """The sibling for the Bündel: the preview showed its name changing from A to B; someone renamed it to C
    meanwhile; confirming must not silently put B over C."""
    leistung = make_leistung(leika_schluessel="99050042000000", bezeichnung="Meldebescheinigung")
    header = ["LeiKa-ID", "Leistungsbezeichnung", "OZG-ID", "OZG-Leistung"]
    upload(editor, xlsx([[leistung.leika_schluessel, "Meldebescheinigung", "10559", "Name aus der Datei"]], header))
    change = reverse("admin:catalog_leistungsbuendel_change", args=[buendel.pk])
    form = editor.get(change).context["adminform"].form
    data = {
        **{name: form[name].value() or "" for name in ("ozg_id", "themenfeld", "gesehene_version")},
        "name": "Von Hand",
    }
    assert editor.post(change, data).status_code == 302
    buendel.refresh_from_db()
    assert (buendel.name, buendel.version) == ("Von Hand", 2)

    page = confirm(editor).content.decode()
    assert "Das OZG-Leistungsbündel 10559 wurde inzwischen von jemand anderem geändert" in page
    buendel.refresh_from_db()
    assert buendel.name == "Von Hand"
    confirm(editor)  # the new preview, confirmed knowingly
    buendel.refresh_from_db()
    assert (buendel.name, buendel.version) == ("Name aus der Datei", 3)


def test_a_stale_buendel_form_is_refused(editor, buendel):
    change = reverse("admin:catalog_leistungsbuendel_change", args=[buendel.pk])
    data = {"ozg_id": "10559", "name": "Erster", "gesehene_version": buendel.version}
    assert editor.post(change, data).status_code == 302
    response = editor.post(change, {**data, "name": "Zweiter"}, follow=True)
    assert "wurde inzwischen von jemand anderem geändert" in response.content.decode()
    buendel.refresh_from_db()
    assert (buendel.name, buendel.version) == ("Erster", 2)
