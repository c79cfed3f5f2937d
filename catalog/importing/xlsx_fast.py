"""Reading a workbook's sheets with calamine (Rust), about ten times faster than openpyxl, where that is safe.

python-calamine builds each sheet as one rectangle in memory, from its first to its last cell, and copies a shared
text into every cell that uses it: a workbook with the two cells A1 and XFD1048576, or one long text used by
100,000 cells, would make it allocate gigabytes, and a failed allocation ends the whole process (no Python
exception). So :func:`sicher_lesbar` scans every part of the archive first (whatever its name or content type: the
workbook decides which parts are sheets) and lets calamine read the workbook only when nothing can surprise it:

- every cell is written exactly as Excel, LibreOffice and openpyxl write it: ``<c r="…"`` with a reference in the
  columns A–AZ and the rows 1–19,999, then at most ``s="…"``, ``t="…"`` (text, number, boolean, formula text,
  inline text) and Excel's ``cm``/``vm``/``ph``, in this order, and every ``<row r="…">`` within these rows;
- no cell holds an Excel error (``t="e"``, "#NV", "#DIV/0!"): calamine gives those back as empty cells, openpyxl
  as their text, which the importers then name in their message (an error cell is no cell "written exactly");
- what calamine would hold stays under :data:`SPEICHER_GRENZE`: the sheets' XML (inline texts), 32 bytes per cell
  and, for each cell with a shared text, that text's length.

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

SPEICHER_GRENZE = 60 * 1024 * 1024  # bytes calamine may hold for a workbook (a catalogue of 5,000 rows: ~6 MB)

_REF = rb"(?:[A-Z]|A[A-Z])(?:[1-9][0-9]{0,3}|1[0-9]{4})"  # A1 … AZ19999
_CELL = re.compile(rb"<c[\s/>]")
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|row|si)[\s/>]")
_EXACT_CELL = re.compile(
    rb'<c r="' + _REF + rb'"(?: s="[0-9]{1,6}")?(?: t="(s|n|b|str|inlineStr)")?(?: (?:cm|vm|ph)="[0-9]{1,6}")*\s?/?>'
)
_SHARED_VALUE = re.compile(rb'<c r="[A-Z0-9]+"(?: s="[0-9]+")? t="s"(?: (?:cm|vm|ph)="[0-9]+")*><v>([0-9]{1,9})</v>')
_ROW = re.compile(rb"<row[\s/>]")
_EXACT_ROW = re.compile(rb'<row r="(?:[1-9][0-9]{0,3}|1[0-9]{4})"[\s/>]')
_SHARED_STRING = re.compile(rb"<si[\s/>]")


def sicher_lesbar(archive: zipfile.ZipFile) -> bool:
    """Whether calamine may read this workbook (see the module's text); ``False`` when in doubt."""
    zellen = texte = 0
    geteilt: list[int] = []  # the index of each cell's shared text
    laengen: list[int] | None = None  # each shared text's length in the XML
    try:
        for info in archive.infolist():
            data = archive.read(info)
            if _PREFIXED.search(data):
                return False
            if b"<sst" in data and _SHARED_STRING.search(data):
                if laengen is not None:  # two tables of shared texts: which one calamine takes is not ours to guess
                    return False
                starts = [m.start() for m in _SHARED_STRING.finditer(data)] + [len(data)]
                laengen = [b - a for a, b in zip(starts, starts[1:], strict=False)]
                continue
            cells = len(_CELL.findall(data))
            rows = len(_ROW.findall(data))
            if not cells and not rows:
                continue
            exact = _EXACT_CELL.findall(data)
            if len(exact) != cells or len(_EXACT_ROW.findall(data)) != rows:
                return False
            shared = _SHARED_VALUE.findall(data)
            if len(shared) != exact.count(b"s"):
                return False
            zellen += cells
            texte += len(data)
            geteilt += [int(index) for index in shared]
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError):
        return False
    if geteilt and (laengen is None or max(geteilt) >= len(laengen)):
        return False
    return texte + 32 * zellen + sum(laengen[index] for index in geteilt) <= SPEICHER_GRENZE


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
    try:
        for values in sheet.iter_rows():  # (rows from row 1 on)
            yield left + [_value(v) for v in values]
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # also a Rust panic (which is no Exception)
        raise NichtLesbar from exc


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
