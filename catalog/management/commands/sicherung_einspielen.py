"""python manage.py sicherung_einspielen PATH [--ersetzen]: verify a backup, then restore it."""

from django.core.management.base import BaseCommand, CommandError

from catalog.sicherung import SicherungFehler, sicherung_einspielen


class Command(BaseCommand):
    help = (
        "Prüft eine Sicherung vollständig und spielt sie dann in eine leere Datenbank ein (mit --ersetzen auch in "
        "eine mit Daten); zeigt die Zeilen je Tabelle."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Sicherungsdatei (von sicherung_erstellen)")
        parser.add_argument("--ersetzen", action="store_true", help="vorhandene Daten überschreiben")

    def handle(self, *args, path, ersetzen, **options):
        try:
            counts = sicherung_einspielen(path, force=ersetzen)
        except SicherungFehler as exc:
            raise CommandError(fehlermeldung(exc)) from exc
        for table, count in counts.items():
            if count:
                self.stdout.write(f"  {table}: {count}")
        self.stdout.write(f"Sicherung eingespielt: {sum(counts.values())} Zeilen in {len(counts)} Tabellen.")


def fehlermeldung(exc: SicherungFehler) -> str:
    """The German message, and whether the live database is as it was."""
    if exc.unveraendert:
        return f"{exc} Die Datenbank ist unverändert."
    return str(exc)
