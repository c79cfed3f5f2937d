"""Reading workbooks and CSV files: header found below title and group rows, encodings, separators, limits."""

import datetime as dt
import zipfile

import openpyxl
import pytest

from catalog.importing.columns import Column, ColumnSpec, normalize_header
from catalog.importing.reader import Limits, UnreadableFile, open_table

SPEC = ColumnSpec(
    [
        Column("key", "LeiKa-ID", ("LeiKa-Schlüssel", "Leistungsschlüssel"), required=True),
        Column("name", "Leistungsbezeichnung", ("Bezeichnung",), required=True),
        Column("vollzug", "Vollzugsbehörde", ("Zuständigkeit",)),
        Column("faelle", "Anträge pro Jahr", ("Fallzahl",)),
    ]
)


def write_xlsx(path, *sheets):
    """sheets: (title, rows) pairs; rows are lists of cell values."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def read_all(path, **kwargs):
    with open_table(path, spec=SPEC, **kwargs) as table:
        return table, [(row.number, row.values) for row in table.rows]


DECK_ROWS = [
    ["Hessischer OZG-Katalog", None, None],
    ["Stand: Mai 2022", None, None],
    [None, None, None],
    ["Basiseigenschaften der Leistungen", None, "Zuständigkeiten"],
    ["LeiKa-ID (ggf. vorläufig)", "Leistungs-\nbezeichnung", "Vollzugsbe-\nhörde / Zuständigkeit", "Sonstiges"],
    ["99.050.042.000.000", "Meldebescheinigung", "Kommune"],
    [None, None, None],
    [99001001000000, "Abfallgebühr", "Kommune"],
]


def test_it_finds_the_header_below_title_and_group_rows_and_numbers_rows_as_excel(tmp_path):
    path = write_xlsx(tmp_path / "katalog.xlsx", ("Katalog", DECK_ROWS))
    table, rows = read_all(path)
    assert table.sheet == "Katalog"
    assert table.header_row == 5
    assert table.match.positions == {"key": 0, "name": 1, "vollzug": 2}
    assert table.match.unknown == ["Sonstiges"]
    assert rows == [
        (6, ("99.050.042.000.000", "Meldebescheinigung", "Kommune", None)),
        (8, (99001001000000, "Abfallgebühr", "Kommune", None)),
    ]


def test_it_reads_the_first_sheet_with_a_header_and_names_the_others(tmp_path):
    path = write_xlsx(
        tmp_path / "k.xlsx",
        ("Erläuterung", [["Dieses Blatt erklärt den Katalog"]]),
        ("Katalog", [["Leistungsschlüssel", "Bezeichnung"], ["99050042000000", "Meldebescheinigung"]]),
        ("Pivot", [["x"]]),
    )
    table, rows = read_all(path)
    assert table.sheet == "Katalog"
    assert table.skipped_sheets == ["Erläuterung", "Pivot"]
    assert rows == [(2, ("99050042000000", "Meldebescheinigung"))]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("LeiKa-ID (ggf. vorläufig)", "key"),
        ("leika schlüssel", "key"),
        ("LEISTUNGS-\nSCHLÜSSEL", "key"),
        ("Leistungsschluessel", "key"),
        ("Bezeichnung [Hessen]", "name"),
        ("Vollzugsbehörde/Zuständigkeit", "vollzug"),
        ("Fallzahl (2021)", "faelle"),
        ("Anträge  pro\nJahr", "faelle"),
        ("Jahr", None),
    ],
)
def test_headers_match_ignoring_case_spaces_hyphens_line_breaks_and_brackets(header, key):
    column = SPEC.column_for(header)
    assert (column.key if column else None) == key


def test_normalize_header_removes_nested_brackets():
    assert normalize_header("Ressort in Hessen (Fachliche (Zuständigkeit))") == "ressortinhessen"


def test_a_header_without_a_required_column_is_refused_naming_it(tmp_path):
    path = write_xlsx(tmp_path / "k.xlsx", ("Blatt1", [["Titel"], ["LeiKa-ID", "Amt"], ["99050042000000", "15"]]))
    with pytest.raises(UnreadableFile) as exc:
        open_table(path, spec=SPEC)
    assert "Zeile 2" in exc.value.message
    assert "„Leistungsbezeichnung“" in exc.value.message


def test_csv_utf8_with_bom_semicolon(tmp_path):
    path = tmp_path / "k.csv"
    path.write_bytes("\ufeffOZG-Katalog\nLeiKa-ID;Bezeichnung\n99050042000000;Meldebescheinigung für Bürger\n".encode())
    table, rows = read_all(path)
    assert table.kind == "csv"
    assert table.header_row == 2
    assert rows == [(3, ("99050042000000", "Meldebescheinigung für Bürger"))]


def test_csv_windows_1252_comma(tmp_path):
    path = tmp_path / "k.csv"
    path.write_bytes(
        'LeiKa-ID,Bezeichnung,Fallzahl\r\n99050042000000,"Anmeldung, Ummeldung – Bürger",12\r\n'.encode("cp1252")
    )
    _, rows = read_all(path)
    assert rows == [(2, ("99050042000000", "Anmeldung, Ummeldung – Bürger", "12"))]


def test_csv_utf8_without_bom_comma(tmp_path):
    path = tmp_path / "k.csv"
    path.write_bytes("LeiKa-ID,Bezeichnung\n99050042000000,Grünflächen\n".encode())
    _, rows = read_all(path)
    assert rows == [(2, ("99050042000000", "Grünflächen"))]


def test_it_gives_back_text_the_export_neutralised(tmp_path):
    path = write_xlsx(tmp_path / "k.xlsx", ("K", [["LeiKa-ID", "Bezeichnung"], ["99050042000000", "'=1+2"]]))
    _, rows = read_all(path)
    assert rows[0][1][1] == "=1+2"


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "k.csv"
    path.write_bytes(b"LeiKa-ID;Bezeichnung\n" + b"99050042000000;x\n" * 100)
    with pytest.raises(UnreadableFile, match="höchstens 0 MB|MB groß"):
        open_table(path, spec=SPEC, limits=Limits(max_bytes=1000))


def test_the_default_limits_are_20_mb_200_mb_and_100000_rows():
    limits = Limits()
    assert (limits.max_bytes, limits.max_uncompressed_bytes, limits.max_rows) == (20 * 2**20, 200 * 2**20, 100_000)


def test_a_workbook_over_the_uncompressed_limit_is_refused(tmp_path):
    rows = [["LeiKa-ID", "Bezeichnung"]] + [[f"99{n:012d}", "x" * 200] for n in range(300)]
    path = write_xlsx(tmp_path / "k.xlsx", ("K", rows))
    with pytest.raises(UnreadableFile, match="entpackt"):
        open_table(path, spec=SPEC, limits=Limits(max_uncompressed_bytes=10_000))


def test_a_file_with_too_many_rows_is_refused(tmp_path):
    rows = [["LeiKa-ID", "Bezeichnung"]] + [[f"99{n:012d}", "x"] for n in range(11)]
    path = write_xlsx(tmp_path / "k.xlsx", ("K", rows))
    table = open_table(path, spec=SPEC, limits=Limits(max_rows=10))
    with table, pytest.raises(UnreadableFile, match="mehr als 10 Datenzeilen"):
        list(table.rows)
    with open_table(path, spec=SPEC, limits=Limits(max_rows=11)) as table:
        assert len(list(table.rows)) == 11


def test_a_csv_with_too_many_rows_is_refused(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text("LeiKa-ID;Bezeichnung\n" + "99050042000000;x\n" * 6, encoding="utf-8")
    table = open_table(path, spec=SPEC, limits=Limits(max_rows=5))
    with table, pytest.raises(UnreadableFile, match="mehr als 5 Datenzeilen"):
        list(table.rows)


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
)


def _replace_in_zip(path, name, content):
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            archive.writestr(info, content.encode() if info.filename == name else data)


def test_a_workbook_with_xml_entities_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "k.xlsx", ("K", [["LeiKa-ID", "Bezeichnung"]]))
    _replace_in_zip(path, "xl/worksheets/sheet1.xml", BOMB)
    with pytest.raises(UnreadableFile, match="unzulässige XML-Konstrukte"), open_table(path, spec=SPEC) as table:
        list(table.rows)


def test_a_workbook_with_entities_in_the_workbook_part_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "k.xlsx", ("K", [["LeiKa-ID", "Bezeichnung"]]))
    with zipfile.ZipFile(path) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode()
    bomb = workbook_xml.replace("<workbook", '<!DOCTYPE x [<!ENTITY e "e">]><workbook', 1)
    _replace_in_zip(path, "xl/workbook.xml", bomb)
    with pytest.raises(UnreadableFile, match="unzulässige XML-Konstrukte"):
        open_table(path, spec=SPEC)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("k.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "alten Format"),
        ("k.xlsx", b"kein Excel", "keine gültige Excel-Arbeitsmappe"),
        ("k.pdf", b"%PDF-1.4\x00\x01\x02", "weder eine Excel-Arbeitsmappe"),
        ("k.csv", b"", "ist leer"),
        ("k.csv", b"irgendein;Text\nohne;Kopfzeile\n", "keine Kopfzeile"),
        ("k.zip", b"PK\x03\x04kaputt", "beschädigt"),
    ],
)
def test_files_that_are_not_a_workbook_or_csv_are_refused_in_german(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=message):
        open_table(path, spec=SPEC)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "k.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    with pytest.raises(UnreadableFile, match="keine Excel-Arbeitsmappe"):
        open_table(path, spec=SPEC)


def test_formulas_are_read_as_their_cached_values_never_evaluated(tmp_path):
    path = write_xlsx(tmp_path / "k.xlsx", ("K", [["LeiKa-ID", "Bezeichnung"], ["99050042000000", "=1+2"]]))
    _, rows = read_all(path)
    assert rows == [(2, ("99050042000000", None))]  # openpyxl stores no cached value; nothing is computed


def test_dates_arrive_as_dates(tmp_path):
    path = write_xlsx(
        tmp_path / "k.xlsx",
        ("K", [["LeiKa-ID", "Bezeichnung", "Fallzahl"], ["99050042000000", "x", dt.date(2022, 5, 1)]]),
    )
    _, rows = read_all(path)
    assert rows[0][1][2] == dt.datetime(2022, 5, 1)


def test_it_reads_from_bytes_and_open_files(tmp_path):
    path = write_xlsx(tmp_path / "k.xlsx", ("K", [["LeiKa-ID", "Bezeichnung"], ["99050042000000", "x"]]))
    with open_table(path.read_bytes(), spec=SPEC, filename="hochgeladen.xlsx") as table:
        assert table.filename == "hochgeladen.xlsx"
        assert len(list(table.rows)) == 1
    with open(path, "rb") as handle, open_table(handle, spec=SPEC) as table:
        assert len(list(table.rows)) == 1


def _dimension_angeben(path, ref: str):
    """Rewrite the first sheet's stored size (as a tool that got it wrong would): ``<dimension ref="…"/>``."""
    with zipfile.ZipFile(path) as archive:
        teile = {name: archive.read(name) for name in archive.namelist()}
    xml = teile["xl/worksheets/sheet1.xml"].decode()
    start = xml.index("<dimension")
    ende = xml.index("/>", start) + 2
    teile["xl/worksheets/sheet1.xml"] = (xml[:start] + f'<dimension ref="{ref}"/>' + xml[ende:]).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, daten in teile.items():
            archive.writestr(name, daten)
    return path


