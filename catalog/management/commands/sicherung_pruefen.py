"""python manage.py sicherung_pruefen PATH: verify a backup completely, as a restore would, without restoring."""

from django.core.management.base import BaseCommand, CommandError

from catalog.management.commands.sicherung_einspielen import fehlermeldung
from catalog.sicherung import SicherungFehler, sicherung_pruefen


class Command(BaseCommand):
    help = "Prüft eine Sicherung vollständig (wie vor dem Einspielen), ohne die Datenbank anzufassen."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Sicherungsdatei (von sicherung_erstellen)")

    def handle(self, *args, path, **options):
        try:
            kopf = sicherung_pruefen(path)
        except SicherungFehler as exc:
            raise CommandError(fehlermeldung(exc)) from exc
        self.stdout.write(
            f"Sicherung in Ordnung: erstellt {kopf.erstellt}, {len(kopf.zeilen)} Tabellen, "
            f"{sum(kopf.zeilen.values())} Zeilen, SHA-256 {kopf.sha256}."
        )
