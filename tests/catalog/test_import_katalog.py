"""Importing the Hessian catalogue workbook: reading the deck's layout, errors row by row, all or nothing."""

import datetime as dt

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from catalog.importing.apply import katalog_importieren
from catalog.importing.katalog import read_katalog
from catalog.models import Leistung, Leistungsbuendel, StatusAenderung
from catalog.services import leistung_status_setzen

TITLE_ROWS = [
    ["Hessischer OZG-Umsetzungskatalog"],
    ["Stand: 01.05.2022"],
    [],
]
GROUP_ROW = ["Basiseigenschaften der Leistungen", None, None, None, "Zuständigkeiten", None, None, None, "Status"]
HEADER = [
    "LeiKa-ID (ggf. vorläufig)",
    "Leistungsbezeichnung",
    "OZG-ID",
    "OZG-Leistung",
    "Ressort in Hessen (Fachliche Zuständigkeit)",
    "Vollzugsbe-\nhörde",
    "von Wiesbaden umzusetzen",
    "Amt",
    "Status",
    "zusätzliche Informationen",
]


def row(key, name, *, ozg="10559", buendel="Meldebescheinigung", ressort="HMdI", vollzug="Kommune", wi="x",
        amt=33, status="Wartend", info=None):  # fmt: skip
    return [key, name, ozg, buendel, ressort, vollzug, wi, amt, status, info]


