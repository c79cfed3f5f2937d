"""Ratings from a workbook: Amt 15's Excel scorecard comes in this way (``import_bewertungen``).

The file has a LeiKa-key column and one column per criterion: the header is the criterion's name, a cell the
chosen option's label, both matched ignoring case and spaces. An empty cell leaves that rating as it is. Columns
that describe the Leistung (Bezeichnung, Amt, Status …, the ranking export's Rang, Gesamtwert and area columns)
are ignored; any other column is an unknown criterion and an error. Reading, header matching and the German row
errors are the catalogue importer's (:mod:`catalog.importing`); writing is :func:`leistungen_bewerten`, all or
nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from catalog.importing.cells import CellError, RowError, RowReader, is_empty, read_key, read_text
from catalog.importing.columns import Column, ColumnSpec, normalize_header
from catalog.importing.katalog import KATALOG_SPALTEN
from catalog.importing.reader import DEFAULT_LIMITS, Limits, Source, UnreadableFile, open_table
from catalog.keys import format_key
from catalog.models import Leistung

from .models import Bereich, Kriterium, Option, comparison_key
from .services import Aenderungen, Antwort, leistungen_bewerten

SCHLUESSEL = Column(
    "leika_schluessel", "LeiKa-Schlüssel", ("LeiKa-ID", "Leistungsschlüssel", "LeiKa", "LeiKa-Nr"), required=True
)
# Columns of the ranking export and of Amt 15's sheet that carry no rating.
INFO_COLUMNS = ("Rang", "Gesamtwert", "Summe", "Punkte", "Bewertung", "Begründung", "Priorität")
_CHUNK = 2000


def _kriterium_key(kriterium: Kriterium) -> str:
    return f"kriterium_{kriterium.pk}"


@dataclass
class BewertungsBatch:
    """A validated ratings file: the answers per Leistung, and every problem found (nothing written yet)."""

    dateiname: str
    blatt: str = ""
    kopfzeile: int = 0
    kriterien: list[Kriterium] = field(default_factory=list)
    ignorierte_spalten: list[str] = field(default_factory=list)
    andere_blaetter: list[str] = field(default_factory=list)
    datenzeilen: int = 0
    bewertungen: dict[Leistung, dict[Kriterium, Antwort]] = field(default_factory=dict)
    fehler: list[RowError] = field(default_factory=list)

    @property
    def antworten(self) -> int:
        return sum(len(a) for a in self.bewertungen.values())


def _spec(kriterien: list[Kriterium]) -> ColumnSpec:
    try:
        return ColumnSpec([SCHLUESSEL, *(Column(_kriterium_key(k), k.name) for k in kriterien)])
    except ValueError as exc:  # two criteria whose names look alike to the header matching
        raise UnreadableFile(
            "Die Kriterien der Scorecard lassen sich nicht eindeutig Spalten zuordnen (zwei Namen unterscheiden "
            "sich nur in Schreibweise). Bitte die Kriterien in der Verwaltung umbenennen."
        ) from exc


def _informativ(header: str, bereiche: list[str]) -> bool:
    normalized = normalize_header(header)
    if KATALOG_SPALTEN.column_for(header) is not None:
        return True
    return normalized in {normalize_header(name) for name in (*INFO_COLUMNS, *bereiche)}


def _option_reader(kriterium: Kriterium):
    options: dict[str, Option] = {comparison_key(o.bezeichnung): o for o in kriterium.optionen.all()}
    expected = "eine Antwort des Kriteriums: " + ", ".join(f"„{o.bezeichnung}“" for o in kriterium.optionen.all())

    def read(value: object) -> Option | None:
        if is_empty(value):
            return None
        option = options.get(comparison_key(read_text(value)))
        if option is None:
            raise CellError(f"„{value}“ ist keine Antwort des Kriteriums „{kriterium.name}“.", expected=expected)
        return option

    return read


def _leistungen(keys: set[str]) -> dict[str, Leistung]:
    found: dict[str, Leistung] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), _CHUNK):
        for leistung in Leistung.objects.filter(leika_schluessel__in=ordered[start : start + _CHUNK]):
            found[leistung.leika_schluessel] = leistung
    return found


def read_bewertungen(
    source: Source, *, dateiname: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> BewertungsBatch:
    """Read and validate a ratings file; raises :class:`~catalog.importing.reader.UnreadableFile`."""
    kriterien = list(Kriterium.objects.select_related("bereich").prefetch_related("optionen"))
    bereiche = list(Bereich.objects.values_list("name", flat=True))
    spec = _spec(kriterien)
    with open_table(source, spec=spec, filename=dateiname, limits=limits) as table:
        batch = BewertungsBatch(
            dateiname=table.filename,
            blatt=table.sheet,
            kopfzeile=table.header_row,
            kriterien=[k for k in kriterien if _kriterium_key(k) in table.match],
            andere_blaetter=table.skipped_sheets,
        )
        _check_header(batch, table, spec, kriterien, bereiche)
        readers = {_kriterium_key(k): _option_reader(k) for k in batch.kriterien}
        rows: list[tuple[RowReader, str | None, dict[Kriterium, Antwort]]] = []
        for row in table.rows:
            batch.datenzeilen += 1
            cells = RowReader(sheet=table.sheet, row=row.number, values=row.values, match=table.match, spec=spec)
            key_and_flag = cells.read("leika_schluessel", read_key)
            antworten = {}
            for kriterium in batch.kriterien:
                option = cells.read(_kriterium_key(kriterium), readers[_kriterium_key(kriterium)])
                if option is not None:
                    antworten[kriterium] = Antwort(option=option)
            rows.append((cells, key_and_flag[0] if key_and_flag else None, antworten))

    leistungen = _leistungen({key for _, key, _ in rows if key})
    zeilen_je_schluessel: dict[str, list[RowReader]] = defaultdict(list)
    for cells, key, _ in rows:
        if key:
            zeilen_je_schluessel[key].append(cells)
    for cells, key, antworten in rows:
        if key and key not in leistungen:
            cells.add_error(
                "leika_schluessel",
                value=cells.raw("leika_schluessel"),
                message=f"Eine LeiKa-Leistung mit dem Schlüssel {format_key(key)} gibt es im Katalog nicht.",
                expected="der Schlüssel einer Leistung des Katalogs",
            )
        if key and len(zeilen_je_schluessel[key]) > 1:
            andere = ", ".join(str(c.row) for c in zeilen_je_schluessel[key] if c is not cells)
            cells.add_error(
                "leika_schluessel",
                value=cells.raw("leika_schluessel"),
                message=f"Der LeiKa-Schlüssel steht mehrfach in der Datei (auch in Zeile {andere}).",
                expected="jeder LeiKa-Schlüssel nur einmal",
            )
        batch.fehler += cells.errors
        if not cells.errors and key:
            batch.bewertungen[leistungen[key]] = antworten
    batch.fehler.sort(key=lambda error: error.row)
    return batch


def _check_header(batch: BewertungsBatch, table, spec: ColumnSpec, kriterien: list[Kriterium], bereiche) -> None:
    """Unknown columns that could be a criterion are errors; descriptive columns are ignored."""
    bekannte = ", ".join(f"„{k.name}“" for k in kriterien)
    for header in table.match.unknown:
        if _informativ(header, bereiche):
            batch.ignorierte_spalten.append(header)
            continue
        batch.fehler.append(
            RowError(
                sheet=table.sheet,
                row=table.header_row,
                column=header,
                value=header,
                expected=f"der Name eines Kriteriums der Scorecard: {bekannte}",
                message=f"Die Spalte „{header}“ ist kein Kriterium der Scorecard.",
            )
        )
    for header in table.match.duplicates:
        batch.fehler.append(
            RowError(
                sheet=table.sheet,
                row=table.header_row,
                column=header,
                value=header,
                expected="jedes Kriterium in nur einer Spalte",
                message=f"Die Spalte „{header}“ nennt ein Kriterium, das schon eine frühere Spalte hat.",
            )
        )


def bewertungen_importieren(batch: BewertungsBatch, *, dry_run: bool = False, user=None) -> Aenderungen:
    """Write a batch without errors through the rating service, all or nothing; ``dry_run`` rolls it back.

    Refuses (``ValueError``) a batch with errors: by then nothing may be written.
    """
    if batch.fehler:
        raise ValueError("Eine Datei mit Fehlern wird nicht eingespielt.")
    with transaction.atomic():
        result = leistungen_bewerten(bewertungen=batch.bewertungen, user=user)
        if dry_run:
            transaction.set_rollback(True)
    return result
