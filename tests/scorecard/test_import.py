"""python manage.py import_bewertungen: Amt 15's Excel scorecard into the portal, all or nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from scorecard.models import Bewertung
from scorecard.selectors import rangliste

from .conftest import BEISPIEL, ERLEICHTERUNG, WICHTIGKEIT

pytestmark = pytest.mark.django_db

KRITERIEN = list(BEISPIEL)


def workbook(path, rows, *, header=None, title=True):
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Scorecard"
    if title:
        sheet.append(["OZG-Scorecard zur Umsetzungsplanung – Stand Mai 2022"])
        sheet.append([])
    sheet.append(header or ["LeiKa-ID", "Leistungsbezeichnung", *KRITERIEN])
    for row in rows:
        sheet.append(row)
    wb.save(path)
    return str(path)


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_bewertungen", path, *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def beispiel_zeile(leistung, **changes):
    antworten = {**BEISPIEL, **changes}
    return [int(leistung.leika_schluessel), leistung.bezeichnung, *(antworten[k] for k in KRITERIEN)]


def test_a_workbook_is_imported_matching_headers_and_options_ignoring_case_and_spaces(tmp_path, scorecard, leistung):
    header = ["leika id", "Leistungsbezeichnung", "GRAD DER  ERLEICHTERUNG", *KRITERIEN[1:], "Gesamtwert"]
    row = beispiel_zeile(leistung)
    row[2] = " HOCH "
    row[4] = "Mittel"
    path = workbook(tmp_path / "scorecard.xlsx", [[*row, 71.7]], header=header)

    code, out, err = run(path)

    assert code == 0, err
    assert "1 Leistungen, 8 Antworten: 8 neu, 0 geändert, 0 entfernt, 0 unverändert." in out
    assert "Nicht eingelesene Spalten: „Leistungsbezeichnung“, „Gesamtwert“" in out
    assert rangliste().zeilen[0].ergebnis.anzeige == "71,7"


def test_an_unknown_option_is_a_row_error_and_nothing_is_written(tmp_path, scorecard, leistung):
    path = workbook(tmp_path / "s.xlsx", [beispiel_zeile(leistung, **{ERLEICHTERUNG: "sehr hoch"})])

    code, _, err = run(path)

    assert code == 1
    assert (
        "Blatt „Scorecard“, Zeile 4, Spalte „Grad der Erleichterung“: „sehr hoch“ ist keine Antwort des Kriteriums "
        "„Grad der Erleichterung“. (gefunden: sehr hoch; erwartet: eine Antwort des Kriteriums: „hoch“, „mittel“, "
        "„niedrig“)"
    ) in err
    assert "Die Datei enthält 1 Fehler; es wurde nichts geschrieben." in err
    assert not Bewertung.objects.exists()


def test_an_unknown_criterion_column_is_an_error(tmp_path, scorecard, leistung):
    header = ["LeiKa-Schlüssel", *KRITERIEN, "Grad der Erleichtrung"]
    path = workbook(tmp_path / "s.xlsx", [[*beispiel_zeile(leistung)[:1], *BEISPIEL.values(), "hoch"]], header=header)

    code, _, err = run(path)

    assert code == 1
    assert "Zeile 3, Spalte „Grad der Erleichtrung“: Die Spalte „Grad der Erleichtrung“ ist kein Kriterium" in err
    assert not Bewertung.objects.exists()


def test_an_unknown_key_is_an_error(tmp_path, scorecard, leistung):
    path = workbook(tmp_path / "s.xlsx", [beispiel_zeile(leistung), ["99.999.999.999.999", "?", *BEISPIEL.values()]])

    code, _, err = run(path)

    assert code == 1
    assert (
        "Zeile 5, Spalte „LeiKa-ID“: Eine LeiKa-Leistung mit dem Schlüssel 99.999.999.999.999 gibt es im Katalog" in err
    )
    assert not Bewertung.objects.exists()


def test_an_error_in_the_last_row_leaves_every_rating_as_it_was(tmp_path, scorecard, make_leistung):
    erste, zweite, dritte = make_leistung(), make_leistung(), make_leistung()
    scorecard.bewerte(erste, {ERLEICHTERUNG: "niedrig"})
    before = list(Bewertung.objects.values_list("leistung", "kriterium", "option"))
    history_before = Bewertung.history.count()
    rows = [beispiel_zeile(erste), beispiel_zeile(zweite), beispiel_zeile(dritte, **{WICHTIGKEIT: 7})]
    path = workbook(tmp_path / "s.xlsx", rows)

    code, _, err = run(path)

    assert code == 1
    assert "Zeile 6, Spalte „Gesellschaftspolitische Wichtigkeit“: „7“ ist keine Antwort" in err
    assert list(Bewertung.objects.values_list("leistung", "kriterium", "option")) == before
    assert Bewertung.history.count() == history_before


def test_a_key_twice_in_the_file_is_an_error_on_both_rows(tmp_path, scorecard, leistung):
    path = workbook(tmp_path / "s.xlsx", [beispiel_zeile(leistung), beispiel_zeile(leistung)])

    code, _, err = run(path)

    assert code == 1
    assert "Zeile 4, Spalte „LeiKa-ID“: Der LeiKa-Schlüssel steht mehrfach in der Datei (auch in Zeile 5)." in err
    assert "Zeile 5, Spalte „LeiKa-ID“: Der LeiKa-Schlüssel steht mehrfach in der Datei (auch in Zeile 4)." in err


def test_dry_run_reports_what_would_change_and_writes_nothing(tmp_path, scorecard, leistung):
    scorecard.bewerte(leistung, {ERLEICHTERUNG: "niedrig"})
    path = workbook(tmp_path / "s.xlsx", [beispiel_zeile(leistung)])

    code, out, _ = run(path, "--dry-run")

    assert code == 0
    assert "8 Antworten: 7 neu, 1 geändert, 0 entfernt, 0 unverändert." in out
    assert "Probelauf (--dry-run): es wurde nichts geschrieben." in out
    assert list(Bewertung.objects.values_list("option__bezeichnung", flat=True)) == ["niedrig"]


def test_an_empty_cell_keeps_the_existing_rating_and_a_csv_is_read_too(tmp_path, scorecard, leistung):
    scorecard.bewerte(leistung, {ERLEICHTERUNG: "niedrig", WICHTIGKEIT: "hoch"})
    path = tmp_path / "s.csv"
    path.write_text(f"LeiKa-Schlüssel;{WICHTIGKEIT}\n99.050.042.000.000;mittel\n", encoding="cp1252")
    code, out, err = run(str(path))
    assert code == 0, err

    path.write_text(f"LeiKa-Schlüssel;{ERLEICHTERUNG};{WICHTIGKEIT}\n99050042000000;;\n", encoding="utf-8")
    assert run(str(path))[0] == 0

    assert dict(Bewertung.objects.values_list("kriterium__name", "option__bezeichnung")) == {
        ERLEICHTERUNG: "niedrig",
        WICHTIGKEIT: "mittel",
    }


def test_an_unreadable_file_exits_with_2(tmp_path, scorecard):
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"PK\x03\x04 kein Zip")

    code, _, err = run(str(path))

    assert code == 2
    assert "beschädigt" in err or "keine gültige" in err


def test_a_ratings_file_without_data_rows_is_an_error(tmp_path, scorecard, leistung):
    code, _, err = run(workbook(tmp_path / "leer.xlsx", []))
    assert code == 2
    assert "keine Datenzeilen" in err
    assert not Bewertung.objects.exists()