def deck_file(path, rows, *, header=HEADER, group=GROUP_ROW, title="Katalog"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for values in [*TITLE_ROWS, group, header, *rows]:
        sheet.append(values)
    workbook.save(path)
    return path


def run(path, *args):
    """Run the command; returns (exit code, stdout, stderr)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_katalog", str(path), *args, stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def snapshot():
    """Everything an import could write, to prove that nothing was."""
    from catalog.models import Amt

    return (
        list(Leistung.objects.order_by("pk").values()),
        list(Leistungsbuendel.objects.order_by("pk").values()),
        StatusAenderung.objects.count(),
        Leistung.history.count(),
        Leistungsbuendel.history.count(),
        Amt.objects.count(),
    )


@pytest.fixture
def katalog(tmp_path, amt33, amt51, statuses):
    rows = [
        row("99.050.042.000.000", "Meldebescheinigung Ausstellung", status="Umsetzung", info="Termin online"),
        row("99.050.042.001.000", "Meldebescheinigung erweitert", amt=51),
        row(
            "77000000000005",
            "Landesleistung ohne Bündel",
            ozg=None,
            buendel=None,
            vollzug="Land",
            wi=None,
            amt=None,
            status=None,
        ),  # fmt: skip
    ]
    return deck_file(tmp_path / "katalog.xlsx", rows)


def test_it_finds_the_header_below_title_and_group_rows_and_creates_everything(katalog, statuses, amt33, today):
    code, out, _ = run(katalog)
    assert code == 0
    assert "Kopfzeile in Zeile 5" in out
    assert "Neu: 3 · geändert: 0 · unverändert: 0" in out
    melde = Leistung.objects.get(leika_schluessel="99050042000000")
    assert melde.bezeichnung == "Meldebescheinigung Ausstellung"
    assert melde.buendel.ozg_id == "10559"
    assert melde.buendel.name == "Meldebescheinigung"
    assert melde.ressort.name == "HMdI"
    assert melde.vollzugsebene == "kommune"
    assert melde.von_wiesbaden_umzusetzen is True
    assert melde.amt == amt33
    assert melde.status == statuses["Umsetzung"]
    assert melde.zusaetzliche_informationen == "Termin online"
    change = melde.status_aenderungen.get()
    assert (change.neuer_status, change.gueltig_ab, change.grund) == (
        statuses["Umsetzung"],
        today,
        "Import katalog.xlsx",
    )
    land = Leistung.objects.get(leika_schluessel="77000000000005")
    assert (land.buendel, land.amt, land.status, land.von_wiesbaden_umzusetzen) == (None, None, None, False)
    assert land.vollzugsebene == "land"


def test_synonyms_name_the_same_columns(tmp_path, amt51, statuses):
    header = ["Leistungsschlüssel", "Bezeichnung", "Zuständigkeit", "federführendes Amt", "Fallzahl", "Bemerkung"]
    path = deck_file(
        tmp_path / "k.xlsx",
        [["99050042000000", "Melde", "Kommunen", "Amt 51", "1.200", "Hinweis"]],
        header=header,
        group=[],
    )
    assert run(path)[0] == 0
    leistung = Leistung.objects.get()
    assert (leistung.vollzugsebene, leistung.amt, leistung.antraege_pro_jahr) == ("kommune", amt51, 1200)
    assert leistung.zusaetzliche_informationen == "Hinweis"


def test_keys_as_dotted_text_number_and_scientific_notation_are_read_exactly(tmp_path, amt33, statuses):
    rows = [
        row("99.050.042.000.000", "dotted"),
        row(99050042001000, "number"),
        row(99050042002000.0, "float"),
        row("9.9050042003E13", "scientific text"),
        row(9.9050042004e13, "scientific number"),
    ]
    assert run(deck_file(tmp_path / "k.xlsx", rows))[0] == 0
    assert dict(Leistung.objects.values_list("leika_schluessel", "bezeichnung")) == {
        "99050042000000": "dotted",
        "99050042001000": "number",
        "99050042002000": "float",
        "99050042003000": "scientific text",
        "99050042004000": "scientific number",
    }


def test_a_provisional_marker_or_column_sets_the_provisional_flag(tmp_path, amt33, statuses):
    rows = [row("99.050.042.000.000 (vorläufig)", "a"), row("vorl. 99050042001000", "b"), row("99050042002000", "c")]
    assert run(deck_file(tmp_path / "k.xlsx", rows))[0] == 0
    assert dict(Leistung.objects.values_list("bezeichnung", "vorlaeufig")) == {"a": True, "b": True, "c": False}

    path = deck_file(
        tmp_path / "k2.xlsx", [["99050042002000", "c", "ja"]], header=["LeiKa-ID", "Bezeichnung", "ggf. vorläufig"]
    )
    assert run(path, "--teilauszug")[0] == 0
    assert Leistung.objects.get(bezeichnung="c").vorlaeufig is True


def test_unknown_status_and_amt_are_errors_with_row_column_value_and_expectation(tmp_path, amt33, statuses):
    rows = [row("99050042000000", "gut"), row("99050042001000", "schlecht", amt=99, status="Fertig")]
    code, _, err = run(deck_file(tmp_path / "k.xlsx", rows))
    assert code == 1
    assert "Blatt „Katalog“, Zeile 7, Spalte „Amt“: Amt „99“ gibt es nicht. (gefunden: 99; erwartet:" in err
    assert "Blatt „Katalog“, Zeile 7, Spalte „Status“: Status „Fertig“ gibt es nicht." in err
    assert "Abgeschlossen, Digitalisierungsfabrik, Nicht relevant, Umsetzung, Wartend" in err
    assert "es wurde nichts geschrieben" in err
    assert not Leistung.objects.exists()


def test_every_bad_row_is_reported_not_only_the_first(tmp_path, amt33, statuses):
    rows = [row("99.050", "a"), row("99050042001000", None), row("99050042002000", "c", wi="vielleicht")]
    batch = read_katalog(deck_file(tmp_path / "k.xlsx", rows))
    assert [(e.row, e.column) for e in batch.fehler] == [
        (6, "LeiKa-ID (ggf. vorläufig)"),
        (7, "Leistungsbezeichnung"),
        (8, "von Wiesbaden umzusetzen"),
    ]
    assert batch.fehler[2].value == "vielleicht"
    assert batch.fehler[2].expected == "ja oder nein (auch x, 1/0, wahr/falsch oder leer)"


def test_a_key_twice_in_the_file_is_an_error_on_both_rows(tmp_path, amt33, statuses):
    rows = [row("99050042000000", "a"), row("99050042001000", "b"), row("99.050.042.000.000", "a doppelt")]
    batch = read_katalog(deck_file(tmp_path / "k.xlsx", rows))
    assert [(e.row, e.message) for e in batch.fehler] == [
        (6, "Der LeiKa-Schlüssel steht mehrfach in der Datei (auch in Zeile 8)."),
        (8, "Der LeiKa-Schlüssel steht mehrfach in der Datei (auch in Zeile 6)."),
    ]
    assert [z.schluessel for z in batch.zeilen] == ["99050042001000"]


def test_an_error_in_the_last_row_leaves_the_database_untouched(tmp_path, katalog, statuses):
    assert run(katalog)[0] == 0
    before = snapshot()
    rows = [
        row("99.050.042.000.000", "Neuer Name", status="Abgeschlossen"),
        row("99.050.042.009.000", "ganz neu", ozg="10999", buendel="Neues Bündel"),
        row("99.050.042.001.000", "Meldebescheinigung erweitert", amt="Amt 77"),
    ]
    code, _, err = run(deck_file(tmp_path / "k2.xlsx", rows))
    assert code == 1
    assert "Zeile 8, Spalte „Amt“" in err
    assert snapshot() == before


def test_skip_invalid_writes_the_valid_rows_and_lists_the_skipped(tmp_path, amt33, statuses):
    rows = [row("99050042000000", "gut"), row("99050042001000", "schlecht", status="Fertig"), row("kaputt", "x")]
    code, out, err = run(deck_file(tmp_path / "k.xlsx", rows), "--skip-invalid")
    assert code == 1
    assert list(Leistung.objects.values_list("bezeichnung", flat=True)) == ["gut"]
    assert "Übersprungene Zeilen: 7, 8" in err
    assert "Import eingespielt." in out


def test_dry_run_validates_and_summarises_but_writes_nothing(katalog, statuses):
    code, out, _ = run(katalog, "--dry-run")
    assert code == 0
    assert "Neu: 3 · geändert: 0 · unverändert: 0 · nicht mehr im Katalog: 0 · Fehler: 0 in 0 Zeilen." in out
    assert "Statusänderungen: 2 geplant, gültig ab" in out
    assert "Probelauf (--dry-run): es wurde nichts geschrieben." in out
    assert not Leistung.objects.exists()
    assert not Leistungsbuendel.objects.exists()


def test_dry_run_with_errors_exits_1(tmp_path, amt33, statuses):
    code, _, _ = run(deck_file(tmp_path / "k.xlsx", [row("99050042000000", "x", amt=5)]), "--dry-run")
    assert code == 1


def test_reimporting_the_same_file_changes_nothing_and_writes_no_history_row(katalog, statuses):
    assert run(katalog)[0] == 0
    before = snapshot()
    code, out, _ = run(katalog)
    assert code == 0
    assert "Neu: 0 · geändert: 0 · unverändert: 3 · nicht mehr im Katalog: 0" in out
    assert snapshot() == before


def test_a_changed_status_goes_through_the_status_service_on_the_stichtag(tmp_path, katalog, statuses):
    assert run(katalog)[0] == 0
    leistung = Leistung.objects.get(leika_schluessel="99050042000000")
    rows = [row("99.050.042.000.000", "Meldebescheinigung Ausstellung", status="Abgeschlossen", info="Termin online")]
    code, out, _ = run(deck_file(tmp_path / "neu.xlsx", rows), "--stichtag", "2022-05-31", "--teilauszug")
    assert code == 0
    assert "Statusänderungen: 1, gültig ab 31.05.2022, Grund „Import neu.xlsx“." in out
    change = leistung.status_aenderungen.latest("erfasst_am")
    assert (change.alter_status, change.neuer_status, change.gueltig_ab) == (
        None,  # before 31.05.2022 there was no status yet: the first one is effective today
        statuses["Abgeschlossen"],
        dt.date(2022, 5, 31),
    )
    leistung.refresh_from_db()
    assert leistung.status == statuses["Umsetzung"]  # today's change stays the latest


def test_a_reimport_reports_no_change_where_a_later_status_change_keeps_the_current_status(katalog, statuses):
    """The file's status is compared with the status in effect on the Stichtag, as the status service does: a
    Leistung whose current status comes from a later change is unchanged, not "geändert (Status)"."""
    assert run(katalog, "--stichtag", "2022-05-31")[0] == 0
    leistung = Leistung.objects.get(leika_schluessel="99050042000000")
    leistung_status_setzen(leistung=leistung, status=statuses["Abgeschlossen"], gueltig_ab=dt.date(2022, 6, 10))
    before = snapshot()
    code, out, _ = run(katalog, "--stichtag", "2022-05-31", "-v", "2")
    assert code == 0
    assert "Neu: 0 · geändert: 0 · unverändert: 3" in out
    assert "Statusänderungen" not in out
    assert snapshot() == before


def test_a_stichtag_in_the_future_or_malformed_is_refused(katalog, today):
    code, _, err = run(katalog, "--stichtag", (today + dt.timedelta(days=1)).isoformat())
    assert code == 2
    assert "liegt in der Zukunft" in err
    with pytest.raises(CommandError, match="kein Datum"):
        call_command("import_katalog", str(katalog), "--stichtag", "morgen")


def test_local_data_survives_a_file_without_those_columns(tmp_path, katalog, statuses, amt51):
    assert run(katalog)[0] == 0
    leistung = Leistung.objects.get(leika_schluessel="99050042000000")
    Leistung.objects.filter(pk=leistung.pk).update(antraege_pro_jahr=2_400_000, amt=amt51)
    history = list(leistung.status_aenderungen.values_list("pk", flat=True))
    header = ["LeiKa-ID", "Leistungsbezeichnung", "OZG-ID", "OZG-Leistung"]
    hessen = deck_file(
        tmp_path / "hessen.xlsx",
        [
            ["99.050.042.000.000", "Meldebescheinigung (neu benannt)", "10559", "Meldebescheinigung"],
            ["99.050.042.001.000", "Meldebescheinigung erweitert", "10559", "Meldebescheinigung"],
            ["77000000000005", "Landesleistung ohne Bündel", None, None],
        ],
        header=header,
    )
    code, out, _ = run(hessen)
    assert code == 0
    assert "geändert: 1" in out
    leistung.refresh_from_db()
    assert leistung.bezeichnung == "Meldebescheinigung (neu benannt)"
    assert (leistung.amt, leistung.antraege_pro_jahr, leistung.status) == (amt51, 2_400_000, statuses["Umsetzung"])
    assert leistung.zusaetzliche_informationen == "Termin online"
    assert list(leistung.status_aenderungen.values_list("pk", flat=True)) == history


def test_leistungen_missing_from_the_file_are_marked_and_come_back(tmp_path, katalog, statuses, today):
    assert run(katalog)[0] == 0
    shorter = deck_file(tmp_path / "kuerzer.xlsx", [row("99.050.042.000.000", "Meldebescheinigung Ausstellung",
                                                        status="Umsetzung", info="Termin online")])  # fmt: skip
    code, out, _ = run(shorter, "--stichtag", "2022-06-01")
    assert code == 0
    assert "nicht mehr im Katalog: 2" in out
    assert dict(Leistung.objects.values_list("leika_schluessel", "nicht_mehr_im_katalog_seit")) == {
        "99050042000000": None,
        "99050042001000": dt.date(2022, 6, 1),
        "77000000000005": dt.date(2022, 6, 1),
    }
    assert Leistung.objects.count() == 3  # nothing is deleted

    code, out, _ = run(katalog)
    assert "geändert: 2" in out
    assert "nicht mehr im Katalog: 0" in out
    assert not Leistung.objects.filter(nicht_mehr_im_katalog_seit__isnull=False).exists()


def test_an_extract_marks_nobody_as_missing(tmp_path, katalog, statuses):
    assert run(katalog)[0] == 0
    extract = deck_file(tmp_path / "auszug.xlsx", [row("99.050.042.001.000", "Meldebescheinigung erweitert", amt=51)])
    code, out, _ = run(extract, "--teilauszug")
    assert code == 0
    assert "Teilauszug" in out
    assert not Leistung.objects.filter(nicht_mehr_im_katalog_seit__isnull=False).exists()


def test_an_invalid_row_does_not_count_as_missing(tmp_path, katalog, statuses):
    assert run(katalog)[0] == 0
    rows = [
        row("99.050.042.000.000", "Meldebescheinigung Ausstellung", status="Umsetzung", info="Termin online"),
        row("99.050.042.001.000", "Meldebescheinigung erweitert", amt="kein Amt"),
        row(
            "77000000000005",
            "Landesleistung ohne Bündel",
            ozg=None,
            buendel=None,
            vollzug="Land",
            wi=None,
            amt=None,
            status=None,
        ),  # fmt: skip
    ]
    code, out, _ = run(deck_file(tmp_path / "k2.xlsx", rows), "--skip-invalid")
    assert code == 1
    assert "nicht mehr im Katalog: 0" in out
    assert not Leistung.objects.filter(nicht_mehr_im_katalog_seit__isnull=False).exists()


def test_an_unreadable_file_exits_2(tmp_path, db):
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"kein Excel")
    code, _, err = run(path)
    assert code == 2
    assert "keine gültige Excel-Arbeitsmappe" in err


def test_a_file_without_the_required_columns_exits_2(tmp_path, db):
    path = deck_file(tmp_path / "k.xlsx", [["99050042000000"]], header=["LeiKa-ID", "Sonstiges"])
    code, _, err = run(path)
    assert code == 2
    assert "fehlt die Pflichtspalte „Leistungsbezeichnung“" in err


def test_unknown_columns_and_other_sheets_are_named_in_the_summary(tmp_path, amt33, statuses):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Hinweise"
    workbook.active.append(["Bitte Blatt Katalog bearbeiten"])
    sheet = workbook.create_sheet("Katalog")
    sheet.append(["LeiKa-ID", "Bezeichnung", "Priorität intern"])
    sheet.append(["99050042000000", "x", "hoch"])
    workbook.save(tmp_path / "k.xlsx")
    code, out, _ = run(tmp_path / "k.xlsx")
    assert code == 0
    assert "Nicht gelesene Spalten: „Priorität intern“." in out
    assert "Nicht gelesene Blätter: „Hinweise“." in out


def test_buendel_columns_without_ozg_id_or_ozg_leistung_are_named_as_not_read(tmp_path, amt33, statuses):
    """Nothing says which Bündel "nachnutzbar ab" describes: the summary says so instead of dropping it silently."""
    datei = tmp_path / "k.csv"
    datei.write_text("LeiKa-Schlüssel;Leistungsbezeichnung;nachnutzbar ab;EfA\n99050042000000;x;31.02.2024;ja\n")
    code, out, _ = run(datei)
    assert code == 0
    assert (
        "Nicht gelesen, weil die Datei keine Spalte „OZG-ID“ oder „OZG-Leistung“ hat, die das OZG-Leistungsbündel "
        "nennt: „EfA“, „nachnutzbar ab“." in out
    )


def test_rows_of_one_buendel_must_agree_on_its_facts(tmp_path, amt33, statuses):
    rows = [row("99050042000000", "a", buendel="Melde"), row("99050042001000", "b", buendel="Anders")]
    batch = read_katalog(deck_file(tmp_path / "k.xlsx", rows))
    assert [(e.row, e.column, e.message) for e in batch.fehler] == [
        (7, "OZG-Leistung", "Für die OZG-Leistung 10559 steht in Zeile 6 „Melde“, hier „Anders“."),
    ]


def test_a_new_buendel_needs_its_name(tmp_path, amt33, statuses):
    batch = read_katalog(deck_file(tmp_path / "k.xlsx", [row("99050042000000", "a", buendel=None)]))
    assert [e.message for e in batch.fehler] == ["Die OZG-Leistung 10559 ist neu; sie braucht eine Bezeichnung."]


def test_changes_are_listed_column_by_column(tmp_path, katalog, statuses, amt51):
    assert run(katalog)[0] == 0
    rows = [
        row(
            "99.050.042.000.000", "Meldebescheinigung Ausstellung", status="Abgeschlossen", info="Termin online", amt=51
        ),  # fmt: skip
    ]
    batch = read_katalog(deck_file(tmp_path / "k2.xlsx", rows))
    ergebnis = katalog_importieren(batch, dry_run=True, teilauszug=True)
    assert [(a.spalte, a.alt, a.neu) for a in ergebnis.geaendert[0].aenderungen] == [
        ("Amt", "Amt 33", "Amt 51"),
        ("Status", "Umsetzung", "Abgeschlossen"),
    ]
    assert not ergebnis.geschrieben


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ";"), ("utf-8", ","), ("cp1252", ";"), ("cp1252", ",")],
)
def test_csv_in_both_encodings_and_separators_is_read_like_the_workbook(tmp_path, amt33, statuses, encoding, delimiter):
    import csv

    path = tmp_path / "katalog.csv"
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["Hessischer OZG-Katalog"])
        writer.writerow(HEADER)
        writer.writerow(row("99.050.042.000.000", "Übermittlung, Prüfung – Bürgerbüro", status="Umsetzung"))
        writer.writerow(row("99050042001000", "Straßenreinigung", wi="nein", amt="Amt 33"))
    code, out, _ = run(path)
    assert code == 0, out
    assert dict(Leistung.objects.values_list("leika_schluessel", "bezeichnung")) == {
        "99050042000000": "Übermittlung, Prüfung – Bürgerbüro",
        "99050042001000": "Straßenreinigung",
    }
    assert Leistung.objects.get(leika_schluessel="99050042000000").status == statuses["Umsetzung"]
    assert Leistung.objects.get(leika_schluessel="99050042001000").von_wiesbaden_umzusetzen is False


def test_a_file_over_the_row_limit_writes_nothing(tmp_path, amt33, statuses):
    from catalog.importing.reader import Limits, UnreadableFile

    rows = [row(f"99050042{n:03d}000", f"L{n}") for n in range(3)]
    with pytest.raises(UnreadableFile, match="mehr als 2 Datenzeilen"):
        read_katalog(deck_file(tmp_path / "k.xlsx", rows), limits=Limits(max_rows=2))
    assert not Leistung.objects.exists()


def test_a_file_over_20_mb_exits_2_before_reading_it(tmp_path, db):
    path = tmp_path / "gross.csv"
    with open(path, "wb") as handle:
        handle.write(b"LeiKa-ID;Bezeichnung\n")
        handle.truncate(20 * 1024 * 1024 + 1)
    code, _, err = run(path)
    assert code == 2
    assert "ist 20,1 MB groß; erlaubt sind höchstens 20 MB" in err
