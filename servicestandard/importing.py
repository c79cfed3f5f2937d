"""Assessments from a workbook (``import_servicestandard``), like the scorecard's ratings.

The file has a LeiKa-key column and one column per principle of the current Fassung: the header names the
principle by its number ("1", "Prinzip 1", "P1"), its short title ("Once-Only") or both ("4 Once-Only", as the
export writes it); a cell holds the result word (erfüllt, teilweise, nicht erfüllt, nicht anwendbar; case and
spaces do not count). An empty cell leaves that result as it is; notes stay as they are. Columns that describe
the Leistung (the catalogue's columns) and the export's figures are skipped; any other column is an error.

Reading, header matching and the German row errors are the catalogue importer's (:mod:`catalog.importing`);
writing is :func:`~servicestandard.services.leistungen_pruefen`, all or nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import batched

from django.db import transaction

from catalog.importing.cells import Lookup, RowError, RowReader, read_key
from catalog.importing.columns import Column, ColumnSpec, normalize_header
from catalog.importing.katalog import KATALOG_SPALTEN
from catalog.importing.reader import DEFAULT_LIMITS, Limits, Source, UnreadableFile, open_table
from catalog.keys import format_key
from catalog.models import Leistung

from .export import INFO_SPALTEN
from .models import Erfuellung, Fassung, Prinzip, Pruefung, mit_online_dienst
from .selectors import aktuelle_fassung
from .services import Aenderungen, Eintrag, leistungen_pruefen

SCHLUESSEL = KATALOG_SPALTEN["leika_schluessel"]
ERGEBNISSE = Lookup(
    [
        *((label, value) for value, label in Erfuellung.choices),
        *((value, value) for value in Erfuellung.values),
        ("teilweise erfüllt", Erfuellung.TEILWEISE),
        ("nicht erfuellt", Erfuellung.NICHT_ERFUELLT),
    ],
    what="Ergebnis",
    shown=[str(label) for label in Erfuellung.labels],
)
_CHUNK = 2000


def _spalte(prinzip: Prinzip) -> Column:
    n, titel = prinzip.nummer, prinzip.kurztitel
    return Column(
        f"prinzip_{prinzip.pk}",
        f"{n} {titel}",
        (str(n), f"Prinzip {n}", f"P{n}", f"Nr. {n}", titel, f"Prinzip {n} {titel}", f"Prinzip {n}: {titel}"),
    )


@dataclass
class PruefungsBatch:
    """A validated assessments file: the results per Leistung, and every problem found (nothing written yet)."""

    dateiname: str
    fassung: Fassung
    blatt: str = ""
    kopfzeile: int = 0
    prinzipien: list[Prinzip] = field(default_factory=list)
    ignorierte_spalten: list[str] = field(default_factory=list)
    andere_blaetter: list[str] = field(default_factory=list)
    datenzeilen: int = 0
    pruefungen: dict[Leistung, dict[Prinzip, Eintrag]] = field(default_factory=dict)
    fehler: list[RowError] = field(default_factory=list)

    @property
    def ergebnisse(self) -> int:
        return sum(len(e) for e in self.pruefungen.values())


def _leistungen(keys: set[str]) -> dict[str, Leistung]:
    found: dict[str, Leistung] = {}
    for chunk in batched(sorted(keys), _CHUNK):
        for leistung in Leistung.objects.filter(leika_schluessel__in=chunk):
            found[leistung.leika_schluessel] = leistung
    return found


def _pruefbar(leistungen: dict[str, Leistung], fassung: Fassung) -> set[int]:
    """The ids of the Leistungen that may be assessed: with an online service, or assessed before."""
    ids = [le.pk for le in leistungen.values()]
    pruefbar: set[int] = set()
    for chunk in batched(ids, _CHUNK):
        pruefbar.update(Leistung.objects.filter(mit_online_dienst(), pk__in=chunk).values_list("pk", flat=True))
        pruefbar.update(
            Pruefung.objects.filter(fassung=fassung, leistung_id__in=chunk).values_list("leistung_id", flat=True)
        )
    return pruefbar


def read_pruefungen(source: Source, *, dateiname: str | None = None, limits: Limits = DEFAULT_LIMITS) -> PruefungsBatch:
    """Read and validate an assessments file; raises :class:`~catalog.importing.reader.UnreadableFile`."""
    fassung = aktuelle_fassung()
    if fassung is None:
        raise UnreadableFile("Es ist keine Fassung des Servicestandards hinterlegt, die heute gilt.")
    prinzipien = list(Prinzip.objects.filter(gruppe__fassung=fassung).order_by("nummer"))
    try:
        spec = ColumnSpec([SCHLUESSEL, *(_spalte(p) for p in prinzipien)])
    except ValueError as exc:  # two principles whose short titles look alike to the header matching
        raise UnreadableFile(
            "Die Prinzipien des Servicestandards lassen sich nicht eindeutig Spalten zuordnen (zwei Kurztitel "
            "unterscheiden sich nur in der Schreibweise). Bitte die Kurztitel in der Verwaltung ändern."
        ) from exc
    with open_table(source, spec=spec, filename=dateiname, limits=limits) as table:
        batch = PruefungsBatch(
            dateiname=table.filename,
            fassung=fassung,
            blatt=table.sheet,
            kopfzeile=table.header_row,
            prinzipien=[p for p in prinzipien if f"prinzip_{p.pk}" in table.match],
            andere_blaetter=table.skipped_sheets,
        )
        _kopf_pruefen(batch, table, prinzipien)
        zeilen: list[tuple[RowReader, str | None, dict[Prinzip, Eintrag]]] = []
        for row in table.rows:
            batch.datenzeilen += 1
            cells = RowReader(sheet=table.sheet, row=row.number, values=row.values, match=table.match, spec=spec)
            schluessel = cells.read("leika_schluessel", read_key)
            eintraege = {}
            for prinzip in batch.prinzipien:
                ergebnis = cells.read(f"prinzip_{prinzip.pk}", ERGEBNISSE.read)
                if ergebnis is not None:
                    eintraege[prinzip] = Eintrag(ergebnis=ergebnis, notiz=None)
            zeilen.append((cells, schluessel[0] if schluessel else None, eintraege))

    leistungen = _leistungen({key for _, key, _ in zeilen if key})
    pruefbar = _pruefbar(leistungen, fassung)
    je_schluessel: dict[str, list[RowReader]] = defaultdict(list)
    for cells, key, _ in zeilen:
        if key:
            je_schluessel[key].append(cells)
    for cells, key, eintraege in zeilen:
        _zeile_pruefen(cells, key, leistungen, pruefbar, je_schluessel, bewertet=bool(eintraege))
        batch.fehler += cells.errors
        if not cells.errors and key and eintraege:
            batch.pruefungen[leistungen[key]] = eintraege
    batch.fehler.sort(key=lambda error: error.row)
    return batch


def _zeile_pruefen(cells: RowReader, key, leistungen, pruefbar, je_schluessel, *, bewertet: bool) -> None:
    if not key:
        return
    wert = cells.raw("leika_schluessel")
    leistung = leistungen.get(key)
    if leistung is None:
        cells.add_error(
            "leika_schluessel",
            value=wert,
            message=f"Eine LeiKa-Leistung mit dem Schlüssel {format_key(key)} gibt es im Katalog nicht.",
            expected="der Schlüssel einer Leistung des Katalogs",
        )
    elif bewertet and leistung.pk not in pruefbar:
        cells.add_error(
            "leika_schluessel",
            value=wert,
            message=f"Die Leistung {format_key(key)} hat keinen Online-Dienst (weder online noch in Umsetzung, "
            "ohne Adresse und Plattform); nach dem Servicestandard wird nur ein Online-Dienst geprüft.",
            expected="eine Leistung mit Online-Dienst",
        )
    if len(je_schluessel[key]) > 1:
        andere = ", ".join(str(c.row) for c in je_schluessel[key] if c is not cells)
        cells.add_error(
            "leika_schluessel",
            value=wert,
            message=f"Der LeiKa-Schlüssel steht mehrfach in der Datei (auch in Zeile {andere}).",
            expected="jeder LeiKa-Schlüssel nur einmal",
        )


def _kopf_pruefen(batch: PruefungsBatch, table, prinzipien: list[Prinzip]) -> None:
    """Unknown columns that could be a principle are errors; describing columns are skipped."""
    info = {normalize_header(name) for name in INFO_SPALTEN}

    def kopf_fehler(header: str, *, erwartet: str, meldung: str) -> None:
        batch.fehler.append(
            RowError(
                sheet=table.sheet, row=table.header_row, column=header, value=header, expected=erwartet, message=meldung
            )
        )

    bekannte = "Nummer oder Kurztitel eines Prinzips: " + ", ".join(f"„{p}“" for p in prinzipien)
    for header in table.match.unknown:
        if KATALOG_SPALTEN.column_for(header) is not None or normalize_header(header) in info:
            batch.ignorierte_spalten.append(header)
            continue
        kopf_fehler(header, erwartet=bekannte, meldung=f"Die Spalte „{header}“ ist kein Prinzip des Servicestandards.")
    for header in table.match.duplicates:
        kopf_fehler(
            header,
            erwartet="jedes Prinzip in nur einer Spalte",
            meldung=f"Die Spalte „{header}“ nennt ein Prinzip, das schon eine frühere Spalte hat.",
        )
    if not batch.prinzipien:
        kopf_fehler(
            "",
            erwartet=bekannte,
            meldung="Die Datei hat keine Spalte für ein Prinzip des Servicestandards.",
        )


def pruefungen_importieren(batch: PruefungsBatch, *, dry_run: bool = False, user=None) -> Aenderungen:
    """Write a batch without errors through the assessment service, all or nothing; ``dry_run`` rolls it back.

    Refuses (``ValueError``) a batch with errors: by then nothing may be written.
    """
    if batch.fehler:
        raise ValueError("Eine Datei mit Fehlern wird nicht eingespielt.")
    with transaction.atomic():
        result = leistungen_pruefen(pruefungen=batch.pruefungen, user=user)
        if dry_run:
            transaction.set_rollback(True)
    return result
