"""Matching a file's header row to the columns an importer knows.

An importer declares its columns once as a :class:`ColumnSpec` of :class:`Column` objects (internal key, German
label, synonyms, required or not). :meth:`ColumnSpec.match` compares a header row with it and answers which
column sits where (:class:`HeaderMatch`), which headers are unknown and which required columns are missing.

Header texts are compared after :func:`normalize_header`: case, spaces, hyphens, line breaks, punctuation and
text in brackets do not count, and umlauts equal their spelled-out form, so "LeiKa-ID (ggf. vorläufig)",
"leika id" and "LEIKA-\\nID" all name the same column. A header made of several names joined by "/" (e.g.
"Vollzugsbehörde / Zuständigkeit") matches the column all its parts name.

Nothing here knows about the catalogue; the scorecard's ratings import declares its own spec.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")
_NOT_WORD = re.compile(r"[^0-9a-z/]+")
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalize_header(text: object) -> str:
    """Reduce a header text to what identifies it: lower case, no brackets' content, only letters, digits, "/".

    >>> normalize_header("LeiKa-ID (ggf. vorläufig)")
    'leikaid'
    >>> normalize_header("Vollzugsbe-\\nhörde")
    'vollzugsbehoerde'
    """
    if text is None:
        return ""
    value = str(text)
    previous = None
    while previous != value:  # nested brackets: remove from the inside out
        previous, value = value, _BRACKETS.sub(" ", value)
    value = value.casefold().translate(_FOLD)
    return _NOT_WORD.sub("", value).strip("/")


@dataclass(frozen=True)
class Column:
    """One column an importer reads.

    ``key`` is the importer's own name for it (e.g. a model field), ``label`` the German header written by the
    export and shown in messages, ``synonyms`` further header texts that mean the same column.
    """

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms)


@dataclass
class HeaderMatch:
    """The result of matching one header row against a :class:`ColumnSpec`.

    ``positions`` maps a column key to its 0-based index in the row; ``headers`` maps it to the header text as
    written in the file (for messages). ``unknown`` lists header texts no column claimed (empty cells excluded),
    ``duplicates`` header texts naming a column that an earlier header already claimed, ``missing`` the
    required columns not found.
    """

    positions: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    missing: list[Column] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every required column was found."""
        return not self.missing

    def __contains__(self, key: str) -> bool:
        return key in self.positions

    required_found: int = 0

    @property
    def score(self) -> tuple[int, int]:
        """How header-like the row is (to name the best candidate row): required columns found, then all found."""
        return (self.required_found, len(self.positions))


class ColumnSpec:
    """The columns an importer reads, with their synonyms; matches header rows.

    >>> spec = ColumnSpec([Column("key", "LeiKa-ID", ("LeiKa-Schlüssel",), required=True)])
    >>> spec.match(["Leika Schlüssel", "Sonstiges"]).positions
    {'key': 0}
    """

    def __init__(self, columns: Iterable[Column]):
        self.columns: tuple[Column, ...] = tuple(columns)
        self._by_name: dict[str, Column] = {}
        for column in self.columns:
            for name in column.names():
                normalized = normalize_header(name)
                other = self._by_name.setdefault(normalized, column)
                if other is not column:
                    raise ValueError(f"Spaltenname {name!r} ist für {other.key} und {column.key} vergeben.")

    def __iter__(self):
        return iter(self.columns)

    def __getitem__(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def required(self) -> list[Column]:
        return [column for column in self.columns if column.required]

    def column_for(self, header: object) -> Column | None:
        """The column a header text names, or ``None``."""
        normalized = normalize_header(header)
        if not normalized:
            return None
        found = self._by_name.get(normalized) or self._by_name.get(normalized.replace("/", ""))
        if found is not None:
            return found
        parts = {self._by_name.get(part) for part in normalized.split("/") if part}
        if len(parts) == 1 and None not in parts:
            return parts.pop()
        return None

    def match(self, header: Sequence[object]) -> HeaderMatch:
        """Match one header row; the first header naming a column wins, later ones are ``duplicates``."""
        result = HeaderMatch()
        for index, text in enumerate(header):
            if text is None or str(text).strip() == "":
                continue
            shown = " ".join(str(text).split())
            column = self.column_for(text)
            if column is None:
                result.unknown.append(shown)
            elif column.key in result.positions:
                result.duplicates.append(shown)
            else:
                result.positions[column.key] = index
                result.headers[column.key] = shown
        result.missing = [column for column in self.required if column.key not in result.positions]
        result.required_found = len(self.required) - len(result.missing)
        return result
