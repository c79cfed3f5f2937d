"""python manage.py import_servicestandard: assessments from Excel, all or nothing, the same errors as elsewhere."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from servicestandard.models import Ergebnis, Pruefung
from servicestandard.selectors import servicestandard_stand

pytestmark = pytest.mark.django_db


def workbook(path, rows, *, header):
    wb = Workbook()
    sheet = wb.active
    sheet.title = "Servicestandard"
    sheet.append(["Prüfung nach dem OZG-Servicestandard – Stand Mai 2022"])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    wb.save(path)
    return str(path)


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_servicestandard", path, *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def ergebnisse(leistung) -> dict[int, str]:
    rows = Ergebnis.objects.filter(pruefung__leistung=leistung).values_list("prinzip__nummer", "ergebnis")
    return dict(rows)


def test_columns_by_number_title_or_both_and_result_words_ignoring_case_and_spaces(tmp_path, standard, dienst):
    header = ["LeiKa-ID", "Leistungsbezeichnung", "1", "Prinzip 2", "P3", "once only", "13 Open Source", "Amt"]
    row = [int(dienst.leika_schluessel), dienst.bezeichnung, " ERFÜLLT ", "Teilweise", "nicht  erfüllt", None]
    path = workbook(tmp_path / "s.xlsx", [[*row, "nicht anwendbar", 33]], header=header)

    code, out, err = run(path)

    assert code == 0, err
    assert "1 Leistungen, 4 Ergebnisse: 4 neu, 0 geändert, 0 entfernt, 0 unverändert." in out
    assert "Nicht eingelesene Spalten: „Leistungsbezeichnung“, „Amt“" in out
    assert ergebnisse(dienst) == {1: "erfuellt", 2: "teilweise", 3: "nicht_erfuellt", 13: "nicht_anwendbar"}
    assert Ergebnis.objects.get(prinzip__nummer=1).geprueft_von is None


def test_an_unknown_result_word_is_a_row_error_and_nothing_is_written(tmp_path, standard, dienst, online):
    andere = online()
    header = ["LeiKa-Schlüssel", "1 Nutzerbedürfnisse", "2 Einfach und intuitiv"]
    path = workbook(
        tmp_path / "s.xlsx",
        [[dienst.leika_schluessel, "erfüllt", "erfüllt"], [andere.leika_schluessel, "erfüllt", "super"]],
        header=header,
    )

    code, _, err = run(path)

    assert code == 1
    assert (
        "Blatt „Servicestandard“, Zeile 5, Spalte „2 Einfach und intuitiv“: Ergebnis „super“ gibt es nicht. "
        "(gefunden: super; erwartet: ein vorhandener Wert für Ergebnis: erfüllt, teilweise, nicht erfüllt, "
        "nicht anwendbar)"
    ) in err
    assert "Die Datei enthält 1 Fehler; es wurde nichts geschrieben." in err
    assert not Ergebnis.objects.exists() and not Pruefung.objects.exists()


def test_unknown_and_twice_named_columns_are_errors(tmp_path, standard, dienst):
    header = ["LeiKa-Schlüssel", "1", "Nutzerbedürfnisse", "Prinzip 20", "Anteil erfüllt (%)"]
    path = workbook(
        tmp_path / "s.xlsx", [[dienst.leika_schluessel, "erfüllt", "erfüllt", "erfüllt", 100]], header=header
    )

    code, _, err = run(path)

    assert code == 1
    assert "Spalte „Prinzip 20“: Die Spalte „Prinzip 20“ ist kein Prinzip des Servicestandards." in err
    assert "Spalte „Nutzerbedürfnisse“: Die Spalte „Nutzerbedürfnisse“ nennt ein Prinzip, das schon eine" in err
    assert not Ergebnis.objects.exists()


def test_unknown_keys_twice_listed_keys_and_services_without_online_service_are_row_errors(
    tmp_path, standard, dienst, make_leistung
):
    ohne_dienst = make_leistung()
    rows = [
        [dienst.leika_schluessel, "erfüllt"],
        ["99.999.999.999.999", "erfüllt"],
        [ohne_dienst.leika_schluessel, "erfüllt"],
        [dienst.schluessel_formatiert, "teilweise"],
    ]
    path = workbook(tmp_path / "s.xlsx", rows, header=["LeiKa-Schlüssel", "1"])

    code, _, err = run(path)

    assert code == 1
    assert "Zeile 5, Spalte „LeiKa-Schlüssel“: Eine LeiKa-Leistung mit dem Schlüssel 99.999.999.999.999 gibt" in err
    assert f"Zeile 6, Spalte „LeiKa-Schlüssel“: Die Leistung {ohne_dienst.schluessel_formatiert} hat keinen " in err
    assert (
        "Zeile 4, Spalte „LeiKa-Schlüssel“: Der LeiKa-Schlüssel steht mehrfach in der Datei (auch in Zeile 7)." in err
    )
    assert "Die Datei enthält 4 Fehler" in err
    assert not Ergebnis.objects.exists()


def test_a_file_without_principle_columns_is_an_error_and_an_unreadable_file_exit_code_2(tmp_path, standard, dienst):
    path = workbook(tmp_path / "s.xlsx", [[dienst.leika_schluessel, "x"]], header=["LeiKa-Schlüssel", "Amt"])
    code, _, err = run(path)
    assert code == 1 and "Die Datei hat keine Spalte für ein Prinzip des Servicestandards." in err

    kaputt = tmp_path / "kaputt.xlsx"
    kaputt.write_bytes(b"kein Excel")
    code, _, err = run(str(kaputt))
    assert code == 2


def test_a_dry_run_writes_nothing_and_empty_cells_keep_results_and_notes(tmp_path, standard, dienst, redaktion):
    from servicestandard.services import leistung_pruefen

    leistung_pruefen(
        leistung=dienst,
        eintraege=standard.eintraege({1: "nicht_erfuellt", 2: "erfuellt"}, notizen={1: "kein Nutzertest"}),
        version=0,
        user=redaktion,
    )
    path = workbook(tmp_path / "s.xlsx", [[dienst.leika_schluessel, "teilweise", None]], header=["LeiKa-ID", "1", "2"])

    code, out, _ = run(path, "--dry-run")
    assert code == 0 and "Probelauf (--dry-run): es wurde nichts geschrieben." in out
    assert ergebnisse(dienst) == {1: "nicht_erfuellt", 2: "erfuellt"}

    code, out, _ = run(path)
    assert "1 neu" not in out and "1 geändert" in out
    assert ergebnisse(dienst) == {1: "teilweise", 2: "erfuellt"}
    assert Ergebnis.objects.get(prinzip__nummer=1).notiz == "kein Nutzertest"
    assert Pruefung.objects.get().version == 2  # open forms are stale now


def test_export_then_import_changes_nothing_and_import_export_json_and_page_agree(tmp_path, zwei, client, leitung):
    client.force_login(leitung)
    vorher = servicestandard_stand()
    path = tmp_path / "export.xlsx"
    path.write_bytes(client.get(reverse("servicestandard:servicestandard"), {"export": "xlsx"}).content)
    historie = Ergebnis.history.count()

    code, out, err = run(str(path))

    assert code == 0, err
    assert "2 Leistungen, 23 Ergebnisse: 0 neu, 0 geändert, 0 entfernt, 23 unverändert." in out
    assert Ergebnis.history.count() == historie
    nachher = servicestandard_stand()
    assert nachher.gesamt == vorher.gesamt
    json = client.get(reverse("servicestandard:daten_json")).json()
    assert json["gesamt"]["erfuellungsgrad_prozent"] == float(nachher.gesamt.prozent()) == 92.9
    # per Leistung: the export's share, the JSON's and the page's list say the same
    blatt = load_workbook(path).active
    kopf, *zeilen = [list(row) for row in blatt.iter_rows(values_only=True)]
    export = {z[0]: z[kopf.index("Anteil erfüllt (%)")] for z in zeilen}
    assert export == {"99.000.000.000.001": 50, "99.000.000.000.002": 100}
    assert {z["leika_schluessel"]: z["erfuellungsgrad_prozent"] for z in json["leistungen"]} == {
        "99000000000001": 50.0,
        "99000000000002": 100.0,
    }
    seite = client.get(reverse("servicestandard:servicestandard")).content.decode()
    zeilen = {key: zeile for key in export for zeile in re.findall(r"<tr.*?</tr>", seite, re.S) if key in zeile}
    assert "50\u202f%" in zeilen["99.000.000.000.001"] and "100\u202f%" in zeilen["99.000.000.000.002"]
