"""The two ways a workbook is read: calamine (fast) where that is safe, openpyxl otherwise; the same values."""

import datetime as dt
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference

from catalog.importing import xlsx_fast
from catalog.importing.reader import UnreadableFile, open_table
from tests.catalog.test_import_reader import SPEC, write_xlsx


def read(path):
    with open_table(path, spec=SPEC) as table:
        rows = [(row.number, row.values) for row in table.rows]
        return (table.sheet, table.header_row, table.header, table.skipped_sheets), rows


def read_both(path, monkeypatch):
    """What the fast way reads, and what openpyxl reads from the same file."""
    with zipfile.ZipFile(path) as archive:
        assert xlsx_fast.sicher_lesbar(archive), "this workbook should be read the fast way"
    fast = read(path)
    with monkeypatch.context() as patch:
        patch.setattr(xlsx_fast, "sicher_lesbar", lambda archive: False)
        slow = read(path)
    return fast, slow


def test_both_ways_give_the_same_values_for_every_kind_of_cell(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    book.active.title = "Hinweise"
    book.active["B2"] = "nur Text, keine Kopfzeile"
    sheet = book.create_sheet("Katalog")
    sheet["C3"] = "Titel"  # the table starts neither in row 1 nor in column A
    header = ["LeiKa-ID", "Leistungsbezeichnung", "Vollzugsbehörde", "Anträge pro Jahr", "Datum", "Zeit", "Ja"]
    for column, value in enumerate(header, start=2):
        sheet.cell(row=5, column=column, value=value)
    rows = [
        [
            "99.050.042.000.000",
            " Meldebescheinigung ",
            "Kommune",
            1200,
            dt.datetime(2026, 11, 28),
            dt.time(9, 30),
            True,
        ],
        [99001001000000, "Abfall\ngebühr", "'=Land", 12.5, dt.datetime(2026, 11, 28, 14, 5), None, False],
        ["99.001.001.002.000", CellRichText([TextBlock(InlineFont(b=True), "Fett"), " und normal"]), "  ", 0, -3, 1e20],
    ]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=2):
            sheet.cell(row=7 + offset * 2, column=column, value=value)
    sheet.cell(row=7, column=6).number_format = "DD.MM.YYYY"
    sheet["F9"].number_format = "DD.MM.YYYY HH:MM"
    chart_data = book.create_sheet("Daten")
    chart_data.append([1, 2, 3])
    chart = book.create_chartsheet("Diagramm")
    bars = BarChart()
    bars.add_data(Reference(chart_data, min_col=1, max_col=3, min_row=1))
    chart.add_chart(bars)
    path = tmp_path / "gemischt.xlsx"
    book.save(path)

    fast, slow = read_both(path, monkeypatch)
    assert fast == slow
    (title, header_row, header_found, skipped), data = fast
    assert (title, header_row) == ("Katalog", 5)
    assert header_found[:2] == (None, "LeiKa-ID")
    assert set(skipped) == {"Hinweise", "Daten", "Diagramm"}
    assert data[0] == (
        7,
        (None, "99.050.042.000.000", " Meldebescheinigung ", "Kommune", 1200, dt.datetime(2026, 11, 28),
         dt.time(9, 30), True),
    )  # fmt: skip
    assert data[1][1][1:5] == (99001001000000, "Abfall\ngebühr", "=Land", 12.5)
    assert data[2][1][2:] == ("Fett und normal", None, 0, -3, 1e20, None)


def test_a_workbook_whose_cells_reach_far_out_is_read_by_openpyxl_without_building_the_whole_rectangle(tmp_path):
    # two cells 17 billion cells apart: calamine would try to allocate all of them and end the process
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["LeiKa-ID", "Leistungsbezeichnung"])
    sheet.append(["99.050.042.000.000", "Meldebescheinigung"])
    sheet["XFD1048576"] = "weit draußen"
    path = tmp_path / "weit.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        assert not xlsx_fast.sicher_lesbar(archive)
    _, rows = read(path)
    assert rows[0] == (2, ("99.050.042.000.000", "Meldebescheinigung"))
    assert rows[-1][0] == 1048576


