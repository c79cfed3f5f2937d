"""A table of rows → a CSV or XLSX download, safe to open in a spreadsheet.

One renderer for every export of the portal (list pages, the admin's Leistung list, figures, the scorecard
ranking), as pretix does it: an exporter builds an :class:`ExportTable` (a header row and data rows, any iterable
of sequences, consumed once, lazily; which columns are text), and this module turns it into a file:

- :func:`export_response` → a streaming download for a view (``?export=xlsx`` / ``?export=csv``);
- :func:`write_export` → writes into an open binary file (for commands, the bench and tests);
- :func:`export_bytes` → the whole file as ``bytes`` (small tables, tests);
- :func:`requested_format` → "xlsx", "csv" or ``None`` from a request's ``?export=`` parameter.

Formats:

- ``"csv"``: UTF-8 with BOM, ``;`` separated, CRLF line ends, decimal comma: what German Excel opens directly.
- ``"xlsx"``: openpyxl's write-only mode, so memory stays flat with the number of rows; the header is bold and
  frozen; dates are real dates shown as ``TT.MM.JJJJ``; whole numbers are shown ``#,##0`` (24.000), others
  ``#,##0.0`` (1.234,5; the cell keeps every digit).

Cell values: ``None`` → empty; ``bool`` → "ja"/"nein" (what the importer reads back); ``date``/``datetime`` →
dates (aware datetimes in local time); ``int``/``float``/``Decimal`` → numbers; anything else → its text.

Formula safety: a text cell beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return would be run by a
spreadsheet as a formula (CSV/DDE injection). :func:`neutralise` prefixes such text with an apostrophe, and the
importer undoes exactly that with :func:`restore_neutralised`, so export → import gives back the same text.

Text columns: columns named in ``text_columns`` (e.g. the LeiKa key) are written as text cells with the text
number format ``@`` in XLSX, even when the value looks like a number, so that Excel neither rounds nor reformats
them. Pass such keys as strings.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import numberformat, timezone
from django.utils.formats import get_format
from django.utils.http import content_disposition_header

from toolkit.formatting import LANGUAGE

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
CSV_DELIMITER = ";"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
# Numbers with the thousands separator (German Excel shows 24.000 and 1.234,5); keys and IDs are text columns.
INT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"

# A text a spreadsheet would run: starts with a formula trigger, possibly behind apostrophes we added before.
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
# Control characters XML (and so XLSX) cannot hold; tab, line feed and carriage return are allowed.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class ExportTable:
    """What an export writes: a header row, the data rows (read once, lazily), and which columns are text."""

    header: Sequence[str]
    rows: Iterable[Sequence]
    text_columns: Collection[str] = field(default_factory=tuple)


class ExportFormatError(ValueError):
    """An export format other than ``xlsx`` or ``csv`` was asked for; the message is German."""


def neutralise(text: str) -> str:
    """Return ``text`` so that a spreadsheet shows it instead of running it as a formula.

    Text beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe. Text that
    already begins with apostrophes followed by such a character gets one more, so that
    :func:`restore_neutralised` is its exact inverse.
    """
    if _FORMULA_START.match(text):
        return "'" + text
    return text


def restore_neutralised(text: str) -> str:
    """Undo :func:`neutralise`: remove the one apostrophe it put before a formula trigger."""
    if _NEUTRALISED.match(text):
        return text[1:]
    return text


def check_format(fmt: str | None) -> str:
    """Return the format in lower case, or raise :class:`ExportFormatError` with a German message."""
    value = (fmt or "").strip().lower()
    if value not in FORMATS:
        raise ExportFormatError(f"Unbekanntes Exportformat „{fmt}“; möglich sind XLSX und CSV.")
    return value


def requested_format(request) -> str | None:
    """The format a list page was asked to export (``?export=xlsx`` / ``?export=csv``), or ``None`` for the page.

    Raises :class:`ExportFormatError` for any other value, so that a view can show a German message.
    """
    value = request.GET.get("export")
    if value is None:
        return None
    return check_format(value)


def export_response(
    table: ExportTable, *, filename: str, fmt: str, sheet_title: str = "Export"
) -> HttpResponse | StreamingHttpResponse:
    """Return a download of ``table`` as ``fmt`` ("xlsx" or "csv").

    ``filename`` is given without or with the extension (it is added when missing). CSV is streamed row by
    row (``StreamingHttpResponse``); XLSX is built in write-only mode and returned as an ``HttpResponse``. In
    tests read either with ``response.getvalue()``.
    Raises :class:`ExportFormatError` for an unknown format (a view turns it into a 400 or a message).
    """
    fmt = check_format(fmt)
    filename = filename if filename.lower().endswith("." + fmt) else f"{filename}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_chunks(table.header, table.rows), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
    # The workbook is built in write-only mode (flat memory); the finished, compressed file is small enough to
    # hand over in one piece, which leaves no open temporary file behind an unread response.
    response = HttpResponse(
        export_bytes(table, fmt="xlsx", sheet_title=sheet_title),
        content_type=CONTENT_TYPES["xlsx"],
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def write_export(target: BinaryIO, table: ExportTable, *, fmt: str, sheet_title: str = "Export") -> None:
    """Write ``table`` as ``fmt`` into the open binary file ``target`` (for commands and tests)."""
    fmt = check_format(fmt)
    if fmt == "csv":
        for chunk in _csv_chunks(table.header, table.rows):
            target.write(chunk)
    else:
        _write_xlsx(target, table.header, table.rows, sheet_title=sheet_title, text_columns=table.text_columns)


def export_bytes(table: ExportTable, *, fmt: str, sheet_title: str = "Export") -> bytes:
    """Return the whole export as bytes; for small tables and tests."""
    with tempfile.TemporaryFile() as handle:
        write_export(handle, table, fmt=fmt, sheet_title=sheet_title)
        handle.seek(0)
        return handle.read()


# --- CSV -------------------------------------------------------------------------------------------------------


class _Line:
    """A file-like object that hands back what the csv writer writes, so rows can be streamed one by one."""

    def write(self, value: str) -> str:
        return value


def _csv_chunks(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    writer = csv.writer(_Line(), delimiter=CSV_DELIMITER, lineterminator="\r\n")
    yield "\ufeff".encode() + writer.writerow([_csv_value(v) for v in header]).encode()
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([_csv_value(v) for v in row]))
        if len(batch) >= 500:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.datetime):
        return f"{_local_naive(value):%d.%m.%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return _decimal_comma(value)
    return neutralise(str(value))


def _decimal_comma(value: float | Decimal) -> str:
    """Every digit the value has, with the decimal comma (no rounding, no thousands dot: a cell, not a text)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return numberformat.format(value, get_format("DECIMAL_SEPARATOR", lang=LANGUAGE))


