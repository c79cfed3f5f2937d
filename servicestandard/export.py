"""The assessed Leistungen as export rows (header + rows), rendered by :mod:`toolkit.export`.

The columns are those the import reads back: the LeiKa key, one column per principle ("1 Nutzerbedürfnisse")
with the result word; the describing columns (name, Amt, Themenfeld, platform, OZG-Booster, status) and the
figures (share fulfilled, principles with a result, last change) are skipped by the import. Export → import
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from .selectors import ERGEBNIS_TEXT, Erfuellungsstand

SCHLUESSEL_SPALTE = "LeiKa-Schlüssel"
ANTEIL_SPALTE = "Anteil erfüllt (%)"
# Columns of the export that carry no result; the import skips them (besides the catalogue's own columns).
INFO_SPALTEN = (ANTEIL_SPALTE, "Prinzipien mit Ergebnis", "zuletzt geändert am", "zuletzt geändert von")


def leistungen_kopf(stand: Erfuellungsstand) -> list[str]:
    return [
        SCHLUESSEL_SPALTE,
        "Leistungsbezeichnung",
        "Amt",
        "Themenfeld",
        "Plattform",
        "OZG-Booster",
        "Status",
        *(p.titel for p in stand.prinzipien),
        *INFO_SPALTEN,
    ]


def leistungen_zeilen(stand: Erfuellungsstand) -> Iterator[list]:
    """One row per assessed Leistung, in the list's order; the share fulfilled in percent with one decimal, as
    in ``/daten/servicestandard.json`` (empty when nothing in its base)."""
    prinzipien = stand.prinzipien
    for zeile in stand.leistungen:
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