@pytest.mark.parametrize("reference", ["BA1", "A20000", "AZ100000", "a1", "AZ0", "A01"])
def test_only_references_within_a1_to_az19999_go_the_fast_way(tmp_path, reference):
    path = write_xlsx(tmp_path / "k.xlsx", ("Katalog", [["LeiKa-ID", "Leistungsbezeichnung"], ["1", "x"]]))
    data = _sheet_xml(path).replace(b'<c r="B2"', f'<c r="{reference}"'.encode())
    _replace_sheet(path, data)
    with zipfile.ZipFile(path) as archive:
        assert not xlsx_fast.sicher_lesbar(archive)
    data = _sheet_xml(path).replace(f'<c r="{reference}"'.encode(), b'<c r="AZ19999"')
    _replace_sheet(path, data)
    with zipfile.ZipFile(path) as archive:
        assert xlsx_fast.sicher_lesbar(archive)


def test_cells_without_references_are_read_by_openpyxl(tmp_path):
    path = write_xlsx(
        tmp_path / "k.xlsx", ("Katalog", [["LeiKa-ID", "Leistungsbezeichnung"], ["99.050.042.000.000", "x"]])
    )
    data = _sheet_xml(path).replace(b'<c r="A2" ', b"<c ").replace(b'<c r="B2" ', b"<c ")
    _replace_sheet(path, data)
    with zipfile.ZipFile(path) as archive:
        assert not xlsx_fast.sicher_lesbar(archive)
    assert read(path)[1] == [(2, ("99.050.042.000.000", "x"))]


def test_an_excel_error_cell_keeps_its_text_so_that_the_importer_can_name_it(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["LeiKa-ID", "Leistungsbezeichnung", "Anträge pro Jahr"])
    sheet.append(["99.050.042.000.000", "Meldebescheinigung", "#DIV/0!"])  # openpyxl stores it as an error cell
    path = tmp_path / "fehler.xlsx"
    book.save(path)
    assert b't="e"' in _sheet_xml(path)
    with zipfile.ZipFile(path) as archive:
        assert not xlsx_fast.sicher_lesbar(archive)
    assert read(path)[1] == [(2, ("99.050.042.000.000", "Meldebescheinigung", "#DIV/0!"))]


def test_a_workbook_calamine_cannot_read_is_left_to_openpyxl_and_its_message(tmp_path):
    path = write_xlsx(tmp_path / "k.xlsx", ("Katalog", [["LeiKa-ID", "Leistungsbezeichnung"], ["1", "x"]]))
    # a cell that is never closed: the XML is broken, though every cell tag looks as it should
    broken = _sheet_xml(path).replace(b"<is><t>x</t></is></c>", b"<is><t>x</t></is>")
    _replace_sheet(path, broken)
    with zipfile.ZipFile(path) as archive:
        assert xlsx_fast.sicher_lesbar(archive)
    with pytest.raises(UnreadableFile, match="„k.xlsx“ kann nicht vollständig gelesen werden"):
        read(path)


