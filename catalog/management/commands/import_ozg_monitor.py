"""python manage.py import_ozg_monitor PATH [--dry-run]

Records the Hessian OZG-Monitor's weekly figures from a CSV or XLSX file (columns Kalenderwoche, Ebene, online
verfügbar, Leistungen insgesamt). All or nothing. Exit codes: 0 recorded (or, with --dry-run, would be); 1 the file
has errors (nothing written); 2 the file cannot be read.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from catalog.importing.reader import UnreadableFile
from catalog.monitor import monitor_datei_lesen, monitorwerte_erfassen


class Command(BaseCommand):
    help = (
        "Übernimmt Wochenwerte des Hessischen OZG-Monitors aus einer CSV- oder XLSX-Datei (Spalten Kalenderwoche, "
        "Ebene, online verfügbar, Leistungen insgesamt). Alles oder nichts. Exit-Code 0: erfasst, 1: Fehler in der "
        "Datei, 2: Datei nicht lesbar."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="Die Datei mit den Wochenwerten (.csv oder .xlsx).")
        parser.add_argument("--dry-run", action="store_true", help="Nur prüfen, nichts schreiben.")

    def handle(self, *args, path, dry_run, **options):
        try:
            batch = monitor_datei_lesen(path)
        except UnreadableFile as exc:
            raise CommandError(exc.message, returncode=2) from exc
        if batch.fehler:
            self.stderr.write(f"Fehler ({len(batch.fehler)}):")
            for fehler in batch.fehler:
                self.stderr.write(f"  {fehler}")
            raise CommandError(
                f"Die Datei enthält {len(batch.fehler)} Fehler; es wurde nichts geschrieben.", returncode=1
            )
        for wert in batch.werte:
            self.stdout.write(f"  {wert}")
        if dry_run:
            self.stdout.write(f"Probelauf (--dry-run): {len(batch.werte)} Wochenwerte geprüft, nichts geschrieben.")
            return
        try:
            monitorwerte_erfassen(werte=batch.werte)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages), returncode=1) from exc
        self.stdout.write(self.style.SUCCESS(f"{len(batch.werte)} Wochenwerte des OZG-Monitors erfasst."))
