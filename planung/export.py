"""The plan as an export (header + rows), in the page's order; rendered by :mod:`toolkit.export`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from catalog.exporting import ExtraColumn
from catalog.keys import format_key
from toolkit.export import ExportTable

from .plan import Planzeile
from .selectors import umsetzungsplan

SCHLUESSEL = "LeiKa-Schlüssel"
QUARTAL_SPALTE = "erwartetes Quartal (Umsetzungsplan)"


def quartal_text(zeile: Planzeile | None) -> str | None:
    """The expected quarter as the export writes it: "Q1/2027", "zurückgestellt", "ohne Quartal"; None without a
    row (a service that is not open)."""
    if zeile is None:
        return None
    return str(zeile.quartal) if zeile.quartal is not None else zeile.einplanung.bezeichnung


def quartal_spalte() -> ExtraColumn:
    """The expected quarter as a column of the Leistung export (``catalog.exporting.leistungen_export``): computed
    once (the plan's 10 queries), empty for a service that is not open."""
    zeilen = {z.leistung.leistung_id: z for z in umsetzungsplan().zeilen}
    return ExtraColumn(label=QUARTAL_SPALTE, value=lambda pk: quartal_text(zeilen.get(pk)))


def plan_export(zeilen: Iterable[Planzeile]) -> ExportTable:
    """One row per shown service: rank, key, name, Amt, status, expected quarter, how it was planned, the Vorgabe
    (reason, by whom, when), OZG-Booster, Rollout-Frist and whether the plan misses it."""
    header = [
        "Rang",
        SCHLUESSEL,
        "Leistungsbezeichnung",
        "Amt",
        "Status",
        "erwartetes Quartal",
        "eingeplant",
        "Grund der Vorgabe",
        "Vorgabe erfasst von",
        "Vorgabe erfasst am",
        "OZG-Booster",
        "Rollout-Frist",
        "Rollout-Frist verfehlt",
        "Hinweis",
    ]

    def rows() -> Iterator[list]:
        for z in zeilen:
            le, v = z.leistung, z.vorgabe
            yield [
                le.rang,
                format_key(le.leika_schluessel),
                le.bezeichnung,
                le.amt_nummer,
                le.status,
                str(z.quartal) if z.quartal is not None else None,
                z.einplanung.bezeichnung,
                v.grund if v is not None else None,
                v.von if v is not None else None,
                v.am if v is not None else None,
                le.ozg_booster,
                le.rollout_frist,
                z.frist_verfehlt if z.frist_hinweis else None,
                "; ".join(t for t in (z.hinweis, z.frist_hinweis) if t) or None,
            ]

    return ExportTable(header=header, rows=rows(), text_columns=[SCHLUESSEL])
