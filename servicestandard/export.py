"""The assessed Leistungen as an export (header + rows), rendered by :mod:`toolkit.export`: the one export of the
Servicestandard, behind ``/servicestandard/?export=xlsx`` and ``?export=csv`` (the list's filters and order).

The columns are those the import reads back: the LeiKa key, one column per principle ("1 Nutzerbedürfnisse")
with the result word; the describing columns (name, Amt, Themenfeld, platform, OZG-Booster, status) and the
figures (share fulfilled, principles with a result, last change) are skipped by the import. Export → import
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from toolkit.export import ExportTable

from .selectors import ERGEBNIS_TEXT, Erfuellungsstand, LeistungZeile

SCHLUESSEL_SPALTE = "LeiKa-Schlüssel"
ANTEIL_SPALTE = "Anteil erfüllt (%)"
# Columns of the export that carry no result; the import skips them (besides the catalogue's own columns).
INFO_SPALTEN = (ANTEIL_SPALTE, "Prinzipien mit Ergebnis", "zuletzt geändert am", "zuletzt geändert von")


def servicestandard_export(stand: Erfuellungsstand, zeilen: Iterable[LeistungZeile] | None = None) -> ExportTable:
    """One row per assessed Leistung of ``zeilen`` (default: all of ``stand``, in its order); the share fulfilled
    in percent with one decimal, as in ``/daten/servicestandard.json`` (empty when nothing is in its base)."""
    prinzipien = stand.prinzipien
    header = [
        SCHLUESSEL_SPALTE,
        "Leistungsbezeichnung",
        "Amt",
        "Themenfeld",
        "Plattform",
        "OZG-Booster",
        "Status",
        *(p.titel for p in prinzipien),
        *INFO_SPALTEN,
    ]

    def rows() -> Iterator[list]:
        for zeile in stand.leistungen if zeilen is None else zeilen:
            yield [
                zeile.schluessel_formatiert,
                zeile.bezeichnung,
                zeile.amt_nummer,
                zeile.themenfeld,
                zeile.plattform,
                zeile.ozg_booster,
                zeile.status,
                *(ERGEBNIS_TEXT.get(zeile.ergebnisse.get(p.id), "") for p in prinzipien),
                zeile.zaehlung.prozent(),
                len(zeile.ergebnisse),
                zeile.geaendert_am,
                zeile.geaendert_von,
            ]

    return ExportTable(header=header, rows=rows(), text_columns=[SCHLUESSEL_SPALTE])
