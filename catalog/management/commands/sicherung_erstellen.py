"""python manage.py sicherung_erstellen PATH: backup of the whole database."""

from django.core.management.base import BaseCommand, CommandError

from catalog.sicherung import SicherungFehler, sicherung_erstellen


class Command(BaseCommand):
    help = "Sichert die gesamte Datenbank in eine Datei (SQLite: Online-Backup; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Zieldatei der Sicherung")

    def handle(self, *args, path, **options):
        try:
            counts = sicherung_erstellen(path)
        except SicherungFehler as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Sicherung geschrieben: {path} ({len(counts)} Tabellen, {sum(counts.values())} Zeilen).")
