"""Opening a workbook read-only with openpyxl, without reading each sheet twice.

openpyxl's ``load_workbook(read_only=True)`` makes a ``ReadOnlyWorksheet`` per sheet, which at once looks for the
sheet's size. A sheet saved by Excel or LibreOffice states it in a ``<dimension>`` element at its top; a sheet
without one (openpyxl's write-only mode leaves it out, so the portal's own exports have none) is parsed from top
to bottom just to find its last row: for a 5,000-row catalogue a third of the reading time, spent before a single
row is read. The importer does not use that size (stored sizes can be wrong; it reads until the rows end), so
:func:`open_workbook` makes the same workbook with sheets that skip the search.

This uses openpyxl's reader classes (``ExcelReader``, ``ReadOnlyWorksheet``) below ``load_workbook``; the version
is pinned in ``constraints.txt``, and the tests read workbooks with and without ``<dimension>``, with chart sheets
and several sheets through here.
"""

from __future__ import annotations

from typing import BinaryIO

from openpyxl.reader.excel import ExcelReader
from openpyxl.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet


class _Blatt(ReadOnlyWorksheet):
    """A read-only sheet of unknown size: its rows are read until they end."""

    def _get_size(self):
        """Do not parse the whole sheet to find its size (``max_row``/``max_column`` stay ``None``)."""


class _Leser(ExcelReader):
    def read_worksheets(self):
        """The read-only part of ``ExcelReader.read_worksheets``, with :class:`_Blatt` sheets."""
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            blatt = _Blatt(self.wb, sheet.name, rel.target, self.shared_strings)
            blatt.sheet_state = sheet.state
            self.wb._sheets.append(blatt)


def open_workbook(handle: BinaryIO) -> Workbook:
    """The workbook read-only, with cached values only (formulas are never evaluated), no external links."""
    leser = _Leser(handle, read_only=True, data_only=True, keep_links=False)
    leser.read()
    return leser.wb
