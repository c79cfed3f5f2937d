"""Reading a workbook's sheets with calamine (Rust), about eight times faster than openpyxl, where that is safe.

python-calamine builds each sheet as one rectangle in memory, from its first to its last cell: a workbook with the
two cells A1 and XFD1048576 would make it allocate 17 billion cells, and a failed allocation ends the whole
process (no Python exception). So :func:`sicher_lesbar` scans the XML of every worksheet first and lets calamine
read the workbook only when nothing can surprise it:

- every cell is written as ``<c r="…">`` (as Excel, LibreOffice and openpyxl write it), with a reference in the
  columns A–AZ and the rows 1–19,999: at most a million cells, ~35 MB while a sheet is read (calamine holds a
  whole sheet: a workbook of 50,000 rows would need ~100 MB more than openpyxl's row by row, past the import's
  memory goal of 150 MB; a catalogue has about 5,000 rows);
- no cell holds an Excel error (``t="e"``, "#NV", "#DIV/0!"): calamine gives those back as empty cells, openpyxl
  as their text, which the importers then name in their message.

Every other workbook is read as before, row by row, by openpyxl (:mod:`catalog.importing.reader`). Both ways
deliver the same values: ``None`` for an empty cell, text as it is, whole numbers as ``int``, other numbers as
``float``, dates as ``datetime``, times as ``time``, durations as ``timedelta``, ``bool``.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_CELL = re.compile(rb"<c[\s/>]")
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s/>]")
# a cell reference outside A1:AZ19999 (or not a reference at all)
_FAR_OR_ODD_CELL = re.compile(rb'<c r="(?!(?:[A-Z]|A[A-Z])(?:[1-9][0-9]{0,3}|1[0-9]{4})")')


def sicher_lesbar(archive: zipfile.ZipFile) -> bool:
    """Whether calamine may read this workbook (see the module's text); ``False`` when in doubt."""
    from defusedxml.ElementTree import fromstring

    try:
        types = fromstring(archive.read("[Content_Types].xml"))
    except Exception:  # noqa: BLE001 - openpyxl reports a broken manifest with its own message
        return False
    parts = [
        element.get("PartName", "").lstrip("/")
        for element in types
        if element.tag.endswith("Override") and element.get("ContentType") == _WORKSHEET_TYPE
    ]
    listed = {name for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml")}
    if not parts or not listed <= set(parts):  # a sheet the manifest does not name: let openpyxl decide
        return False
    for name in parts:
        try:
            data = archive.read(name)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError):
            return False
        if b't="e"' in data or _PREFIXED_CELL.search(data) or _FAR_OR_ODD_CELL.search(data):
            return False
        if data.count(b'<c r="') != len(_CELL.findall(data)):  # a cell without its reference
            return False
    return True


class NichtLesbar(Exception):
    """calamine could not read the workbook or one of its sheets (openpyxl is asked instead)."""


def blaetter(handle: BinaryIO) -> tuple[list[str], Iterator[tuple[str, int | None, Iterator[list]]], object]:
    """(every sheet's name, the worksheets as (name, last row, rows from row 1), close) of a workbook that
    :func:`sicher_lesbar` accepted. calamine reads a whole sheet when the iteration reaches it (one at a time);
    whatever goes wrong there raises :class:`NichtLesbar`, before any of that sheet's rows is handed out."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        workbook = CalamineWorkbook.from_filelike(handle)
        names, metadata = list(workbook.sheet_names), list(workbook.sheets_metadata)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine's errors, also a Rust panic (which is no Exception)
        raise NichtLesbar from exc

    def worksheets():
        for meta in metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:  # (openpyxl's worksheets leave chart sheets out too)
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:
                raise NichtLesbar from exc
            end = sheet.end
            yield meta.name, (end[0] + 1 if end else None), _rows(sheet)

    return names, worksheets(), workbook.close


def _rows(sheet) -> Iterator[list]:
    start = sheet.start
    if start is None:  # an empty sheet
        return
    left = [None] * start[1]  # calamine starts each row at the first used column; openpyxl at column A
    for values in sheet.iter_rows():  # (rows from row 1 on)
        yield left + [_value(v) for v in values]


def _value(value):
    """A value as openpyxl gives it."""
    kind = value.__class__
    if kind is str:
        return value or None
    if kind is float:
        return int(value) if value.is_integer() else value
    if kind is dt.date:  # openpyxl reads every date format as a datetime
        return dt.datetime(value.year, value.month, value.day)
    return value
