"""Reading a workbook (XLSX) or a CSV file into a header and data rows, within safe limits.

:func:`open_table` is the entry point: it checks the file (size, type, uncompressed size), finds the first sheet
whose header row matches a :class:`~catalog.importing.columns.ColumnSpec` (below any title rows and rows of group
headings) and returns a :class:`Table` whose ``rows`` yield one :class:`DataRow` per non-empty row after the
header, numbered as Excel shows them (a file without any is unreadable: it says nothing). Everything that makes a
file unusable raises :class:`UnreadableFile` with a German message (a command exits with 2, a page shows the
message; nothing is written).

- XLSX: cached values only, formulas are never evaluated. Read by calamine (:mod:`.xlsx_fast`, about ten times
  faster) when a scan of every part shows that it can read the workbook safely (every cell and row within
  A1:AZ19999 written as Office writes it, no Excel error cells, under 60 MB); otherwise, and whenever calamine
  fails, by openpyxl in read-only mode (``load_workbook(read_only=True, data_only=True)``), each sheet until its
  rows end, whatever size it states (``reset_dimensions``: a tool may have stored a wrong one). Both ways deliver
  the same values.
  Every XML part's prolog is checked with defusedxml before openpyxl opens the file, and openpyxl parses sheets
  with defusedxml, so XML entity tricks ("billion laughs", external entities) and DTDs are refused. ``.xls``
  (old binary Excel) and ``.ods`` are refused with a hint to save as ``.xlsx``.
- CSV: UTF-8 with or without BOM, else Windows-1252; separated by ";", "," or tab (the one under which the header
  is found). Every value is text; an empty value is ``None``.
- Text cells that the portal's export neutralised against formula injection ("'=…") are given back as
  they were (:func:`toolkit.export.restore_neutralised`), so export → import is lossless.
- Limits (:class:`Limits`): 20 MB file size, 200 MB uncompressed (XLSX), 1,000,000 shared strings (XLSX, counted
  before openpyxl builds its table of them), 100,000 data rows, 32,767 characters per cell (Excel's own limit).
  A file past one of them is refused in seconds, before it costs memory. Messages quote a cell shortened
  (:func:`quote`), never whole.

Nothing here knows about the catalogue.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from toolkit.charts import shorten
from toolkit.export import restore_neutralised
from toolkit.formatting import format_number

from . import xlsx_fast
from .columns import ColumnSpec, HeaderMatch

MB = 1024 * 1024
QUOTE_LENGTH = 60  # characters of a cell a message quotes


@dataclass(frozen=True)
class Limits:
    """What a file may not exceed. ``header_search_rows``: how far down the header row is looked for."""

    max_bytes: int = 20 * MB
    max_uncompressed_bytes: int = 200 * MB
    max_shared_strings: int = 1_000_000
    max_rows: int = 100_000
    max_cell_chars: int = 32_767  # what Excel itself holds in a cell
    header_search_rows: int = 50


DEFAULT_LIMITS = Limits()


class UnreadableFile(Exception):
    """The file cannot be read as a table: wrong type, too large, unsafe, or no recognisable header row."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DataRow:
    """One non-empty data row: its row number as Excel shows it, and its cell values."""

    number: int
    values: tuple


@dataclass
class Table:
    """The table found in a file. Iterate ``rows`` once; close the table (or use ``with``) when done.

    ``sheet`` is the sheet read (the file name for CSV), ``header_row`` its header's row number,
    ``match`` how the header matched the spec, ``skipped_sheets`` the names of the other sheets,
    ``kind`` "xlsx" or "csv", ``rows_estimate`` how many data rows the file seems to have (from the size a
    workbook states, or the lines of a CSV file; ``None`` if unknown), for showing progress only.
    """

    filename: str
    kind: str
    sheet: str
    header_row: int
    header: tuple
    match: HeaderMatch
    rows: Iterator[DataRow]
    skipped_sheets: list[str] = field(default_factory=list)
    rows_estimate: int | None = None
    _closer: object = None

    def close(self) -> None:
        if self._closer is not None:
            self._closer()
            self._closer = None

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


