"""Turning cell values into Python values, with German row errors.

Cell readers are plain functions ``read_x(value, ...) -> result`` that take a raw cell value (what
:mod:`catalog.importing.reader` delivers: ``None`` for an empty cell, ``str``, ``int``, ``float``,
``datetime``/``date``, ``bool``) and either return the value or raise :class:`CellError` saying what was expected.
They know nothing about rows or the catalogue:

- :func:`read_text` – text, trimmed, optionally required and length-limited;
- :func:`read_key` – a LeiKa key in any notation (text with dots/spaces, number, scientific notation), with a
  "(vorläufig)" / "vorl." marker → ``(14 digits, provisional?)``;
- :func:`read_bool` – ja/nein, x, 1/0, wahr/falsch, yes/no, true/false; empty → ``False``;
- :func:`read_int` – whole numbers (also "1.234" with German thousands dots, or 12.0); empty → ``None``;
- :func:`read_date` – Excel dates, Excel serial numbers, "TT.MM.JJJJ" or "JJJJ-MM-TT"; empty → ``None``;
- :class:`Lookup` – one of a set of known values by name (statuses, Ämter, choices): case and spacing do not count.

:class:`RowReader` ties them to one row of a file: it reads a column by its key and turns a :class:`CellError` into
a :class:`RowError` (sheet, Excel row number, column header, value found, what was expected, German message),
so that an importer collects every error of every row instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from catalog.keys import InvalidKey, normalize_key, split_provisional
from toolkit.dates import DateError, parse_date

from .columns import ColumnSpec, HeaderMatch
from .reader import QUOTE_LENGTH, quote

_QUOTE = re.compile(rf"„([^“]{{{QUOTE_LENGTH + 1},}})“")  # a quoted value longer than quote() lets it be


class CellError(ValueError):
    """A cell value a reader cannot use. ``expected`` says in German what the cell should hold."""

    def __init__(self, message: str, *, expected: str):
        super().__init__(message)
        self.message = message
        self.expected = expected


@dataclass(frozen=True)
class RowError:
    """One problem in one row of an imported file, located as a user finds it in Excel.

    ``row`` is the row number Excel shows (1-based, title rows counted); ``column`` the header as written in the
    file (empty for a problem of the whole row); ``value`` the value found, ``expected`` what would be valid,
    ``message`` the German explanation.
    """

    sheet: str
    row: int
    column: str
    value: Any
    expected: str
    message: str

    def __post_init__(self):
        # a cell is quoted shortened in the message, never whole (a cell may hold 32,767 characters)
        object.__setattr__(self, "message", _QUOTE.sub(lambda m: f"„{quote(m.group(1))}“", self.message))

    @property
    def value_text(self) -> str:
        """The found value as a user would recognise it ("leer" for an empty cell), shortened."""
        if self.value is None or (isinstance(self.value, str) and not self.value.strip()):
            return "leer"
        if isinstance(self.value, dt.datetime):
            return f"{self.value:%d.%m.%Y}"
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return quote(self.value)

    def __str__(self) -> str:
        where = f"Blatt „{self.sheet}“, Zeile {self.row}"
        if self.column:
            where += f", Spalte „{self.column}“"
        return f"{where}: {self.message} (gefunden: {self.value_text}; erwartet: {self.expected})"


def is_empty(value: object) -> bool:
    """``None`` or text with nothing but spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


# --- readers ---------------------------------------------------------------------------------------------------


def read_text(value: object, *, required: bool = False, max_length: int | None = None) -> str:
    """Text with surrounding whitespace removed; numbers are written without a trailing ".0"."""
    if is_empty(value):
        if required:
            raise CellError("Die Zelle ist leer, hier ist ein Text nötig.", expected="ein Text")
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime):
        value = f"{value:%d.%m.%Y}"
    text = str(value).strip()
    if max_length is not None and len(text) > max_length:
        raise CellError(
            f"Der Text ist {len(text)} Zeichen lang; erlaubt sind höchstens {max_length}.",
            expected=f"höchstens {max_length} Zeichen",
        )
    return text


KEY_EXPECTED = "ein LeiKa-Schlüssel mit 14 Ziffern, z. B. 99.050.042.000.000"


def read_key(value: object) -> tuple[str, bool]:
    """A LeiKa key in any notation → (14 digits, provisional?). A "(vorläufig)"/"vorl." marker sets the flag."""
    key_part, provisional = split_provisional(value)
    try:
        return normalize_key(key_part), provisional
    except InvalidKey as exc:
        raise CellError(" ".join(exc.messages), expected=KEY_EXPECTED) from exc


_TRUE = {"ja", "j", "x", "1", "wahr", "true", "yes", "y", "✓", "✔"}
_FALSE = {"nein", "n", "0", "falsch", "false", "no", "-", "–"}
BOOL_EXPECTED = "ja oder nein (auch x, 1/0, wahr/falsch oder leer)"


def read_bool(value: object) -> bool:
    """ja/nein, x, 1/0, wahr/falsch (and their English forms); an empty cell means nein."""
    if is_empty(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"„{value}“ ist kein Ja/Nein-Wert.", expected=BOOL_EXPECTED)


_GROUPED_INT = re.compile(r"^[+]?\d{1,3}(\.\d{3})+$")  # 1.234.567 (German thousands dots)


