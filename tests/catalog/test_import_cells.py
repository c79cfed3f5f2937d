"""Cell readers: keys in every notation, yes/no, dates, numbers, lookups, and errors located as in Excel."""

import datetime as dt

import pytest

from catalog.importing.cells import (
    CellError,
    Lookup,
    RowError,
    RowReader,
    read_bool,
    read_date,
    read_int,
    read_key,
    read_text,
)
from catalog.importing.columns import Column, ColumnSpec


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("99.050.042.000.000", ("99050042000000", False)),
        ("99 050 042 000 000", ("99050042000000", False)),
        (99050042000000, ("99050042000000", False)),
        (99050042000000.0, ("99050042000000", False)),
        ("9.9050042E+13", ("99050042000000", False)),
        (9.9050042e13, ("99050042000000", False)),
        ("99.050.042.000.000 (vorläufig)", ("99050042000000", True)),
        ("vorl. 77000000000005", ("77000000000005", True)),
        ("77000000000005 ggf. vorläufig", ("77000000000005", True)),
    ],
)
def test_keys_are_read_in_any_notation_with_the_provisional_marker(value, expected):
    assert read_key(value) == expected


@pytest.mark.parametrize("value", ["99.050.042.000.00", "abc", None, 1.5, "99050042000000x"])
def test_bad_keys_say_what_is_expected(value):
    with pytest.raises(CellError) as exc:
        read_key(value)
    assert "14 Ziffern" in exc.value.expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ja", True), ("Nein", False), ("x", True), ("X", True), (1, True), (0, False), ("1", True), ("0", False)]
    + [("wahr", True), ("FALSCH", False), (None, False), ("  ", False), (True, True), (1.0, True)],
)
def test_yes_no_cells(value, expected):
    assert read_bool(value) is expected


def test_a_yes_no_cell_with_other_text_is_an_error():
    with pytest.raises(CellError, match="„vielleicht“ ist kein Ja/Nein-Wert"):
        read_bool("vielleicht")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2022, 5, 31), dt.date(2022, 5, 31)),
        (dt.date(2022, 5, 31), dt.date(2022, 5, 31)),
        ("31.05.2022", dt.date(2022, 5, 31)),
        ("1.6.2022", dt.date(2022, 6, 1)),
        ("2022-05-31", dt.date(2022, 5, 31)),
        (44712, dt.date(2022, 5, 31)),
        (None, None),
    ],
)
def test_dates_as_excel_dates_or_german_text(value, expected):
    assert read_date(value) == expected


@pytest.mark.parametrize("value", ["31.02.2022", "Mai 2022", "2022/05/31", -3])
def test_bad_dates_are_errors(value):
    with pytest.raises(CellError) as exc:
        read_date(value)
    assert exc.value.expected == "ein Datum als Excel-Datum oder TT.MM.JJJJ"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, 12), (12.0, 12), ("12", 12), ("1.234.567", 1234567), ("2400000", 2400000), ("7,0", 7), (None, None)],
)
def test_whole_numbers(value, expected):
    assert read_int(value) == expected


@pytest.mark.parametrize("value", ["12,5", "viele", -1, "> 1.000.000", True])
def test_bad_numbers_are_errors(value):
    with pytest.raises(CellError):
        read_int(value)


def test_text_is_trimmed_and_limited():
    assert read_text("  Meldebescheinigung ") == "Meldebescheinigung"
    assert read_text(10559.0) == "10559"
    with pytest.raises(CellError, match="höchstens 5"):
        read_text("zu lang", max_length=5)
    with pytest.raises(CellError, match="leer"):
        read_text(" ", required=True)


def test_lookup_ignores_case_and_spacing_and_names_the_choices():
    lookup = Lookup({"Abgeschlossen": 1, "Umsetzung": 2, "Wartend": 3}, what="Status")
    assert lookup.read(" abgeschlossen ") == 1
    assert lookup.read(None) is None
    with pytest.raises(CellError) as exc:
        lookup.read("Fertig")
    assert exc.value.message == "Status „Fertig“ gibt es nicht."
    assert exc.value.expected == "ein vorhandener Wert für Status: Abgeschlossen, Umsetzung, Wartend"


def test_lookup_refuses_a_name_that_means_two_things():
    lookup = Lookup([("Bürgeramt", 1), ("bürgeramt", 2), ("33", 1)], what="Amt")
    assert lookup.read(33) == 1
    with pytest.raises(CellError, match="nicht eindeutig"):
        lookup.read("Bürgeramt")


def test_row_reader_collects_every_error_with_sheet_row_column_value_and_expectation():
    spec = ColumnSpec([Column("key", "LeiKa-ID", required=True), Column("flag", "EfA"), Column("n", "Fallzahl")])
    match = spec.match(["LeiKa-ID (ggf. vorläufig)", "EfA", "Fallzahl"])
    cells = RowReader(sheet="Katalog", row=17, values=("99.050", "vielleicht", "3"), match=match, spec=spec)
    assert cells.read("key", read_key) is None
    assert cells.read("flag", read_bool) is None
    assert cells.read("n", read_int) == 3
    assert [(e.sheet, e.row, e.column, e.value) for e in cells.errors] == [
        ("Katalog", 17, "LeiKa-ID (ggf. vorläufig)", "99.050"),
        ("Katalog", 17, "EfA", "vielleicht"),
    ]
    assert str(cells.errors[1]) == (
        "Blatt „Katalog“, Zeile 17, Spalte „EfA“: „vielleicht“ ist kein Ja/Nein-Wert. "
        "(gefunden: vielleicht; erwartet: ja oder nein (auch x, 1/0, wahr/falsch oder leer))"
    )


def test_row_error_shows_an_empty_cell_as_leer():
    error = RowError(sheet="K", row=3, column="Bezeichnung", value=None, expected="ein Text", message="Leer.")
    assert error.value_text == "leer"