def test_every_row_is_read_with_a_wrong_stored_size_or_none_at_all(tmp_path):
    rows = [["Leistungsschlüssel", "Bezeichnung"], *[[f"99050042{i:06d}", f"L {i}"] for i in range(1, 8)]]
    falsch = _dimension_angeben(write_xlsx(tmp_path / "falsch.xlsx", ("Katalog", rows)), "A1:B2")
    ohne = tmp_path / "ohne.xlsx"  # openpyxl's write-only mode (and so the portal's export) stores no size
    buch = openpyxl.Workbook(write_only=True)
    blatt = buch.create_sheet("Katalog")
    for row in rows:
        blatt.append(row)
    buch.save(ohne)
    with zipfile.ZipFile(ohne) as archive:
        assert b"<dimension" not in archive.read("xl/worksheets/sheet1.xml")

    for path in (falsch, ohne):
        _, gelesen = read_all(path)
        assert [nummer for nummer, _ in gelesen] == list(range(2, 9)), path.name
        assert gelesen[-1][1] == ("99050042000007", "L 7")


def test_a_chart_sheet_before_the_data_is_passed_over_and_named(tmp_path):
    from openpyxl.chart import BarChart, Reference

    buch = openpyxl.Workbook()
    daten = buch.active
    daten.title = "Katalog"
    for row in [["Leistungsschlüssel", "Bezeichnung", "Fallzahl"], ["99050042000000", "Melde", 3]]:
        daten.append(row)
    diagramm = buch.create_chartsheet("Diagramm", 0)
    balken = BarChart()
    balken.add_data(Reference(daten, min_col=3, min_row=1, max_row=2), titles_from_data=True)
    diagramm.add_chart(balken)
    buch.save(tmp_path / "mit-diagramm.xlsx")

    table, gelesen = read_all(tmp_path / "mit-diagramm.xlsx")
    assert (table.sheet, table.skipped_sheets) == ("Katalog", ["Diagramm"])
    assert gelesen == [(2, ("99050042000000", "Melde", 3))]
