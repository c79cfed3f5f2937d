"""python manage.py sicherung_einspielen PATH [--ersetzen]: restore a backup into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from catalog.sicherung import SicherungFehler, sicherung_einspielen


class Command(BaseCommand):
    help = "Spielt eine Sicherung in eine leere Datenbank ein und zeigt die Zeilen je Tabelle."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Sicherungsdatei")
        parser.add_argument("--ersetzen", action="store_true", help="vorhandene Daten überschreiben")

    def handle(self, *args, path, ersetzen, **options):
        try:
            counts = sicherung_einspielen(path, force=ersetzen)
        except SicherungFehler as exc:
            raise CommandError(str(exc)) from exc
        for table, count in counts.items():
            if count:
                self.stdout.write(f"  {table}: {count}")
        self.stdout.write(f"Sicherung eingespielt: {sum(counts.values())} Zeilen in {len(counts)} Tabellen.")
