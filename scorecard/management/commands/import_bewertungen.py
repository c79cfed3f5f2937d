"""python manage.py import_bewertungen PATH [--dry-run]

Imports scorecard ratings (XLSX or CSV): a LeiKa-key column and one column per criterion. Exit codes: 0 applied
(or, with --dry-run, would apply) cleanly; 1 the file has errors (nothing written); 2 the file cannot be read.
Output and exit codes are those of every key-column import (:mod:`catalog.importing.command`).
"""

from __future__ import annotations

from catalog.importing.command import KeyColumnImportCommand
from scorecard.importing import bewertungen_importieren, read_bewertungen


class Command(KeyColumnImportCommand):
    help = (
        "Importiert Scorecard-Bewertungen (XLSX oder CSV): eine Spalte LeiKa-Schlüssel und je Kriterium eine "
        "Spalte (Überschrift = Name des Kriteriums, Zelle = Antwort). Alles oder nichts. Exit-Code 0: sauber "
        "eingespielt, 1: Fehler in der Datei, 2: Datei nicht lesbar."
    )
    path_help = "Die Datei mit den Bewertungen (.xlsx oder .csv)."
    done_text = "Bewertungen eingespielt."

    def read(self, path):
        return read_bewertungen(path)

    def apply(self, batch, *, dry_run):
        return bewertungen_importieren(batch, dry_run=dry_run)

    def columns_text(self, batch):
        return f"{len(batch.kriterien)} Kriterien-Spalten"

    def result_text(self, batch, result):
        return f"{len(batch.bewertungen)} Leistungen, {batch.antworten} Antworten: {result}"
