"""python manage.py import_servicestandard PATH [--dry-run]

Imports assessments against the OZG-Servicestandard (XLSX or CSV): a LeiKa-key column and one column per
principle. Exit codes: 0 applied (or, with --dry-run, would apply) cleanly; 1 the file has errors (nothing
written); 2 the file cannot be read. Output and exit codes are those of every key-column import
(:mod:`catalog.importing.command`).
"""

from __future__ import annotations

from catalog.importing.command import KeyColumnImportCommand
from servicestandard.importing import pruefungen_importieren, read_pruefungen


class Command(KeyColumnImportCommand):
    help = (
        "Importiert Prüfungen nach dem OZG-Servicestandard (XLSX oder CSV): eine Spalte LeiKa-Schlüssel und je "
        "Prinzip eine Spalte (Überschrift = Nummer und/oder Kurztitel, Zelle = erfüllt, teilweise, nicht erfüllt "
        "oder nicht anwendbar). Alles oder nichts. Exit-Code 0: sauber eingespielt, 1: Fehler in der Datei, "
        "2: Datei nicht lesbar."
    )
    path_help = "Die Datei mit den Prüfungen (.xlsx oder .csv)."
    done_text = "Prüfungen eingespielt."

    def read(self, path):
        return read_pruefungen(path)

    def apply(self, batch, *, dry_run):
        return pruefungen_importieren(batch, dry_run=dry_run)

    def columns_text(self, batch):
        return f"{len(batch.prinzipien)} Prinzipien-Spalten ({batch.fassung})"

    def result_text(self, batch, result):
        return f"{len(batch.pruefungen)} Leistungen, {batch.ergebnisse} Ergebnisse: {result}"