def _sheet_xml(path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def _replace_sheet(path, data: bytes, extra: dict[str, bytes] | None = None) -> None:
    """Put ``data`` in place of the first sheet's XML; ``extra``: the table of shared strings, registered."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["xl/worksheets/sheet1.xml"] = data
    if extra:
        parts.update(extra)
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument'
            b'.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)


def test_both_ways_read_shared_strings_as_excel_writes_them(tmp_path, monkeypatch):
    """Excel keeps texts in a table of shared strings (openpyxl writes them into the cells): rich text and
    phonetic runs included."""
    rows = [["LeiKa-ID", "Leistungsbezeichnung", "Vollzugsbehörde"], ["99.050.042.000.000", "A", "B"]]
    path = write_xlsx(tmp_path / "excel.xlsx", ("Katalog", rows))
    shared = [
        "LeiKa-ID",
        "Leistungsbezeichnung",
        "Vollzugsbehörde",
        "99.050.042.000.000",
        '<r><rPr><b/></rPr><t xml:space="preserve">Fett </t></r><r><t>und normal</t></r>',
        '<t xml:space="preserve"> Land &amp; Kommune </t><rPh sb="0" eb="1"><t>ランド</t></rPh>',
    ]
    sheet = _sheet_xml(path)
    for number, reference in enumerate(["A1", "B1", "C1", "A2", "B2", "C2"]):
        start = sheet.index(f'<c r="{reference}"'.encode())
        end = sheet.index(b"</c>", start)
        sheet = sheet[:start] + f'<c r="{reference}" t="s"><v>{number}</v>'.encode() + sheet[end:]
    items = "".join(f"<si>{text}</si>" if text.startswith("<") else f"<si><t>{text}</t></si>" for text in shared)
    _replace_sheet(
        path,
        sheet,
        extra={
            "xl/sharedStrings.xml": (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns='
                f'"http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">{items}</sst>'
            ).encode(),
        },
    )
    fast, slow = read_both(path, monkeypatch)
    assert fast == slow
    assert fast[1] == [(2, ("99.050.042.000.000", "Fett und normal", " Land & Kommune "))]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'<c r="B2"', b'<c r="B2" r="XFD1048576"'),  # two references: calamine takes the last
        (b'<c r="B2" t="inlineStr"', b"<c r=\"B2\" t='e'"),  # an error cell in single quotes
        (b'<c r="B2" t="inlineStr"', b'<c r="B2" t = "e"'),  # … or with spaces
        (b'<row r="2"', b'<row r="1048576"'),  # a row numbered far out
        (b'<c r="B2"', b'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD1"'),
    ],
)
def test_a_cell_or_row_not_written_exactly_as_office_writes_it_goes_to_openpyxl(tmp_path, old, new):
    path = write_xlsx(tmp_path / "k.xlsx", ("Katalog", [["LeiKa-ID", "Leistungsbezeichnung"], ["1", "x"]]))
    sheet = _sheet_xml(path)
    assert old in sheet
    _replace_sheet(path, sheet.replace(old, new, 1))
    with zipfile.ZipFile(path) as archive:
        assert not xlsx_fast.sicher_lesbar(archive)


def test_a_sheet_stored_under_another_name_is_scanned_as_well(tmp_path):
    path = write_xlsx(tmp_path / "k.xlsx", ("Katalog", [["LeiKa-ID", "Leistungsbezeichnung"], ["1", "x"]]))
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].replace(  # (the part the manifest names stays, as a decoy)
        b"</row></sheetData>", b'</row><row r="9"><c r="XFD9" t="inlineStr"><is><t>y</t></is></c></row></sheetData>'
    )
    parts["xl/evil.XML"] = sheet  # named by the workbook's links only, not as a worksheet in the manifest
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"/xl/worksheets/sheet1.xml", b"/xl/evil.XML"
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    with zipfile.ZipFile(path) as archive:
        assert not xlsx_fast.sicher_lesbar(archive)
    assert read(path)[1][0] == (2, ("1", "x"))


def test_a_long_shared_text_used_by_many_cells_goes_to_openpyxl(tmp_path, monkeypatch):
    """calamine copies a shared text into every cell that uses it: 3,000 × 30,000 characters would be 90 MB."""
    path = write_xlsx(tmp_path / "k.xlsx", ("Katalog", [["LeiKa-ID", "Leistungsbezeichnung"], ["1", "x"]]))
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(3, 3003))
    sheet = _sheet_xml(path).replace(b"</sheetData>", rows.encode() + b"</sheetData>")
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="3000" uniqueCount="1"><si><t>{"x" * 30_000}</t></si></sst>'
    )
    _replace_sheet(path, sheet, extra={"xl/sharedStrings.xml": sst.encode()})
    with zipfile.ZipFile(path) as archive:
        assert not xlsx_fast.sicher_lesbar(archive)
    monkeypatch.setattr(xlsx_fast, "SPEICHER_GRENZE", 200 * 1024 * 1024)
    with zipfile.ZipFile(path) as archive:
        assert xlsx_fast.sicher_lesbar(archive)  # only the size kept it from calamine
