"""The admin upload page: an editor uploads, sees the preview with every change and error, then confirms.

Checking and applying run as background tasks (the immediate backend here: they have run when the request
answers); the job page shows the preview or the result. tests/ops/test_mehrere_server.py runs them in a worker."""

import io
import stat

import openpyxl
import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.admin import importieren
from catalog.models import Leistung, StatusAenderung
from jobs.models import Job, Upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("upload_dir")]

IMPORT_URL = reverse("admin:catalog_leistung_importieren")
CHANGELIST = reverse("admin:catalog_leistung_changelist")
HEADER = ["LeiKa-ID (ggf. vorläufig)", "Leistungsbezeichnung", "Amt", "Status"]


def workbook(rows, name="katalog.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Katalog"
    sheet.append(["Hessischer OZG-Katalog 2022"])
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile(name, data.getvalue())


def upload(client, file, **fields):
    """Upload and follow to the job page, which shows the preview (or why the file cannot be read)."""
    data = {"schritt": "hochladen", "datei": file, "stichtag": "2022-05-31", **fields}
    return client.post(IMPORT_URL, data, follow=True)


def job_url(job):
    return reverse("admin:catalog_leistung_import_auftrag", args=[job.pk])


GOOD = [["99.050.042.000.000", "Meldebescheinigung", 33, "Umsetzung"], ["99050042001000", "Anmeldung", "", ""]]


def test_the_leistung_list_links_to_the_import_for_editors(editor):
    page = editor.get(CHANGELIST).content.decode()
    assert f'href="{IMPORT_URL}"' in page
    assert "Katalog importieren" in page


def test_the_upload_page_explains_and_asks_for_file_and_stichtag(editor):
    page = editor.get(IMPORT_URL).content.decode()
    assert "Hochladen und prüfen" in page
    assert 'name="datei"' in page
    assert 'name="stichtag"' in page


def test_upload_shows_a_preview_and_writes_nothing(editor, amt33, statuses, upload_dir):
    response = upload(editor, workbook(GOOD))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vorschau: „katalog.xlsx“, Stichtag 31.05.2022" in page
    assert "Neu: 2 · geändert: 0 · unverändert: 0" in page
    assert "99.050.042.000.000" in page
    assert "Meldebescheinigung" in page
    assert "Import übernehmen" in page
    assert not Leistung.objects.exists()
    stored = list(upload_dir.glob("*.upload"))  # in STORAGES["default"], which every app server sees
    assert len(stored) == 1
    assert Upload.objects.get().angaben["versionen"] == {"leistungen": {}, "buendel": {}}  # what the preview saw
    assert stat.S_IMODE(stored[0].stat().st_mode) == 0o600
    assert "katalog" not in stored[0].name  # named by a random token, not by the user's file name


def test_confirm_applies_the_file_through_the_status_service(editor, amt33, statuses, redaktion, upload_dir):
    upload(editor, workbook(GOOD))
    token = editor.session[importieren.SESSION_KEY]["token"]
    response = editor.post(IMPORT_URL, {"schritt": "bestaetigen", "token": token}, follow=True)
    job = Job.objects.get(art="katalog_import_uebernehmen")
    assert response.redirect_chain[-1][0] == job_url(job)
    page = response.content.decode()
    assert "Import übernommen. Neu: 2 · geändert: 0" in page
    assert f'href="{CHANGELIST}"' in page
    melde = Leistung.objects.get(leika_schluessel="99050042000000")
    assert melde.amt == amt33
    change = StatusAenderung.objects.get()
    assert (change.leistung, change.neuer_status, str(change.gueltig_ab)) == (
        melde,
        statuses["Umsetzung"],
        "2022-05-31",
    )
    assert (change.erfasst_von, change.grund) == (redaktion, "Import katalog.xlsx")
    assert melde.history.first().history_user == redaktion
    assert list(upload_dir.iterdir()) == []
    assert not Upload.objects.exists()


def test_a_file_with_errors_shows_every_error_and_cannot_be_confirmed(editor, amt33, statuses):
    rows = [*GOOD, ["99.050", "kaputt", 33, ""], ["99050042002000", "falsch", 77, "Fertig"]]
    page = upload(editor, workbook(rows)).content.decode()
    assert "Fehler (3 in 2 Zeilen)" in page
    assert "hat 5 Ziffern; ein LeiKa-Schlüssel hat genau 14 Ziffern" in page
    assert "Amt „77“ gibt es nicht." in page
    assert "Status „Fertig“ gibt es nicht." in page
    assert "<td>6</td>" in page  # the row number as Excel shows it
    assert "Import übernehmen" not in page

    token = editor.session[importieren.SESSION_KEY]["token"]
    page = editor.post(IMPORT_URL, {"schritt": "bestaetigen", "token": token}, follow=True).content.decode()
    assert "kann nichts übernommen werden" in page
    assert not Leistung.objects.exists()


def test_skipping_invalid_rows_applies_the_valid_ones(editor, amt33, statuses):
    rows = [*GOOD, ["99050042002000", "falsch", 77, ""]]
    page = upload(editor, workbook(rows), fehlerhafte_ueberspringen="on").content.decode()
    assert "Diese Zeilen werden übersprungen" in page
    token = editor.session[importieren.SESSION_KEY]["token"]
    response = editor.post(IMPORT_URL, {"schritt": "bestaetigen", "token": token}, follow=True)
    assert "1 fehlerhafte Zeilen übersprungen (5)" in response.content.decode()
    assert Leistung.objects.count() == 2


def test_cancel_discards_the_upload(editor, amt33, statuses, upload_dir):
    upload(editor, workbook(GOOD))
    response = editor.post(IMPORT_URL, {"schritt": "abbrechen"}, follow=True)
    assert "Der Import wurde verworfen" in response.content.decode()
    assert list(upload_dir.iterdir()) == []
    assert not Leistung.objects.exists()


def test_a_wrong_or_reused_token_writes_nothing(editor, amt33, statuses):
    upload(editor, workbook(GOOD))
    response = editor.post(IMPORT_URL, {"schritt": "bestaetigen", "token": "0" * 32}, follow=True)
    assert "abgelaufen oder wurde schon übernommen" in response.content.decode()
    assert not Leistung.objects.exists()


def test_an_unreadable_file_is_refused_with_a_german_message(editor):
    page = upload(editor, SimpleUploadedFile("katalog.xlsx", b"kein Excel")).content.decode()
    assert "keine gültige Excel-Arbeitsmappe" in page
    assert "Datei erneut hochladen" in page
    assert Job.objects.get().status == Job.Status.FEHLGESCHLAGEN
    assert not Upload.objects.exists()


def test_a_file_over_20_mb_is_refused(editor):
    big = SimpleUploadedFile("gross.csv", b"x" * (20 * 1024 * 1024 + 1))
    page = upload(editor, big).content.decode()
    assert "erlaubt sind höchstens 20 MB" in page


def test_a_stichtag_in_the_future_is_refused(editor):
    page = upload(editor, workbook(GOOD), stichtag="2999-01-01").content.decode()
    assert "liegt in der Zukunft" in page


def test_others_may_not_import(client, amtsleitung33, leitung):
    assert client.get(IMPORT_URL).status_code == 302  # anonymous: to the sign-in
    client.force_login(amtsleitung33)
    response = client.post(IMPORT_URL, {"schritt": "hochladen", "datei": workbook(GOOD), "stichtag": "2022-05-31"})
    assert response.status_code == 302  # not staff: the admin sends them to its sign-in
    assert not Leistung.objects.exists()


def test_staff_without_the_change_right_is_refused(client, statuses):
    viewer = User.objects.create_user("nurlesen", password="Test-Passwort-123", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_leistung"))
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(IMPORT_URL, {"schritt": "hochladen", "datei": workbook(GOOD), "stichtag": "2022-05-31"})
    assert response.status_code == 403
    assert "Katalog importieren" not in client.get(CHANGELIST).content.decode()
    assert not Leistung.objects.exists()


def test_nobody_else_may_confirm_or_see_an_upload(editor, client, amt33, statuses, django_user_model):
    upload(editor, workbook(GOOD))
    token = editor.session[importieren.SESSION_KEY]["token"]
    pruefen = Job.objects.get()
    kollegin = django_user_model.objects.create_superuser("kollegin", password="Test-Passwort-123")
    client.force_login(kollegin)
    sitzung = client.session
    sitzung[importieren.SESSION_KEY] = {"token": token}  # even with the token in her session
    sitzung.save()
    response = client.post(IMPORT_URL, {"schritt": "bestaetigen", "token": token}, follow=True)
    assert "abgelaufen oder wurde schon übernommen" in response.content.decode()
    assert client.get(job_url(pruefen)).status_code == 404
    assert not Leistung.objects.exists()
    assert Upload.objects.filter(pk=token).exists()  # still the editor's to confirm


def test_a_second_click_on_confirm_imports_once(editor, amt33, statuses):
    upload(editor, workbook(GOOD))
    token = editor.session[importieren.SESSION_KEY]["token"]
    Upload.objects.filter(pk=token).update(angaben={**Upload.objects.get(pk=token).angaben, "uebernahme": "beginnt"})
    response = editor.post(IMPORT_URL, {"schritt": "bestaetigen", "token": token}, follow=True)
    assert "Dieser Import wird schon übernommen." in response.content.decode()
    assert not Job.objects.filter(art="katalog_import_uebernehmen").exists()


def test_the_page_of_a_running_job_shows_its_progress_and_refreshes(editor, redaktion):
    job = Job.objects.create(
        user=redaktion,
        art="katalog_import_uebernehmen",
        titel="Katalog-Import „k.xlsx“: übernehmen",
        status=Job.Status.LAEUFT,
        schritt="Zeilen geprüft",
        erledigt=1200,
        gesamt=5019,
    )
    page = editor.get(job_url(job)).content.decode()
    assert '<progress max="5019" value="1200"' in page
    assert "1.200 von 5.019 Zeilen geprüft" in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "jobs/fortschritt.js" in page
    fortschritt = editor.get(reverse("admin:catalog_leistung_import_fortschritt", args=[job.pk]))
    assert fortschritt.json()["text"] == "1.200 von 5.019 Zeilen geprüft"
    assert "no-store" in fortschritt["Cache-Control"]
