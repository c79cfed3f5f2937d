"""The preview of a catalogue import as plain data (JSON): what the admin's preview page shows, kept with the job
that checked the file, so that any app server can show it.

Every list is cut to :data:`VORSCHAU_ZEILEN` entries (the page stays small whatever the file); ``anzahl`` counts
them all.
"""

from __future__ import annotations

from dataclasses import asdict

from .apply import ImportErgebnis

VORSCHAU_ZEILEN = 500  # rows listed per part of the preview; the summary counts all


def vorschau_daten(ergebnis: ImportErgebnis, *, gezeigt: int = VORSCHAU_ZEILEN) -> dict:
    """The preview of ``ergebnis`` (a dry run, or a run that wrote nothing because the file has errors)."""
    listen = {
        "neu": ergebnis.neu,
        "geaendert": ergebnis.geaendert,
        "nicht_mehr_im_katalog": ergebnis.nicht_mehr_im_katalog,
        "buendel_neu": ergebnis.buendel_neu,
        "buendel_geaendert": ergebnis.buendel_geaendert,
    }
    return {
        "dateiname": ergebnis.batch.dateiname,
        "stichtag": ergebnis.stichtag.isoformat(),
        "zusammenfassung": ergebnis.zusammenfassung(),
        "sauber": ergebnis.sauber,
        "hat_aenderungen": ergebnis.hat_aenderungen,
        "bestaetigung_noetig": ergebnis.bestaetigung_noetig,
        "bestand": ergebnis.bestand,
        "gezeigt": gezeigt,
        "anzahl": {
            "fehler": len(ergebnis.fehler),
            "fehlerhafte_zeilen": len(ergebnis.uebersprungen),
            **{name: len(liste) for name, liste in listen.items()},
        },
        "fehler": [
            {
                "sheet": fehler.sheet,
                "row": fehler.row,
                "column": fehler.column,
                "value_text": fehler.value_text,
                "expected": fehler.expected,
                "message": fehler.message,
            }
            for fehler in ergebnis.fehler[:gezeigt]
        ],
        **{name: [asdict(eintrag) for eintrag in liste[:gezeigt]] for name, liste in listen.items()},
    }
