"""The export renderer: CSV for German Excel and XLSX, formula-safe, key columns as text."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from toolkit.export import (
    ExportFormatError,
    ExportTable,
    export_bytes,
    export_response,
    neutralise,
    requested_format,
    restore_neutralised,
)

HEADER = ["LeiKa-Schlüssel", "Bezeichnung", "von Wiesbaden umzusetzen", "Stichtag", "Anträge pro Jahr", "Anteil"]
ROWS = [
    ["99050042000000", "Meldebescheinigung", True, dt.date(2022, 5, 31), 2400000, Decimal("0.47")],
    ["77000000000005", "Landesleistung", False, None, None, 1.5],
]


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize("text", ["=1+2", "+49 611", "-Rabatt", "@SUMME(A1)", "\tTab", "\rCR", "=HYPERLINK(1)"])
def test_it_neutralises_text_a_spreadsheet_would_run(text):
    assert neutralise(text) == "'" + text
    assert restore_neutralised(neutralise(text)) == text


@pytest.mark.parametrize("text", ["Meldebescheinigung", "'=schon", "''-zwei", "'", "", "a=b", "99.050"])
def test_neutralising_and_restoring_give_back_the_same_text(text):
    assert restore_neutralised(neutralise(text)) == text


def test_csv_is_utf8_with_bom_semicolon_separated_for_german_excel():
    data = export_bytes(ExportTable(header=HEADER, rows=ROWS), fmt="csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "LeiKa-Schlüssel;Bezeichnung;von Wiesbaden umzusetzen;Stichtag;Anträge pro Jahr;Anteil"
    assert lines[1] == "99050042000000;Meldebescheinigung;ja;31.05.2022;2400000;0,47"
    assert lines[2] == "77000000000005;Landesleistung;nein;;;1,5"


def test_csv_neutralises_formula_cells():
    data = export_bytes(
        ExportTable(header=["a", "b", "c", "d"], rows=[["=cmd|' /C calc'!A0", "-1", "@x", "harmlos"]]), fmt="csv"
    )
    line = data.decode("utf-8-sig").split("\r\n")[1]
    assert line == "'=cmd|' /C calc'!A0;'-1;'@x;harmlos"


def test_xlsx_writes_key_as_text_and_values_typed():
    data = export_bytes(ExportTable(header=HEADER, rows=ROWS, text_columns=["LeiKa-Schlüssel"]), fmt="xlsx")
    sheet = _sheet(data)
    rows = list(sheet.iter_rows(values_only=False))
    assert [c.value for c in rows[0]] == HEADER
    key = rows[1][0]
    assert key.value == "99050042000000"
    assert key.data_type == "s"
    assert key.number_format == "@"
    assert rows[1][2].value == "ja"
    assert rows[1][3].value == dt.datetime(2022, 5, 31)
    assert rows[1][3].number_format == "DD.MM.YYYY"
    assert rows[1][4].value == 2400000
    assert rows[2][3].value is None


def test_xlsx_gives_every_row_its_own_key_and_dates_in_their_format():
    rows = [
        [f"99{n:012d}", dt.date(2022, 1, n), dt.datetime(2022, 2, n, 8, 30), "x" if n % 2 else None] for n in (1, 2, 3)
    ]
    header = ["LeiKa-Schlüssel", "ab", "erfasst am", "Notiz"]
    sheet = _sheet(export_bytes(ExportTable(header=header, rows=rows, text_columns=[header[0]]), fmt="xlsx"))
    zeilen = list(sheet.iter_rows(min_row=2))
    assert [[c.value for c in zeile] for zeile in zeilen] == [
        ["99000000000001", dt.datetime(2022, 1, 1), dt.datetime(2022, 2, 1, 8, 30), "x"],
        ["99000000000002", dt.datetime(2022, 1, 2), dt.datetime(2022, 2, 2, 8, 30), None],
        ["99000000000003", dt.datetime(2022, 1, 3), dt.datetime(2022, 2, 3, 8, 30), "x"],
    ]
    for zeile in zeilen:
        assert (zeile[0].data_type, zeile[0].number_format) == ("s", "@")
        assert zeile[1].number_format == "DD.MM.YYYY"
        assert zeile[2].number_format == "DD.MM.YYYY HH:MM"
        assert zeile[3].number_format == "General"


@pytest.mark.parametrize("text", ["#N/A", "#DIV/0!", "#REF!"])
def test_xlsx_keeps_text_that_reads_like_an_error_value_as_text(text):
    sheet = _sheet(export_bytes(ExportTable(header=["a", "b"], rows=[[text, text]], text_columns=["a"]), fmt="xlsx"))
    cells = list(sheet.iter_rows(min_row=2))[0]
    assert [(c.value, c.data_type) for c in cells] == [(text, "s"), (text, "s")]


def test_xlsx_neutralises_formula_cells_so_none_is_a_formula():
    data = export_bytes(ExportTable(header=list("abcde"), rows=[["=1+2", "+3", "-4", "@A1", "\tx"]]), fmt="xlsx")
    cells = list(_sheet(data).iter_rows(min_row=2))[0]
    assert [c.value for c in cells] == ["'=1+2", "'+3", "'-4", "'@A1", "'\tx"]
    assert all(c.data_type == "s" for c in cells)


def test_xlsx_drops_control_characters_xml_cannot_hold():
    data = export_bytes(ExportTable(header=["x"], rows=[["a\x01b"]]), fmt="xlsx")
    assert list(_sheet(data).iter_rows(min_row=2, values_only=True)) == [("ab",)]


def test_xlsx_writes_aware_datetimes_in_local_time():
    moment = dt.datetime(2022, 5, 31, 22, 30, tzinfo=dt.UTC)
    data = export_bytes(ExportTable(header=["erfasst am"], rows=[[moment]]), fmt="xlsx")
    assert list(_sheet(data).iter_rows(min_row=2, values_only=True)) == [(dt.datetime(2022, 6, 1, 0, 30),)]


def test_response_is_a_download_with_the_right_name_and_type():
    response = export_response(ExportTable(header=HEADER, rows=ROWS), filename="Leistungen Übersicht", fmt="xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    assert "Leistungen%20%C3%9Cbersicht.xlsx" in response["Content-Disposition"]
    assert _sheet(response.getvalue()).max_row == 3

    response = export_response(ExportTable(header=HEADER, rows=iter(ROWS)), filename="leistungen.csv", fmt="CSV")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="leistungen.csv"' in response["Content-Disposition"]
    assert response.getvalue().decode("utf-8-sig").count("\r\n") == 3


def test_unknown_format_is_refused_in_german():
    with pytest.raises(ExportFormatError, match="Unbekanntes Exportformat „pdf“"):
        export_response(ExportTable(header=["a"], rows=[]), filename="x", fmt="pdf")


def test_xlsx_handles_many_rows_from_a_generator():
    rows = ([f"99{n:012d}", f"Leistung {n}"] for n in range(3000))
    data = export_bytes(ExportTable(header=["LeiKa-Schlüssel", "Bezeichnung"], rows=rows), fmt="xlsx")
    sheet = _sheet(data)
    assert sheet.max_row == 3001
    assert sheet.cell(3001, 1).value == "99000000002999"


def test_requested_format_reads_the_export_parameter(rf):
    assert requested_format(rf.get("/liste/")) is None
    assert requested_format(rf.get("/liste/", {"export": "XLSX"})) == "xlsx"
    assert requested_format(rf.get("/liste/", {"export": "csv"})) == "csv"
    with pytest.raises(ExportFormatError):
        requested_format(rf.get("/liste/", {"export": "exe"}))


def test_xlsx_numbers_carry_a_thousands_separator_keys_stay_text():
    """German Excel shows 24000 in "#,##0" as 24.000 and 1234.5 in "#,##0.0" as 1.234,5; keys stay text."""
    header = ["LeiKa-Schlüssel", "Amt", "Anträge pro Jahr", "Anteil erfüllt (%)", "Punkte", "Notiz"]
    rows = [
        ["99050042000000", 33, 24000, 1234.5, Decimal("2.75"), "x"],
        ["99050042001000", 51, 2400000, 50.0, Decimal("3"), None],
    ]
    sheet = _sheet(export_bytes(ExportTable(header=header, rows=rows, text_columns=[header[0]]), fmt="xlsx"))
    erste, zweite = list(sheet.iter_rows(min_row=2))

    assert [(c.value, c.number_format) for c in erste[:5]] == [
        ("99050042000000", "@"),
        (33, "#,##0"),
        (24000, "#,##0"),
        (1234.5, "#,##0.0"),
        (2.75, "#,##0.0"),
    ]
    assert erste[5].number_format == "General"  # text
    assert [(c.value, c.number_format) for c in zweite[1:5]] == [
        (51, "#,##0"),
        (2400000, "#,##0"),
        (50, "#,##0"),
        (3, "#,##0"),
    ]
    assert (zweite[0].data_type, zweite[0].number_format) == ("s", "@")
