"""python manage.py erhebungsrunde_abschliessen --name "Erhebungsstand Dezember 2026": freezes the round's Erhebung."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from catalog.selectors import erhebung_stand
from erhebungsrunde.selectors import erhebungsrunde_finden, erhebungsrunde_fortschritt
from erhebungsrunde.services import erhebungsrunde_abschliessen
from toolkit.formatting import format_date, format_number, format_percent

from .erhebungsrunde_oeffnen import meldungen


class Command(BaseCommand):
    help = (
        "Schließt eine Erhebungsrunde ab: friert die Erhebung zu ihrem Stichtag ein (wie erhebung_anlegen) und hält "
        "je Leistung fest, ob sie bestätigt, geändert oder nicht beantwortet wurde."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Name der Runde")

    def handle(self, *args, **options):
        runde = erhebungsrunde_finden(options["name"])
        if runde is None:
            raise CommandError(f"Eine Erhebungsrunde mit dem Namen „{options['name'].strip()}“ gibt es nicht.")
        try:
            erhebung = erhebungsrunde_abschliessen(runde=runde)
        except ValidationError as exc:
            raise CommandError(meldungen(exc)) from exc
        gesamt = erhebungsrunde_fortschritt(runde).gesamt
        stand = erhebung_stand(erhebung=erhebung)
        self.stdout.write(
            f"Erhebungsrunde „{runde.name}“ abgeschlossen; Erhebung zum Stichtag {format_date(erhebung.stichtag)} "
            f"angelegt ({stand.basis.text})."
        )
        self.stdout.write(
            f"Rücklauf: {gesamt.ruecklauf_text}: {format_number(gesamt.bestaetigt)} bestätigt, "
            f"{format_number(gesamt.geaendert)} geändert, {format_number(gesamt.offen)} unbeantwortet."
        )
        for zeile in stand.status:
            self.stdout.write(f"  {zeile.bezeichnung:<24} {zeile.anzahl:>6}  ({format_percent(zeile.anteil, 1)})")