# --- XLSX ------------------------------------------------------------------------------------------------------


def _write_xlsx(
    target: BinaryIO,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet_title: str,
    text_columns: Collection[str],
) -> None:
    # Imported here: openpyxl is only needed when an XLSX is actually made.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    header = [str(h) for h in header]
    text_positions = {index for index, name in enumerate(header) if name in set(text_columns)}
    for index, name in enumerate(header, start=1):
        width = 16 if index - 1 in text_positions else min(max(len(name) + 4, 10), 50)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=_xlsx_text(neutralise(name)))
        cell.data_type = "s"
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)

    # A cell with a style (text format, date format) is made once per column and carries each row's value in turn:
    # the write-only sheet writes a row when it is appended, as it does with the one cell it reuses for every plain
    # value. A new styled cell per value cost more than the rest of the file. Plain values (numbers, and text that
    # neutralise() made safe, so it never starts with "=") go to openpyxl as they are.
    formats = {
        "text": "@",
        "datetime": DATETIME_FORMAT,
        "date": DATE_FORMAT,
        "int": INT_FORMAT,
        "decimal": DECIMAL_FORMAT,
    }
    cells_of: dict[tuple[str, int], object] = {}

    def cell_for(kind: str, index: int):
        cell = cells_of.get((kind, index))
        if cell is None:
            cell = cells_of[kind, index] = WriteOnlyCell(sheet)
            cell.number_format = formats[kind]
        return cell

    def text_cell(text: str):
        if text not in ERROR_CODES:
            return text
        cell = WriteOnlyCell(sheet, value=text)  # text, not the error value openpyxl would take "#N/A" for
        cell.data_type = "s"
        return cell

    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if value is None:
                cells.append(None)
            elif index in text_positions:
                cell = cell_for("text", index)
                cell.value = _xlsx_text(neutralise(value) if isinstance(value, str) else _csv_value(value))
                cell.data_type = "s"
                cells.append(cell)
            elif isinstance(value, str):
                cells.append(text_cell(_xlsx_text(neutralise(value))))
            elif isinstance(value, bool):
                cells.append("ja" if value else "nein")
            elif isinstance(value, (int, float, Decimal)):
                number = _xlsx_number(value)
                cell = cell_for("int" if isinstance(number, int) else "decimal", index)
                cell.value = number
                cells.append(cell)
            elif isinstance(value, dt.datetime):
                cell = cell_for("datetime", index)
                cell.value = _local_naive(value)
                cells.append(cell)
            elif isinstance(value, dt.date):
                cell = cell_for("date", index)
                cell.value = value
                cells.append(cell)
            else:
                cells.append(text_cell(_xlsx_text(neutralise(str(value)))))
        sheet.append(cells)
    workbook.save(target)


def _xlsx_number(value: int | float | Decimal) -> int | float:
    """A whole number as ``int`` (shown "#,##0"), any other as ``float`` (shown "#,##0.0")."""
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if not value.is_finite():
        return float(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _xlsx_text(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


def _sheet_title(title: str) -> str:
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", str(title)).strip().strip("'")
    return cleaned[:31] or "Export"


def _local_naive(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)