def read_int(value: object, *, min_value: int | None = 0, max_value: int | None = None) -> int | None:
    """A whole number (``12``, ``12.0``, ``"1.234"``, ``"1234"``); empty → ``None``."""
    if is_empty(value):
        return None
    expected = "eine ganze Zahl" + (" ab 0" if min_value == 0 else "")
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        number = int(value) if value.is_integer() else None
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if _GROUPED_INT.match(text):
            text = text.replace(".", "")
        elif text.endswith((",0", ".0")):
            text = text[:-2]
        if re.fullmatch(r"[+-]?\d+", text):
            number = int(text)
    if number is None:
        raise CellError(f"„{value}“ ist keine ganze Zahl.", expected=expected)
    if min_value is not None and number < min_value:
        raise CellError(f"{number} ist kleiner als {min_value}.", expected=expected)
    if max_value is not None and number > max_value:
        raise CellError(f"{number} ist größer als {max_value}.", expected=f"eine ganze Zahl bis {max_value}")
    return number


DATE_EXPECTED = "ein Datum als Excel-Datum oder TT.MM.JJJJ"


def read_date(value: object) -> dt.date | None:
    """An Excel date (or its serial number), or text read by :func:`toolkit.dates.parse_date` ("TT.MM.JJJJ",
    "TT.MM.JJ", "JJJJ-MM-TT", also with a time after it as spreadsheets write it); empty → ``None``."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial numbers 1900-01-01 … 9999-12-31
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise CellError(f"„{value}“ ist kein Datum.", expected=DATE_EXPECTED)
    text = str(value).strip()
    try:
        return parse_date(text)
    except DateError as error:
        fehler = error
    tag = text.split(" ")[0].split("T")[0]  # "2022-05-31 00:00:00": the date without its time
    if tag != text:
        try:
            return parse_date(tag)
        except DateError as error:
            fehler = error
    if fehler.well_formed:
        raise CellError(f"„{text}“ ist kein gültiges Datum.", expected=DATE_EXPECTED)
    raise CellError(f"„{text}“ ist kein Datum.", expected=DATE_EXPECTED)


def lookup_key(text: object) -> str:
    """How names are compared in a :class:`Lookup`: case, surrounding and repeated spaces do not count."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return " ".join(str(text).split()).casefold()


class Lookup:
    """One of a set of known values, found by any of its names.

    ``Lookup({"Abgeschlossen": status1, ...}, what="Status")``; several names may point to the same value.
    :meth:`read` returns the value, ``None`` for an empty cell, or raises :class:`CellError` naming the valid
    choices (the first ``shown`` names, or all names when few).
    """

    def __init__(
        self, names: dict[object, Any] | Iterable[tuple[object, Any]], *, what: str, shown: Sequence[str] = ()
    ):
        pairs = names.items() if isinstance(names, dict) else names
        self._values: dict[str, Any] = {}
        self._ambiguous: set[str] = set()
        seen: list[str] = []
        for name, value in pairs:
            key = lookup_key(name)
            if key in self._values and self._values[key] != value:
                self._ambiguous.add(key)
            self._values.setdefault(key, value)
            seen.append(str(name))
        self.what = what
        self.shown = list(shown) or sorted(set(seen))

    def read(self, value: object) -> Any:
        if is_empty(value):
            return None
        key = lookup_key(value)
        if key in self._ambiguous:
            raise CellError(f"„{value}“ ist als {self.what} nicht eindeutig.", expected=self.expected)
        if key not in self._values:
            raise CellError(f"{self.what} „{value}“ gibt es nicht.", expected=self.expected)
        return self._values[key]

    @property
    def expected(self) -> str:
        names = self.shown[:12]
        more = " …" if len(self.shown) > 12 else ""
        return f"ein vorhandener Wert für {self.what}: " + ", ".join(names) + more if names else f"ein {self.what}"


# --- one row ---------------------------------------------------------------------------------------------------


class RowReader:
    """Reads the cells of one data row by column key and collects every problem as a :class:`RowError`.

    ``values`` is the row as delivered by the reader; ``match`` the header match of the table. Usage::

        cells = RowReader(sheet="Katalog", row=12, values=values, match=match, spec=spec)
        if "amt" in cells:                      # the file has the column
            amt = cells.read("amt", aemter.read)
        key, provisional = cells.read("key", read_key) or (None, False)
        if cells.errors: ...

    :meth:`read` returns the reader's result, or ``None`` after recording the error.
    """

    def __init__(self, *, sheet: str, row: int, values: Sequence[object], match: HeaderMatch, spec: ColumnSpec):
        self.sheet = sheet
        self.row = row
        self.values = values
        self.match = match
        self.spec = spec
        self.errors: list[RowError] = []

    def __contains__(self, key: str) -> bool:
        return key in self.match.positions

    def raw(self, key: str) -> object:
        """The cell's raw value, ``None`` if the column is absent or the row is shorter."""
        index = self.match.positions.get(key)
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def header(self, key: str) -> str:
        return self.match.headers.get(key) or self.spec[key].label

    def read(self, key: str, reader: Callable[..., Any], /, **options) -> Any:
        return self._read(key, reader, options)[1]

    def read_all(self, readers: Iterable[tuple[str, Callable[[object], Any]]]) -> dict[str, Any]:
        """Read several columns (key, reader) of the file; returns the values of the cells read without error."""
        result = {}
        for key, reader in readers:
            ok, value = self._read(key, reader, {})
            if ok:
                result[key] = value
        return result

    def _read(self, key: str, reader: Callable[..., Any], options: dict) -> tuple[bool, Any]:
        """(True, the reader's result), or (False, None) after recording the cell's error."""
        value = self.raw(key)
        try:
            return True, reader(value, **options)
        except CellError as exc:
            self.add_error(key, value=value, message=exc.message, expected=exc.expected)
            return False, None

    def add_error(self, key: str | None, *, value: object, message: str, expected: str) -> RowError:
        """Record a problem found by the importer itself (e.g. a duplicate key); ``key=None`` for the whole row."""
        error = RowError(
            sheet=self.sheet,
            row=self.row,
            column=self.header(key) if key else "",
            value=value,
            expected=expected,
            message=message,
        )
        self.errors.append(error)
        return error
