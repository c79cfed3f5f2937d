"""python manage.py erhebung_anlegen --name "Erhebungsstand Mai 2022" --stichtag 2022-05-15"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from catalog.selectors import erhebung_stand
from catalog.services import erhebung_anlegen
from toolkit.dates import DateError, parse_date
from toolkit.formatting import format_date, format_percent


def _datum(text: str):
    try:
        return parse_date(text)
    except DateError:
        raise CommandError(
            f"„{text}“ ist kein Datum; bitte als JJJJ-MM-TT (2022-05-15) oder TT.MM.JJJJ angeben."
        ) from None


class Command(BaseCommand):
    help = "Legt eine Erhebung an: friert für jede von Wiesbaden umzusetzende Leistung Status und Amt zum Stichtag ein."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Name der Erhebung, z. B. „Erhebungsstand Mai 2022“")
        parser.add_argument("--stichtag", help="Stichtag als JJJJ-MM-TT oder TT.MM.JJJJ (Vorgabe: heute)", default=None)

    def handle(self, *args, **options):
        stichtag = _datum(options["stichtag"]) if options["stichtag"] else timezone.localdate()
        try:
            erhebung = erhebung_anlegen(name=options["name"], stichtag=stichtag)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        stand = erhebung_stand(erhebung=erhebung)
        self.stdout.write(f"Erhebung „{erhebung.name}“ zum Stichtag {format_date(erhebung.stichtag)} angelegt.")
        self.stdout.write(f"Basis: {stand.basis.text}")
        for zeile in stand.status:
            self.stdout.write(f"  {zeile.bezeichnung:<24} {zeile.anzahl:>6}  ({format_percent(zeile.anteil, 1)})")