Source = str | os.PathLike | BinaryIO | bytes


def open_table(
    source: Source, *, spec: ColumnSpec, filename: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Table:
    """Open ``source`` (a path, an open binary file or bytes) and find the table described by ``spec``.

    ``filename`` is used in messages and to tell CSV from XLSX when the content is ambiguous.
    Raises :class:`UnreadableFile`.
    """
    handle, filename, must_close = _open(source, filename)
    try:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(0)
        if size == 0:
            raise UnreadableFile(f"Die Datei „{filename}“ ist leer.")
        if size > limits.max_bytes:
            raise UnreadableFile(
                f"Die Datei „{filename}“ ist {_mb(size)} MB groß; erlaubt sind höchstens {limits.max_bytes // MB} MB."
            )
        start = handle.read(8)
        handle.seek(0)
        if start.startswith(b"PK\x03\x04"):
            table = _open_xlsx(handle, filename, spec, limits)
        elif start.startswith(b"\xd0\xcf\x11\xe0"):
            raise UnreadableFile(
                f"„{filename}“ ist eine Excel-Datei im alten Format (.xls) oder verschlüsselt. Bitte in Excel "
                "ohne Kennwort als „Excel-Arbeitsmappe (.xlsx)“ speichern und erneut hochladen."
            )
        elif filename.lower().endswith((".xlsx", ".xlsm")):
            raise UnreadableFile(f"„{filename}“ ist keine gültige Excel-Arbeitsmappe (.xlsx).")
        else:
            table = _open_csv(handle, filename, spec, limits)
    except BaseException:
        if must_close:
            handle.close()
        raise
    if must_close:
        previous = table._closer

        def close_all():
            if previous is not None:
                previous()
            handle.close()

        table._closer = close_all
    return table


def quote(value: object) -> str:
    """A cell's value as messages quote it: shortened to 60 characters (a cell may hold 32,767)."""
    return shorten(str(value), QUOTE_LENGTH)


def _mb(size: int) -> str:
    """Megabytes rounded up to one decimal, German notation ("20,1")."""
    return f"{math.ceil(size * 10 / MB) / 10:.1f}".replace(".", ",")


def _open(source: Source, filename: str | None) -> tuple[BinaryIO, str, bool]:
    if isinstance(source, bytes):
        return io.BytesIO(source), filename or "Datei", True
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            return open(path, "rb"), filename or path.name, True  # noqa: SIM115 - closed by the Table
        except OSError as exc:
            raise UnreadableFile(f"Die Datei „{path}“ kann nicht geöffnet werden: {exc.strerror}.") from exc
    return source, filename or getattr(source, "name", None) or "Datei", False


def _not_found(filename: str, spec: ColumnSpec, best: tuple | None) -> UnreadableFile:
    required = ", ".join(f"„{c.label}“" for c in spec.required)
    if best is None or best[0] == (0, 0):
        return UnreadableFile(
            f"In „{filename}“ wurde keine Kopfzeile gefunden. Erwartet wird eine Zeile mit den Spalten {required}."
        )
    _, sheet, row, match = best
    missing = ", ".join(f"„{c.label}“" for c in match.missing)
    fehlt = "fehlt die Pflichtspalte" if len(match.missing) == 1 else "fehlen die Pflichtspalten"
    return UnreadableFile(
        f"In „{filename}“, Blatt „{sheet}“, sieht Zeile {row} wie die Kopfzeile aus, aber es {fehlt} {missing}. "
        f"Nötig sind die Spalten {required}."
    )


def _clean(value):
    """A cell as the importers see it: blank text is empty, an exported formula guard is taken off again."""
    if isinstance(value, str):
        if not value.strip():
            return None
        if value[0] == "'":
            return restore_neutralised(value)
    return value


def _data_rows(
    rows: Iterator[Sequence], *, first_number: int, header: tuple, limits: Limits, filename: str
) -> Iterator[DataRow]:
    try:
        yield from _data_rows_of(rows, first_number=first_number, header=header, limits=limits, filename=filename)
    except xlsx_fast.NichtLesbar as exc:  # calamine failed after the header was found: too late for openpyxl
        raise UnreadableFile(f"„{filename}“ kann nicht vollständig gelesen werden.") from exc


def _data_rows_of(
    rows: Iterator[Sequence], *, first_number: int, header: tuple, limits: Limits, filename: str
) -> Iterator[DataRow]:
    count = 0
    width = len(header)
    for number, values in enumerate(rows, start=first_number):
        # (every row passes here: the common cells – empty, numbers – are not handed to _clean)
        cleaned = [v if v is None or v.__class__ in (int, float) else _clean(v) for v in values]
        if cleaned.count(None) == len(cleaned):
            continue
        if len(cleaned) < width:
            cleaned += [None] * (width - len(cleaned))
        count += 1
        if count > limits.max_rows:
            raise UnreadableFile(
                f"„{filename}“ hat mehr als {format_number(limits.max_rows)} Datenzeilen; so große Dateien werden "
                "nicht eingelesen."
            )
        for index, value in enumerate(cleaned):
            if value.__class__ is str and len(value) > limits.max_cell_chars:
                raise _too_long(filename, number, header[index] if index < width else None, value, limits)
        yield DataRow(number=number, values=tuple(cleaned))
    if not count:  # a file that says nothing: importing it could only retire what it does not list
        raise UnreadableFile(
            f"„{filename}“ enthält unter der Kopfzeile (Zeile {first_number - 1}) keine Datenzeilen; es wurde "
            "nichts eingelesen."
        )


def _check_length(values: Sequence, row: int, filename: str, limits: Limits) -> None:
    """A row above the header: no cell longer than a cell may be (it would only be matched against headings)."""
    for value in values:
        if value.__class__ is str and len(value) > limits.max_cell_chars:
            raise _too_long(filename, row, None, value, limits)


def _too_long(filename: str, row: int, column, value: str, limits: Limits) -> UnreadableFile:
    where = f"Zeile {row}" + (f", Spalte „{shorten(str(column), 40)}“" if column else "")
    return UnreadableFile(
        f"„{filename}“, {where}: die Zelle hat {format_number(len(value))} Zeichen („{quote(value)}“); erlaubt sind "
        f"höchstens {format_number(limits.max_cell_chars)} Zeichen, so viele wie Excel in einer Zelle hält."
    )


# --- XLSX ------------------------------------------------------------------------------------------------------


def _part_with_dtd(archive: zipfile.ZipFile) -> str | None:
    """The first XML part whose prolog declares a DTD or entities, or ``None``.

    openpyxl parses some parts with lxml when lxml is installed (python-pptx brings it), which ignores entities
    instead of refusing them; so every XML part's prolog is checked here first, with defusedxml, up to its root
    element (a few bytes per part: the rest of the part is not read).
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as part:
            try:
                for _event, _element in iterparse(part, events=("start",), forbid_dtd=True):
                    break
            except DefusedXmlException:
                return info.filename
            except Exception:  # noqa: S112 - a broken part is openpyxl's to report, with its own message
                continue
    return None


_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")  # the start of one entry, with any prefix


def _count_shared_strings(archive: zipfile.ZipFile, filename: str, limits: Limits) -> None:
    """Refuse a workbook whose table of shared strings holds more than ``limits.max_shared_strings`` entries.

    openpyxl builds that table completely (a Python string each) before the first row is read: a workbook of a
    few hundred KB can declare millions of them. Counted here on the compressed stream, stopping at the limit, so
    such a file is refused within a second. (The part is named in ``[Content_Types].xml``, where openpyxl finds it.)
    """
    from defusedxml.ElementTree import fromstring

    try:
        types = fromstring(archive.read("[Content_Types].xml"))
    except Exception:  # noqa: BLE001 - a broken manifest is openpyxl's to report, with its own message
        return
    parts = [
        element.get("PartName", "").lstrip("/")
        for element in types
        if element.tag.endswith("Override") and element.get("ContentType") == _SHARED_STRINGS_TYPE
    ]
    for name in parts:
        try:
            part = archive.open(name)
        except KeyError:
            continue
        count, tail = 0, b""
        with part:
            while chunk := part.read(MB):
                data = tail + chunk
                count += len(_SHARED_STRING.findall(data))
                # a tag cut at the chunk's end is counted with the next chunk
                cut = data.rfind(b"<", max(0, len(data) - 64))
                tail = data[cut:] if cut != -1 and not _SHARED_STRING.match(data, cut) else b""
                if count > limits.max_shared_strings:
                    raise UnreadableFile(
                        f"„{filename}“ enthält mehr als {format_number(limits.max_shared_strings)} verschiedene Texte "
                        "(Tabelle der gemeinsamen Zeichenketten); erlaubt sind höchstens "
                        f"{format_number(limits.max_shared_strings)}. So eine Datei wird nicht eingelesen."
                    )


def _open_xlsx(handle: BinaryIO, filename: str, spec: ColumnSpec, limits: Limits) -> Table:

    unsafe_part = None
    fast = False
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            uncompressed = sum(info.file_size for info in archive.infolist())
            if "mimetype" in names and "xl/workbook.xml" not in names:
                raise UnreadableFile(
                    f"„{filename}“ ist eine OpenDocument-Tabelle (.ods). Bitte als „Excel-Arbeitsmappe (.xlsx)“ "
                    "speichern und erneut hochladen."
                )
            if "xl/workbook.xml" not in names:
                raise UnreadableFile(f"„{filename}“ ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe (.xlsx).")
            if uncompressed <= limits.max_uncompressed_bytes:
                unsafe_part = _part_with_dtd(archive)
                if unsafe_part is None:
                    _count_shared_strings(archive, filename, limits)
                    fast = xlsx_fast.sicher_lesbar(archive)
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(f"„{filename}“ ist beschädigt und kann nicht gelesen werden.") from exc
    if uncompressed > limits.max_uncompressed_bytes:
        raise UnreadableFile(
            f"„{filename}“ ist entpackt {_mb(uncompressed)} MB groß; erlaubt sind höchstens "
            f"{limits.max_uncompressed_bytes // MB} MB."
        )
    handle.seek(0)

    unsafe = UnreadableFile(
        f"„{filename}“ enthält unzulässige XML-Konstrukte (z. B. Entitäten oder DTDs) und wird aus "
        "Sicherheitsgründen nicht gelesen."
    )
    if unsafe_part:
        raise unsafe
    if fast:
        try:
            return _find_table(*xlsx_fast.blaetter(handle), filename=filename, spec=spec, limits=limits)
        except xlsx_fast.NichtLesbar:
            handle.seek(0)  # calamine could not read it: openpyxl decides, as for every other workbook
    return _find_table(*_openpyxl(handle, filename, unsafe), filename=filename, spec=spec, limits=limits)


def _find_table(sheetnames: list[str], sheets: Iterator, close, *, filename: str, spec: ColumnSpec, limits: Limits):
    """The first sheet whose header row matches ``spec``, as a :class:`Table`; each of ``sheets`` is
    (title, last row the file states or ``None``, its rows from row 1)."""
    try:
        best = None
        for title, stated_rows, rows in sheets:
            for number, values in enumerate(rows, start=1):
                if number > limits.header_search_rows:
                    break
                if not values or all(_clean(v) is None for v in values):
                    continue
                _check_length(values, number, filename, limits)
                match = spec.match([_clean(v) for v in values])
                if match.complete:
                    header = tuple(_clean(v) for v in values)
                    data = _data_rows(rows, first_number=number + 1, header=header, limits=limits, filename=filename)
                    return Table(
                        filename=filename,
                        kind="xlsx",
                        sheet=title,
                        header_row=number,
                        header=header,
                        match=match,
                        rows=data,
                        skipped_sheets=[name for name in sheetnames if name != title],
                        rows_estimate=_estimate(stated_rows, number, limits),
                        _closer=close,
                    )
                if best is None or match.score > best[0]:
                    best = (match.score, title, number, match)
        raise _not_found(filename, spec, best)
    except BaseException:
        close()
        raise


def _openpyxl(handle: BinaryIO, filename: str, unsafe: UnreadableFile) -> tuple:
    """The sheets as openpyxl reads them, row by row: (every sheet's name, the worksheets, close)."""
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    def guarded(rows: Iterator) -> Iterator:
        try:
            yield from rows
        except UnreadableFile:
            raise
        except Exception as exc:
            if _caused_by(exc, DefusedXmlException):
                raise unsafe from exc
            raise UnreadableFile(f"„{filename}“ kann nicht vollständig gelesen werden.") from exc

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for broken files; none of them may become a 500
        if _caused_by(exc, DefusedXmlException):
            raise unsafe from exc
        raise UnreadableFile(f"„{filename}“ kann nicht als Excel-Arbeitsmappe gelesen werden.") from exc

    def worksheets():
        for sheet in workbook.worksheets:  # (chart sheets are not among them)
            stated_rows = sheet.max_row  # the size the file states (Excel writes it), for progress only
            sheet.reset_dimensions()  # read until the rows end, not as far as a stored size says
            yield sheet.title, stated_rows, guarded(sheet.iter_rows(values_only=True))

    return workbook.sheetnames, worksheets(), workbook.close


def _estimate(last_row: int | None, header_row: int, limits: Limits) -> int | None:
    """The data rows below the header if the file's last row is ``last_row``; ``None`` when that says nothing."""
    if not last_row or last_row <= header_row or last_row - header_row > limits.max_rows:
        return None
    return last_row - header_row


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """openpyxl wraps parser errors in its own; look through the chain of causes."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


# --- CSV -------------------------------------------------------------------------------------------------------

DELIMITERS = (";", ",", "\t")


def _decode(data: bytes, filename: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"„{filename}“ ist als UTF-8 markiert, enthält aber ungültige Zeichen.") from exc
    if b"\x00" in data:
        raise UnreadableFile(
            f"„{filename}“ ist weder eine Excel-Arbeitsmappe (.xlsx) noch eine CSV-Datei (UTF-8 oder Windows-1252)."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"„{filename}“ ist weder in UTF-8 noch in Windows-1252 kodiert und kann nicht gelesen werden."
        ) from exc


def _open_csv(handle: BinaryIO, filename: str, spec: ColumnSpec, limits: Limits) -> Table:
    text = _decode(handle.read(), filename)
    best = None
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for number, values in enumerate(reader, start=1):
                if number > limits.header_search_rows:
                    break
                cleaned = [_clean(v) for v in values]
                if all(v is None for v in cleaned):
                    continue
                _check_length(cleaned, number, filename, limits)
                match = spec.match(cleaned)
                if match.complete:
                    header = tuple(cleaned)
                    return Table(
                        filename=filename,
                        kind="csv",
                        sheet=filename,
                        header_row=number,
                        header=header,
                        match=match,
                        rows=_csv_rows(reader, number + 1, header, limits, filename),
                        rows_estimate=_estimate(text.count("\n") + (not text.endswith("\n")), number, limits),
                    )
                if best is None or match.score > best[0]:
                    best = (match.score, filename, number, match)
        except csv.Error as exc:
            raise _csv_error(filename, exc) from exc
    raise _not_found(filename, spec, best)


def _csv_rows(reader, first_number: int, header: tuple, limits: Limits, filename: str) -> Iterator[DataRow]:
    try:
        yield from _data_rows(reader, first_number=first_number, header=header, limits=limits, filename=filename)
    except csv.Error as exc:
        raise _csv_error(filename, exc) from exc


def _csv_error(filename: str, exc: csv.Error) -> UnreadableFile:
    if "field larger than field limit" in str(exc):  # the csv module's own limit (131,072 characters)
        return UnreadableFile(
            f"„{filename}“ enthält eine Zelle mit mehr als {format_number(csv.field_size_limit())} Zeichen; "
            "erlaubt sind höchstens 32.767 Zeichen, so viele wie Excel in einer Zelle hält."
        )
    if "NUL" in str(exc):
        return UnreadableFile(f"„{filename}“ enthält Nullzeichen und ist keine lesbare CSV-Datei.")
    return UnreadableFile(
        f"„{filename}“ ist keine lesbare CSV-Datei (Anführungszeichen oder Zeilenumbrüche passen nicht zusammen)."
    )
