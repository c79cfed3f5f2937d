"""python manage.py import_servicestandard PATH [--dry-run]

Imports assessments against the OZG-Servicestandard (XLSX or CSV): a LeiKa-key column and one column per
principle. Exit codes: 0 applied (or, with --dry-run, would apply) cleanly; 1 the file has errors (nothing
written); 2 the file cannot be read.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from catalog.importing.reader import UnreadableFile
from servicestandard.importing import pruefungen_importieren, read_pruefungen


class Command(BaseCommand):
    help = (
        "Importiert Prüfungen nach dem OZG-Servicestandard (XLSX oder CSV): eine Spalte LeiKa-Schlüssel und je "
        "Prinzip eine Spalte (Überschrift = Nummer und/oder Kurztitel, Zelle = erfüllt, teilweise, nicht erfüllt "
        "oder nicht anwendbar). Alles oder nichts. Exit-Code 0: sauber eingespielt, 1: Fehler in der Datei, "
        "2: Datei nicht lesbar."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="Die Datei mit den Prüfungen (.xlsx oder .csv).")
        parser.add_argument("--dry-run", action="store_true", help="Nur prüfen und zusammenfassen, nichts schreiben.")

    def handle(self, *args, path, dry_run, **options):
        try:
            batch = read_pruefungen(path)
        except UnreadableFile as exc:
            raise CommandError(exc.message, returncode=2) from exc

        self.stdout.write(
            f"„{batch.dateiname}“, Blatt „{batch.blatt}“, Kopfzeile in Zeile {batch.kopfzeile}: "
            f"{batch.datenzeilen} Datenzeilen, {len(batch.prinzipien)} Prinzipien-Spalten ({batch.fassung})."
        )
        if batch.ignorierte_spalten:
            self.stdout.write("Nicht eingelesene Spalten: " + ", ".join(f"„{s}“" for s in batch.ignorierte_spalten))
        if batch.andere_blaetter:
            self.stdout.write("Nicht gelesene Blätter: " + ", ".join(f"„{s}“" for s in batch.andere_blaetter))
        if batch.fehler:
            self.stderr.write(f"Fehler ({len(batch.fehler)}):")
            for error in batch.fehler:
                self.stderr.write(f"  {error}")
            raise CommandError(
                f"Die Datei enthält {len(batch.fehler)} Fehler; es wurde nichts geschrieben.", returncode=1
            )

        result = pruefungen_importieren(batch, dry_run=dry_run)
        self.stdout.write(f"{len(batch.pruefungen)} Leistungen, {batch.ergebnisse} Ergebnisse: {result}.")
        if dry_run:
            self.stdout.write("Probelauf (--dry-run): es wurde nichts geschrieben.")
        else:
            self.stdout.write(self.style.SUCCESS("Prüfungen eingespielt."))
